"""What the workbench pages share: the office's gate, the year asked for, the form's re-render
with the reason (422 for bad input, the service's status otherwise) and nothing typed lost."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required  # noqa: F401  (re-exported)
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.utils import timezone

from zhengwu.org import permissions
from zhengwu.org.models import User


def staff(request):
    user = request.user
    if user.kind != User.STAFF and not user.is_superuser:
        raise PermissionDenied
    if not permissions.allows_somewhere(user, "programmes.std_plan.save"):
        raise PermissionDenied
    return user


def year_of(request, default: int | None = None) -> int:
    raw = str(request.GET.get("year") or request.POST.get("year") or "").strip()
    this = default or timezone.localdate().year
    if raw.isdigit() and 2011 <= int(raw) <= 2099:
        return int(raw)
    return this


def download(field_file, name: str):
    if not field_file:
        raise Http404("文件不存在")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    return FileResponse(handle, as_attachment=True, filename=name)
