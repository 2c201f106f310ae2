"""/api/v1/services/: the public catalogue and guides, the measures, and every staff action."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from zhengwu.api.auth import public, token_or_session
from zhengwu.core import money
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.org.models import Agency, Jurisdiction

from . import queries, services, themes
from .models import Fee, Item, ItemType

router = Router(tags=["政务服务事项"], auth=public)


class ItemOut(Schema):
    id: int
    name: str
    grain: str
    parent_id: int | None = None
    basic_code: str
    implementation_code: str
    version: int
    state: str
    item_type: str
    agency: str
    agency_usci: str
    jurisdiction: str
    statutory_limit: int
    statutory_unit: str
    promised_limit: int
    promised_unit: str
    case_kind: str
    online: bool
    in_centre: bool
    by_agent: bool
    visits: int
    themes: list[str]
    effective_on: dt.date
    cancelled_on: dt.date | None = None

    @staticmethod
    def resolve_item_type(obj):
        return obj.item_type.name

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.name

    @staticmethod
    def resolve_agency_usci(obj):
        return obj.agency.usci

    @staticmethod
    def resolve_jurisdiction(obj):
        return obj.jurisdiction.code

    @staticmethod
    def resolve_themes(obj):
        return themes.split(obj.themes)


class ItemPage(Schema):
    count: int
    results: list[ItemOut]


class MaterialIn(Schema):
    name: str
    situation: str = ""
    required: bool = True
    electronic: bool = True
    paper_copies: int = 1
    source: str = ""
    notes: str = ""


class FeeIn(Schema):
    name: str
    standard: str
    basis: str = ""
    amount_yuan: money.Amount | None = None
    reducible: bool = False


class StepIn(Schema):
    order: int
    code: str
    name: str
    role: str
    limit: int = 1


class ItemFields(Schema):
    name: str | None = None
    handling_code: str | None = None
    grain: str | None = None
    exercise_level: str | None = None
    power_source: str | None = None
    subject_nature: str | None = None
    for_person: bool | None = None
    for_legal_person: bool | None = None
    themes: str | None = None
    legal_basis: str | None = None
    conditions: str | None = None
    procedure: str | None = None
    statutory_limit: int | None = None
    statutory_unit: str | None = None
    promised_limit: int | None = None
    promised_unit: str | None = None
    case_kind: str | None = None
    joint: bool | None = None
    online: bool | None = None
    online_required: bool | None = None
    by_window: bool | None = None
    by_agent: bool | None = None
    by_post: bool | None = None
    visits: int | None = None
    visit_reason: str | None = None
    in_centre: bool | None = None
    location: str | None = None
    hours: str | None = None
    consult: str | None = None
    complaint: str | None = None
    result_type: str | None = None
    result_name: str | None = None


class ItemCreate(ItemFields):
    agency_usci: str
    item_type: str
    basic_code: str
    jurisdiction: str | None = None
    parent_id: int | None = None
    effective_on: dt.date | None = None
    materials: list[MaterialIn] = []
    fees: list[FeeIn] = []
    steps: list[StepIn] = []


class ItemRevise(ItemFields):
    item_type: str | None = None
    effective_on: dt.date | None = None
    note: str = ""
    materials: list[MaterialIn] | None = None
    fees: list[FeeIn] | None = None
    steps: list[StepIn] | None = None


class ClaimIn(Schema):
    agency_usci: str
    jurisdiction: str | None = None
    effective_on: dt.date | None = None


class CancelIn(Schema):
    reason: str
    on: dt.date | None = None


class MergeIn(Schema):
    into: int
    reason: str = ""
    on: dt.date | None = None


def _jurisdiction(code: str | None) -> Jurisdiction | None:
    if not code:
        return None
    j = Jurisdiction.objects.filter(code=code.strip()).first()
    if j is None:
        raise NotFound(f"区划代码“{code}”不存在", code="unknown_jurisdiction", field="jurisdiction")
    return j


def _agency(usci: str) -> Agency:
    a = Agency.objects.filter(usci=(usci or "").strip().upper()).first()
    if a is None:
        raise NotFound(
            f"统一社会信用代码为“{usci}”的单位不存在", code="unknown_agency", field="agency_usci"
        )
    return a


def _item_type(code: str) -> ItemType:
    t = ItemType.objects.filter(code=code).first()
    if t is None:
        raise Invalid(f"事项类型代码“{code}”不存在", code="unknown_item_type", field="item_type")
    return t


def _page(qs, limit: int, offset: int) -> dict:
    if limit < 1 or limit > 500:
        raise Invalid("limit 应在1至500之间", code="bad_limit", field="limit")
    if offset < 0:
        raise Invalid("offset 不能为负数", code="bad_offset", field="offset")
    return {"count": qs.count(), "results": list(qs[offset : offset + limit])}


def _filters(agency, item_type, theme, audience, online, in_centre, q) -> queries.Filters:
    if theme and theme not in themes.ALL_THEMES:
        raise Invalid(f"未知的主题分类“{theme}”", code="bad_theme", field="theme")
    if audience and audience not in ("person", "legal"):
        raise Invalid(
            "audience 应为 person（个人）或 legal（法人）", code="bad_audience", field="audience"
        )
    return queries.Filters(
        agency=_agency(agency).pk if agency else None,
        item_type=item_type or "",
        theme=theme or "",
        audience=audience or "",
        online=online,
        in_centre=in_centre,
        q=q or "",
    )


@router.get("/items", response=ItemPage, summary="在用事项（公开）")
def items(
    request,
    jurisdiction: str | None = None,
    agency: str | None = None,
    type: str | None = None,
    theme: str | None = None,
    audience: str | None = None,
    online: bool | None = None,
    in_centre: bool | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
):
    """`jurisdiction` 含其全部下级区划；`agency` 为实施主体统一社会信用代码；`type` 为事项类型代码。"""
    qs = queries.active()
    j = _jurisdiction(jurisdiction)
    if j:
        qs = queries.subtree(qs, j)
    qs = queries.apply_filters(qs, _filters(agency, type, theme, audience, online, in_centre, q))
    return _page(qs.order_by("scope_path", "basic_code", "id"), limit, offset)


def _public_item(item_id: int) -> Item:
    item = (
        queries.active().prefetch_related("materials", "fees", "steps").filter(pk=item_id).first()
    )
    if item is None:
        raise NotFound("该事项不存在或已取消", code="item_not_found")
    return item


@router.get("/items/{item_id}", summary="事项详情（含材料、收费、流程）")
def item_detail(request, item_id: int):
    item = _public_item(item_id)
    return queries.guide_json(item) | {"state": item.state}


@router.get("/items/{item_id}/guide", summary="办事指南（国家规范字段）")
def item_guide(request, item_id: int):
    return queries.guide_json(_public_item(item_id))


@router.get("/measures", summary="事项目录指标（进驻率、网办率、一次办率、时限压缩）")
def measures(request, jurisdiction: str, per_agency: bool = False):
    j = _jurisdiction(jurisdiction)
    if j is None:
        raise Invalid(
            "请提供区划代码（jurisdiction）", code="jurisdiction_required", field="jurisdiction"
        )
    return queries.measures(j, per_agency=per_agency)


# ---- staff --------------------------------------------------------------------------------


@router.get("/staff/items", response=ItemPage, auth=token_or_session, summary="管理范围内的事项")
def staff_items(
    request,
    state: str | None = None,
    jurisdiction: str | None = None,
    agency: str | None = None,
    type: str | None = None,
    limit: int = 50,
    offset: int = 0,
):
    services.check_actor(request.user)
    qs = queries.visible_to(request.user)
    if state:
        if state not in dict(Item.STATES):
            raise Invalid(f"未知的事项状态“{state}”", code="bad_state", field="state")
        qs = qs.filter(state=state)
    j = _jurisdiction(jurisdiction)
    if j:
        qs = queries.subtree(qs, j)
    qs = queries.apply_filters(qs, _filters(agency, type, None, None, None, None, None))
    return _page(qs.order_by("scope_path", "basic_code", "-version"), limit, offset)


def _staff_item(request, item_id: int) -> Item:
    services.check_actor(request.user)
    item = queries.visible_to(request.user).filter(pk=item_id).first()
    if item is None:
        raise NotFound("未找到该事项，或它不在您的管理范围内")
    return item


def _fields(payload: ItemFields) -> dict:
    return {k: v for k, v in payload.dict(include=set(services.EDITABLE)).items() if v is not None}


@router.post("/items", response={201: ItemOut}, auth=token_or_session, summary="新建事项")
def create(request, payload: ItemCreate):
    services.check_actor(request.user)
    item = services.create_item(
        by=request.user,
        agency=_agency(payload.agency_usci),
        jurisdiction=_jurisdiction(payload.jurisdiction),
        item_type=_item_type(payload.item_type),
        basic_code=payload.basic_code,
        materials=[m.dict() for m in payload.materials],
        fees=[f.dict() for f in payload.fees],
        steps=[s.dict() for s in payload.steps],
        effective_on=payload.effective_on,
        parent=_parent(request, payload.parent_id),
        **_fields(payload),
    )
    return Status(201, item)


def _parent(request, parent_id: int | None) -> Item | None:
    if parent_id is None:
        return None
    parent = queries.visible_to(request.user).filter(pk=parent_id).first()
    if parent is None:
        raise NotFound("未找到上级事项", code="parent_not_found", field="parent_id")
    return parent


@router.post(
    "/items/{item_id}/revise",
    response={201: ItemOut},
    auth=token_or_session,
    summary="修订事项（生成新版本）",
)
def revise(request, item_id: int, payload: ItemRevise):
    item = _staff_item(request, item_id)
    new = services.revise(
        item,
        _fields(payload),
        by=request.user,
        materials=[m.dict() for m in payload.materials] if payload.materials is not None else None,
        fees=[f.dict() for f in payload.fees] if payload.fees is not None else None,
        steps=[s.dict() for s in payload.steps] if payload.steps is not None else None,
        effective_on=payload.effective_on,
        note=payload.note,
        item_type=_item_type(payload.item_type) if payload.item_type else None,
    )
    return Status(201, new)


@router.post(
    "/items/{item_id}/claim", response={201: ItemOut}, auth=token_or_session, summary="逐级认领"
)
def claim(request, item_id: int, payload: ClaimIn):
    item = _staff_item_or_public(request, item_id)
    new = services.claim(
        item,
        by=request.user,
        agency=_agency(payload.agency_usci),
        jurisdiction=_jurisdiction(payload.jurisdiction),
        effective_on=payload.effective_on,
    )
    return Status(201, new)


def _staff_item_or_public(request, item_id: int) -> Item:
    """A claim starts from an upper level's public catalogue entry, which the claimant can see."""
    services.check_actor(request.user)
    item = queries.active().filter(pk=item_id).first()
    if item is None:
        raise NotFound("该事项不存在或已取消", code="item_not_found")
    return item


