"""/workbench/programmes/training/ and /cases/: training sessions with counts per body per year,
an XLSX import of sessions, and best-practice cases through their review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.org import permissions, scopes
from zhengwu.org.models import Agency, Jurisdiction

from .. import imports, queries
from ..models import BestCase
from ..models.training import office_name
from ..permissions import OFFICE
from ..services import common
from ..services import training as services
from .common import staff, year_of


def _agencies(user):
    """The bodies the user may name as organiser or attendee: those of their reach."""
    return (
        Agency.objects.filter(queries.office_scope(user), is_active=True)
        .select_related("jurisdiction")
        .order_by("scope_path", "kind", "name")
    )


def _offices(user) -> list[tuple[str, str]]:
    """The 政务公开办 the user may name as organiser: their own and the counties below."""
    places: list[Jurisdiction] = []
    for a in scopes.assignments(user, OFFICE):
        if a.jurisdiction is not None and a.jurisdiction not in places:
            places.append(a.jurisdiction)
    for c in queries.counties_visible_to(user).order_by("code"):
        if c not in places:
            places.append(c)
    return [(f"j:{j.code}", office_name(j)) for j in places]


def _training_context(user, year, **extra):
    sessions = list(
        queries.trainings_visible_to(user)
        .filter(held_on__year=year)
        .select_related("jurisdiction")
        .prefetch_related("attendee_bodies", "files")
    )
    per_body: dict[str, dict] = {}
    attended: dict[str, int] = {}
    for s in sessions:
        row = per_body.setdefault(s.organiser_name, {"name": s.organiser_name, "n": 0, "people": 0})
        row["n"] += 1
        row["people"] += s.attendee_count
        for b in s.attendee_bodies.all():
            attended[b.name] = attended.get(b.name, 0) + 1
    return {
        "year": year,
        "sessions": sessions,
        "per_body": sorted(per_body.values(), key=lambda r: (-r["n"], r["name"])),
        "attended": sorted(attended.items(), key=lambda kv: (-kv[1], kv[0])),
        "offices": _offices(user),
        "agencies": _agencies(user)[:500],
        **extra,
    }


@login_required
def training(request):
    user = staff(request)
    year = year_of(request)
    data: dict = {}
    error, status = None, 200
    if request.method == "POST":
        data = request.POST.dict()
        try:
            session = services.record_session(
                data,
                request.POST.getlist("bodies"),
                files=request.FILES.getlist("files"),
                by=user,
            )
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(
                request,
                f"已登记培训“{session.subject}”（{session.attendee_count}人参训），已计入{session.organiser_name}{session.held_on.year}年培训统计。",
            )
            return redirect(f"/workbench/programmes/training/?year={session.held_on.year}")
    return render(
        request,
        "programmes/training.html",
        _training_context(user, year, data=data, error=error),
        status=status,
    )


@login_required
@require_POST
def training_import(request):
    user = staff(request)
    year = year_of(request)
    upload = request.FILES.get("sheet")
    try:
        if upload is None:
            raise Invalid("请选择要导入的 XLSX 或 CSV 文件", code="file_required", field="sheet")
        done = imports.import_training(
            upload.read(), suffix=upload.name.rsplit(".", 1)[-1], by=user
        )
    except imports.SheetErrors as e:
        return render(
            request,
            "programmes/training.html",
            _training_context(user, year, import_errors=e.errors),
            status=422,
        )
    except ServiceError as e:
        return render(
            request,
            "programmes/training.html",
            _training_context(user, year, import_error=e),
            status=e.status,
        )
    messages.success(request, f"已导入{len(done)}期培训，已计入各单位的培训统计。")
    return redirect(f"/workbench/programmes/training/?year={year}")


# --- best-practice cases -----------------------------------------------------------------------

CASE_DONE = {
    "edit": "修改已保存，核对无误后请提交审核。",
    "submit": "已提交审核，州政务公开办审核后将在门户网站发布。",
    "return": "已退回修改，退回理由已告知撰写单位。",
    "publish": "已发布，公众可在政府信息公开专栏的典型经验案例中查看。",
    "withdraw": "已撤回，门户网站不再显示该案例。",
}


def _places(user):
    counties = list(queries.counties_visible_to(user).order_by("code"))
    root = Jurisdiction.objects.filter(parent__isnull=True).first()
    if root is not None and common.may_prefecture(user, "programmes.case.create"):
        return [root, *counties]
    return counties


@login_required
def cases(request):
    user = staff(request)
    data: dict = {}
    error, status = None, 200
    places = _places(user)
    if request.method == "POST":
        data = request.POST.dict()
        j = next((p for p in places if p.code == data.get("jurisdiction")), None)
        try:
            if j is None:
                raise Http404
            case = services.create_case(j, data, request.FILES.get("picture"), by=user)
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(request, "案例已保存为草稿，核对无误后请提交审核。")
            return redirect(f"/workbench/programmes/cases/{case.pk}/")
    return render(
        request,
        "programmes/cases.html",
        {
            "cases": queries.cases_visible_to(user).order_by("-id")[:100],
            "places": places,
            "data": data,
            "error": error,
        },
        status=status,
    )


def _case(user, pk: int) -> BestCase:
    case = queries.cases_visible_to(user).filter(pk=pk).first()
    if case is None:
        raise Http404("没有这个案例，或不在您的辖区")
    return case


def _case_context(user, case, **extra):
    return {
        "case": case,
        "author": permissions.allows(
            user, "programmes.case.submit", agency_id=None, path=case.scope_path
        ),
        "reviewer": common.may_prefecture(user, "programmes.case.publish"),
        **extra,
    }


@login_required
def case_page(request, pk: int):
    user = staff(request)
    case = _case(user, pk)
    return render(request, "programmes/case.html", _case_context(user, case, data={}))


@login_required
@require_POST
def case_action(request, pk: int):
    user = staff(request)
    case = _case(user, pk)
    action = request.POST.get("action", "")
    version = request.POST.get("version")
    reason = request.POST.get("reason")
    try:
        if action == "edit":
            services.edit_case(case, request.POST.dict(), by=user, version=version)
        elif action == "submit":
            services.submit_case(case, by=user, version=version)
        elif action == "return":
            services.return_case(case, reason, by=user, version=version)
        elif action == "publish":
            services.publish_case(case, by=user, version=version)
        elif action == "withdraw":
            services.withdraw_case(case, reason, by=user, version=version)
        else:
            raise Http404("没有这个操作")
    except ServiceError as e:
        return render(
            request,
            "programmes/case.html",
            _case_context(user, case, error=e, data=request.POST.dict()),
            status=e.status,
        )
    messages.success(request, CASE_DONE[action])
    return redirect(f"/workbench/programmes/cases/{case.pk}/")
