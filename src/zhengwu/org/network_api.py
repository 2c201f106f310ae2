"""The service network through the API (/api/v1/org/…): the office's centres, windows, agencies
and staff accounts, within its scope. Operations share org/api.py's router (same paths as its
public lists, other methods). Errors are `core.errors` → JSON code and message."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpResponse
from ninja import File, Form, Schema, Status
from ninja.files import UploadedFile

from zhengwu.api.auth import token_or_session
from zhengwu.core.errors import NotAllowed, NotFound

from . import network, network_sheets, permissions, queries, services
from .api import router
from .models import Agency, Role, RoleAssignment, ServiceCentre, User, Window


class CentreIn(Schema):
    jurisdiction: str = ""
    name: str
    kind: str
    floor_area: str | float | None = None
    address: str = ""
    office_hours: str = ""
    phone: str = ""
    responsible_person: str = ""
    responsible_phone: str = ""
    std_site: bool = False
    std_approval: bool = False
    std_rules: bool = False
    std_service: bool = False
    std_hardware: bool = False


class WindowIn(Schema):
    number: str
    name: str
    agencies: list[str] = []  # 统一社会信用代码


class WindowOut(Schema):
    id: int
    number: str
    name: str
    agencies: list[str]


class CentreDetail(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    jurisdiction_code: str
    floor_area: float | None
    address: str
    office_hours: str
    phone: str
    responsible_person: str
    responsible_phone: str
    standards_met: int
    agents: int
    agents_flagged: bool
    windows: list[WindowOut]


class AgencyIn(Schema):
    usci: str = ""
    name: str
    kind: str = Agency.DEPARTMENT
    jurisdiction: str = ""
    short_name: str = ""
    address: str = ""
    office_hours: str = ""
    phone: str = ""


class AgencyCreated(Schema):
    usci: str
    name: str
    kind: str
    jurisdiction_code: str


class StaffIn(Schema):
    username: str
    real_name: str
    phone: str = ""
    password: str
    role: str
    agency_usci: str = ""
    jurisdiction: str = ""
    centre_id: int | None = None


class RoleIn(Schema):
    role: str
    agency_usci: str = ""
    jurisdiction: str = ""
    centre_id: int | None = None


class StaffCreated(Schema):
    id: int
    username: str
    name: str
    must_change_password: bool


class ImportOut(Schema):
    loaded: bool
    created: int
    updated: int
    unchanged: int
    errors: list[dict]
    passwords: list[dict]


def _admin(request) -> User:
    if not permissions.allows_somewhere(request.user, "org.centre_created"):
        raise NotAllowed("只有政务公开办管理员可以管理服务网络")
    return request.user


def _window_out(w: Window) -> dict:
    return {
        "id": w.pk,
        "number": w.number,
        "name": w.name,
        "agencies": [a.usci for a in w.agencies.all()],
    }


def _centre_out(c: ServiceCentre) -> dict:
    return {
        "id": c.pk,
        "name": c.name,
        "kind": c.kind,
        "kind_label": c.get_kind_display(),
        "jurisdiction_code": c.jurisdiction.code,
        "floor_area": float(c.floor_area) if c.floor_area is not None else None,
        **{k: getattr(c, k) for k in ("address", "office_hours", "phone")},
        "responsible_person": c.responsible_person,
        "responsible_phone": c.responsible_phone,
        "standards_met": c.standards_met,
        "agents": c.staff.filter(role=Role.VILLAGE_AGENT).count(),
        "agents_flagged": network.agents_flagged(c),
        "windows": [_window_out(w) for w in c.windows.prefetch_related("agencies")],
    }


@router.post(
    "/centres", response={201: CentreDetail}, auth=token_or_session, summary="新建服务中心"
)
def create_centre(request, payload: CentreIn):
    """政务服务中心设在州、县市；便民服务中心设在乡镇（街道）；便民服务室、代办点设在村（社区）。"""
    centre = network.create_centre(payload.dict(), by=_admin(request))
    return Status(201, _centre_out(centre))


@router.get(
    "/centres/{centre_id}", response=CentreDetail, auth=token_or_session, summary="服务中心详情"
)
def centre_detail(request, centre_id: int):
    return _centre_out(network.centre_in_scope(_admin(request), centre_id))


@router.put(
    "/centres/{centre_id}", response=CentreDetail, auth=token_or_session, summary="修改服务中心"
)
def update_centre(request, centre_id: int, payload: CentreIn):
    user = _admin(request)
    centre = network.centre_in_scope(user, centre_id)
    network.update_centre(centre, payload.dict(), by=user)
    return _centre_out(centre)


@router.post(
    "/centres/{centre_id}/windows",
    response={201: WindowOut},
    auth=token_or_session,
    summary="新建窗口（进驻单位按统一社会信用代码）",
)
def create_window(request, centre_id: int, payload: WindowIn):
    user = _admin(request)
    centre = network.centre_in_scope(user, centre_id)
    stationed = network.stationable(centre, payload.agencies)
    window = network.create_window(centre, payload.dict(), stationed, by=user)
    return Status(201, _window_out(window))


@router.put("/windows/{window_id}", response=WindowOut, auth=token_or_session, summary="修改窗口")
def update_window(request, window_id: int, payload: WindowIn):
    user = _admin(request)
    window = Window.objects.filter(
        pk=window_id, centre__in=network.centres_visible_to(user)
    ).first()
    if window is None:
        raise NotFound("未找到该窗口，或它不在您的管辖范围内")
    stationed = network.stationable(window.centre, payload.agencies)
    network.update_window(window, payload.dict(), stationed, by=user)
    return _window_out(window)


def _agency_out(a: Agency) -> dict:
    return {
        "usci": a.usci,
        "name": a.name,
        "kind": a.kind,
        "jurisdiction_code": a.jurisdiction.code,
    }


@router.post(
    "/agencies", response={201: AgencyCreated}, auth=token_or_session, summary="新增机关单位"
)
def create_agency(request, payload: AgencyIn):
    return Status(201, _agency_out(network.create_agency(payload.dict(), by=_admin(request))))


@router.put(
    "/agencies/{usci}", response=AgencyCreated, auth=token_or_session, summary="修改机关单位"
)
def update_agency(request, usci: str, payload: AgencyIn):
    user = _admin(request)
    agency = network.agencies_visible_to(user).filter(usci=usci.upper()).first()
    if agency is None:
        raise NotFound("未找到该单位，或它不在您的管辖范围内")
    return _agency_out(network.update_agency(agency, payload.dict(), by=user))


def _target(user, usci: str, code: str):
    agency_id = ""
    if usci:
        found = network.agencies_visible_to(user).filter(usci=usci.strip().upper()).first()
        if found is None:
            raise NotFound(f"未找到统一社会信用代码为“{usci}”的单位，或它不在您的管辖范围内")
        agency_id = str(found.pk)
    return network.role_target(user, {"agency": agency_id, "jurisdiction": code})


def _centre_for(user, centre_id: int | None):
    return network.centre_in_scope(user, centre_id) if centre_id else None


@router.post(
    "/staff",
    response={201: StaffCreated},
    auth=token_or_session,
    summary="新建工作人员账户（初始密码，首次登录须修改）",
)
def create_staff(request, payload: StaffIn):
    user = _admin(request)
    over = _target(user, payload.agency_usci, payload.jurisdiction)
    centre = _centre_for(user, payload.centre_id)
    with transaction.atomic():  # no account without its role
        member = services.create_staff(
            username=payload.username.strip(),
            real_name=payload.real_name.strip(),
            phone=payload.phone.strip(),
            password=payload.password,
            roles=[],
            by=user,
        )
        services.grant_role(member, payload.role, over, by=user, centre=centre)
    return Status(
        201,
        {
            "id": member.pk,
            "username": member.username,
            "name": member.real_name,
            "must_change_password": True,
        },
    )


def _member(user, user_id: int) -> User:
    found = queries.staff_visible_to(user).filter(pk=user_id).first()
    if found is None:
        raise NotFound("未找到该工作人员，或其不在您的管辖范围内")
    return found


@router.post(
    "/staff/{user_id}/roles", response={201: dict}, auth=token_or_session, summary="分配角色"
)
def grant(request, user_id: int, payload: RoleIn):
    user = _admin(request)
    member = _member(user, user_id)
    over = _target(user, payload.agency_usci, payload.jurisdiction)
    a = services.grant_role(
        member, payload.role, over, by=user, centre=_centre_for(user, payload.centre_id)
    )
    return Status(201, {"id": a.pk, "role": a.role, "over": str(over)})


@router.delete(
    "/staff/{user_id}/roles/{assignment_id}",
    response={204: None},
    auth=token_or_session,
    summary="撤销角色",
)
def revoke(request, user_id: int, assignment_id: int):
    user = _admin(request)
    member = _member(user, user_id)
    found = RoleAssignment.objects.filter(pk=assignment_id, user=member).first()
    if found is None:
        raise NotFound("未找到该角色")
    services.revoke_role(found, by=user)
    return Status(204, None)


@router.post(
    "/network/import",
    response=ImportOut,
    auth=token_or_session,
    summary="导入服务网络（XLSX：服务中心、窗口、工作人员三张工作表）",
)
def import_network(
    request,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
    partial: Form[bool] = False,
):
    """任一行有误时不导入任何数据（`partial=true` 时只导入无误的行）；错误按工作表和行号列出。
    新账户的初始密码只在本次回复中出现一次。"""
    user = _admin(request)
    report = network_sheets.import_workbook(file.read(), by=user, dry_run=dry_run, partial=partial)
    return report.as_dict()


@router.get(
    "/network/export", auth=token_or_session, summary="导出服务网络（XLSX）", response={200: None}
)
def export_network(request, jurisdiction: str):
    j, data = network_sheets.export_for(_admin(request), jurisdiction)
    response = HttpResponse(data, content_type=network_sheets.XLSX)
    response["Content-Disposition"] = f'attachment; filename="network-{j.code}.xlsx"'
    return response
