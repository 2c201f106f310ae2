"""The staff pages of 公共企事业单位 (/workbench/ggqsy/): the bodies one oversees with their
empty and stale columns, registering a body (by form or spreadsheet), a body's catalogue and
its officer's account, and the sectors' column sets. Out of scope is 404; a refused or bad
form re-renders with the reason and what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ServiceError
from zhengwu.disclosure import files as upload
from zhengwu.org import permissions
from zhengwu.org import queries as org_queries
from zhengwu.org.models import Agency, Jurisdiction, User

from . import importer, queries, services
from .models import Sector

BODY_FIELDS = (
    "usci",
    "name",
    "jurisdiction",
    "sector",
    "supervisor",
    "contact_person",
    "contact_phone",
)


def _staff(request):
    user = request.user
    if user.kind != User.STAFF and not user.is_superuser:
        raise PermissionDenied
    return user


def _may_register(user) -> bool:
    return permissions.allows_somewhere(user, services.REGISTER)


def _may_edit_sectors(user) -> bool:
    root = org_queries.root()
    return root is not None and permissions.allows(
        user, services.SECTOR_SAVE, agency_id=None, path=root.path
    )


def _home_context(user, form=None, error=None, report=None, **extra) -> dict:
    rows = []
    for body in queries.visible_to(user)[:300]:
        states = queries.column_states(body)
        rows.append(
            {
                "body": body,
                "columns": len(states),
                "empty": sum(1 for s in states if s.latest is None),
                "stale": sum(1 for s in states if s.latest is not None and s.stale),
            }
        )
    may_register = _may_register(user)
    return {
        "rows": rows,
        "may_register": may_register,
        "may_edit_sectors": _may_edit_sectors(user),
        "sectors": Sector.objects.all(),
        "jurisdictions": Jurisdiction.objects.exclude(level=Jurisdiction.VILLAGE).order_by("path")
        if may_register
        else [],
        "departments": Agency.objects.filter(kind=Agency.DEPARTMENT, is_active=True).select_related(
            "jurisdiction"
        )
        if may_register
        else [],
        "form": form or {},
        "error": error,
        "report": report,
        "dept_form": {},
        **extra,
    }


@login_required
def wb_home(request):
    user = _staff(request)
    return render(request, "public_bodies/wb_home.html", _home_context(user))


@login_required
@require_POST
def wb_register(request):
    user = _staff(request)
    form = {k: request.POST.get(k, "").strip() for k in BODY_FIELDS}
    try:
        body = services.register_body(form, by=user)
    except ServiceError as e:
        return render(
            request, "public_bodies/wb_home.html", _home_context(user, form, e), status=e.status
        )
    messages.success(
        request,
        f"已登记“{body.agency.name}”，其{body.sector.name}行业公开栏目已建立；"
        "下一步请为该单位开设信息公开工作人员账户。",
    )
    return redirect(f"/workbench/ggqsy/{body.agency.usci}/")


@login_required
@require_POST
def wb_import(request):
    user = _staff(request)
    if not _may_register(user):
        raise PermissionDenied
    sheet = request.FILES.get("file")
    try:
        data = upload.read_upload(sheet, what="登记表")
        suffix = ".csv" if sheet.name.lower().endswith(".csv") else ".xlsx"
        report = importer.import_file(
            data, by=user, suffix=suffix, partial=request.POST.get("partial") == "1"
        )
    except ServiceError as e:
        return render(
            request, "public_bodies/wb_home.html", _home_context(user, error=e), status=e.status
        )
    if report.errors and not report.loaded:
        return render(
            request, "public_bodies/wb_home.html", _home_context(user, report=report), status=422
        )
    messages.success(
        request,
        f"已登记{report.loaded}个公共企事业单位"
        + (f"，{len(report.errors)}行有误未登记，请修改后重新导入这些行" if report.errors else "")
        + "。下一步请为各单位开设信息公开工作人员账户。",
    )
    return redirect("/workbench/ggqsy/")


@login_required
@require_POST
def wb_department(request):
    user = _staff(request)
    dept = {k: request.POST.get(k, "").strip() for k in ("usci", "name", "jurisdiction")}
    try:
        agency = services.create_department(dept, by=user)
    except ServiceError as e:
        ctx = _home_context(user, dept_form=dept, dept_error=e)
        return render(request, "public_bodies/wb_home.html", ctx, status=e.status)
    messages.success(request, f"已新增主管部门“{agency.name}”，现在可以登记由其主管的单位。")
    return redirect("/workbench/ggqsy/")


def _body_context(user, body, **extra) -> dict:
    may_edit = permissions.allows(
        user, services.EDIT, agency_id=body.supervisor_id, path=body.scope_path
    )
    return {
        "body": body,
        "states": queries.column_states(body),
        "may_edit": may_edit,
        "may_publish": permissions.allows(
            user, "disclosure.document.create", agency_id=body.agency_id, path=body.scope_path
        ),
        "may_open_account": permissions.allows(
            user, "account.staff_created", agency_id=body.agency_id, path=body.scope_path
        ),
        "officers": body.agency.staff.select_related("user").filter(role="disclosure_officer"),
        "sectors": Sector.objects.all(),
        "departments": queries.supervisors_for(body.agency.jurisdiction) if may_edit else [],
        "form": {
            "sector": body.sector.code,
            "supervisor": body.supervisor.usci,
            "contact_person": body.contact_person,
            "contact_phone": body.contact_phone,
        },
        "account": {},
        **extra,
    }


@login_required
def wb_body(request, usci):
    user = _staff(request)
    body = queries.staff_body(user, usci)
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in BODY_FIELDS}
        try:
            services.edit_body(body, form, by=user)
        except ServiceError as e:
            ctx = _body_context(user, body, form=form, error=e)
            return render(request, "public_bodies/wb_body.html", ctx, status=e.status)
        messages.success(request, "已保存单位信息，公开栏目已按所属行业更新。")
        return redirect(f"/workbench/ggqsy/{body.agency.usci}/")
    return render(request, "public_bodies/wb_body.html", _body_context(user, body))


@login_required
@require_POST
def wb_officer(request, usci):
    user = _staff(request)
    body = queries.staff_body(user, usci)
    account = {k: request.POST.get(k, "").strip() for k in ("username", "real_name", "phone")}
    try:
        officer = services.create_officer(
            body, account | {"password": request.POST.get("password", "")}, by=user
        )
    except ServiceError as e:
        ctx = _body_context(user, body, account=account, account_error=e)
        return render(request, "public_bodies/wb_body.html", ctx, status=e.status)
    messages.success(
        request,
        f"已为“{body.agency.name}”开设信息公开工作人员账户“{officer.username}”；"
        "请将登录用户名和初始密码告知本人，由其登录后在各栏目发布信息。",
    )
    return redirect(f"/workbench/ggqsy/{body.agency.usci}/")


def _sectors_context(**extra) -> dict:
    return {"sectors": queries.sectors(), "new": {}, **extra}


@login_required
def wb_sectors(request):
    user = _staff(request)
    if not _may_edit_sectors(user):
        raise PermissionDenied
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in ("name", "code", "basis", "columns")}
        try:
            sector = services.save_sector(data, by=user)
        except ServiceError as e:
            ctx = _sectors_context(new=data, new_error=e)
            return render(request, "public_bodies/wb_sectors.html", ctx, status=e.status)
        messages.success(request, f"已新增行业“{sector.name}”，可在登记单位时选用。")
        return redirect("/workbench/ggqsy/sectors/")
    return render(request, "public_bodies/wb_sectors.html", _sectors_context())


@login_required
@require_POST
def wb_sector(request, code):
    user = _staff(request)
    if not _may_edit_sectors(user):
        raise PermissionDenied
    sector = Sector.objects.filter(code=code).first()
    if sector is None:
        raise Http404("没有这个行业")
    data = {k: request.POST.get(k, "") for k in ("name", "basis", "columns")}
    try:
        services.save_sector(data, by=user, sector=sector)
    except ServiceError as e:
        ctx = _sectors_context(failed=sector.code, failed_data=data, error=e)
        return render(request, "public_bodies/wb_sectors.html", ctx, status=e.status)
    messages.success(request, f"已保存“{sector.name}”的公开栏目，该行业各单位的目录已同步更新。")
    return redirect("/workbench/ggqsy/sectors/")
