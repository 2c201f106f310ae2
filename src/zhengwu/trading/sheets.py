"""Trading projects and their notices as an existing trading system keeps them in a workbook
(issue 24 §4): two sheets, 项目 (one row per project) and 公告 (one row per step), headed with the
national data spec's field names (全国公共资源交易平台系统数据规范, domain-rules-trading-sites-archive
§1.5) or their Chinese labels; the mapping is in docs/data-import.md. Read with `core.sheets`
(Excel date cells, serial numbers and text dates), written with openpyxl.

Every row goes through the services: a project through `services.create_project`, a step through
`services.take_step` with the row's date as `today`, so a history imports and every date is
checked by the rule rows; a refused row is reported with its sheet, its line and the rule's
words. The whole file is one transaction: nothing is loaded when any row is wrong, unless
`partial` (then the good rows are). Export writes the same shape, and importing an export into an
empty database recreates the projects, their steps and notices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from zhengwu.core import sheets
from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.org.models import Agency

from . import queries, rules, services
from .models import DATE_NAMES, KINDS, METHODS, Notice, Project
from .steps import BY_ACTION, STEPS, Step

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROJECTS, NOTICES = "项目", "公告"

# The spec's names of the dates a project carries (TENDER_ANN_QUA_INQUERY_ANN, TENDER_CANDIDATE_
# ANNOUNCE, BID_WINNING_NOTICE, CONTRACT_PERFORMANCE, PURCHASE_QUALI_INQUERY_ANN, BID_DEAL_
# ANNOUNCE, PURCHASE_CONTRACT). A date the spec does not name is the local extension M_<NAME>_TIME.
SPEC_DATES = {
    "documents_issued": ["DOC_GET_START_TIME", "BULLETIN_START_TIME"],
    "bid_deadline": ["BID_DOC_REFER_END_TIME", "BID_CLOSING_TIME", "BID_OPEN_TIME"],
    "candidates_published": ["PUBLICITY_START_TIME"],
    "publicity_ends": ["PUBLICITY_END_TIME"],
    "award_notice": ["WIN_NOTICE_SEND_TIME"],
    "result_published": ["WIN_BID_BULLETIN_START_TIME"],
    "contract_signed": ["CONTRACT_SIGN_TIME", "SIGNING_TIME"],
}


def _date_names() -> dict[str, list[str]]:
    """Every date name of every kind → its headers: spec names, the name itself, its labels."""
    out: dict[str, list[str]] = {}
    for kind, _ in KINDS:
        for name, label in rules.accepted_names(kind).items():
            headers = out.setdefault(
                name, [*SPEC_DATES.get(name, [f"M_{name.upper()}_TIME"]), name]
            )
            if label not in headers:
                headers.append(label)
    return out


DATE_HEADERS = _date_names()
PROJECT_HEADERS: dict[str, list[str]] = {
    "kind": ["M_TRADE_KIND", "交易类型"],
    "method": ["TENDER_MODE", "PURCHASER_MODE", "交易方式", "招标方式", "采购方式", "出让方式"],
    "code": ["TENDER_PROJECT_CODE", "PURCHASE_PROJECT_CODE", "PROJECT_CODE", "项目编号",
             "招标项目编号", "采购项目编号"],
    "unified_deal_code": ["UNIFIED_DEAL_CODE", "统一交易标识码"],
    "name": ["TENDER_PROJECT_NAME", "PURCHASE_PROJECT_NAME", "PROJECT_NAME", "项目名称",
             "招标项目名称", "采购项目名称"],
    "content": ["TENDER_CONTENT", "项目概况", "招标内容", "采购内容"],
    "owner_name": ["TENDERER_NAME", "PURCHASER_NAME", "招标人（采购人、出让人）", "招标人名称",
                   "采购人名称", "招标人", "采购人", "出让人", "转让方"],
    "owner": ["TENDERER_CODE", "PURCHASER_CODE", "招标人统一社会信用代码",
              "采购人统一社会信用代码", "招标人代码", "采购人代码"],
    "agent_name": ["TENDER_AGENCY_NAME", "PURCHASER_AGENCY_NAME", "代理机构", "招标代理机构"],
    "supervisor_name": ["SUPERVISE_DEPT_NAME", "行政监督部门"],
    "supervisor": ["SUPERVISE_DEPT_CODE", "行政监督部门统一社会信用代码", "行政监督部门代码"],
    "centre": ["M_TRA_PLACE_NAME", "交易场所"],
    "region": ["REGION_CODE", "行政区域代码", "区划代码"],
    "budget": ["PROGRAM_BUDGET", "CONTRACT_RECKON_PRICE", "预算金额（元）", "预算金额",
               "合同估算价"],
    "statutory": ["IS_TO_LAW", "是否依法必须招标", "依法必须招标"],
    "state_funded": ["M_STATE_FUNDED", "国有资金占控股或者主导地位"],
    "created_on": ["CREATE_TIME", "登记日期"],
    **DATE_HEADERS,
}  # fmt: skip
STEP_INPUTS = sorted({name for s in STEPS for name in s.inputs})
NOTICE_HEADERS: dict[str, list[str]] = {
    "project": ["TENDER_PROJECT_CODE", "PURCHASE_PROJECT_CODE", "PROJECT_CODE", "项目编号"],
    "step": ["M_STEP", "环节", "公告类型", "BULLETIN_TYPE"],
    "on": ["NOTICE_SEND_TIME", "发布日期", "办理日期", "日期"],
    **{name: DATE_HEADERS[name] for name in STEP_INPUTS},
    "title": ["NOTICE_NAME", "BULLETIN_TITLE", "公告标题"],
    "body": ["NOTICE_CONTENT", "BULLETIN_CONTENT", "公告内容"],
    "winner": ["WIN_BIDDER_NAME", "WINNINGBIDDER_NAME", "中标（成交、竞得）人", "中标人",
               "成交人", "竞得人", "受让方"],
    "amount": ["BID_AMOUNT", "WIN_BID_PRICE", "中标（成交）金额", "中标金额", "成交金额"],
    "bidders": ["M_BIDDERS", "投标人及报价", "投标人", "投标人名单"],
    "candidates": ["M_CANDIDATES", "中标候选人及报价", "中标候选人"],
    "reason": ["M_REASON", "理由"],
    "objection_method": ["OBJECTION_METHOD", "提出异议（质疑）的渠道和方式",
                         "提出异议的渠道和方式"],
}  # fmt: skip

KIND_CHOICES = sheets.Choices(
    "交易类型",
    {
        **{label: code for code, label in KINDS},
        **{code: code for code, _ in KINDS},
        "工程建设": "engineering",
        "工程建设项目": "engineering",
        "工程招投标": "engineering",
        "工程招标投标": "engineering",
        "建设工程": "engineering",
        "土地出让": "land",
        "土地招拍挂": "land",
        "国有建设用地使用权": "land",
        "国有产权": "property",
        "产权交易": "property",
        "企业国有产权交易": "property",
        "企业国有资产交易": "property",
        "其他": "other",
    },
    shown=[label for _, label in KINDS],
)
METHOD_EXTRA = {
    "单一来源": "single_source",
    "磋商": "competitive_consultation",
    "谈判": "competitive_negotiation",
    "股权转让": "transfer",
}
LAND_SHORT = {"招标": "tender", "拍卖": "auction", "挂牌": "listing"}


def _method_choices(kind: str) -> sheets.Choices:
    table = {label: code for code, label in METHODS[kind]}
    table.update({code: code for code, _ in METHODS[kind]})
    extra = LAND_SHORT if kind == "land" else METHOD_EXTRA
    table.update({k: v for k, v in extra.items() if v in dict(METHODS[kind])})
    return sheets.Choices("交易方式", table, shown=[label for _, label in METHODS[kind]])


METHOD_CHOICES = {kind: _method_choices(kind) for kind, _ in KINDS}


def _step_choices(kind: str) -> sheets.Choices:
    """A step by its label, its action's name, or the label of the notice it publishes."""
    own = [s for s in STEPS if s.for_kind(kind)]
    table: dict[str, str] = {}
    for s in own:
        table.setdefault(s.label, s.action)
        table.setdefault(s.action, s.action)
        table.setdefault(s.action.split(".", 1)[1], s.action)
    for s in own:
        if s.notice:
            table.setdefault(Notice.KIND_LABELS[s.notice], s.action)
    if kind == "engineering":
        table.setdefault("中标通知书", "trading.awarded")
        table.setdefault("中标结果公告", "trading.awarded")
    if kind == "procurement":
        table.setdefault("采购公告", "trading.tender_published")
        table.setdefault("中标结果公告", "trading.result_published")
        table.setdefault("成交结果公告", "trading.result_published")
    return sheets.Choices("环节", table, shown=[s.label for s in own])


