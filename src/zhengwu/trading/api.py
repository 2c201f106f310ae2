"""API of 公共资源交易 (/api/v1/trading/).

Public: `POST /schedule-check` (the one date check, as the pages and the import use it) and
`GET /rules` (the rule rows). Staff (token or session), scoped as the pages: projects, their
steps. A stale `version` or a step the state does not allow is a 409; out of scope a 404 (a
project) or a 403 (an action); a date a rule refuses is a 422 naming the rule, its article and
the nearest lawful date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Router, Schema, Status

from zhengwu.api.auth import token_or_session
from zhengwu.core.idempotency import idempotent

from . import queries, rules, services
from .models import Project
from .steps import next_steps

router = Router(tags=["公共资源交易"])


class CheckIn(Schema):
    kind: str
    method: str
    dates: dict[str, Any]
    jurisdiction: str = ""  # 行政区划代码: its own rest days (州庆) count too


class ViolationOut(Schema):
    rule: str
    field: str
    article: str
    earliest: dt.date | None
    latest: dt.date | None
    level: str  # refuse 不予发布 / warn 提示
    message: str


class CheckOut(Schema):
    ok: bool
    violations: list[ViolationOut]


@router.post("/schedule-check", response=CheckOut, auth=None, summary="交易日期合规校验")
def schedule_check(request, payload: CheckIn):
    """Check planned dates against every rule row of the kind and method. `ok` is false when a
    rule that refuses publication is broken; a rule that only warns (a deadline on a rest day)
    is listed with level `warn`. Unknown date names and bad dates: 422 in Chinese."""
    rules.validate_kind(payload.kind, payload.method)
    dates = rules.parse_dates(payload.kind, payload.dates)
    found = rules.check(payload.kind, payload.method, dates, jurisdiction_code=payload.jurisdiction)
    return {"ok": not rules.refusing(found), "violations": [v.as_dict() for v in found]}


class RuleOut(Schema):
    code: str
    trade_kind: str
    methods: list[str]
    name: str
    relation: str
    from_field: str
    to_field: str
    number: int
    unit: str
    amount: str
    article: str
    enforcement: str
    verified: bool


@router.get("/rules", response=list[RuleOut], auth=None, summary="交易期限规则")
def rule_list(request, kind: str = ""):
    rows = rules.R.objects.all()
    if kind:
        rows = rows.filter(trade_kind=kind)
    return [
        {
            **{f: getattr(r, f) for f in rules.FIELDS if f != "methods"},
            "methods": [m for m in r.methods.split(",") if m],
            "amount": r.amount,
        }
        for r in rows
    ]


class SectionIn(Schema):
    code: str = ""
    name: str
    content: str = ""
    budget: Decimal | None = None


class ProjectIn(Schema):
    kind: str
    method: str
    name: str
    owner: str  # the body's id or 统一社会信用代码
    content: str = ""
    agent_name: str = ""
    supervisor: str = ""
    centre: str = ""
    budget: Decimal | None = None
    statutory: bool = True
    state_funded: bool = True
    code: str = ""
    unified_deal_code: str = ""
    dates: dict[str, Any] = {}
    details: dict[str, Any] = {}
    sections: list[SectionIn] = []


class ProjectOut(Schema):
    id: int
    kind: str
    kind_label: str
    method: str
    method_label: str
    code: str
    unified_deal_code: str
    name: str
    content: str
    owner: str
    owner_name: str
    agent_name: str
    centre: str
    supervisor: str
    jurisdiction: str
    budget: Decimal | None
    state: str
    state_label: str
    suspended: bool
    dates: dict[str, str]
    next_steps: list[dict[str, str]]
    version: int


def _out(p: Project) -> dict:
    return {
        "id": p.pk,
        "kind": p.kind,
        "kind_label": p.kind_label,
        "method": p.method,
        "method_label": p.method_label,
        "code": p.code,
        "unified_deal_code": p.unified_deal_code,
        "name": p.name,
        "content": p.content,
        "owner": p.owner.usci,
        "owner_name": p.owner.name,
        "agent_name": p.agent_name,
        "centre": p.centre.name if p.centre else "",
        "supervisor": p.supervisor.name if p.supervisor else "",
        "jurisdiction": p.jurisdiction.code,
        "budget": p.budget,
        "state": p.state,
        "state_label": p.get_state_display(),
        "suspended": p.suspended,
        "dates": p.dates,
        "next_steps": [
            {"action": s.action.split(".", 1)[1], "label": s.label} for s in next_steps(p)
        ],
        "version": p.version,
    }


@router.get("/projects", response=list[ProjectOut], auth=token_or_session, summary="交易项目")
def project_list(request, kind: str = "", state: str = "", limit: int = 50, offset: int = 0):
    qs = queries.projects_visible_to(request.auth)
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    limit = max(1, min(limit, 200))
    return [_out(p) for p in qs[max(offset, 0) : max(offset, 0) + limit]]


@router.post("/projects", response={201: ProjectOut}, auth=token_or_session, summary="登记交易项目")
@idempotent
def project_create(request, payload: ProjectIn):
    project = services.create_project(payload.dict(), by=request.auth)
    return Status(201, _out(project))


@router.get("/projects/{project_id}", response=ProjectOut, auth=token_or_session)
def project_detail(request, project_id: int):
    return _out(queries.project(request.auth, project_id))


class StepIn(Schema):
    version: int | None = None
    on: dt.date | None = None  # the step's date (today when left out); never in the future
    title: str = ""
    body: str = ""
    objection_method: str = ""
    facts: dict[str, Any] = {}
    dates: dict[str, Any] = {}  # further dates the step records (bid_deadline, publicity_ends…)


class StepOut(Schema):
    project: ProjectOut
    notice_id: int | None
    warnings: list[ViolationOut]


@router.post(
    "/projects/{project_id}/steps/{step}",
    response=StepOut,
    auth=token_or_session,
    summary="办理交易项目的一个环节",
)
@idempotent
def project_step(request, project_id: int, step: str, payload: StepIn):
    """`step` is one of the project's `next_steps` (tender_published, bids_opened, …)."""
    project = queries.project(request.auth, project_id)
    data: dict[str, Any] = {**payload.dates, **payload.dict(exclude={"dates", "version"})}
    project, notice, warnings = services.take_step(
        project, f"trading.{step}", data, by=request.auth, version=payload.version
    )
    project.refresh_from_db()
    return {
        "project": _out(project),
        "notice_id": notice.pk if notice else None,
        "warnings": [v.as_dict() for v in warnings],
    }
