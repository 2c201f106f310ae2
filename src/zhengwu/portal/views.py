"""The public shell: the 州 home page, a sub-site for every county, township and village,
the deadline calculator, the staff workbench shell and the citizen's own page."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from zhengwu.core import calendar, limits
from zhengwu.core.errors import ServiceError
from zhengwu.org import queries as org_queries
from zhengwu.org import scopes
from zhengwu.org import tokens as org_tokens
from zhengwu.org.models import Jurisdiction, User

from . import sites
from . import workbench as workbench_registry


def site_of(code: str | None) -> Jurisdiction:
    """The jurisdiction a page belongs to; 404 for an unknown code."""
    if not code:
        j = (
            Jurisdiction.objects.filter(code=settings.ZHENGWU_ROOT_JURISDICTION).first()
            or org_queries.root()
        )
    else:
        j = Jurisdiction.objects.filter(code=code).first()
    if j is None:
        raise Http404("没有这个站点")
    return j


def site_prefix(j: Jurisdiction) -> str:
    return f"/site/{j.code}" if j.parent_id else ""


def home(request, code: str | None = None):
    j = site_of(code)
    if code and not j.parent_id:
        return redirect("/")
    children = j.children.order_by("code")
    context = {
        "j": j,
        "prefix": site_prefix(j),
        "breadcrumb": list(j.ancestors()),
        "children": children,
        "agencies": org_queries.agencies(j).order_by("kind", "name")[:60],
        "centres": org_queries.centres(j).filter(jurisdiction=j),
        "sections": workbench_registry.home_sections(j),
        "site_nav": workbench_registry.site_columns(j),
    }
    return render(request, "portal/home.html", context)


def deadline(request):
    """A citizen checks a due date: the same computation as GET /api/v1/calendar/deadline."""
    result, error = None, None
    start = request.GET.get("start", "")
    workdays = request.GET.get("workdays", "20")
    code = request.GET.get("jurisdiction", "")
    law = request.GET.get("limit", "")
    status = 200
    if "start" in request.GET:
        try:
            result = compute_deadline(start, workdays, code, law)
        except ServiceError as e:
            error, status = e.message, e.status
    return render(
        request,
        "portal/deadline.html",
        {
            "result": result,
            "error": error,
            "start": start,
            "workdays": workdays,
            "jurisdiction": code,
            "limit": law,
            "limits": [x for x in limits.all_limits() if x.unit == limits.WORKDAYS],
            "counties": Jurisdiction.objects.filter(
                level__in=[Jurisdiction.PREFECTURE, Jurisdiction.COUNTY]
            ),
        },
        status=status,
    )


def compute_deadline(
    start: str, workdays: str, jurisdiction_code: str = "", limit: str = ""
) -> dict:
    """`limit`: the code of a statutory limit (core.limits) counted in working days; its value
    where the jurisdiction is replaces `workdays`, and the result cites its article."""
    from zhengwu.core.errors import Invalid, NotFound

    if not start:
        raise Invalid(
            "请填写起算日期（收到申请之日），格式为YYYY-MM-DD", code="start_required", field="start"
        )
    try:
        start_date = dt.date.fromisoformat(start.strip())
    except ValueError:
        raise Invalid(
            "起算日期格式不正确，应为YYYY-MM-DD，例如2025-09-26",
            code="start_invalid",
            field="start",
        ) from None
    code = (jurisdiction_code or "").strip()
    if code and not Jurisdiction.objects.filter(code=code).exists():
        raise NotFound(f"区划代码“{code}”不存在", code="unknown_jurisdiction", field="jurisdiction")
    if limit:
        law = limits.get(limit, code)
        if law.unit != limits.WORKDAYS:
            raise Invalid("该期限按日计算，不适用工作日计算", code="not_workdays", field="limit")
        return calendar.explain(start_date, law.days, code) | {"basis": law.citation}
    try:
        n = int(str(workdays).strip())
    except ValueError:
        raise Invalid("工作日数应为整数", code="workdays_invalid", field="workdays") from None
    if n < 0:
        raise Invalid("工作日数不能为负数", code="negative_workdays", field="workdays")
    if n > 3650:
        raise Invalid("工作日数过大（不超过3650）", code="workdays_too_large", field="workdays")
    return calendar.explain(start_date, n, code)


@login_required
def workbench(request):
    user = request.user
    if user.kind != User.STAFF:
        return redirect("/my/")
    roles = scopes.assignments(user)
    panels = workbench_registry.panels(user)
    return render(
        request,
        "portal/workbench.html",
        {
            "roles": roles,
            "panels": panels,
            "can_see_staff": org_queries.can_see_staff(user),
            "can_manage_tokens": org_tokens.can_manage_staff_tokens(user),
            "can_edit_sites": sites.may_edit_any(user),
        },
    )


@login_required
def my(request):
    user = request.user
    if user.kind == User.STAFF:
        return redirect("/workbench/")
    return render(request, "portal/my.html", {"panels": workbench_registry.citizen_panels(user)})
