"""A trading project's life: registered by its body (招标人/采购人/出让人/转让方) with its planned
dates, then taken step by step (`steps.STEPS`). Each step is one `workflow.transition`: the
dates it records are checked against the rule rows first (a refusing rule refuses the step with
its article and the nearest lawful date; a warning is returned and kept with the event), its
notice is published on the trading column and in the key-area disclosure column
(`publication`), and the clocks of the periods it opens and closes start and stop on the
platform's one clock, which 电子监察 watches."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, clock, money, numbering, workflow
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.core.models import Clock
from zhengwu.org import permissions
from zhengwu.org.models import Agency, ServiceCentre

from .. import publication, rules, steps
from ..models import ENGINEERING, KIND_LABELS, PROCUREMENT, Notice, Project, Section
from ..steps import ACTIONS, AWARDED, BY_ACTION, LAND_DEALT, PROPERTY_DEALT, RESULT, Step

CREATED = "trading.project_created"
CHANGED = "trading.project_changed"
KIND_LETTERS = {"engineering": "G", "procurement": "C", "land": "T", "property": "Q", "other": "Y"}
# The clocks the steps start, by the rule they count: a short purpose for the 电子监察 board.
PURPOSES = {
    "T11": "中标候选人公示发布",
    "T15": "订立中标合同",
    "P13": "中标（成交）结果公告发布",
    "P16": "签订政府采购合同",
    "P17": "政府采购合同公告",
    "L4": "土地出让结果公布",
    "T8": "异议答复",
    "P24": "质疑答复",
    "T21": "投诉受理审查",
    "T21A": "投诉处理决定",
    "P26": "投诉受理审查",
    "P26A": "投诉处理决定",
}
TENDER_METHODS = ("open_tender", "invited_tender")
MIN_BIDDERS = 3  # 招标投标法实施条例 §44; 政府采购法 §36 (fewer than 3: re-tender)
MAX_CANDIDATES = 3  # 实施条例 §53


def _text(value, label: str, field: str, most: int, *, required: bool = True) -> str:
    value = str(value or "").strip()
    if required and not value:
        raise Invalid(f"请填写{label}", code=f"{field}_required", field=field)
    if len(value) > most:
        raise Invalid(f"{label}不超过{most}字", code=f"{field}_too_long", field=field)
    return value


def _flag(value, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "false", "否", "off", "no")
    return bool(value)


def _agency(value, label: str, field: str, *, required: bool = True) -> Agency | None:
    if value in (None, ""):
        if required:
            raise Invalid(f"请选择{label}", code=f"{field}_required", field=field)
        return None
    if isinstance(value, Agency):
        return value
    found = Agency.objects.filter(pk=value).first() if str(value).isdigit() else None
    if found is None:
        found = Agency.objects.filter(usci=str(value).strip().upper()).first()
    if found is None:
        raise Invalid(f"未找到{label}“{value}”", code=f"{field}_unknown", field=field)
    return found


def _centre(value) -> ServiceCentre | None:
    if value in (None, ""):
        return None
    if isinstance(value, ServiceCentre):
        return value
    found = ServiceCentre.objects.filter(pk=value).first() if str(value).isdigit() else None
    if found is None:
        found = ServiceCentre.objects.filter(name=str(value).strip()).first()
    if found is None:
        raise Invalid(f"未找到交易场所“{value}”", code="centre_unknown", field="centre")
    return found


def facts_of(value) -> dict:
    """A notice's facts from the API (an object) or a form (JSON text)."""
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise Invalid("公告要素格式不正确", code="facts_invalid", field="facts") from None
    if not isinstance(value, dict):
        raise Invalid("公告要素格式不正确", code="facts_invalid", field="facts")
    return value


def clean(data: dict, *, partial: bool = False) -> dict:
    """The project's fields from a form, the API or an import row (Chinese errors)."""
    out: dict = {}
    if not partial or "kind" in data or "method" in data:
        kind = str(data.get("kind") or "").strip()
        method = str(data.get("method") or "").strip()
        rules.validate_kind(kind, method)
        out["kind"], out["method"] = kind, method
    if not partial or "name" in data:
        out["name"] = _text(data.get("name"), "项目名称", "name", 200)
    if not partial or "content" in data:
        out["content"] = _text(data.get("content"), "项目概况", "content", 5000, required=False)
    if not partial or "agent_name" in data:
        out["agent_name"] = _text(data.get("agent_name"), "代理机构", "agent_name", 100,
                                  required=False)  # fmt: skip
    if not partial or "owner" in data:
        out["owner"] = _agency(data.get("owner"), "招标人（采购人、出让人）", "owner")
    if not partial or "supervisor" in data:
        out["supervisor"] = _agency(
            data.get("supervisor"), "行政监督部门", "supervisor", required=False
        )
    if not partial or "centre" in data:
        out["centre"] = _centre(data.get("centre"))
    if not partial or "budget" in data:
        value = data.get("budget")
        out["budget"] = (
            None
            if value in (None, "")
            else money.parse_amount(
                value, column=Project._meta.get_field("budget"), field="budget", label="预算金额"
            )
        )
    for name, default in (("statutory", True), ("state_funded", True)):
        if not partial or name in data:
            out[name] = _flag(data.get(name), default)
    if not partial or "details" in data:
        details = facts_of(data.get("details"))
        out["details"] = details
    return out