STEP_CHOICES = {kind: _step_choices(kind) for kind, _ in KINDS}
YES = {"是", "1", "Y", "YES", "TRUE", "√"}
NO = {"否", "0", "N", "NO", "FALSE", "×"}


@dataclass
class Report:
    projects: int = 0
    steps: int = 0
    rows: int = 0
    errors: list[dict] = field(default_factory=list)
    loaded: bool = False

    def error(self, sheet: str, line: int, message: str) -> None:
        self.errors.append({"sheet": sheet, "line": line, "message": message})

    def as_dict(self) -> dict:
        return {
            "loaded": self.loaded,
            "projects": self.projects,
            "steps": self.steps,
            "rows": self.rows,
            "errors": self.errors,
        }

    def summary(self) -> str:
        return f"项目 {self.projects} 个，环节 {self.steps} 个，错误 {len(self.errors)} 行"


class _Rollback(Exception):
    pass


# ---------------------------------------------------------------- reading


def _sheet(wb, name: str, headers: dict, required: list[str]) -> list[tuple[int, dict]]:
    """(line, {field: value}) for the sheet's rows; of two headers naming one field (TENDER_MODE
    and PURCHASER_MODE) the first that is filled counts."""
    if name not in wb.sheetnames:
        return []
    found_rows = sheets.rows(wb[name].iter_rows(values_only=True))
    _, head = next(found_rows)
    found = sheets.columns(list(head), headers, required)
    out = []
    for line, row in found_rows:
        values: dict = {}
        for h, v in row.items():
            if h in found and sheets.text(v) != "" and found[h] not in values:
                values[found[h]] = v
        out.append((line, values))
    return out