@router.post("/items/{item_id}/cancel", response=ItemOut, auth=token_or_session, summary="取消事项")
def cancel(request, item_id: int, payload: CancelIn):
    item = _staff_item(request, item_id)
    return services.cancel(item, by=request.user, reason=payload.reason, on=payload.on)


@router.post("/items/{item_id}/merge", response=ItemOut, auth=token_or_session, summary="合并事项")
def merge(request, item_id: int, payload: MergeIn):
    item = _staff_item(request, item_id)
    into = queries.visible_to(request.user).filter(pk=payload.into).first()
    if into is None:
        raise NotFound("未找到合并的目标事项", code="target_not_found", field="into")
    return services.merge(item, into, by=request.user, reason=payload.reason, on=payload.on)


@router.post(
    "/items/{item_id}/fees/{fee_id}/cut",
    response=ItemOut,
    auth=token_or_session,
    summary="取消收费",
)
def cut_fee(request, item_id: int, fee_id: int, payload: CancelIn):
    item = _staff_item(request, item_id)
    fee = Fee.objects.filter(pk=fee_id, item=item).first()
    if fee is None:
        raise NotFound("未找到该收费项目", code="fee_not_found")
    services.cut_fee(fee, by=request.user, reason=payload.reason, on=payload.on)
    item.refresh_from_db()
    return item


@router.get("/cleanup", auth=token_or_session, summary="年度事项清理报告")
def cleanup(request, year: int, jurisdiction: str | None = None):
    services.check_actor(request.user)
    if not 2000 <= year <= 2100:
        raise Invalid("年度应在2000至2100之间", code="bad_year", field="year")
    j = queries.report_scope(request.user, jurisdiction or "")
    r = queries.cleanup_report(year, j)
    return {
        "year": year,
        "jurisdiction": j.code,
        "totals": r["totals"],
        "per_county": r["per_county"],
        "per_agency": r["per_agency"],
    }


from . import delegation_api  # noqa: E402,F401  (首席代表 on this router)
