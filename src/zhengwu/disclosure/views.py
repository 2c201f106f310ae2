"""Public pages of the 政府信息公开 column (国办公开办函〔2019〕61号 layout), at the 州 and on every
sub-site, and the staff workbench pages. Views are thin: a query or a service call each."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.org import scopes
from zhengwu.org.models import Agency, User
from zhengwu.portal import pagecache
from zhengwu.portal.views import site_of, site_prefix

from . import exports, queries, search, services
from .models import TOPICS, Document, GuideRevision, RulesPage

PAGE_SIZE = 20
# The catalogue counts its documents up to this many (500 pages); beyond it the page says
# “超过10000条” and the filters (or the export) narrow it. Counting a prefecture's decade
# exactly costs a scan of every matching row on each page view.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A Paginator whose count stops at COUNT_CAP (`capped` tells the template)."""

    capped = False

    @cached_property
    def count(self) -> int:
        n = self.object_list.order_by()[: COUNT_CAP + 1].count()
        if n > COUNT_CAP:
            self.capped = True
            return COUNT_CAP
        return n


def _site(code):
    j = site_of(code)
    return j, site_prefix(j)


def gazette_title(j) -> str:
    return f"{j.government_name}公报"


# --- public pages ----------------------------------------------------------------------------


def index(request, code=None):
    """The 政府信息公开 column of a government: its own entries, its departments, the latest."""
    j, prefix = _site(code)
    government = queries.government_of(j)
    departments = Agency.objects.filter(jurisdiction=j, is_active=True).exclude(
        kind=Agency.GOVERNMENT
    )
    latest = queries.jurisdiction_documents(j).order_by("-published_on", "-id")[:15]
    return render(
        request,
        "disclosure/index.html",
        {
            "j": j,
            "prefix": prefix,
            "government": government,
            "departments": departments.order_by("kind", "name"),
            "latest": latest,
            "children": j.children.order_by("code") if j.level != "village" else [],
            "gazette_title": gazette_title(j),
        },
    )


def agency_page(request, usci, code=None):
    """One agency's column: 指南 · 制度 · 法定主动公开内容 · 年报, with 依申请公开 beside them."""
    j, prefix = _site(code)
    agency = queries.agency_on_site(usci, j)
    counts = queries.column_counts(agency)
    tree = queries.columns_of(agency)
    for group in tree:
        for c in group.kids:
            c.count = counts.get(c.code, 0)
    return render(
        request,
        "disclosure/agency.html",
        {
            "j": j,
            "prefix": prefix,
            "agency": agency,
            "tree": tree,
            "latest": queries.agency_documents(agency).order_by("-published_on", "-id")[:10],
            "departments": agency.children.filter(is_active=True).order_by("name")
            if agency.kind == Agency.GOVERNMENT
            else [],
        },
    )


def _catalogue_tags(usci, code=None):
    # The agency's documents and, for a government, its departments' (whose changes bump the
    # government's tag too); any withdrawal (`removed` does not say whose).
    return [pagecache.agency_tag(usci), pagecache.kind_tag(search.KIND)]


