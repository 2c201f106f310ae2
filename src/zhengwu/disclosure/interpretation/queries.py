"""Read paths of 解读回应. The public sees what is published; staff see their scope's records
(`org.scopes`, the roles of 主动公开), and out-of-scope records are not found.

For the site check (and anyone counting): `uninterpreted(documents)` and `interpreted(documents)`
take any queryset of `disclosure.Document` and keep the published policy documents (规章,
行政规范性文件) without, or with, a published interpretation. A document and its published
interpretations link to each other on both public pages (the document's page lists them, each
interpretation's page names its document), so `interpreted` is also the cross-linked count.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhengwu.disclosure.models import Document
from zhengwu.disclosure.queries import READ_ROLES
from zhengwu.org import scopes
from zhengwu.org.models import Agency, Jurisdiction

from . import rules
from .models import ConcernResponse, Interpretation, PressConference


def _published_interpretation():
    return Interpretation.objects.filter(document=OuterRef("pk"), status=Interpretation.PUBLISHED)


def policy_documents(documents: QuerySet) -> QuerySet:
    """The published 规章 and 行政规范性文件 of `documents` (they must be interpreted)."""
    return documents.filter(status=Document.PUBLISHED, genre__in=rules.POLICY_GENRES)


def uninterpreted(documents: QuerySet) -> QuerySet:
    """Published policy documents of `documents` without a published interpretation."""
    return policy_documents(documents).exclude(Exists(_published_interpretation()))


def interpreted(documents: QuerySet) -> QuerySet:
    """Published policy documents of `documents` with a published interpretation (each links to
    its interpretations and they back to it)."""
    return policy_documents(documents).filter(Exists(_published_interpretation()))


def without_draft(documents: QuerySet) -> QuerySet:
    """Documents of `documents` with no interpretation at all, drafted or published (三同步)."""
    live = Interpretation.objects.filter(document=OuterRef("pk")).exclude(
        status=Interpretation.WITHDRAWN
    )
    return documents.exclude(Exists(live))


def needs_interpretation(doc: Document) -> bool:
    return doc.genre in rules.POLICY_GENRES


def reminders(doc: Document) -> list[str]:
    """The 三同步 reminders of a policy document none of whose interpretations is drafted (none
    but withdrawn ones): what its workbench page shows and the API's submit returns, in the same
    words. They never block the document."""
    if not needs_interpretation(doc):
        return []
    if not without_draft(Document.objects.filter(pk=doc.pk)).exists():
        return []
    words = f"本文件为{doc.genre}，应同步起草政策解读（三同步：解读与文件同步起草、同步审签、同步发布）。"
    if doc.status == Document.REVIEW:
        words += "文件已提交审核，但尚未起草解读。"
    elif doc.status == Document.DRAFT:
        words += "提交保密审查前请起草解读。"
    return [words]


# --- 政策解读 ------------------------------------------------------------------------------------


def published_interpretations() -> QuerySet:
    return Interpretation.objects.filter(
        status=Interpretation.PUBLISHED, document__status=Document.PUBLISHED
    ).select_related("document", "agency")


def of_document(doc: Document) -> QuerySet:
    """The published interpretations of a published document, for its public page."""
    return published_interpretations().filter(document=doc).order_by("published_on", "id")


def public_interpretation(pk: int, j: Jurisdiction | None = None) -> Interpretation:
    found = published_interpretations().filter(pk=pk).first()
    if found is None or (j is not None and not found.scope_path.startswith(j.path)):
        raise Http404("解读不存在或未公开")
    return found


def staff_interpretations(user) -> QuerySet:
    return Interpretation.objects.filter(scopes.scope_q(user, READ_ROLES)).select_related(
        "document", "agency"
    )


def staff_documents(user) -> QuerySet:
    return Document.objects.filter(scopes.scope_q(user, READ_ROLES)).select_related("agency")


def awaiting(user, today: dt.date | None = None) -> list[Document]:
    """The user's published policy documents without a published interpretation, each with
    `due_on` (its interpretation's last lawful day) and `overdue`, the earliest due first."""
    today = today or timezone.localdate()
    docs = list(
        uninterpreted(staff_documents(user))
        .select_related("agency__jurisdiction")
        .order_by("published_on", "id")[:500]
    )
    for d in docs:
        d.due_on = rules.interpretation_due(d.published_on, d.agency.jurisdiction.code)
        d.overdue = today > d.due_on
    return docs


def overdue_documents(documents: QuerySet, today: dt.date | None = None) -> QuerySet:
    """Of `documents`, the published policy documents past their interpretation's due date."""
    today = today or timezone.localdate()
    return uninterpreted(documents).filter(published_on__lt=rules.overdue_before(today))


# --- 回应关切 ------------------------------------------------------------------------------------


def staff_concerns(user) -> QuerySet:
    return ConcernResponse.objects.filter(scopes.scope_q(user, READ_ROLES)).select_related("agency")


def overdue_concerns(qs: QuerySet, now: dt.datetime | None = None) -> QuerySet:
    """Open concerns past their due time, and responses given after it."""
    now = now or timezone.now()
    return qs.filter(
        Q(status=ConcernResponse.OPEN, due_at__lt=now)
        | Q(status=ConcernResponse.PUBLISHED, responded_late=True)
    )


def public_concerns(j: Jurisdiction) -> QuerySet:
    return ConcernResponse.objects.filter(
        status=ConcernResponse.PUBLISHED, scope_path__startswith=j.path
    ).select_related("agency")


# --- 新闻发布会 ----------------------------------------------------------------------------------

PUBLIC_STATES = (PressConference.PREVIEW, PressConference.LIVE, PressConference.FINISHED)
HELD_STATES = (PressConference.LIVE, PressConference.FINISHED)


def staff_conferences(user) -> QuerySet:
    return PressConference.objects.filter(scopes.scope_q(user, READ_ROLES)).select_related("agency")


def late_conferences(qs: QuerySet, now: dt.datetime | None = None) -> QuerySet:
    """Emergency conferences held after their 24 h, or not yet held with the 24 h passed."""
    now = now or timezone.now()
    return qs.filter(emergency=True).filter(
        Q(held_late=True)
        | Q(state__in=[PressConference.DRAFT, PressConference.PREVIEW], due_at__lt=now)
    )


def public_conferences(j: Jurisdiction) -> QuerySet:
    return PressConference.objects.filter(
        state__in=PUBLIC_STATES, scope_path__startswith=j.path
    ).select_related("agency")


def public_conference(pk: int, j: Jurisdiction | None = None) -> PressConference:
    found = PressConference.objects.filter(pk=pk, state__in=PUBLIC_STATES).first()
    if found is None or (j is not None and not found.scope_path.startswith(j.path)):
        raise Http404("没有这场新闻发布会")
    return found


def yearly_counts(agencies: QuerySet, year: int) -> list[Any]:
    """`agencies` annotated with `held`: press conferences held (live or finished) in `year`,
    and `enough`: at least ZHENGWU_PRESS_CONFERENCES_PER_YEAR."""
    wanted = rules.press_per_year()
    rows = list(
        agencies.annotate(
            held=Count(
                "press_conferences",
                filter=Q(
                    press_conferences__state__in=HELD_STATES,
                    press_conferences__starts_at__year=year,
                ),
            )
        ).order_by("scope_path", "kind", "name")
    )
    for a in rows:
        a.wanted = wanted
        a.enough = a.held >= wanted
    return rows


def governments_under(path: str) -> QuerySet:
    return Agency.objects.filter(
        kind=Agency.GOVERNMENT, is_active=True, scope_path__startswith=path
    ).select_related("jurisdiction")
