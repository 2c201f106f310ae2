"""/api/v1/supervision/: clocks by state and cards (scoped), rectification, targets (public)."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from zhengwu.api.auth import public, token_or_session
from zhengwu.core import audit
from zhengwu.core.errors import Invalid, NotAllowed
from zhengwu.core.models import Clock
from zhengwu.org import permissions
from zhengwu.org import queries as org_queries

from . import kinds, queries, services, stats
from . import status as states

router = Router(tags=["电子监察"], auth=token_or_session)


class GroupedOut(Schema):
    """The kind of a clock or card as the board groups it (`kinds.GROUPS`)."""

    group: str
    group_label: str

    @staticmethod
    def resolve_group(obj) -> str:
        return kinds.key_of(obj)

    @staticmethod
    def resolve_group_label(obj) -> str:
        return kinds.LABELS[kinds.key_of(obj)]


class ClockOut(GroupedOut):
    id: int
    purpose: str
    agency_id: int | None
    scope_path: str
    started_on: dt.date
    due_date: dt.date | None
    warn_on: dt.date | None
    state: str
    status: str


class CardOut(GroupedOut):
    id: int
    level: str
    kind: str
    kind_label: str
    clock_id: int | None
    purpose: str
    agency_id: int | None
    scope_path: str
    due_date: dt.date | None
    issued_on: dt.date
    state: str
    version: int


VERSION = "读取时的版本号；已被他人处理时返回 409"


class AnswerIn(Schema):
    answer: str
    version: int | None = Field(None, description=VERSION)


class DecisionIn(Schema):
    accept: bool
    note: str = ""
    version: int | None = Field(None, description=VERSION)


def _reader(request):
    permissions.require_somewhere(request.user, "supervision.view")


def _limit(limit: int) -> int:
    if limit < 1 or limit > 500:
        raise Invalid("每页条数应在1到500之间", code="bad_limit", field="limit")
    return limit


@router.get("/clocks", summary="监察事项（按监察状态，限本辖区）")
def clocks(
    request,
    status: str = "",
    county: str = "",
    agency: str = "",
    purpose: str = "",
    limit: int = 50,
    offset: int = 0,
):
    _reader(request)
    if status and status not in states.LABELS:
        raise Invalid(
            "监察状态应为 normal、warning、yellow 或 red", code="bad_status", field="status"
        )
    base = queries.filter_clocks(
        queries.clocks_visible_to(request.user), county=county, agency=agency, purpose=purpose
    )
    qs = base.filter(state=Clock.RUNNING)
    qs = qs.filter(status=status) if status else qs.filter(status__in=stats.LATE)
    qs = kinds.order_clocks(qs)
    offset = max(offset, 0)
    return {
        "counts": queries.board_counts(base),
        "count": qs.count(),
        "groups": kinds.counts(qs),
        "results": [ClockOut.from_orm(c).dict() for c in qs[offset : offset + _limit(limit)]],
    }


@router.get("/cards", summary="监察亮牌（限本辖区或本单位）")
def cards(request, state: str = "", level: str = "", limit: int = 50, offset: int = 0):
    qs = queries.cards_visible_to(request.user)
    if state:
        qs = qs.filter(state=state)
    if level:
        qs = qs.filter(level=level)
    qs = kinds.order_cards(qs)
    offset = max(offset, 0)
    return {
        "count": qs.count(),
        "groups": kinds.counts(qs),
        "results": [CardOut.from_orm(c).dict() for c in qs[offset : offset + _limit(limit)]],
    }


@router.get("/cards/{card_id}", response=CardOut, summary="一张亮牌")
def card(request, card_id: int):
    return get_object_or_404(queries.cards_visible_to(request.user), pk=card_id)


@router.post("/cards/{card_id}/answer", response=CardOut, summary="单位提交整改情况")
def card_answer(request, card_id: int, payload: AnswerIn):
    c = get_object_or_404(queries.cards_visible_to(request.user), pk=card_id)
    services.answer(c, payload.answer, by=request.user, version=payload.version)
    c.refresh_from_db()
    return c


@router.post("/cards/{card_id}/decide", response=CardOut, summary="监察机构审核整改情况")
def card_decide(request, card_id: int, payload: DecisionIn):
    c = get_object_or_404(queries.cards_visible_to(request.user), pk=card_id)
    services.decide(
        c, accept=payload.accept, note=payload.note, by=request.user, version=payload.version
    )
    c.refresh_from_db()
    return c


@router.get("/targets", auth=public, summary="规划目标完成情况（公开）")
def targets(request, jurisdiction: str = ""):
    j = org_queries.jurisdiction_for_stats(jurisdiction)
    return {
        "jurisdiction": {"code": j.code, "name": j.name},
        "date": dt.date.today().isoformat(),
        "targets": stats.targets(j),
    }


@router.get("/stats", summary="统计分析（州、县市或单位）")
def dashboard(request, jurisdiction: str = "", agency: int | None = None):
    _reader(request)
    j = org_queries.jurisdiction_for_stats(jurisdiction)
    from zhengwu.org.models import Agency

    if not permissions.allows(request.user, "supervision.view", agency_id=None, path=j.path):
        raise NotAllowed("您没有查看该辖区统计的权限")
    a = get_object_or_404(Agency, pk=agency, scope_path__startswith=j.path) if agency else None
    d = stats.dashboard(j, agency=a)
    return {
        "jurisdiction": j.code,
        "agency": a.pk if a else None,
        "date": d["today"].isoformat(),
        "source": d["source"],
        "rows": d["rows"],
        "measures": d["provided"],
    }


@router.get("/audit/verify", summary="校验审计链（电子监察人员）")
def verify(request):
    permissions.require_somewhere(request.user, "supervision.audit_chain_verified")
    v = audit.verify(audit.load_head(), full=True)
    return {
        "ok": v.ok,
        "checked": v.checked,
        "head_seq": v.head_seq,
        "head_hash": v.head_hash,
        "problem": v.problem,
        "bad_chain": v.bad_chain,
        "bad_seq": v.bad_seq,
    }
