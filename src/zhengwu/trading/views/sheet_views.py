"""工作台 › 公共资源交易 › 导入、导出: a body's officer uploads the workbook of its trading system
(checked first, loaded only when every row is right unless 只导入无误的行 is ticked; every row
through the same services as the pages) and downloads the projects it sees in the same shape."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.org import permissions, scopes

from .. import queries, services, sheet_export, sheets
from ..permissions import BODY

MAX_BYTES = 20 * 1024 * 1024


def _importer(request):
    if not permissions.allows_somewhere(request.user, services.CREATED):
        raise PermissionDenied
    return request.user


def _exporter(request):
    user = request.user
    if not (queries.may_act(user) or scopes.has_role(user, *queries.WATCHERS)):
        raise PermissionDenied
    return user


def _own_codes(user) -> list[str]:
    """The jurisdictions the user's trading roles are in: the export links of the page."""
    codes: list[str] = []
    for a in scopes.assignments(user, [*BODY, *queries.WATCHERS]):
        j = a.agency.jurisdiction if a.agency is not None else a.jurisdiction
        if j is not None and j.code not in codes:
            codes.append(j.code)
    return codes


@login_required
def import_page(request):
    user = _importer(request)
    report, error, status = None, None, 200
    options = {"dry_run": False, "partial": False}
    if request.method == "POST":
        options = {k: bool(request.POST.get(k)) for k in options}
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise Invalid("请选择要导入的 .xlsx 工作簿", code="no_file")
            if upload.size > MAX_BYTES:
                raise Invalid("文件超过20MB，请按年度或区划分批导入", code="too_large")
            report = sheets.import_workbook(upload.read(), by=user, **options)
        except ServiceError as e:
            error, status = e, 422
        else:
            if report.loaded:
                messages.success(
                    request,
                    f"已导入：{report.summary()}。导入的项目在“公共资源交易”项目列表中，"
                    "进行中的期限已由电子监察跟踪。",
                )
            elif options["dry_run"] and not report.errors:
                messages.success(
                    request, f"检查通过，未导入：{report.summary()}。取消“只检查”后再导入。"
                )
            else:
                status = 422
    year = timezone.localdate().year
    return render(
        request,
        "trading/sheets/import.html",
        {
            "report": report,
            "error": error,
            "options": options,
            "codes": _own_codes(user),
            "years": [year, year - 1],
        },
        status=status,
    )


@login_required
def export_file(request):
    user = _exporter(request)
    codes = _own_codes(user)
    code = request.GET.get("jurisdiction", "") or (codes[0] if codes else "433100")
    raw_year = request.GET.get("year", "").strip()
    try:
        year = int(raw_year) if raw_year else None
        if year is not None and not (2000 <= year <= dt.date.max.year):
            raise ValueError
    except ValueError:
        return render(
            request,
            "portal/error.html",
            {"title": "无法导出", "text": f"年度“{raw_year}”不正确，应为四位数字，如2026"},
            status=422,
        )
    try:
        j, data = sheet_export.export_for(user, code, year)
    except ServiceError as e:
        return render(
            request, "portal/error.html", {"title": "无法导出", "text": e.message}, status=e.status
        )
    response = HttpResponse(data, content_type=sheets.XLSX)
    name = f"trading-{j.code}{f'-{year}' if year else ''}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
