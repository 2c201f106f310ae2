"""The roster pages (/workbench/oversight/supervisors/): the office's supervisors with their
terms (已期满 shown), the form to appoint one (with an account if wanted), a supervisor's page
to change them or give them an account, and the XLSX import with its errors by line."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengwu.core.errors import NotFound, ServiceError

from . import importer, queries, roster
from .models import Supervisor

FORM = ("name", "category", "work_unit", "phone", "jurisdiction", "term_start", "term_end")


def _office(request):
    user = request.user
    if not queries.is_office(user):
        raise PermissionDenied
    return user


def _list(request, *, data=None, error=None, report=None, status=200):
    user = request.user
    today = timezone.localdate()
    rows = list(queries.supervisors_visible_to(user))
    for s in rows:
        s.term_words = s.term_label(today)
    held = queries.office_jurisdictions(user)
    return render(
        request,
        "oversight/supervisors.html",
        {
            "rows": rows,
            "categories": Supervisor.CATEGORIES,
            "jurisdictions": [j for h in held for j in h.subtree().exclude(level="village")],
            "data": data or {"jurisdiction": held[0].code if held else ""},
            "error": error,
            "report": report,
            "columns": importer.TEMPLATE_HEADER,
        },
        status=status,
    )


@login_required
def supervisors(request):
    user = _office(request)
    if request.method != "POST":
        return _list(request)
    data = {k: request.POST.get(k, "") for k in (*FORM, "username")}
    try:
        supervisor = roster.add(
            data,
            roster.jurisdiction(data["jurisdiction"]),
            by=user,
            username=data["username"],
            password=request.POST.get("password", ""),
        )
    except ServiceError as e:
        return _list(request, data=data, error=e, status=e.status)
    account = (
        f"，登录账户为{supervisor.user.username}（初始密码，本人首次登录时须修改）"
        if supervisor.user_id
        else ""
    )
    messages.success(
        request,
        f"已聘任{supervisor}{account}，聘任期至{supervisor.term_end:%Y年%-m月%-d日}。",
    )
    return redirect("/workbench/oversight/supervisors/")


def _supervisor(user, pk) -> Supervisor:
    try:
        return queries.supervisor(user, pk)
    except NotFound:
        raise Http404("该社会监督员不存在") from None


@login_required
def supervisor_page(request, pk):
    user = _office(request)
    s = _supervisor(user, pk)
    data = {k: getattr(s, k) for k in FORM if k != "jurisdiction"}
    error, status = None, 200
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in FORM if k != "jurisdiction"}
        try:
            roster.change(s, data, by=user, version=request.POST.get("version"))
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(request, f"{s.name}的信息已保存。")
            return redirect(f"/workbench/oversight/supervisors/{s.pk}/")
    return render(
        request,
        "oversight/supervisor.html",
        {
            "s": s,
            "term": s.term_label(timezone.localdate()),
            "categories": Supervisor.CATEGORIES,
            "data": data,
            "error": error,
            "items": s.items.select_related("agency")[:50],
        },
        status=status,
    )


@login_required
@require_POST
def supervisor_account(request, pk):
    user = _office(request)
    s = _supervisor(user, pk)
    try:
        roster.give_account(
            s,
            username=request.POST.get("username", ""),
            password=request.POST.get("password", ""),
            by=user,
        )
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect(f"/workbench/oversight/supervisors/{s.pk}/")
    messages.success(
        request, f"已为{s.name}开通平台账户，请将用户名和初始密码告知本人，首次登录须修改密码。"
    )
    return redirect(f"/workbench/oversight/supervisors/{s.pk}/")


@login_required
@require_POST
def supervisors_import(request):
    user = _office(request)
    upload = request.FILES.get("file")
    if upload is None:
        return _list(request, error=ServiceError("请选择要导入的表格文件"), status=422)
    name = upload.name.lower()
    suffix = ".csv" if name.endswith(".csv") else ".xlsx"
    try:
        report = importer.load(upload.read(), by=user, suffix=suffix)
    except ServiceError as e:
        return _list(request, error=e, status=e.status)
    if report.errors:
        return _list(request, report=report, status=422)
    messages.success(request, f"导入完成：{report.summary}。")
    return redirect("/workbench/oversight/supervisors/")


@login_required
def supervisors_template(request):
    """An empty workbook with the import's columns and one example row."""
    _office(request)
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "社会监督员名册"
    sheet.append(importer.TEMPLATE_HEADER)
    sheet.append(["彭秀英", "人大代表", "吉首市乾州街道社区主任", "13907431234", "433101",
                  "2026-01-01", "2030-12-31"])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''supervisors.xlsx"
    return response
