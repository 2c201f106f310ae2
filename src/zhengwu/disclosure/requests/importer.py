"""Loading an office's historic register of requests (CSV or XLSX) as it is kept: the header in
the national form's Chinese words (or the English column names), channels, applicant types and
outcomes as registers and table 三 write them, dates in any of the usual forms. Every row is
checked first; a bad one is reported with its line number and the nearest valid values. A file
with a bad row loads nothing unless `partial`; `dry_run` only checks. Every loaded request gets
its answer clock (stopped when answered)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from zhengwu.core import audit, clock, money, sheets
from zhengwu.core.errors import Invalid
from zhengwu.org.models import Agency

from . import likeness, rules, services
from .models import Request

# field → the headers that name it: what registers write, then the English column name.
HEADERS = {
    "agency_usci": [
        "统一社会信用代码",
        "受理机关统一社会信用代码",
        "机关统一社会信用代码",
        "agency_usci",
    ],
    "received_on": [
        "收到申请日期",
        "收到申请时间",
        "受理日期",
        "申请日期",
        "申请时间",
        "登记日期",
        "received_on",
    ],
    "channel": ["申请方式", "申请渠道", "提交方式", "申请形式", "channel"],
    "applicant_type": ["申请人类型", "申请人类别", "申请人性质", "applicant_type"],
    "applicant_name": [
        "申请人",
        "申请人姓名或名称",
        "申请人姓名",
        "申请人名称",
        "姓名或名称",
        "applicant_name",
    ],
    "subject": [
        "所需信息的内容描述",
        "所需政府信息的内容描述",
        "申请内容",
        "申请公开内容",
        "所需信息",
        "subject",
    ],
    "outcome": ["办理结果", "答复结果", "处理结果", "答复类型", "答复情况", "outcome"],
    "answered_on": ["答复日期", "答复时间", "办结日期", "answered_on"],
    "fee_yuan": [
        "收费金额（元）",
        "信息处理费（元）",
        "收费（元）",
        "收费金额",
        "信息处理费",
        "fee_yuan",
    ],
}
COLUMNS = list(HEADERS)
REQUIRED = ["received_on", "channel", "applicant_type", "applicant_name", "subject"]
CHANNELS = sheets.Choices(
    "申请方式",
    {label: code for code, label in rules.CHANNELS}
    | {code: code for code, _ in rules.CHANNELS}
    | {
        "当面申请": rules.LETTER,
        "当面": rules.LETTER,
        "现场申请": rules.LETTER,
        "网上申请": rules.ONLINE,
        "网络申请": rules.ONLINE,
        "网上": rules.ONLINE,
        "网络": rules.ONLINE,
        "互联网": rules.ONLINE,
        "在线申请": rules.ONLINE,
        "电子邮件": rules.ONLINE,
        "信函申请": rules.MAIL,
        "信函": rules.MAIL,
        "来信": rules.MAIL,
        "挂号信": rules.REGISTERED_POST,
        "传真申请": rules.FAX,
        "传真": rules.FAX,
        "口头申请": rules.VISIT,
        "其他": rules.OTHER_CHANNEL,
        "其他方式": rules.OTHER_CHANNEL,
    },
    shown=["当面申请", "传真申请", "网上申请", "网络申请", "信函申请", "其他"],
)
KINDS = sheets.Choices(
    "申请人类型",
    {label: code for code, label in rules.APPLICANT_KINDS}
    | {f"法人或其他组织/{label}": code for code, label in rules.APPLICANT_KINDS[1:]}
    | {f"法人或其他组织-{label}": code for code, label in rules.APPLICANT_KINDS[1:]}
    | {code: code for code, _ in rules.APPLICANT_KINDS}
    | {
        "公民": rules.NATURAL,
        "个人": rules.NATURAL,
        "企业": rules.BUSINESS,
        "其他组织": rules.OTHER_ORG,
    },
    shown=[label for _, label in rules.APPLICANT_KINDS],
)
_NUMBERING = re.compile(r"\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\(\d+\)|\d+[.、]")
_PUNCT = re.compile(r"[/\\\-—－_|:;,。、.]+")


def _outcome_key(value, notes: bool) -> str:
    """An outcome without its numbering, separators and (unless `notes`) notes in brackets."""
    k = _NUMBERING.sub("", sheets.key(value)).replace("本年度办理结果", "")
    k = re.sub(r"[()]", "", k) if notes else re.sub(r"\([^)]*\)", "", k)
    return _PUNCT.sub("", k)


def _outcomes() -> sheets.Choices:
    choices = sheets.Choices("办理结果", dict(rules.OUTCOME_BY_ROW), shown=rules.RESULT_ROWS)
    names = list(rules.OUTCOME_BY_ROW.items()) + [(o.label, o.code) for o in rules.OUTCOMES]
    for name, code in names:
        leaf = name.split("/")[-1]
        short = name.split("，")[0]  # 已主动公开，告知获取方式
        after = name.split("：")[-1]  # 其他处理：逾期不补正
        for text in (name, leaf, leaf.replace("属于", "", 1), short, after):
            for notes in (True, False):
                k = _outcome_key(text, notes)
                choices.by_key.setdefault(k, code)
                choices.names.setdefault(k, rules.OUTCOME_BY_CODE[code].row)
    return choices


OUTCOMES = _outcomes()


@dataclass
class Report:
    total: int = 0  # data rows read
    loaded: int = 0
    errors: list[str] = field(default_factory=list)  # "第N行：…"
    proposals: list = field(default_factory=list)  # 转为主动公开建议 the batch made or joined


def parse_row(row: dict, agencies: dict[str, Agency], default: Agency | None) -> dict:
    usci = sheets.text(row.get("agency_usci")).upper()
    agency = agencies.get(usci) if usci else default
    if agency is None:
        raise Invalid(
            f"找不到统一社会信用代码为“{usci}”的机关"
            if usci
            else "未填写受理机关：请在表中加“统一社会信用代码”列，或用 --agency 指定"
        )
    received = sheets.date(row.get("received_on"), "收到申请日期")
    channel = CHANNELS.get(row.get("channel"))
    kind = KINDS.get(row.get("applicant_type"))
    name = sheets.text(row.get("applicant_name"))
    subject = sheets.text(row.get("subject"))
    if not name or not subject:
        raise Invalid("申请人和申请内容不能为空")
    outcome = ""
    if sheets.text(row.get("outcome")):
        value = row.get("outcome")
        outcome = OUTCOMES.get(value, _outcome_key(value, True), _outcome_key(value, False))
    answered = row.get("answered_on")
    answered = sheets.date(answered, "答复日期") if sheets.text(answered) else None
    if bool(outcome) != bool(answered):
        raise Invalid("已办结的申请应同时填写办理结果和答复日期；未办结的两者都不填")
    if answered and answered < received:
        raise Invalid("答复日期不能早于收到申请日期")
    fee_raw = sheets.text(row.get("fee_yuan"))
    fee = Decimal(0)
    if fee_raw:
        column = Request._meta.get_field("fee_yuan")
        fee = money.parse_amount(
            fee_raw, column=column, field="fee_yuan", label=f"收费金额“{fee_raw}”", allow_zero=True
        )
    return {
        "agency": agency,
        "received_on": received,
        "channel": channel,
        "applicant_kind": kind,
        "applicant_name": name[:100],
        "subject": subject[:200],
        "outcome": outcome,
        "answered_on": answered,
        "fee_yuan": fee,
    }


def _load(p: dict) -> Request:
    agency = p["agency"]
    req = Request.objects.create(
        number=services._new_number(agency, p["received_on"].year),
        query_code_hash="imported",  # historic requests are not tracked online
        agency=agency,
        scope_path=agency.scope_path,
        channel=p["channel"],
        arrived_on=p["received_on"],
        received_on=p["received_on"],
        receipt_basis=rules.RECEIPT_BASIS[p["channel"]],
        applicant_kind=p["applicant_kind"],
        applicant_name=p["applicant_name"],
        applicant_id_number="",
        applicant_phone="",
        subject=p["subject"],
        status=Request.ARCHIVED if p["outcome"] else Request.REGISTERED,
        outcome=p["outcome"],
        outcome_row=rules.OUTCOME_BY_CODE[p["outcome"]].row if p["outcome"] else "",
        answered_on=p["answered_on"],
        archived_on=p["answered_on"],
        fee_yuan=p["fee_yuan"],
        fee_paid_on=p["answered_on"] if p["fee_yuan"] else None,
    )
    main = services._start(req, req, services.ANSWER, req.received_on, "disclosure.answer")
    if p["answered_on"]:
        clock.stop(main, on=p["answered_on"])
    return req


def import_file(
    path: str,
    *,
    agency: str = "",
    dry_run: bool = False,
    partial: bool = False,
    progress: Callable[[str], None] = lambda s: None,
) -> Report:
    """Check every row, then load: nothing if any row is bad (unless `partial`) or `dry_run`.
    `agency` (a USCI) is the receiving body of rows that do not name one."""
    agencies = {a.usci: a for a in Agency.objects.select_related("jurisdiction")}
    default = None
    if agency:
        default = agencies.get(agency.strip().upper())
        if default is None:
            raise Invalid(f"统一社会信用代码为 {agency} 的机关不存在", code="no_agency")
    report, good = Report(), []
    rows = sheets.read(path)
    _line, header = next(rows, (1, {}))
    names = sheets.columns(header, HEADERS, REQUIRED)
    if "agency_usci" not in names.values() and default is None:
        raise Invalid("表中没有“统一社会信用代码”列，请用 --agency 指定受理机关", code="no_agency")
    for line, raw in rows:
        report.total += 1
        row = {names[h]: v for h, v in raw.items() if h in names}
        try:
            good.append(parse_row(row, agencies, default))
        except Invalid as e:
            report.errors.append(f"第{line}行：{e.message}")
    if dry_run or (report.errors and not partial):
        return report
    numbers, loaded = [], []
    with transaction.atomic():
        for parsed in good:
            loaded.append(_load(parsed))
            numbers.append(loaded[-1].number)
            report.loaded += 1
            if report.loaded % 500 == 0:
                progress(f"已导入 {report.loaded}/{len(good)} 行")
        # the batch into the staff-only index at once, then the §44 check over it
        likeness.index_batch(loaded)
        report.proposals = services.proposals.detect_batch(loaded)
        if report.loaded:
            audit.record(
                "disclosure_request.import",
                actor="manage.py import_requests",
                object_type="disclosure_requests.request",
                after={
                    "file": Path(path).name,
                    "loaded": report.loaded,
                    "errors": len(report.errors),
                    "first": numbers[0],
                    "last": numbers[-1],
                },
            )
    return report
