from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from zhengwu.api.auth import public
from zhengwu.core.errors import NotFound

from . import queries
from .models import Jurisdiction

router = Router(tags=["组织机构"], auth=public)


class JurisdictionOut(Schema):
    code: str
    name: str
    short_name: str
    level: str
    parent_code: str | None = Field(None, alias="parent.code")


class AgencyOut(Schema):
    usci: str
    name: str
    short_name: str
    kind: str
    jurisdiction_code: str = Field(..., alias="jurisdiction.code")
    parent_usci: str | None = Field(None, alias="parent.usci")
    disclosure_office: str
    address: str
    office_hours: str
    phone: str
    fax: str
    email: str


class CentreOut(Schema):
    id: int
    name: str
    kind: str
    jurisdiction_code: str = Field(..., alias="jurisdiction.code")
    floor_area: float | None
    opened_on: str | None = None
    standards_met: int
    window_count: int


class Page(Schema):
    count: int
    results: list


def _jurisdiction(code: str | None) -> Jurisdiction | None:
    if not code:
        return None
    j = queries.jurisdiction_or_none(code)
    if j is None:
        raise NotFound(f"区划代码“{code}”不存在", code="unknown_jurisdiction", field="jurisdiction")
    return j


@router.get("/agencies", response=list[AgencyOut], summary="机关单位列表")
def agencies(
    request,
    jurisdiction: str | None = None,
    subtree: bool = False,
    limit: int = 200,
    offset: int = 0,
):
    """按区划筛选；`subtree=true` 含下级区划的全部单位。"""
    limit = max(1, min(limit, 1000))
    offset = max(0, offset)
    return list(
        queries.agencies(_jurisdiction(jurisdiction), subtree=subtree)[offset : offset + limit]
    )


@router.get("/agencies/{usci}", response=AgencyOut, summary="机关单位详情")
def agency(request, usci: str):
    return get_object_or_404(queries.agencies(), usci=usci.upper())


@router.get("/jurisdictions", response=list[JurisdictionOut], summary="行政区划（下一级）")
def jurisdictions(request, parent: str | None = None):
    j = _jurisdiction(parent)
    qs = Jurisdiction.objects.select_related("parent")
    return list(qs.filter(parent=j) if j else qs.filter(parent__isnull=True))


@router.get("/centres", response=list[CentreOut], summary="服务中心与便民服务室")
def centres(request, jurisdiction: str | None = None, limit: int = 200, offset: int = 0):
    limit = max(1, min(limit, 1000))
    offset = max(0, offset)
    rows = list(queries.centres(_jurisdiction(jurisdiction))[offset : offset + limit])
    for c in rows:
        c.opened_on = c.opened_on.isoformat() if c.opened_on else None
    return rows
