"""Read paths of 主动公开. The public sees published documents only; staff see their scope's
drafts through `visible_to`, built with org.scopes like every list of the platform."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404

from zhengwu.core import measures
from zhengwu.core.errors import Invalid
from zhengwu.core.models import Clock
from zhengwu.org import scopes
from zhengwu.org.models import Agency, Jurisdiction, Role

from .models import Column, Document, GazetteIssue, GuideRevision
from .permissions import DISCLOSURE_ROLES
from .services import CLOCK_PURPOSE

# Supervisors read drafts and clocks in their scope; only the disclosure roles act.
READ_ROLES = [*DISCLOSURE_ROLES, Role.SUPERVISOR]


def published():
    return Document.objects.filter(status=Document.PUBLISHED).select_related("agency", "column")


def visible_to(user):
    """Documents `user` may see: everything published, plus every status within their scope."""
    q = Q(status=Document.PUBLISHED)
    if scopes.assignments(user, READ_ROLES) or getattr(user, "is_superuser", False):
        q |= scopes.scope_q(user, READ_ROLES)
    return Document.objects.filter(q).select_related("agency", "column")


def staff_documents(user):
    """The workbench list: documents of every status in the user's scope, with the §26 clock."""
    clocks = Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(Document),
        subject_id=OuterRef("pk"),
        purpose=CLOCK_PURPOSE,
    ).order_by("-id")
    return (
        Document.objects.filter(scopes.scope_q(user, READ_ROLES))
        .select_related("agency", "column")
        .annotate(
            due_date=Subquery(clocks.values("due_date")[:1]),
            warn_on=Subquery(clocks.values("warn_on")[:1]),
            clock_state=Subquery(clocks.values("state")[:1]),
        )
    )


def in_warning(docs, today: dt.date):
    """Documents not yet published whose §26 clock has reached its warning day (or is overdue)."""
    return docs.filter(
        status__in=[Document.DRAFT, Document.REVIEW],
        clock_state=Clock.RUNNING,
        warn_on__lte=today,
    )


def clock_label(doc, today: dt.date) -> str:
    """待发布 / 预警 / 逾期 for a document annotated by `staff_documents`."""
    if doc.status == Document.PUBLISHED:
        return "逾期发布" if doc.published_late else "已按时发布"
    if doc.clock_state != Clock.RUNNING or doc.due_date is None:
        return ""
    if today > doc.due_date:
        return "逾期"
    if doc.warn_on and today >= doc.warn_on:
        return "预警"
    return "待发布"


def agencies_in_scope(user, roles=READ_ROLES):
    """Agencies whose records `user` may manage or supervise (through their columns' scope)."""
    return Agency.objects.filter(
        pk__in=Column.objects.filter(scopes.scope_q(user, roles)).values("agency_id")
    ).select_related("jurisdiction")


def manageable_agencies(user):
    return agencies_in_scope(user, DISCLOSURE_ROLES)


def with_revisions(agencies, year: int):
    """Agencies annotated with whether their guide and their catalogue were revised in `year`
    (条例 §53(二)): `guide_revised`, `catalogue_revised` (two EXISTS subqueries)."""
    guide = GuideRevision.objects.filter(agency=OuterRef("pk"), revised_on__year=year)
    catalogue = Document.objects.filter(agency=OuterRef("pk"), updated_at__year=year)
    return agencies.annotate(guide_revised=Exists(guide), catalogue_revised=Exists(catalogue))


def stale_agencies(user, year: int):
    """Agencies in scope whose guide or catalogue was not revised in `year` (条例 §53(二))."""
    return (
        with_revisions(agencies_in_scope(user), year)
        .filter(Q(guide_revised=False) | Q(catalogue_revised=False))
        .order_by("scope_path", "kind", "name")
    )


def late_publications(agency_ids):
    return published().filter(agency_id__in=agency_ids, published_late=True)


def agency_documents(agency: Agency):
    """Published once, shown everywhere: a government's column also lists its departments'."""
    return published().filter(agency_id__in=catalogue_agency_ids(agency))


def catalogue_agency_ids(agency: Agency) -> list[int]:
    """The agencies whose documents `agency`'s catalogue lists: itself and, for a government, its
    departments. A list of ids, so the document query needs no join to org_agency and can use
    the (agency, status, published_on) index."""
    if agency.kind == Agency.GOVERNMENT:
        return [agency.pk, *Agency.objects.filter(parent=agency).values_list("pk", flat=True)]
    return [agency.pk]


def jurisdiction_documents(j: Jurisdiction):
    return published().filter(scope_path__startswith=j.path)


def public_document(pk: int) -> Document:
    doc = published().filter(pk=pk).first()
    if doc is None:
        raise Http404("文件不存在或未公开")
    return doc


def agency_on_site(usci: str, j: Jurisdiction) -> Agency:
    """An agency shown on the site of `j`: itself or somewhere below it."""
    agency = (
        Agency.objects.filter(usci=usci.upper(), is_active=True, scope_path__startswith=j.path)
        .select_related("jurisdiction", "parent")
        .first()
    )
    if agency is None:
        raise Http404("本站没有该机构")
    return agency


def government_of(j: Jurisdiction) -> Agency | None:
    return Agency.objects.filter(jurisdiction=j, kind=Agency.GOVERNMENT, is_active=True).first()


def columns_of(agency: Agency) -> list[Column]:
    """The column tree as a flat list in order; each column has `.kids` (its children)."""
    rows = list(Column.objects.filter(agency=agency).order_by("order"))
    by_id = {c.pk: c for c in rows}
    for c in rows:
        c.kids = []
    roots: list[Column] = []
    for c in rows:
        (by_id[c.parent_id].kids if c.parent_id in by_id else roots).append(c)
    return roots


