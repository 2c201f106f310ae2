"""The openness office's page of statutory limits (core.limits): every limit with its article
and value, and a jurisdiction's own value for the limits local rules may set. A 政务公开办 sets
its own jurisdiction's values only (the 州's office the 州's, a county's the county's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core import limits
from zhengwu.core.errors import NotAllowed, ServiceError
from zhengwu.org import permissions, scopes
from zhengwu.org.models import Jurisdiction

from . import errors


def _offices(user) -> list[Jurisdiction]:
    """The jurisdictions whose limits `user` sets: those of their 政务公开办 roles."""
    if user.is_superuser:
        return list(
            Jurisdiction.objects.filter(
                level__in=[Jurisdiction.PREFECTURE, Jurisdiction.COUNTY]
            ).order_by("path")
        )
    found: dict[str, Jurisdiction] = {
        a.jurisdiction.code: a.jurisdiction
        for a in scopes.assignments(user, permissions.rule_for("limits.local_set").roles)
        if a.jurisdiction is not None
    }
    if not found:
        raise NotAllowed("法定期限由政务公开办管理员维护")
    return sorted(found.values(), key=lambda j: j.path)


def _office(user, code: str) -> Jurisdiction:
    for j in _offices(user):
        if j.code == code:
            return j
    raise NotAllowed("您只能设置本辖区的期限")


def _law(code: str) -> limits.Limit:
    try:
        return limits.national(code)
    except ServiceError:
        raise Http404("没有该法定期限") from None


def _refused(request, e: NotAllowed):
    return errors.page(request, 403, text=e.message)


@login_required
def limit_list(request):
    try:
        offices = _offices(request.user)
    except NotAllowed as e:
        return _refused(request, e)
    rows = []
    for law in limits.all_limits():
        places = []
        for j in offices:
            applies = limits.get(law.code, j.code)
            places.append({"j": j, "limit": applies, "own": applies.jurisdiction_code})
        rows.append({"law": law, "places": places})
    return render(request, "portal/limits.html", {"rows": rows, "offices": offices})


@login_required
def limit_edit(request, code: str, jurisdiction: str):
    try:
        j = _office(request.user, jurisdiction)
    except NotAllowed as e:
        return _refused(request, e)
    law = _law(code)
    if not law.configurable:
        raise Http404("该期限由法律法规规定，地方不能另行规定")
    current = limits.get(code, j.code)
    own = limits.own_value(code, j.code)
    form = {"days": str(current.days), "unit": current.unit, "reason": own.reason if own else ""}
    error, status = None, 200
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in form}
        try:
            limits.set_local(
                code, j.code, days=form["days"], unit=form["unit"], reason=form["reason"],
                by=request.user,
            )  # fmt: skip
            saved = limits.get(code, j.code)
            messages.success(
                request, f"{j.name}的“{law.name}”已设为{saved.amount}，新开始计算的期限按此执行。"
            )
            return redirect("/workbench/limits/")
        except ServiceError as e:
            error, status = e, e.status
    return render(
        request,
        "portal/limit_edit.html",
        {
            "j": j,
            "law": law,
            "current": current,
            "own": own,
            "form": form,
            "error": error,
            "units": list(limits.UNIT_LABELS.items()),
        },
        status=status,
    )


@login_required
@require_POST
def limit_remove(request, code: str, jurisdiction: str):
    try:
        j = _office(request.user, jurisdiction)
    except NotAllowed as e:
        return _refused(request, e)
    law = _law(code)
    try:
        limits.remove_local(code, j.code, by=request.user)
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("/workbench/limits/")
    messages.success(
        request,
        f"{j.name}已取消本地规定，“{law.name}”按{limits.get(code, j.code).citation}计算。",
    )
    return redirect("/workbench/limits/")
