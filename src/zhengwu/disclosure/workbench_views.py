"""The staff workbench pages of 主动公开: the list, the form, the document and its actions, the
guide, the rules page, the stale list and the gazette."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.org import permissions
from zhengwu.org.models import Agency, User
from zhengwu.portal.views import site_prefix

from . import queries, services
from .models import TOPICS, Document, GuideRevision, RulesPage
from .views import PAGE_SIZE

# --- workbench -------------------------------------------------------------------------------


def _staff(request):
    user = request.user
    if user.kind != User.STAFF and not user.is_superuser:
        raise PermissionDenied
    if not queries.agencies_in_scope(user).exists():
        raise PermissionDenied
    return user


def _staff_doc(user, pk) -> Document:
    doc = queries.staff_documents(user).filter(pk=pk).first()
    if doc is None:
        raise Http404("文件不存在或不在您的管辖范围内")
    return doc


STATUS_TABS = [("", "全部"), ("todo", "待办"), ("warning", "预警/逾期"), *Document.STATUSES]


@login_required
def wb_list(request):
    user = _staff(request)
    status = request.GET.get("status", "")
    if request.GET.get("done"):
        status = Document.PUBLISHED
    docs = queries.staff_documents(user)
    today = timezone.localdate()
    if status == "todo":
        docs = docs.filter(status__in=[Document.DRAFT, Document.REVIEW])
    elif status == "warning":
        docs = queries.in_warning(docs, today)
    elif status:
        if status not in dict(Document.STATUSES):
            raise Http404("没有这个状态")
        docs = docs.filter(status=status)
    page = Paginator(docs.order_by("-updated_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    for doc in page:
        doc.clock_label = queries.clock_label(doc, today)
    agencies = list(queries.agencies_in_scope(user).order_by("scope_path", "kind", "name")[:200])
    late = queries.late_publications([a.pk for a in agencies]).order_by("-published_on")[:20]
    return render(
        request,
        "disclosure/wb_list.html",
        {
            "page": page,
            "status": status,
            "tabs": STATUS_TABS,
            "agencies": agencies,
            "manageable": list(queries.manageable_agencies(user).order_by("name")[:200]),
            "late": late,
        },
    )


def _form_context(agency, data, error=None):
    return {
        "agency": agency,
        "data": data,
        "error": error,
        "tree": queries.columns_of(agency),
        "topics": TOPICS,
        "genres": Document.GENRES,
    }


def _form_data(request) -> dict:
    data = {
        k: request.POST.get(k, "")
        for k in (
            "title",
            "summary",
            "created_on",
            "doc_number",
            "topic",
            "genre",
            "keywords",
            "body",
            "column",
        )
    }
    data["proactive"] = request.POST.get("proactive") == "on"
    return data


@login_required
def wb_new(request):
    user = _staff(request)
    usci = request.GET.get("agency") or request.POST.get("agency", "")
    agency = queries.manageable_agencies(user).filter(usci=usci).first()
    if agency is None:
        raise Http404("请选择您有权起草文件的单位")
    if request.method == "POST":
        data = _form_data(request)
        try:
            doc = services.create_draft(agency, data, by=user)
        except ServiceError as e:
            return render(
                request, "disclosure/wb_form.html", _form_context(agency, data, e), status=e.status
            )
        messages.success(request, "草稿已保存，可继续修改；核对无误后请提交保密审查。")
        return redirect(f"/workbench/disclosure/{doc.pk}/")
    data = {"created_on": timezone.localdate().isoformat(), "proactive": True}
    return render(request, "disclosure/wb_form.html", _form_context(agency, data))


@login_required
def wb_document(request, pk):
    user = _staff(request)
    doc = _staff_doc(user, pk)
    if request.method == "POST":
        data = _form_data(request)
        try:
            services.edit_draft(doc, data, by=user, version=request.POST.get("version"))
        except ServiceError as e:
            context = _form_context(doc.agency, data, e) | {"doc": doc}
            return render(request, "disclosure/wb_form.html", context, status=e.status)
        messages.success(request, "修改已保存。")
        return redirect(f"/workbench/disclosure/{doc.pk}/")
    can_act = permissions.allows(
        user, "disclosure.document.edit", agency_id=doc.agency_id, path=doc.scope_path
    )
    data = {
        f: getattr(doc, f)
        for f in (
            "title",
            "summary",
            "doc_number",
            "topic",
            "genre",
            "keywords",
            "body",
            "proactive",
        )
    }
    data["created_on"] = doc.created_on.isoformat()
    data["column"] = doc.column.code if doc.column_id else ""
    versions = list(doc.versions.all())
    return render(
        request,
        "disclosure/wb_document.html",
        _form_context(doc.agency, data)
        | {
            "doc": doc,
            "can_act": can_act,
            "clock_label": queries.clock_label(doc, timezone.localdate()),
            "versions": versions,
            "edition": versions[-1].number if versions else 1,
            "attachments": doc.attachments.all(),
            "validities": [v for v in Document.VALIDITIES if v[0] != Document.VALID],
        },
    )


ACTIONS = {
    "submit": lambda doc, post, by: services.submit(doc, by=by, version=post.get("version")),
    "return": lambda doc, post, by: services.return_for_changes(
        doc, post.get("reason", ""), by=by, version=post.get("version")
    ),
    "publish": lambda doc, post, by: services.publish(doc, by=by, version=post.get("version")),
    "withdraw": lambda doc, post, by: services.withdraw(
        doc, post.get("reason", ""), by=by, version=post.get("version")
    ),
}
# What each action did and what comes next (the document as it is now); every action of
# wb_action has its line (tests/test_success_messages.py walks them all).
DONE = {
    "submit": lambda doc: "已提交保密审查，待审核发布。",
    "return": lambda doc: "已退回起草人修改。",
    "publish": lambda doc: "已发布，公开栏目和站内检索即可查到。",
    "withdraw": lambda doc: "已撤回，公开页面不再显示该文件。",
    "validity": lambda doc: f"有效性已变更为“{doc.get_validity_display()}”。",
    "version": lambda doc: "新版本已发布，原版本保留在“版本”中。",
    "attach": lambda doc: "附件已上传，见下方“附件”。",
}


@login_required
@require_POST
def wb_action(request, pk, action):
    user = _staff(request)
    doc = _staff_doc(user, pk)
    try:
        if action in ACTIONS:
            ACTIONS[action](doc, request.POST, user)
        elif action == "validity":
            replaced = None
            replacement = request.POST.get("replaced_by", "").strip()
            if replacement:
                replaced = queries.visible_to(user).filter(index_no=replacement).first()
                if replaced is None:
                    raise Invalid(
                        f"索引号“{replacement}”的文件不存在",
                        code="replaced_by_unknown",
                        field="replaced_by",
                    )
            doc = services.change_validity(
                doc,
                request.POST.get("validity", ""),
                request.POST.get("reason", ""),
                by=user,
                replaced_by=replaced,
                version=request.POST.get("version"),
            )
        elif action == "version":
            services.new_version(
                doc,
                _form_data(request) | {"created_on": doc.created_on},
                request.POST.get("note", ""),
                by=user,
                version=request.POST.get("version"),
            )
        elif action == "attach":
            upload = request.FILES.get("file")
            if upload is None:
                raise Invalid("请选择要上传的附件", code="file_required", field="file")
            if upload.size > settings.ZHENGWU_MAX_UPLOAD_BYTES:
                raise Invalid(
                    f"附件过大：不能超过{settings.ZHENGWU_MAX_UPLOAD_BYTES // (1024 * 1024)}MB",
                    code="file_too_large",
                    field="file",
                )
            services.add_attachment(doc, upload.name, upload.read(), by=user)
        else:
            raise Http404("没有这个操作")
    except ServiceError as e:
        return render(
            request,
            "disclosure/wb_error.html",
            {"doc": doc, "error": e, "back": f"/workbench/disclosure/{doc.pk}/"},
            status=e.status,
        )
    messages.success(request, DONE[action](doc))
    return redirect(f"/workbench/disclosure/{doc.pk}/")


@login_required
def wb_guide(request, usci):
    """Revise the guide: generated from the agency's data, with the officer's corrections."""
    user = _staff(request)
    agency = queries.manageable_agencies(user).filter(usci=usci).first()
    if agency is None:
        raise Http404("该单位不在您的管辖范围内")
    fields = services.guide_from_agency(agency)
    latest = GuideRevision.objects.filter(agency=agency).order_by("-revised_on", "-id").first()
    if latest:
        fields = {k: getattr(latest, k) for k in fields}
    error, status = None, 200
    if request.method == "POST":
        fields = {k: request.POST.get(k, v) for k, v in fields.items()}
        try:
            services.revise_guide(agency, by=user, overrides=fields)
            messages.success(request, "政府信息公开指南已修订并公开，历次版本仍可查阅。")
            return redirect(f"/xxgk/{agency.usci}/guide/")
        except ServiceError as e:
            error, status = e, e.status
    return render(
        request,
        "disclosure/wb_guide.html",
        {
            "agency": agency,
            "rows": [(n, label, fields[n], n in GUIDE_LONG) for n, label in GUIDE_LABELS.items()],
            "error": error,
            "latest": latest,
        },
        status=status,
    )


GUIDE_LABELS = {
    "classification": "信息分类与编排体系",
    "how_to_obtain": "获取方式",
    "office_name": "工作机构名称",
    "address": "办公地址",
    "office_hours": "办公时间",
    "phone": "联系电话",
    "fax": "传真",
    "internet": "互联网联系方式",
    "how_to_request": "依申请公开办理",
    "remedies": "监督和救济",
}
GUIDE_LONG = {"classification", "how_to_obtain", "how_to_request", "remedies"}


@login_required
def wb_rules(request, usci):
    user = _staff(request)
    agency = queries.manageable_agencies(user).filter(usci=usci).first()
    if agency is None:
        raise Http404("该单位不在您的管辖范围内")
    page = RulesPage.objects.filter(agency=agency).first()
    body = page.body if page else ""
    error, status = None, 200
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            services.save_rules(agency, body, by=user)
            messages.success(request, "政府信息公开制度已保存并公开。")
            return redirect(f"/xxgk/{agency.usci}/rules/")
        except ServiceError as e:
            error, status = e, e.status
    return render(
        request,
        "disclosure/wb_rules.html",
        {"agency": agency, "body": body, "error": error},
        status=status,
    )


@login_required
def wb_stale(request):
    """Agencies in scope whose guide or catalogue was not revised this year."""
    user = _staff(request)
    year = timezone.localdate().year
    return render(
        request,
        "disclosure/wb_stale.html",
        {"agencies": queries.stale_agencies(user, year), "year": year},
    )


@login_required
def wb_gazette(request):
    """Compile an issue of the 政府公报 from published documents (by 索引号, one a line)."""
    user = _staff(request)
    governments = [a for a in queries.manageable_agencies(user) if a.kind == Agency.GOVERNMENT]
    today = timezone.localdate()
    form = {"jurisdiction": "", "year": str(today.year), "number": "", "index_nos": ""}
    error, status = None, 200
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in form}
        try:
            j = next(
                (
                    g.jurisdiction
                    for g in governments
                    if g.jurisdiction.code == form["jurisdiction"]
                ),
                None,
            )
            if j is None:
                raise Invalid("请选择本级政府", code="jurisdiction_invalid", field="jurisdiction")
            if not form["year"].isdigit() or not form["number"].isdigit():
                raise Invalid("年份和期号应为数字", code="issue_invalid", field="number")
            wanted = [line.strip() for line in form["index_nos"].splitlines() if line.strip()]
            docs = list(queries.published().filter(index_no__in=wanted))
            missing = sorted(set(wanted) - {d.index_no for d in docs})
            if missing:
                raise Invalid(
                    f"索引号“{missing[0]}”不是已发布的文件",
                    code="document_invalid",
                    field="index_nos",
                )
            if not docs:
                raise Invalid(
                    "请至少列出一件文件的索引号", code="documents_required", field="index_nos"
                )
            issue = services.create_gazette_issue(
                j, int(form["year"]), int(form["number"]), docs, by=user
            )
            messages.success(
                request, f"{issue.year}年第{issue.number}期公报已编印公开，共{len(docs)}件文件。"
            )
            return redirect(f"{site_prefix(j)}/xxgk/gazette/{issue.year}/{issue.number}/")
        except ServiceError as e:
            error, status = e, e.status
    return render(
        request,
        "disclosure/wb_gazette.html",
        {"governments": governments, "form": form, "error": error},
        status=status,
    )
