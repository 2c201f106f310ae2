"""Public pages of the 政府信息公开 column (国办公开办函〔2019〕61号 layout), at the 州 and on every
sub-site (the staff pages are in `workbench_views`). Views are thin: a query or a service call
each."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property

from zhengwu.core.errors import ServiceError
from zhengwu.org.models import Agency
from zhengwu.portal import pagecache
from zhengwu.portal.views import site_of, site_prefix

from . import exports, queries, search
from .models import Document, GuideRevision, RulesPage

PAGE_SIZE = 20
# The catalogue counts its documents up to this many (500 pages); beyond it the page says
# “超过10000条” and the filters (or the export) narrow it. Counting a prefecture's decade
# exactly costs a scan of every matching row on each page view.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A Paginator of a QuerySet whose count stops at COUNT_CAP (`capped` tells the template)."""

    object_list: QuerySet
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
    """The 政府信息公开 column of a government: its own entries, its departments, the latest.
    公共企事业单位 are not departments: they have their own page (`/xxgk/ggqsy/`)."""
    j, prefix = _site(code)
    government = queries.government_of(j)
    departments = Agency.objects.filter(jurisdiction=j, is_active=True).exclude(
        kind__in=[Agency.GOVERNMENT, Agency.ENTERPRISE]
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
