"""工作台 › 服务网络 (/workbench/org/centres/, …/windows/, …/agencies/): the openness office sets
up its centres, windows, village rooms with their 代办员, and agencies. Out of scope is 404; a
refused or bad form re-renders with the reason and what was typed (422/403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render

from zhengwu.core.errors import Invalid, NotFound, ServiceError

from . import network, permissions, scopes, services
from .models import Agency, Jurisdiction, Role, ServiceCentre, User, Window

CENTRE_FORM = [*network.CENTRE_TEXT, "kind", "floor_area", "jurisdiction", *network.STANDARDS]
AGENCY_FORM = [*network.AGENCY_TEXT, "kind", "usci", "jurisdiction"]


def _admin(request) -> User:
    user = request.user
    if user.kind != User.STAFF and not user.is_superuser:
        raise PermissionDenied
    if not permissions.allows_somewhere(user, "org.centre_created"):
        raise PermissionDenied
    return user


def _form(request, names) -> dict:
    return {k: request.POST.get(k, "").strip() for k in names}


def _centre(user, pk) -> ServiceCentre:
    try:
        return network.centre_in_scope(user, pk)
    except NotFound as e:
        raise Http404(e.message) from None


def _places(user):
    """The jurisdictions down to townships under the office's scope, for the code's datalist."""
    paths = [a.path for a in scopes.assignments(user, [Role.OPENNESS_ADMIN])]
    qs = Jurisdiction.objects.exclude(level=Jurisdiction.VILLAGE)
    if not user.is_superuser:
        q = Q(pk__in=[])
        for p in paths:
            q |= Q(path__startswith=p)
        qs = qs.filter(q)
    return qs.order_by("path")


@login_required
def centres(request):
    """The centres of my jurisdictions; a room whose 代办员 are not one or two is flagged. The
    form below makes a new one."""
    user = _admin(request)
    rows = network.centres_visible_to(user).order_by("scope_path", "name")
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(name__contains=q)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for c in page:
        c.flagged = network.agents_flagged(c)
    data: dict = {"kind": ServiceCentre.CENTRE}
    error, status = None, 200
    if request.method == "POST":
        data = _form(request, CENTRE_FORM)
        try:
            centre = network.create_centre(data, by=user)
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(request, _created_message(centre))
            return redirect(f"/workbench/org/centres/{centre.pk}/")
    return render(
        request,
        "org/network/centres.html",
        {
            "page": page,
            "q": q,
            "data": data,
            "error": error,
            "kinds": ServiceCentre.KINDS,
            "standard_rows": _standards(data),
            "places": _places(user),
            "flagged": network.flagged_rooms(_scope_path(user)),
        },
        status=status,
    )


def _scope_path(user) -> str:
    held = scopes.assignments(user, [Role.OPENNESS_ADMIN])
    return min((a.path for a in held), key=len) if held else ""


def _created_message(centre: ServiceCentre) -> str:
    if centre.kind in network.ROOM_KINDS:
        return f"已新建{centre.name}。下一步：为其配备1至2名代办员。"
    return f"已新建{centre.name}。下一步：设置窗口及进驻单位。"


@login_required
def centre(request, pk: int):
    """One centre: its details (editable), its windows, and for a village room its 代办员."""
    user = _admin(request)
    found = _centre(user, pk)
    data = _centre_data(found)
    error, status = None, 200
    if request.method == "POST":
        data = _form(request, CENTRE_FORM)
        try:
            network.update_centre(found, data, by=user)
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(request, f"{found.name}的信息已保存。")
            return redirect(f"/workbench/org/centres/{found.pk}/")
    return _centre_page(request, user, found, data=data, error=error, status=status)


def _centre_page(request, user, found, *, status=200, **extra):
    agents = found.staff.filter(role=Role.VILLAGE_AGENT).select_related("user")
    context = {
        "centre": found,
        "kinds": ServiceCentre.KINDS,
        "windows": found.windows.prefetch_related("agencies"),
        "agents": agents,
        "is_room": found.kind in network.ROOM_KINDS,
        "flagged": network.agents_flagged(found),
        "agencies": network.agencies_visible_to(user).filter(
            scope_path__startswith=found.scope_path, is_active=True
        ),
        "window_data": {},
        "agent_data": {},
        "data": _centre_data(found),
        **extra,
    }
    context["standard_rows"] = _standards(context["data"])
    return render(request, "org/network/centre.html", context, status=status)


def _standards(data: dict) -> list[tuple[str, str, bool]]:
    return [(name, label, bool(data.get(name))) for name, label in ServiceCentre.STANDARDS]


def _centre_data(found: ServiceCentre) -> dict:
    data = {k: getattr(found, k) for k in CENTRE_FORM if k != "jurisdiction"}
    data["floor_area"] = "" if found.floor_area is None else found.floor_area
    return data


@login_required
def centre_window(request, pk: int):
    """A new window of the centre, with the agencies stationed there."""
    user = _admin(request)
    found = _centre(user, pk)
    if request.method != "POST":
        return redirect(f"/workbench/org/centres/{found.pk}/")
    data = _form(request, ["number", "name"])
    try:
        stationed = network.stationable(found, request.POST.getlist("agencies"))
        window = network.create_window(found, data, stationed, by=user)
    except ServiceError as e:
        data["agencies"] = request.POST.getlist("agencies")
        return _centre_page(request, user, found, window_data=data, window_error=e, status=e.status)
    messages.success(
        request,
        f"已新建{window.number}号窗口（{window.name}）。下一步：为进驻单位任命首席代表并授权审批事项。",
    )
    return redirect(f"/workbench/org/windows/{window.pk}/")


@login_required
def centre_agent(request, pk: int):
    """A new 代办员 account for a village room, with an initial password to change at first login."""
    user = _admin(request)
    found = _centre(user, pk)
    if request.method != "POST":
        return redirect(f"/workbench/org/centres/{found.pk}/")
    data = _form(request, ["username", "real_name", "phone"])
    try:
        if found.kind not in network.ROOM_KINDS:
            raise Invalid("代办员只配备在村（社区）便民服务室或代办点", code="not_a_room")
        with transaction.atomic():  # no account without its role
            agent = services.create_staff(
                username=data["username"],
                real_name=data["real_name"],
                phone=data["phone"],
                password=request.POST.get("password", ""),
                roles=[],
                by=user,
            )
            services.grant_role(
                agent, Role.VILLAGE_AGENT, found.jurisdiction, by=user, centre=found
            )
    except ServiceError as e:
        return _centre_page(request, user, found, agent_data=data, agent_error=e, status=e.status)
    count = found.staff.filter(role=Role.VILLAGE_AGENT).count()
    messages.success(
        request,
        f"已为{found.name}新增代办员{agent.real_name}（现有{count}名），"
        "请将初始密码告知本人，首次登录须修改密码。",
    )
    return redirect(f"/workbench/org/centres/{found.pk}/")


def _window(user, pk) -> Window:
    found = (
        Window.objects.filter(pk=pk, centre__in=network.centres_visible_to(user))
        .select_related("centre", "centre__jurisdiction")
        .first()
    )
    if found is None:
        raise Http404("未找到该窗口，或它不在您的管辖范围内")
    return found


@login_required
def window(request, pk: int):
    """A window: its number, name and stationed agencies (editable); its 首席代表 below."""
    user = _admin(request)
    found = _window(user, pk)
    data = {
        "number": found.number,
        "name": found.name,
        "agencies": [str(a.usci) for a in found.agencies.all()],
    }
    error, status = None, 200
    if request.method == "POST":
        data = {**_form(request, ["number", "name"]), "agencies": request.POST.getlist("agencies")}
        try:
            stationed = network.stationable(found.centre, data["agencies"])
            network.update_window(found, data, stationed, by=user)
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(request, f"{found.number}号窗口已保存。")
            return redirect(f"/workbench/org/windows/{found.pk}/")
    return render(
        request,
        "org/network/window.html",
        {
            "window": found,
            "data": data,
            "error": error,
            "agencies": network.agencies_visible_to(user).filter(
                scope_path__startswith=found.centre.scope_path, is_active=True
            ),
            "stationed": found.agencies.all(),
        },
        status=status,
    )


@login_required
def agencies(request):
    """The agencies of my jurisdictions, and a form for a new one."""
    user = _admin(request)
    rows = network.agencies_visible_to(user).order_by("scope_path", "kind", "name")
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(name__contains=q)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    data: dict = {"kind": Agency.DEPARTMENT}
    error, status = None, 200
    if request.method == "POST":
        data = _form(request, AGENCY_FORM)
        try:
            agency = network.create_agency(data, by=user)
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(
                request,
                f"已新增{agency.name}。下一步：让它进驻服务中心的窗口，并为其配备工作人员。",
            )
            return redirect("/workbench/org/agencies/")
    return render(
        request,
        "org/network/agencies.html",
        {
            "page": page,
            "q": q,
            "data": data,
            "error": error,
            "kinds": Agency.KINDS,
            "places": _places(user),
        },
        status=status,
    )


@login_required
def agency(request, pk: int):
    user = _admin(request)
    found = network.agencies_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该单位，或它不在您的管辖范围内")
    data = {k: getattr(found, k) for k in AGENCY_FORM if k != "jurisdiction"}
    error, status = None, 200
    if request.method == "POST":
        data = {**_form(request, AGENCY_FORM), "usci": found.usci}
        try:
            network.update_agency(found, data, by=user)
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(request, f"{found.name}的信息已保存。")
            return redirect(f"/workbench/org/agencies/{found.pk}/")
    return render(
        request,
        "org/network/agency.html",
        {"agency": found, "data": data, "error": error, "kinds": Agency.KINDS},
        status=status,
    )