def _codes(project: Project, data: dict, year: int) -> None:
    code = _text(data.get("code"), "项目编号", "code", 50, required=False)
    deal = _text(data.get("unified_deal_code"), "统一交易标识码", "unified_deal_code", 60,
                 required=False)  # fmt: skip
    letter = KIND_LETTERS[project.kind]
    region = project.jurisdiction.code
    if not code or not deal:
        n = numbering.next_value(f"trading.{region}", year)
        code = code or f"{region}-{year}-{letter}{n:04d}"
        deal = deal or f"{region}{year}{letter}{n:06d}"
    for field, value, label in (("code", code, "项目编号"),
                                ("unified_deal_code", deal, "统一交易标识码")):  # fmt: skip
        if Project.objects.filter(**{field: value}).exclude(pk=project.pk).exists():
            raise Invalid(f"{label}“{value}”已被其他项目使用", code=f"{field}_taken", field=field)
    project.code, project.unified_deal_code = code, deal


def _stored(dates: dict) -> dict:
    return {k: v.isoformat() for k, v in sorted(dates.items())}


def dates_of(project: Project) -> dict[str, dt.date]:
    return {k: dt.date.fromisoformat(v) for k, v in (project.dates or {}).items() if v}


def _check(
    project: Project, dates: dict, changed: set[str], done: str = ""
) -> list[rules.Violation]:
    """The rule rows on `dates`: a refusing violation about a date this change sets refuses it;
    the warnings are returned. A step taken today after its latest lawful date (`done`, the
    date the step records) is not refused: what is late must still be published. It is
    returned as a warning, and its clock, overdue, is what 电子监察 cards."""
    found = []
    for v in rules.check(
        project.kind, project.method, dates, jurisdiction_code=project.jurisdiction.code
    ):
        if v.field not in changed and _rule_from(v.rule) not in changed:
            continue
        if v.field == done and v.latest is not None and dates[done] > v.latest:
            v = replace(v, level=rules.R.WARN, message=f"已逾期：{v.message}")
        found.append(v)
    refused = rules.refusing(found)
    if refused:
        raise Invalid(rules.summary(refused), code="schedule_violation", field=refused[0].field)
    return found


def _rule_from(code: str) -> str:
    return rules.rule(code).from_field


@transaction.atomic
def create_project(data: dict, *, by, today: dt.date | None = None) -> Project:
    """Register a project with its planned dates (checked against the rules)."""
    today = today or timezone.localdate()
    values = clean(data)
    owner = values["owner"]
    permissions.require(by, CREATED, agency_id=owner.pk, path=owner.scope_path)
    project = Project(**values, jurisdiction=owner.jurisdiction, scope_path=owner.scope_path)
    project.created_on, project.created_by = today, by
    _codes(project, data, today.year)
    planned = rules.parse_dates(project.kind, data.get("dates") or {})
    _check(project, planned, set(planned))
    project.dates = _stored(planned)
    project.save()
    for i, row in enumerate(data.get("sections") or []):
        _section(project, row, i)
    audit.record(CREATED, project, actor=by, after=audit.snapshot(project))
    return project


def _section(project: Project, row: dict, i: int) -> Section:
    name = _text(row.get("name"), "标段（包）名称", "sections", 200)
    code = _text(row.get("code"), "标段（包）编号", "sections", 60, required=False)
    budget = row.get("budget")
    return Section.objects.create(
        project=project,
        code=code or f"{project.code}-{i + 1:02d}",
        name=name,
        content=_text(row.get("content"), "标段（包）内容", "sections", 2000, required=False),
        budget=None
        if budget in (None, "")
        else money.parse_amount(
            budget, column=Section._meta.get_field("budget"), field="sections", label="合同估算价"
        ),
    )


