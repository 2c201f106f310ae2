"""Loading historic requests from a spreadsheet (CSV or XLSX): each bad row is reported with its
line number, the good rows load, and every request gets its answer clock (stopped when answered)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from zhengwu.core import audit, clock, money
from zhengwu.core.errors import Invalid
from zhengwu.org.models import Agency

from . import rules, services
from .models import Request

COLUMNS = [
    "agency_usci",
    "received_on",
    "channel",
    "applicant_type",  # the spreadsheet column; the field is applicant_kind
    "applicant_name",
    "subject",
    "outcome",
    "answered_on",
    "fee_yuan",
]
CHANNEL_BY_LABEL = {label: code for code, label in rules.CHANNELS} | {
    "网上": rules.ONLINE,
    "网上申请": rules.ONLINE,
    "信函": rules.MAIL,
    "挂号信": rules.REGISTERED_POST,
    "当面": rules.VISIT,
    "传真": rules.FAX,
}
KIND_BY_LABEL = {label: code for code, label in rules.APPLICANT_KINDS}


def read_rows(path: str) -> Iterator[tuple[int, dict]]:
    """(line number, row) for every data row; line 1 is the header."""
    p = Path(path)
    if not p.is_file():
        raise Invalid(f"文件不存在：{path}", code="no_file")
    if p.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(p, read_only=True, data_only=True)
        rows = wb.active.iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(rows, [])]
        _check_header(header)
        for n, values in enumerate(rows, start=2):
            if values is None or all(v in (None, "") for v in values):
                continue
            yield n, {h: ("" if v is None else v) for h, v in zip(header, values, strict=False)}
    elif p.suffix.lower() == ".csv":
        text = p.read_text(encoding="utf-8-sig")
        reader = csv.reader(io.StringIO(text))
        header = [h.strip() for h in next(reader, [])]
        _check_header(header)
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            yield reader.line_num, dict(zip(header, values, strict=False))
    else:
        raise Invalid("只支持 .csv 和 .xlsx 文件", code="bad_file_type")


def _check_header(header: list[str]) -> None:
    if header != COLUMNS:
        raise Invalid(
            f"表头应为：{','.join(COLUMNS)}；实际为：{','.join(header)}", code="bad_header"
        )


def _date(value, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise Invalid(f"{name}“{value}”不是YYYY-MM-DD格式的日期") from None


def parse_row(row: dict, agencies: dict[str, Agency]) -> dict:
    usci = str(row.get("agency_usci") or "").strip().upper()
    agency = agencies.get(usci)
    if agency is None:
        raise Invalid(f"找不到统一社会信用代码为“{usci}”的机关")
    received = _date(row.get("received_on"), "received_on")
    channel = str(row.get("channel") or "").strip()
    channel = CHANNEL_BY_LABEL.get(channel, channel)
    if channel not in rules.CHANNEL_LABELS:
        raise Invalid(
            f"channel“{row.get('channel')}”不正确，应为 {'、'.join(rules.CHANNEL_LABELS)} 之一"
        )
    kind = str(row.get("applicant_type") or "").strip()
    kind = KIND_BY_LABEL.get(kind, kind)
    if kind not in rules.APPLICANT_LABELS:
        raise Invalid(
            f"applicant_type“{row.get('applicant_type')}”不正确，应为 {'、'.join(KIND_BY_LABEL)} 之一"
        )
    name = str(row.get("applicant_name") or "").strip()
    subject = str(row.get("subject") or "").strip()
    if not name or not subject:
        raise Invalid("applicant_name 和 subject 不能为空")
    outcome_path = str(row.get("outcome") or "").strip().removeprefix(rules.R3 + "/")
    outcome = ""
    if outcome_path:
        outcome = rules.OUTCOME_BY_ROW.get(outcome_path, "")
        if not outcome:
            raise Invalid(
                f"outcome“{outcome_path}”不是“三、本年度办理结果”下的统计行，例如“（一）予以公开”或“（三）不予公开/1.属于国家秘密”"
            )
    answered = row.get("answered_on")
    answered = _date(answered, "answered_on") if str(answered or "").strip() else None
    if bool(outcome) != bool(answered):
        raise Invalid("已办结的申请应同时填写 outcome 和 answered_on；未办结的两者都不填")
    if answered and answered < received:
        raise Invalid("answered_on 不能早于 received_on")
    fee_raw = str(row.get("fee_yuan") or "").strip()
    fee = Decimal(0)
    if fee_raw:
        column = Request._meta.get_field("fee_yuan")
        fee = money.parse_amount(
            fee_raw, column=column, field="fee_yuan", label=f"fee_yuan“{fee_raw}”", allow_zero=True
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
    path: str, *, progress: Callable[[str], None] = lambda s: None
) -> tuple[int, list[str]]:
    """Returns (rows loaded, errors as "第N行：…")."""
    agencies = {a.usci: a for a in Agency.objects.select_related("jurisdiction")}
    loaded, errors = 0, []
    numbers = []
    for line, row in read_rows(path):
        try:
            parsed = parse_row(row, agencies)
            with transaction.atomic():
                numbers.append(_load(parsed).number)
            loaded += 1
        except Invalid as e:
            errors.append(f"第{line}行：{e.message}")
        if (loaded + len(errors)) % 500 == 0:
            progress(f"已处理 {loaded + len(errors)} 行（导入 {loaded}，错误 {len(errors)}）")
    if loaded:
        audit.record(
            "disclosure_request.import",
            actor="manage.py import_requests",
            object_type="disclosure_requests.request",
            after={
                "file": Path(path).name,
                "loaded": loaded,
                "errors": len(errors),
                "first": numbers[0],
                "last": numbers[-1],
            },
        )
    return loaded, errors
