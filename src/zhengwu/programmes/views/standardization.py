"""/workbench/programmes/standardization/: the county view (per county its centres, how many
are fully standardized, how many planned this year, when all will be done at this pace), each
centre's plan for a year with its inspections, and the forms that change them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ServiceError
from zhengwu.org.models import ServiceCentre

from .. import conf, queries
from ..models import STANDARDS, InspectionFile, StandardizationPlan
from ..services import standardization as services
from .common import download, staff, year_of


def _county_page(request, user, year: int, *, error=None, form=None, status=200):
    rows = queries.county_rows(queries.counties_visible_to(user), year)
    for r in rows:
        r.text = r.outlook(year)  # type: ignore[attr-defined]
    return render(
        request,
        "programmes/std_counties.html",
        {
            "year": year,
            "rows": rows,
            "per_year": conf.centres_per_year(),
            "error": error,
            "form": form or {},
        },
        status=status,
    )


@login_required
def county_view(request):
    user = staff(request)
    return _county_page(request, user, year_of(request))


def _centre(user, pk: int) -> ServiceCentre:
    centre = queries.centres_visible_to(user).filter(pk=pk).first()
    if centre is None:
        raise Http404("没有这个服务中心，或不在您的辖区")
    return centre


def _plan_context(centre, year, plan, **extra) -> dict:
    items = {i.standard: i for i in plan.items.all()} if plan else {}
    rows = []
    for std, label in STANDARDS:
        item = items.get(std)
        typed = extra.get("data") or {}
        rows.append(
            {
                "std": std,
                "label": label,
                "met": getattr(centre, std),
                "item": item,
                "task": typed.get(f"task_{std}", ""),
                "due": typed.get(f"due_{std}", ""),
            }
        )
    return {
        "centre": centre,
        "year": year,
        "plan": plan,
        "rows": rows,
        "inspections": plan.inspections.prefetch_related("findings", "files") if plan else [],
        "kinds": [("acceptance", "验收"), ("check", "检查")],
        **extra,
    }


@login_required
def plan_page(request, pk: int, year: int):
    user = staff(request)
    centre = _centre(user, pk)
    plan = StandardizationPlan.objects.filter(centre=centre, year=year).first()
    data: dict = {}
    if plan:
        for i in plan.items.all():
            data[f"task_{i.standard}"] = i.task
            data[f"due_{i.standard}"] = i.due_on.isoformat()
        data["note"] = plan.note
    error, status = None, 200
    if request.method == "POST":
        data = request.POST.dict()
        try:
            plan = services.save_plan(centre, year, data, by=user)
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(
                request,
                f"{centre.name}{year}年标准化建设计划已保存，计划于{plan.deadline:%Y年%m月%d日}前完成。"
                "下一步：按期组织验收并登记结果。",
            )
            return redirect(request.path)
    return render(
        request,
        "programmes/std_plan.html",
        _plan_context(centre, year, plan, data=data, error=error, form={}),
        status=status,
    )


@login_required
@require_POST
def inspect(request, pk: int, year: int):
    user = staff(request)
    centre = _centre(user, pk)
    plan = StandardizationPlan.objects.filter(centre=centre, year=year).first()
    if plan is None:
        raise Http404("请先制定该年度的标准化建设计划")
    form = request.POST.dict()
    try:
        inspection = services.record_inspection(
            plan, form, files=request.FILES.getlist("files"), by=user
        )
    except ServiceError as e:
        return render(
            request,
            "programmes/std_plan.html",
            _plan_context(centre, year, plan, data={}, form=form, inspect_error=e),
            status=e.status,
        )
    met = [dict(STANDARDS)[f.standard] for f in inspection.findings.all() if f.met]
    centre.refresh_from_db()
    says = f"，认定{'、'.join(met)}标准化达标" if met else "，本次无达标项"
    left = len(STANDARDS) - centre.standards_met
    after = f"尚有{left}项未达标，请按计划整改后再验收。" if left else "五项标准已全部达标。"
    messages.success(request, f"已登记{inspection.get_kind_display()}结果{says}。{after}")
    return redirect(f"/workbench/programmes/standardization/centres/{centre.pk}/{year}/")


@login_required
def inspection_file(request, pk: int, year: int, file_id: int):
    user = staff(request)
    centre = _centre(user, pk)
    f = get_object_or_404(InspectionFile, pk=file_id, inspection__plan__centre=centre)
    return download(f.file, f.name)