def update_project(project: Project, data: dict, *, by, version=None) -> Project:
    """Change a project before its first notice: its fields and planned dates."""
    permissions.require(by, CHANGED, agency_id=project.owner_id, path=project.scope_path)
    values = clean(data, partial=True)
    if "owner" in values and values["owner"].pk != project.owner_id:
        raise Invalid(
            "项目登记后不能更换招标人（采购人、出让人）", code="owner_fixed", field="owner"
        )
    with workflow.transition(project, CHANGED, by=by, version=version) as change:
        p = change.obj
        if p.notices.exists():
            raise Conflict("项目已发布公告，其信息以公告为准，请发布变更公告", code="published")
        for name, value in values.items():
            setattr(p, name, value)
        if "dates" in data:
            planned = rules.parse_dates(p.kind, data.get("dates") or {})
            _check(p, planned, set(planned))
            p.dates = _stored(planned)
    return change.obj


def _step_of(project: Project, action: str) -> Step:
    step = BY_ACTION.get(action)
    if step is None or not step.for_kind(project.kind):
        raise Invalid(f"{project.kind_label}项目没有这一步骤", code="step_unknown", field="action")
    return step


def _on(data: dict, today: dt.date) -> dt.date:
    value = data.get("on")
    if value in (None, ""):
        return today
    parsed = rules.parse_dates("", {"on": value}, names={"on": "办理日期"})["on"]
    if parsed > today:
        raise Invalid("办理日期不能晚于今天", code="on_in_future", field="on")
    return parsed


def _bidders(facts: dict, project: Project) -> None:
    bidders = facts.get("bidders") or []
    if not isinstance(bidders, list) or not all(isinstance(b, dict) for b in bidders):
        raise Invalid("投标人名单格式不正确", code="bidders_invalid", field="bidders")
    if project.method in TENDER_METHODS and len(bidders) < MIN_BIDDERS:
        article = (
            "《中华人民共和国招标投标法实施条例》第四十四条第二款"
            if project.kind == ENGINEERING
            else "《中华人民共和国政府采购法》第三十六条"
        )
        raise Invalid(
            f"投标人少于{MIN_BIDDERS}个的，不得开标，应当依法重新招标（{article}）",
            code="too_few_bidders",
            field="bidders",
        )


def _candidates(facts: dict) -> list[dict]:
    rows = facts.get("candidates") or []
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise Invalid("请填写中标候选人", code="candidates_required", field="candidates")
    if len(rows) > MAX_CANDIDATES:
        raise Invalid(
            "中标候选人应当不超过3个，并标明排序（《中华人民共和国招标投标法实施条例》第五十三条）",
            code="too_many_candidates",
            field="candidates",
        )
    for i, row in enumerate(rows, 1):
        row.setdefault("rank", i)
        if not str(row.get("name") or "").strip():
            raise Invalid(f"请填写第{i}名中标候选人名称", code="candidate_name", field="candidates")
    return sorted(rows, key=lambda r: int(r["rank"]))


def _winner(project: Project, facts: dict) -> None:
    winner = facts.get("winner") or {}
    name = str(winner.get("name") if isinstance(winner, dict) else winner or "").strip()
    if not name:
        raise Invalid("请填写中标（成交、竞得）人", code="winner_required", field="winner")
    if project.kind != ENGINEERING:
        return
    shown = project.notices.filter(kind="candidates", state=Notice.PUBLISHED).first()
    candidates = (shown.facts or {}).get("candidates", []) if shown else []
    names = [str(c.get("name", "")).strip() for c in candidates]
    if names and name not in names:
        raise Invalid("中标人应当从公示的中标候选人中确定", code="winner_not_candidate",
                      field="winner")  # fmt: skip
    if (
        project.state_funded
        and names
        and name != names[0]
        and not str(facts.get("reason") or "").strip()
    ):
        raise Invalid(
            "国有资金占控股或者主导地位的项目，招标人应当确定排名第一的中标候选人为中标人；"
            "排名第一的中标候选人放弃中标等情形的，请填写理由"
            "（《中华人民共和国招标投标法实施条例》第五十五条）",
            code="winner_not_first",
            field="winner",
        )


def _start(project: Project, code: str, on: dt.date) -> None:
    r = rules.rule(code)
    if not r.applies_to(project.method) or r.trade_kind != project.kind:
        return
    clock.start(
        project,
        purpose=PURPOSES[code],
        started_on=on,
        limit=r.number,
        unit=r.unit,
        jurisdiction_code=project.jurisdiction.code,
        scope_path=project.scope_path,
        agency_id=project.owner_id,
    )


def _stop(project: Project, code: str, on: dt.date) -> None:
    running = clock.clocks_of(project).filter(purpose=PURPOSES[code]).exclude(state=Clock.STOPPED)
    for c in running:
        clock.stop(c, on=max(on, c.started_on))