def _flag(value, label: str) -> bool | None:
    k = sheets.key(value).upper()
    if not k:
        return None
    if k in YES:
        return True
    if k in NO:
        return False
    raise Invalid(f"{label}“{sheets.text(value)}”应填“是”或“否”", code="bad_flag")


def _date(value, label: str) -> dt.date:
    return sheets.date(value, label)


def _owner(row: dict) -> Agency:
    code = sheets.text(row.get("owner")).upper()
    name = sheets.text(row.get("owner_name"))
    if code:
        found = Agency.objects.filter(usci=code).first()
        if found is None:
            raise Invalid(
                f"未找到统一社会信用代码为“{code}”的招标人（采购人、出让人）", code="owner_unknown"
            )
        if name and sheets.key(name) != sheets.key(found.name):
            raise Invalid(
                f"招标人（采购人、出让人）名称“{name}”与统一社会信用代码{code}（{found.name}）不符",
                code="owner_mismatch",
            )
        return found
    if not name:
        raise Invalid(
            "请填写招标人（采购人、出让人）的统一社会信用代码或名称", code="owner_required"
        )
    named = list(Agency.objects.filter(name=name)[:2])
    if len(named) != 1:
        raise Invalid(
            f"{'未找到' if not named else '有多个'}名为“{name}”的单位，请填写其统一社会信用代码",
            code="owner_unknown",
        )
    return named[0]


def _supervisor(row: dict, owner: Agency) -> Agency | None:
    code = sheets.text(row.get("supervisor")).upper()
    if code:
        found = Agency.objects.filter(usci=code).first()
        if found is None:
            raise Invalid(
                f"未找到统一社会信用代码为“{code}”的行政监督部门", code="supervisor_unknown"
            )
        return found
    name = sheets.text(row.get("supervisor_name"))
    if not name:
        return None
    found = Agency.objects.filter(name=name, jurisdiction__path__in=_up(owner)).first()
    if found is None:
        raise Invalid(
            f"未找到行政监督部门“{name}”，请填写其统一社会信用代码", code="supervisor_unknown"
        )
    return found


