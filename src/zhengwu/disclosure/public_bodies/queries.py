"""What the pages, the API and the figures read: the bodies a person may see (their own body,
the bodies their department supervises, or every body of their jurisdiction), each body's
catalogue with the date of its newest item, and which columns are empty or stale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhengwu.disclosure.models import Column, Document
from zhengwu.org import scopes
from zhengwu.org.models import Agency, Jurisdiction

from .models import PublicBody, Sector, SectorColumn

# A column with nothing published for this many days is stale (“一年以上未更新”).
STALE_DAYS = 365


def bodies() -> QuerySet[PublicBody]:
    return PublicBody.objects.select_related(
        "agency", "agency__jurisdiction", "sector", "supervisor"
    ).filter(agency__is_active=True)


def visible_to(user) -> QuerySet[PublicBody]:
    """Staff: bodies of their jurisdictions, their own body, or the bodies their department
    supervises. Nobody else sees the staff view."""
    return bodies().filter(
        scopes.scope_q(user, agency_field="agency")
        | scopes.scope_q(user, agency_field="supervisor")
    )


def staff_body(user, usci: str) -> PublicBody:
    body = visible_to(user).filter(agency__usci=str(usci).upper()).first()
    if body is None:
        raise Http404("没有这个公共企事业单位，或不在您的管理范围内")
    return body


def public_bodies(j: Jurisdiction) -> QuerySet[PublicBody]:
    return bodies().filter(scope_path__startswith=j.path)


def public_body(j: Jurisdiction, usci: str) -> PublicBody:
    body = public_bodies(j).filter(agency__usci=str(usci).upper()).first()
    if body is None:
        raise Http404("没有这个公共企事业单位")
    return body


def sectors() -> QuerySet[Sector]:
    return Sector.objects.prefetch_related("columns")


def supervisors_for(j: Jurisdiction) -> QuerySet[Agency]:
    """Departments that may supervise a body of `j`: those of `j` and of the levels above."""
    paths = [j.path[: i + 1] for i, ch in enumerate(j.path) if ch == "/"]
    return Agency.objects.filter(
        kind=Agency.DEPARTMENT, is_active=True, scope_path__in=paths
    ).select_related("jurisdiction")


@dataclass
class ColumnState:
    code: str
    name: str
    count: int
    latest: dt.date | None
    stale: bool
    column_id: int | None

    @property
    def state(self) -> str:
        if self.latest is None:
            return "暂无内容"
        return "超过一年未更新" if self.stale else "正常"


def column_states(body: PublicBody, *, today: dt.date | None = None) -> list[ColumnState]:
    """The sector's columns for `body`, in the sector's order, each with its published items."""
    today = today or timezone.localdate()
    limit = today - dt.timedelta(days=STALE_DAYS)
    wanted = list(SectorColumn.objects.filter(sector_id=body.sector_id, active=True))
    found = {
        c["code"]: c
        for c in Column.objects.filter(agency_id=body.agency_id, code__in=[w.code for w in wanted])
        .annotate(
            n=Count("documents", filter=Q(documents__status=Document.PUBLISHED)),
            last=Max("documents__published_on", filter=Q(documents__status=Document.PUBLISHED)),
        )
        .values("pk", "code", "n", "last")
    }
    out = []
    for w in wanted:
        c = found.get(w.code)
        n, last, pk = (c["n"], c["last"], c["pk"]) if c else (0, None, None)
        out.append(ColumnState(w.code, w.name, n, last, last is None or last < limit, pk))
    return out


def published_items(body: PublicBody) -> dict[str, list[Document]]:
    """Column code → its published documents, newest first (ten each)."""
    out: dict[str, list[Document]] = {}
    docs = (
        Document.objects.filter(agency_id=body.agency_id, status=Document.PUBLISHED)
        .exclude(column__isnull=True)
        .select_related("column")
        .order_by("-published_on", "-id")
    )
    for d in docs[:500]:
        assert d.column is not None  # excluded above
        items = out.setdefault(d.column.code, [])
        if len(items) < 10:
            items.append(d)
    return out