def take_step(
    project: Project,
    action: str,
    data: dict,
    *,
    by,
    version=None,
    today: dt.date | None = None,
) -> tuple[Project, Notice | None, list[rules.Violation]]:
    """Take one step of the project (see the module docstring). Returns the project, the notice
    published (or None) and the rules' warnings."""
    today = today or timezone.localdate()
    if action not in ACTIONS:
        raise Invalid("没有这一交易环节", code="step_unknown", field="action")
    step = _step_of(project, action)
    permissions.require(by, action, agency_id=project.owner_id, path=project.scope_path)
    on = _on(data, today)
    given = rules.parse_dates(project.kind, {k: data[k] for k in step.inputs if k in data})
    facts = facts_of(data.get("facts"))
    notice: Notice | None = None
    with workflow.transition(project, action, by=by, version=version, related=("jurisdiction",)
                             ) as change:  # fmt: skip
        p = change.obj
        if p.suspended and p.kind in step.suspended_by:
            raise Conflict(
                "该项目有尚未答复的异议（质疑），依法暂停，答复后方可继续", code="suspended"
            )
        dates = dates_of(p)
        for name in step.requires.get(p.kind, ()):
            if name not in dates:
                raise Invalid(
                    f"请先完成前一环节（{rules.date_label(name)}尚未记录）",
                    code="step_out_of_order",
                )
        changed = set(given)
        if step.on:
            dates[step.on] = on
            changed.add(step.on)
        dates.update(given)
        for name in step.required_inputs:
            if name not in dates:
                label = rules.date_label(name)
                raise Invalid(f"请填写{label}", code=f"{name}_required", field=name)
        if action == RESULT:  # P15: the 公告期; P22: 质疑 within 7 工作日
            dates["publicity_ends"] = rules.bound(on, rules.rule("P15"), p.jurisdiction.code)
            changed.add("publicity_ends")
        ends = dates.get("disclosure_ends")
        if action == PROPERTY_DEALT and ends and on <= ends:
            raise Invalid(
                f"信息披露期至{ends:%Y年%-m月%-d日}，期满后方可成交",
                code="disclosure_running",
                field="on",
            )
        warnings = _check(p, dates, changed, done=step.on)
        if action == steps.OPENED:
            _bidders(facts, p)
        if action == steps.CANDIDATES:
            facts["candidates"] = _candidates(facts)
        if action in (AWARDED, RESULT, LAND_DEALT, PROPERTY_DEALT):
            _winner(p, facts)
        p.dates = _stored(dates)
        if step.notice:
            notice = _notice(p, step, data, facts, on, dates, by)
            change.note(notice=notice.title)
        elif facts:
            p.details = {**p.details, step.action.split(".", 1)[1]: facts}
        for code in step.stops:
            _stop(p, code, on)
        for code in step.starts:
            _start(p, code, on)
        if warnings:
            change.note(warnings=[v.message for v in warnings])
    return change.obj, notice, warnings


def _notice(
    project: Project, step: Step, data: dict, facts: dict, on: dt.date, dates: dict, by
) -> Notice:
    kind = step.notice
    label = Notice.KIND_LABELS[kind]
    title = _text(data.get("title"), "公告标题", "title", 300, required=False)
    notice = Notice(
        project=project,
        kind=kind,
        title=title or f"{project.name}{label}",
        body=_text(data.get("body"), "公告内容", "body", 200_000, required=False),
        facts=facts,
        published_on=on,
        scope_path=project.scope_path,
        created_by=by,
    )
    if kind == "candidates":
        notice.publicity_ends = dates["publicity_ends"]
        notice.objection_until = dates["publicity_ends"]  # 实施条例 §54: 异议 during the 公示
    elif kind == "result" and project.kind == PROCUREMENT:
        notice.publicity_ends = dates["publicity_ends"]
        notice.objection_until = rules.bound(
            dates["publicity_ends"], rules.rule("P22"), project.jurisdiction.code
        )
    elif kind == "property_formal":
        notice.publicity_ends = dates.get("disclosure_ends")
    if notice.objection_until:
        method = _text(data.get("objection_method"), "提出异议（质疑）的渠道和方式",
                       "objection_method", 500, required=False)  # fmt: skip
        who = "质疑" if project.kind == PROCUREMENT else "异议"
        notice.objection_method = method or (
            f"对本公示内容有{who}的，请于{notice.objection_until:%Y年%-m月%-d日}前登录本平台，"
            f"在本公告页点击“提出{who}”在线提交，或以书面形式向{project.owner.name}提出"
        )
    notice.save()
    publication.publish(notice)
    return notice


__all__ = [
    "CHANGED",
    "CREATED",
    "KIND_LABELS",
    "PURPOSES",
    "clean",
    "create_project",
    "dates_of",
    "facts_of",
    "take_step",
    "update_project",
]