def column_counts(agency: Agency) -> dict[str, int]:
    """Published documents per column code (a government's count includes its departments')."""
    return dict(
        agency_documents(agency)
        .order_by()
        .values("column__code")
        .annotate(n=Count("id"))
        .values_list("column__code", "n")
    )


def parse_year(value) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 2000 <= int(text) <= 2099:
        raise Invalid("年份应为2000至2099之间的四位数字", code="year_invalid", field="year")
    return int(text)


def filter_catalogue(
    qs,
    *,
    column: str = "",
    year=None,
    genre: str = "",
    validity: str = "",
    agency_ids: list[int] | None = None,
):
    """The catalogue filters (栏目, 年份 of 生成日期, 体裁, 有效性); bad values are a 422, not a 500.

    With `agency_ids` (the agencies the list is limited to) the column filter becomes a list of
    column ids, which the (column, status, published_on) index serves; without it, a join."""
    column = (column or "").strip()
    if column:
        if agency_ids is not None:
            ids = Column.objects.filter(
                Q(code=column) | Q(parent__code=column), agency_id__in=agency_ids
            ).values_list("pk", flat=True)
            qs = qs.filter(column_id__in=list(ids))
        else:
            qs = qs.filter(Q(column__code=column) | Q(column__parent__code=column))
    year = parse_year(year)
    if year:
        qs = qs.filter(created_on__gte=dt.date(year, 1, 1), created_on__lte=dt.date(year, 12, 31))
    genre = (genre or "").strip()
    if genre:
        if genre not in dict(Document.GENRES):
            raise Invalid(f"体裁“{genre}”不存在", code="genre_invalid", field="genre")
        qs = qs.filter(genre=genre)
    validity = (validity or "").strip()
    if validity:
        labels = {label: code for code, label in Document.VALIDITIES}
        validity = labels.get(validity, validity)
        if validity not in dict(Document.VALIDITIES):
            raise Invalid(
                "有效性应为现行有效、已修改、已废止或已失效",
                code="validity_invalid",
                field="validity",
            )
        qs = qs.filter(validity=validity)
    return qs


def gazette_issues(j: Jurisdiction):
    return GazetteIssue.objects.filter(jurisdiction=j)


def gazette_issue(j: Jurisdiction, year: int, number: int) -> GazetteIssue:
    issue = GazetteIssue.objects.filter(jurisdiction=j, year=year, number=number).first()
    if issue is None:
        raise Http404("没有这一期公报")
    return issue


def gazette_documents(issue: GazetteIssue):
    return (
        issue.documents.filter(status=Document.PUBLISHED)
        .select_related("agency")
        .order_by("created_on", "id")
    )


# --- the annual report's table 二 ------------------------------------------------------------

TABLE2_COUNTS = ("本年制发件数", "本年废止件数", "现行有效件数")


def _from_cases(name: str, agency_ids: list[int], year: int):
    """A figure the cases app provides (`core.measures`), 0 where no app provides it."""
    found = measures.measure(name, None, year=year, agency_ids=agency_ids)
    return found["value"] if found else 0


def annual_table2(agency_ids: list[int], year: int) -> dict[str, dict]:
    """Table 二 (主动公开政府信息情况) of 国办公开办函〔2021〕30号 for `agency_ids` and `year`.

    Row paths are joined with "/" as domain-rules §2.6 writes them; column labels are exact.

    From the documents (published ones only, withdrawn ones are not counted):
    - 第二十条第（一）项/规章 and /行政规范性文件, by 体裁:
      本年制发件数 = documents whose 生成日期 falls in the year;
      本年废止件数 = documents whose 有效性 became 已废止 or 已失效 in the year (a 修改 is not a 废止);
      现行有效件数 = documents made by 31 December and still 现行有效 on that day (those
      repealed, expired or amended later count as in force at the year's end).

    From the cases, through `core.measures` (disclosure does not import cases):
    - 第二十条第（五）项/行政许可 本年处理决定数量 = decisions on 行政许可 cases made in the year;
    - 第二十条第（八）项/行政事业性收费 本年收费金额（单位：万元） = the fees charged on cases in
      the year, in 万元 to the 元 (four decimals).

    Not held by the platform, so None here (the report's editor types them in):
    第二十条第（六）项/行政处罚 and /行政强制.
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    base = Document.objects.filter(agency_id__in=agency_ids, status=Document.PUBLISHED)
    table: dict[str, dict] = {}
    for genre in (Document.RULE, Document.NORMATIVE):
        rows = base.filter(genre=genre)
        table[f"第二十条第（一）项/{genre}"] = {
            "本年制发件数": rows.filter(created_on__range=(start, end)).count(),
            "本年废止件数": rows.filter(
                validity__in=[Document.REPEALED, Document.EXPIRED],
                validity_changed_on__range=(start, end),
            ).count(),
            "现行有效件数": rows.filter(created_on__lte=end)
            .filter(Q(validity=Document.VALID) | Q(validity_changed_on__gt=end))
            .count(),
        }
    licensing = _from_cases("cases.licensing_decisions", agency_ids, year)
    fees = Decimal(_from_cases("cases.fees_collected", agency_ids, year))
    table["第二十条第（五）项/行政许可"] = {"本年处理决定数量": licensing}
    table["第二十条第（六）项/行政处罚"] = {"本年处理决定数量": None}
    table["第二十条第（六）项/行政强制"] = {"本年处理决定数量": None}
    table["第二十条第（八）项/行政事业性收费"] = {
        "本年收费金额（单位：万元）": float((fees / 10000).quantize(Decimal("0.0001")))
    }
    return table
