"""The 公文库 on the workbench (staff only): the list with its filters and staff search, the
register form grouped as GB/T 9704 groups the elements (版头, 主体, 版记, then 公开属性), a
record as a 公文 summary with its secrecy mark, files, 主动公开 document and audit trail, the
correction form, the file upload and the register import."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengwu.core import audit
from zhengwu.core import trail as core_trail
from zhengwu.core.errors import Invalid, NotAllowed, NotFound, ServiceError
from zhengwu.core.idempotency import idempotent
from zhengwu.disclosure import files as upload
from zhengwu.disclosure.requests.view_helpers import staff_only

from . import importer, queries, secrecy
from .models import DOC_TYPES, OfficialDocument
from .services import records
from .services.records import FIELDS

PAGE_SIZE = 30


def _choices() -> dict:
    return {
        "doc_types": DOC_TYPES,
        "secrecy_levels": OfficialDocument.SECRECY,
        "urgencies": OfficialDocument.URGENCY,
        "attributes": OfficialDocument.ATTRIBUTES,
        "grounds": OfficialDocument.WITHHELD_GROUNDS[1:],
    }


@staff_only
def wb_list(request):
    qs = queries.visible_to(request.user)
    qs, kept = queries.filtered(qs, request.GET)
    q = request.GET.get("q", "").strip()
    ctx = {
        "kept": kept,
        "q": q,
        "searching": bool(q),
        "can_register": queries.agencies_for(request.user).exists(),
    }
    if q:
        try:
            ctx["results"] = queries.search(
                request.user, q, page=request.GET.get("page", "1"), year=kept["year"]
            )
        except Invalid as e:
            ctx["error"] = e
    else:
        ctx["page"] = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    years = range(timezone.localdate().year, 1999, -1)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "disclosure_archive/wb_list.html",
        ctx | _choices() | {"years": years, "query": query.urlencode()},
    )


def _posted(request) -> dict:
    return {name: request.POST.get(name, "").strip() for name in FIELDS}


def _form(request, template: str, ctx: dict, status: int = 200):
    return render(request, f"disclosure_archive/{template}", ctx | _choices(), status=status)


@staff_only
@idempotent
def wb_new(request):
    agencies = queries.agencies_for(request.user).order_by("scope_path", "name")
    if not agencies.exists():
        raise NotAllowed("您没有登记公文的权限")
    data = _posted(request) if request.method == "POST" else {}
    selected = request.POST.get("agency", "")
    if request.method == "POST":
        try:
            agency = agencies.filter(usci=selected).first()
            if agency is None:
                raise Invalid("请选择登记单位", code="agency_required", field="agency")
            record = records.register(agency, data, by=request.user)
        except ServiceError as e:
            ctx = {"agencies": agencies, "data": data, "selected": selected, "error": e}
            return _form(request, "wb_form.html", ctx, e.status)
        messages.success(request, _registered(record))
        return redirect(f"/workbench/archive/{record.pk}/")
    ctx = {"agencies": agencies, "data": data, "selected": selected}
    return _form(request, "wb_form.html", ctx)


def _registered(record: OfficialDocument) -> str:
    words = f"已登记公文《{record.title}》"
    if record.document_id:
        words += "，已转入主动公开（草稿），发布时限自今日起计算"
    note = records.secrecy_note(record)
    return f"{words}。{note}" if note else f"{words}。"


def _detail(request, record: OfficialDocument) -> dict:
    items = list(record.files.all())
    return {
        "record": record,
        "mark": secrecy.mark(record),
        "release_date": secrecy.release_date(record),
        "secrecy_note": records.secrecy_note(record),
        "files": items,
        "can_edit": queries.can_edit(request.user, record),
        "trail": core_trail.lines(
            audit.trail(
                "disclosure_archive.officialdocument",
                str(record.pk),
                parts={"disclosure_archive.archivefile": [f.pk for f in items]},
            )[:50]
        ),
    }


@staff_only
def wb_detail(request, pk):
    record = queries.get_visible(request.user, pk)
    return render(request, "disclosure_archive/wb_detail.html", _detail(request, record))


@staff_only
@idempotent
def wb_edit(request, pk):
    record = queries.get_visible(request.user, pk)
    if not queries.can_edit(request.user, record):
        raise NotAllowed("您没有修改该公文登记的权限")
    if request.method == "POST":
        data = _posted(request)
        try:
            records.edit(record, data, by=request.user, version=request.POST.get("version"))
        except ServiceError as e:
            ctx = {"record": record, "data": data, "error": e}
            return _form(request, "wb_form.html", ctx, e.status)
        messages.success(request, f"已修改公文《{record.title}》的登记。")
        return redirect(f"/workbench/archive/{record.pk}/")
    data = {k: ("" if v is None else v) for k, v in records.values(record).items()}
    for name in ("written_on", "printed_on", "secrecy_until"):
        data[name] = data[name].isoformat() if data[name] else ""
    return _form(request, "wb_form.html", {"record": record, "data": data})


@staff_only
@require_POST
@idempotent
def wb_upload(request, pk):
    record = queries.get_visible(request.user, pk)
    try:
        data = upload.read_upload(request.FILES.get("file"), what="公文文件")
        item = records.add_file(record, request.FILES["file"].name, data, by=request.user)
    except ServiceError as e:
        ctx = _detail(request, record) | {"error": e}
        return render(request, "disclosure_archive/wb_detail.html", ctx, status=e.status)
    messages.success(request, f"已上传文件“{item.original_name}”。")
    return redirect(f"/workbench/archive/{record.pk}/")


@staff_only
def wb_file(request, pk, file_id):
    record = queries.get_visible(request.user, pk)
    item = record.files.filter(pk=file_id).first()
    if item is None:
        raise NotFound("未找到该文件")
    return records.file_response(item)


@staff_only
@idempotent
def wb_import(request):
    agencies = queries.agencies_for(request.user).order_by("scope_path", "name")
    if not agencies.exists():
        raise NotAllowed("您没有导入公文登记簿的权限")
    ctx: dict = {"agencies": agencies, "selected": request.POST.get("agency", "")}
    if request.method != "POST":
        return render(request, "disclosure_archive/wb_import.html", ctx)
    status = 200
    try:
        agency = agencies.filter(usci=ctx["selected"]).first()
        if agency is None:
            raise Invalid("请选择登记单位", code="agency_required", field="agency")
        sheet = request.FILES.get("file")
        data = upload.read_upload(sheet, what="登记簿")
        ctx["report"] = importer.import_file(
            data,
            suffix=_suffix(sheet.name),
            name=sheet.name,
            agency=agency,
            by=request.user,
            dry_run=bool(request.POST.get("dry_run")),
            partial=bool(request.POST.get("partial")),
        )
        if ctx["report"].errors and not ctx["report"].loaded:
            status = 422
        elif ctx["report"].loaded:
            messages.success(request, f"已导入{ctx['report'].loaded}件公文的登记。")
    except ServiceError as e:
        ctx["error"], status = e, e.status
    ctx["dry_run"], ctx["partial"] = request.POST.get("dry_run"), request.POST.get("partial")
    return render(request, "disclosure_archive/wb_import.html", ctx, status=status)


def _suffix(name: str) -> str:
    lowered = (name or "").lower()
    return ".csv" if lowered.endswith(".csv") else ".xlsx"
