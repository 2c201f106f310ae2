from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from zhengwu.api.auth import public, token_or_session
from zhengwu.core.errors import NotFound

from . import queries
from .models import Jurisdiction, User

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


class StaffRoleOut(Schema):
    role: str
    role_label: str
    agency_usci: str | None = None
    jurisdiction_code: str | None = None
    over: str


class StaffOut(Schema):
    id: int
    username: str
    name: str
    phone: str
    roles: list[StaffRoleOut]


def _staff_out(user: User) -> dict:
    """Phones are masked even for administrators: the directory is for finding people."""
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.real_name,
        "phone": user.masked_phone,
        "roles": [
            {
                "role": a.role,
                "role_label": a.get_role_display(),
                "agency_usci": a.agency.usci if a.agency_id else None,
                "jurisdiction_code": a.jurisdiction.code if a.jurisdiction_id else None,
                "over": str(a.agency or a.jurisdiction),
            }
            # a Prefetch to_attr (org.queries.staff_visible_to), which django-stubs cannot see
            for a in user.visible_roles  # type: ignore[attr-defined]
        ],
    }


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


@router.get(
    "/staff", response=list[StaffOut], auth=token_or_session, summary="人员名录（本辖区工作人员）"
)
def staff(request, limit: int = 200, offset: int = 0):
    """政务公开办管理员与电子监察人员可查看其辖区内的工作人员及其角色；手机号脱敏。"""
    limit = max(1, min(limit, 1000))
    offset = max(0, offset)
    return [_staff_out(u) for u in queries.staff_visible_to(request.user)[offset : offset + limit]]


@router.get("/staff/{user_id}", response=StaffOut, auth=token_or_session, summary="工作人员详情")
def staff_member(request, user_id: int):
    return _staff_out(get_object_or_404(queries.staff_visible_to(request.user), pk=user_id))


from . import network_api  # noqa: E402,F401  (the network operations on this router)