def _up(owner: Agency) -> list[str]:
    parts = owner.scope_path.strip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def project_data(row: dict) -> tuple[dict, dt.date | None]:
    """The `create_project` data of a 项目 row, and its 登记日期 when given."""
    kind = KIND_CHOICES.get(row.get("kind", ""))
    method = METHOD_CHOICES[kind].get(row.get("method", ""))
    owner = _owner(row)
    region = sheets.text(row.get("region"))
    if region and region != owner.jurisdiction.code:
        raise Invalid(
            f"行政区域代码{region}与招标人（采购人、出让人）{owner.name}所在区划"
            f"（{owner.jurisdiction.code}）不符",
            code="region_mismatch",
        )
    supervisor = _supervisor(row, owner)
    data: dict = {
        "kind": kind,
        "method": method,
        "name": sheets.text(row.get("name")),
        "owner": owner,
        "supervisor": supervisor,
        "content": sheets.text(row.get("content")),
        "agent_name": sheets.text(row.get("agent_name")),
        "centre": sheets.text(row.get("centre")),
        "budget": sheets.text(row.get("budget")),
        "code": sheets.text(row.get("code")),
        "unified_deal_code": sheets.text(row.get("unified_deal_code")),
    }
    for name, label in (("statutory", "是否依法必须招标"),
                        ("state_funded", "国有资金占控股或者主导地位")):  # fmt: skip
        flag = _flag(row.get(name), label)
        if flag is not None:
            data[name] = flag
    names = rules.accepted_names(kind)
    dates = {}
    for name in DATE_HEADERS:
        if name in row:
            label = names.get(name) or rules.date_label(name)
            dates[name] = _date(row[name], f"{label}（{DATE_HEADERS[name][0]}）")
    data["dates"] = dates  # names not of the kind: refused by create_project in words
    created = _date(row["created_on"], "登记日期") if "created_on" in row else None
    return data, created


def _priced(value, label: str, *, ranked: bool = False) -> list[dict]:
    """“名称:报价;名称:报价” (full-width ：； and new lines too) as [{name, price}]."""
    text = sheets.text(value).replace("；", ";").replace("\n", ";").replace("：", ":")
    out = []
    for i, part in enumerate((p.strip() for p in text.split(";") if p.strip()), start=1):
        name, _, price = part.partition(":")
        entry: dict = {"name": name.strip()}
        if not entry["name"]:
            raise Invalid(f"{label}第{i}项缺少名称，应写作“名称:报价;名称:报价”", code="bad_list")
        if price.strip():
            entry["price"] = _amount(price, f"{label}“{entry['name']}”的报价")
        if ranked:
            entry["rank"] = i
        out.append(entry)
    return out


def _amount(value, label: str) -> str:
    raw = sheets.text(value).replace(",", "").replace("，", "").removesuffix("元")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise Invalid(
            f"{label}“{sheets.text(value)}”不是金额，应为数字（元）", code="bad_amount"
        ) from None
    if not amount.is_finite() or amount < 0:
        raise Invalid(f"{label}“{sheets.text(value)}”不是金额，应为数字（元）", code="bad_amount")
    return format(amount, "f")


def step_data(row: dict, project: Project) -> tuple[Step, dict, dt.date]:
    """The step of a 公告 row, its `take_step` data, and its date."""
    action = STEP_CHOICES[project.kind].get(row.get("step", ""))
    step = BY_ACTION[action]
    if "on" not in row:
        raise Invalid("请填写发布（办理）日期", code="on_required")
    on = _date(row["on"], "发布（办理）日期")
    if on > timezone.localdate():
        raise Invalid(
            f"发布（办理）日期{on:%Y-%m-%d}晚于今天，尚未发生的环节不能导入", code="on_in_future"
        )
    data: dict = {"on": on}
    for name in step.inputs:
        if name in row:
            data[name] = _date(row[name], f"{rules.date_label(name)}（{DATE_HEADERS[name][0]}）")
    for name in ("title", "body", "objection_method"):
        if name in row:
            data[name] = sheets.text(row[name])
    facts: dict = {}
    if "bidders" in row:
        facts["bidders"] = _priced(row["bidders"], "投标人")
    if "candidates" in row:
        facts["candidates"] = _priced(row["candidates"], "中标候选人", ranked=True)
    if "winner" in row:
        facts["winner"] = {"name": sheets.text(row["winner"])}
        if "amount" in row:
            facts["winner"]["amount"] = _amount(row["amount"], "中标（成交）金额")
    elif "amount" in row:
        raise Invalid("填写了中标（成交）金额，请同时填写中标（成交）人", code="winner_required")
    if "reason" in row:
        facts["reason"] = sheets.text(row["reason"])
    if facts:
        data["facts"] = facts
    return step, data, on


