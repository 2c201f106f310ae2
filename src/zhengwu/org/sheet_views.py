"""工作台 › 导入、导出服务网络: the office uploads its workbook (checked first, loaded only when
every row is right unless it ticks 只导入无误的行) and downloads its own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from zhengwu.core.errors import Invalid, ServiceError

from . import network_sheets, permissions, scopes
from .models import Role

MAX_BYTES = 10 * 1024 * 1024


def _admin(request):
    if not permissions.allows_somewhere(request.user, "org.network_imported"):
        raise PermissionDenied
    return request.user


def _own_codes(user) -> list[str]:
    held = scopes.assignments(user, [Role.OPENNESS_ADMIN])
    return [a.jurisdiction.code for a in held if a.jurisdiction]


@login_required
def import_page(request):
    user = _admin(request)
    report, error, status = None, None, 200
    options = {"dry_run": False, "partial": False}
    if request.method == "POST":
        options = {k: bool(request.POST.get(k)) for k in options}
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise Invalid("请选择要导入的 .xlsx 文件", code="no_file")
            if upload.size > MAX_BYTES:
                raise Invalid("文件超过10MB，请分批导入", code="too_large")
            report = network_sheets.import_workbook(upload.read(), by=user, **options)
        except ServiceError as e:
            error, status = e, 422
        else:
            if report.loaded:
                messages.success(
                    request,
                    f"已导入：{report.summary()}。"
                    + ("新账户的初始密码只显示这一次，请立即分发。" if report.passwords else ""),
                )
            elif options["dry_run"] and not report.errors:
                messages.success(
                    request, f"检查通过，未导入：{report.summary()}。取消“只检查”后再导入。"
                )
            else:
                status = 422
    return render(
        request,
        "org/network/import.html",
        {
            "report": report,
            "error": error,
            "options": options,
            "codes": _own_codes(user),
        },
        status=status,
    )


@login_required
def export_file(request):
    user = _admin(request)
    codes = _own_codes(user)
    code = request.GET.get("jurisdiction", "") or (codes[0] if codes else "")
    try:
        j, data = network_sheets.export_for(user, code)
    except ServiceError as e:
        return render(
            request,
            "portal/error.html",
            {"title": "无法导出", "text": e.message},
            status=e.status,
        )
    response = HttpResponse(data, content_type=network_sheets.XLSX)
    response["Content-Disposition"] = f'attachment; filename="network-{j.code}.xlsx"'
    return response