@pagecache.public_page(_catalogue_tags)
def catalogue(request, usci, code=None):
    """The catalogue (目录) with filters, paginated; ?format=xlsx|csv exports the filtered list.
    Anonymous visitors get it from the page cache, re-rendered after each change."""
    j, prefix = _site(code)
    agency = queries.agency_on_site(usci, j)
    params = {k: request.GET.get(k, "") for k in ("column", "year", "genre", "validity")}
    error, status = None, 200
    try:
        docs = queries.filter_catalogue(
            queries.agency_documents(agency),
            agency_ids=queries.catalogue_agency_ids(agency),
            **params,
        )
    except ServiceError as e:
        error, status = e.message, e.status
        docs = Document.objects.none()
    docs = docs.order_by("-published_on", "-id")
    fmt = request.GET.get("format", "")
    if fmt and not error:
        filename = f"catalogue-{agency.usci}-{timezone.localdate():%Y%m%d}"
        if fmt == "csv":
            response = StreamingHttpResponse(
                exports.csv_lines(docs.iterator(chunk_size=2000)),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
            return response
        if fmt == "xlsx":
            data = exports.xlsx_bytes(
                docs.iterator(chunk_size=2000), f"{agency.name}政府信息公开目录"
            )
            response = HttpResponse(
                data,
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
            return response
        error, status = "导出格式应为xlsx或csv", 400
    page = CappedPaginator(docs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in params.items() if v})
    return render(
        request,
        "disclosure/catalogue.html",
        {
            "j": j,
            "prefix": prefix,
            "agency": agency,
            "page": page,
            "params": params,
            "query": query,
            "error": error,
            "tree": queries.columns_of(agency),
            "genres": Document.GENRES,
            "validities": Document.VALIDITIES,
            "years": range(timezone.localdate().year, 2018, -1),
        },
        status=status,
    )


def document(request, pk, code=None):
    j, prefix = _site(code)
    doc = queries.public_document(pk)
    if not doc.scope_path.startswith(j.path):
        raise Http404("本站没有该文件")
    return render(
        request,
        "disclosure/document.html",
        {
            "j": j,
            "prefix": prefix,
            "doc": doc,
            "attachments": doc.attachments.all(),
            "replaces": doc.replaces.filter(status=Document.PUBLISHED),
            "replaced_by": doc.replaced_by
            if doc.replaced_by_id and doc.replaced_by.status == Document.PUBLISHED
            else None,
        },
    )


def attachment(request, pk, att, code=None):
    """Download an attachment of a published document (staff may fetch those in their scope)."""
    doc = queries.visible_to(request.user).filter(pk=pk).first()
    if doc is None:
        raise Http404("文件不存在或未公开")
    item = doc.attachments.filter(pk=att).first()
    if item is None:
        raise Http404("附件不存在")
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def guide(request, usci, code=None, revision=None):
    """The current 政府信息公开指南 and every earlier revision, dated."""
    j, prefix = _site(code)
    agency = queries.agency_on_site(usci, j)
    revisions = list(GuideRevision.objects.filter(agency=agency).order_by("-revised_on", "-id"))
    if revision is not None:
        current = next((r for r in revisions if r.pk == revision), None)
        if current is None:
            raise Http404("没有这一版指南")
    else:
        current = revisions[0] if revisions else None
    return render(
        request,
        "disclosure/guide.html",
        {"j": j, "prefix": prefix, "agency": agency, "guide": current, "revisions": revisions},
    )


def rules(request, usci, code=None):
    j, prefix = _site(code)
    agency = queries.agency_on_site(usci, j)
    page = RulesPage.objects.filter(agency=agency).first()
    return render(
        request,
        "disclosure/rules.html",
        {"j": j, "prefix": prefix, "agency": agency, "page": page},
    )


def board(request, usci, code=None):
    """政务公开栏: a printable sheet of the agency's current documents, one column or all."""
    j, prefix = _site(code)
    agency = queries.agency_on_site(usci, j)
    column_code = request.GET.get("column", "")
    docs = queries.agency_documents(agency).filter(validity=Document.VALID)
    column = None
    if column_code:
        column = agency.columns.filter(code=column_code).first()
        if column is None:
            raise Http404("没有这个栏目")
        docs = queries.filter_catalogue(docs, column=column_code)
    return render(
        request,
        "disclosure/board.html",
        {
            "j": j,
            "prefix": prefix,
            "agency": agency,
            "column": column,
            "docs": docs.order_by("-published_on", "-id")[:40],
            "today": timezone.localdate(),
        },
    )


def feed(request, usci, code=None, column=None):
    """Atom feed of an agency's published documents, or one column's."""
    j, prefix = _site(code)
    agency = queries.agency_on_site(usci, j)
    docs = queries.agency_documents(agency)
    title = f"{agency.name} 政府信息公开"
    if column:
        col = agency.columns.filter(code=column).first()
        if col is None:
            raise Http404("没有这个栏目")
        docs = queries.filter_catalogue(docs, column=column)
        title += f" · {col.name}"
    base = request.build_absolute_uri("/").rstrip("/")
    page_url = f"{base}{prefix}/xxgk/{agency.usci}/"
    atom = Atom1Feed(
        title=title,
        link=page_url,
        description=title,
        language="zh-CN",
        feed_url=request.build_absolute_uri(),
        author_name=agency.name,
    )
    for doc in docs.order_by("-published_on", "-id")[:50]:
        published = timezone.make_aware(
            timezone.datetime.combine(doc.published_on, timezone.datetime.min.time())
        )
        atom.add_item(
            title=doc.title,
            link=f"{base}{prefix}/xxgk/doc/{doc.pk}/",
            description=doc.summary or doc.title,
            unique_id=f"{base}/xxgk/doc/{doc.pk}/",
            pubdate=published,
            updateddate=doc.updated_at,
            author_name=doc.agency.name,
            categories=[c for c in [doc.column.name if doc.column_id else "", doc.genre] if c],
        )
    return HttpResponse(
        atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )


def gazette_archive(request, code=None):
    j, prefix = _site(code)
    issues = queries.gazette_issues(j)
    years: dict[int, list] = {}
    for issue in issues:
        years.setdefault(issue.year, []).append(issue)
    return render(
        request,
        "disclosure/gazette_archive.html",
        {"j": j, "prefix": prefix, "years": years, "title": gazette_title(j)},
    )


def gazette_issue(request, year, number, code=None):
    j, prefix = _site(code)
    issue = queries.gazette_issue(j, year, number)
    return render(
        request,
        "disclosure/gazette_issue.html",
        {
            "j": j,
            "prefix": prefix,
            "issue": issue,
            "docs": queries.gazette_documents(issue),
            "title": gazette_title(j),
        },
    )


def gazette_pdf(request, year, number, code=None):
    j, _prefix = _site(code)
    issue = queries.gazette_issue(j, year, number)
    data = exports.gazette_pdf(issue, list(queries.gazette_documents(issue)), gazette_title(j))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="gazette-{j.code}-{year}-{number}.pdf"'
    return response


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
            services.edit_draft(doc, data, by=user)
        except ServiceError as e:
            context = _form_context(doc.agency, data, e) | {"doc": doc}
            return render(request, "disclosure/wb_form.html", context, status=e.status)
        messages.success(request, "修改已保存。")
        return redirect(f"/workbench/disclosure/{doc.pk}/")
    can_act = scopes.covers(
        user, agency_id=doc.agency_id, path=doc.scope_path, roles=services.DISCLOSURE_ROLES
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
    return render(
        request,
        "disclosure/wb_document.html",
        _form_context(doc.agency, data)
        | {
            "doc": doc,
            "can_act": can_act,
            "clock_label": queries.clock_label(doc, timezone.localdate()),
            "versions": doc.versions.all(),
            "attachments": doc.attachments.all(),
            "validities": [v for v in Document.VALIDITIES if v[0] != Document.VALID],
        },
    )


ACTIONS = {
    "submit": lambda doc, post, by: services.submit(doc, by=by),
    "return": lambda doc, post, by: services.return_for_changes(doc, post.get("reason", ""), by=by),
    "publish": lambda doc, post, by: services.publish(doc, by=by),
    "withdraw": lambda doc, post, by: services.withdraw(doc, post.get("reason", ""), by=by),
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
            )
        elif action == "version":
            services.new_version(
                doc,
                _form_data(request) | {"created_on": doc.created_on},
                request.POST.get("note", ""),
                by=user,
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