# ---------------------------------------------------------------- import


def import_workbook(
    data: bytes,
    *,
    by,
    dry_run: bool = False,
    partial: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Load 项目 then 公告, row by row through the services, in one transaction (see the module
    docstring). `progress(done, total)` is called every 200 rows."""
    wb = sheets.workbook(data)
    if PROJECTS not in wb.sheetnames and NOTICES not in wb.sheetnames:
        raise Invalid(f"工作簿中没有“{PROJECTS}”或“{NOTICES}”工作表", code="no_trading_sheet")
    report = Report()
    try:
        project_rows = _sheet(wb, PROJECTS, PROJECT_HEADERS, ["kind", "method", "name"])
    except Invalid as e:
        report.error(PROJECTS, 1, e.message)
        project_rows = []
    try:
        notice_rows = _sheet(wb, NOTICES, NOTICE_HEADERS, ["project", "step", "on"])
    except Invalid as e:
        report.error(NOTICES, 1, e.message)
        notice_rows = []
    total = len(project_rows) + len(notice_rows)
    first_step = _first_dates(notice_rows)
    try:
        with transaction.atomic():
            loaded: dict[str, Project] = {}
            failed: dict[str, int] = {}
            for line, row in project_rows:
                _project_row(line, row, by, report, loaded, failed, first_step)
                _tick(report, total, progress)
            for line, row in notice_rows:
                _notice_row(line, row, by, report, loaded, failed)
                _tick(report, total, progress)
            if dry_run or (report.errors and not partial):
                raise _Rollback
            report.loaded = True
    except _Rollback:
        pass
    return report


def _tick(report: Report, total: int, progress) -> None:
    report.rows += 1
    if progress and (report.rows % 200 == 0 or report.rows == total):
        progress(report.rows, total)


def _first_dates(rows: list[tuple[int, dict]]) -> dict[str, dt.date]:
    """The earliest step date of each project code: its 登记日期 when the row gives none."""
    out: dict[str, dt.date] = {}
    for _, row in rows:
        try:
            on = _date(row.get("on", ""), "日期")
        except Invalid:
            continue
        code = sheets.text(row.get("project"))
        if code not in out or on < out[code]:
            out[code] = on
    return out


def _project_row(line, row, by, report, loaded, failed, first_step) -> None:
    code = sheets.text(row.get("code"))
    try:
        with transaction.atomic():
            data, created = project_data(row)
            today = created or first_step.get(code) or timezone.localdate()
            project = services.create_project(data, by=by, today=today)
    except ServiceError as e:
        report.error(PROJECTS, line, e.message)
        if code:
            failed[code] = line
        return
    loaded[project.code] = project
    report.projects += 1


def _notice_row(line, row, by, report, loaded, failed) -> None:
    code = sheets.text(row.get("project"))
    try:
        if code in failed:
            raise Invalid(f"项目“{code}”未能导入（见“{PROJECTS}”表第{failed[code]}行）",
                          code="project_failed")  # fmt: skip
        project = loaded.get(code) or queries.projects_visible_to(by).filter(code=code).first()
        if project is None:
            raise Invalid(
                f"项目编号“{code}”不存在：须先在“{PROJECTS}”表中列出，或已在平台登记",
                code="project_unknown",
            )
        with transaction.atomic():
            step, data, on = step_data(row, project)
            project, _, _ = services.take_step(project, step.action, data, by=by, today=on)
    except ServiceError as e:
        report.error(NOTICES, line, e.message)
        return
    loaded[code] = project
    report.steps += 1


# ---------------------------------------------------------------- export


__all__ = ["DATE_NAMES", "import_workbook"]
