"""Pages for the information released with an answer: the officer attaches and removes it on the
workbench (before the answer is issued); the applicant downloads the files from their own page
or, with number and query code, from the tracking page (throttled as every tracking look-up)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_POST

from zhengwu.core.errors import NotAllowed, NotFound, ServiceError
from zhengwu.core.middleware import client_ip
from zhengwu.disclosure import files
from zhengwu.portal.views import site_of, site_prefix

from . import queries, released, released_archive
from .models import ReleasedItem, Request
from .view_helpers import mine_get, staff_only, track_page


def act(request, req: Request, action: str):
    """The workbench's released-* actions (through views.wb_action: its errors, its page)."""
    p, by = request.POST, request.user
    if action == "released-file":
        upload = request.FILES.get("file")
        data = files.read_upload(upload, what="文件")
        return released.attach_file(
            req, name=upload.name, data=data, title=p.get("title", ""), by=by
        )
    if action == "released-document":
        return released.link_document(req, document_id=p.get("document"), by=by)
    if action == "released-archive":
        return released_archive.attach_record(req, record_id=p.get("record"), by=by)
    if action == "released-remove":
        return released.remove(req, p.get("item", ""), by=by)
    raise NotFound("没有这个操作", code="bad_action")


def file_response(item: ReleasedItem) -> FileResponse:
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=released.download_name(item),
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def mine_file(request, number, item):
    """/my/requests/<number>/released/<item>/: the applicant's own, once answered; anyone else 404."""
    req = mine_get(request, number)
    if not released.downloadable(req):
        raise Http404("该申请尚未答复或没有随答复提供的文件")
    try:
        return file_response(released.get_file(req, item))
    except NotFound as e:
        raise Http404(e.message) from None


@staff_only
def wb_file(request, number, item):
    """The handlers check what they attached, before and after the answer."""
    req = queries.get_visible(request.user, number)
    if not queries.sees_personal_data(request.user, req):
        raise NotAllowed("您无权下载随答复提供的文件")
    return file_response(released.get_file(req, item))


@require_POST
def track_file(request, code=None):
    """xxgk/apply/track/released/: a file, by 申请编号 + 查询码 + the item."""
    try:
        req = queries.track(
            request.POST.get("number", ""),
            request.POST.get("query_code", ""),
            ip=client_ip(request),
        )
        if not released.downloadable(req):
            raise NotFound("该申请尚未答复或没有随答复提供的文件", code="nothing_released")
        item = request.POST.get("item", "")
        return file_response(released.get_file(req, int(item) if item.isdigit() else 0))
    except ServiceError as e:
        j = site_of(code)
        ctx = {"prefix": site_prefix(j), "site_jurisdiction": j, "error": e, "number": ""}
        return track_page(request, ctx, e.status)
