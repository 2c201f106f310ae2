"""Read paths of search: turning request parameters into index.search() filters, and the
choices the search form offers. Every kind but the staff-only ones is public, so there is no
visible_to(): what a public provider hands over is by contract what anyone may read; a
staff-only kind is refused here and searched by its own app with the searcher's reach."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from zhengwu.core import searchable
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.org.models import Agency, Jurisdiction

from .models import Entry

FIRST_YEAR = 2008  # 条例 in force from 2008-05-01: nothing older is published here


def filters_from(params, *, site: Jurisdiction | None = None) -> dict:
    """Parameters (jurisdiction, agency, kind, column, year, page) → index.search() keywords.

    A sub-site searches its own subtree unless another jurisdiction inside it is asked for.
    """
    out: dict = {}
    code = (params.get("jurisdiction") or "").strip()
    scope = site
    if code:
        j = Jurisdiction.objects.filter(code=code).first()
        if j is None:
            raise NotFound(
                f"区划代码“{code}”不存在", code="unknown_jurisdiction", field="jurisdiction"
            )
        if site is None or j.path.startswith(site.path):
            scope = j
    if scope is not None and scope.parent_id is not None:  # the root's subtree is everything
        out["jurisdiction_path"] = scope.path

    agency = (params.get("agency") or "").strip()
    if agency:
        lookup = {"pk": int(agency)} if agency.isdigit() and len(agency) < 18 else {"usci": agency}
        agency_id = Agency.objects.filter(**lookup).values_list("pk", flat=True).first()
        if agency_id is None:
            raise NotFound("没有这个发布机构", code="unknown_agency", field="agency")
        out["agency_id"] = agency_id

    kind = (params.get("kind") or "").strip()
    if kind:
        internal = kind in searchable.internal_kinds()
        if internal or (
            searchable.get(kind) is None and not Entry.objects.filter(kind=kind).exists()
        ):
            raise Invalid(f"没有“{kind}”这一检索类别", code="unknown_kind", field="kind")
        out["kind"] = kind

    column = (params.get("column") or "").strip()
    if column:
        out["column"] = column[:100]

    year = (params.get("year") or "").strip()
    if year:
        if not year.isdigit() or not FIRST_YEAR <= int(year) <= timezone.localdate().year + 1:
            raise Invalid(
                f"年份应为{FIRST_YEAR}年至今的四位数字", code="year_invalid", field="year"
            )
        out["year"] = int(year)

    page = (params.get("page") or "1").strip()
    if not page.isdigit() or not 1 <= int(page) <= 1000:
        raise Invalid("页码应为1至1000的整数", code="page_invalid", field="page")
    out["page"] = int(page)
    return out


def kinds() -> list[tuple[str, str]]:
    """(kind, label) of every registered provider, and of kinds already indexed."""
    known = {p.kind: p.label for p in searchable.providers() if not p.internal}
    hidden = searchable.internal_kinds()
    for kind in _indexed("kinds", lambda: Entry.objects.values_list("kind", flat=True)):
        if kind not in hidden:
            known.setdefault(kind, kind)
    return sorted(known.items())


def columns() -> list[str]:
    return _indexed(
        "columns", lambda: Entry.objects.exclude(column="").values_list("column", flat=True)
    )


def _indexed(name: str, values) -> list[str]:
    # DISTINCT over the whole index is a scan: computed at most every ten minutes.
    key = f"search:{name}"
    found = cache.get(key)
    if found is None:
        found = sorted(set(values().distinct()[:200]))
        cache.set(key, found, 600)
    return found


def years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def agencies(site: Jurisdiction):
    return (
        Agency.objects.filter(scope_path__startswith=site.path, is_active=True)
        .order_by("scope_path", "kind", "name")
        .values("pk", "name")
    )


def counts_by_kind() -> list[dict]:
    """Indexed records per kind, with the kind's label (the management page)."""
    from django.db.models import Count

    rows = Entry.objects.values("kind").annotate(n=Count("id")).order_by("kind")
    return [
        {"kind": r["kind"], "label": searchable.kind_label(r["kind"]), "n": r["n"]} for r in rows
    ]
