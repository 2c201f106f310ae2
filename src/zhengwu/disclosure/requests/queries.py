"""Read paths: who sees which requests and reports. Lists are built only through `visible_to`."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Prefetch, Subquery

from zhengwu.core import tracking
from zhengwu.core.errors import NotFound
from zhengwu.core.models import Clock
from zhengwu.org import scopes
from zhengwu.org.models import Agency, Role

from . import services
from .models import AnnualReport, ProposalRequest, PublicationProposal, Request
from .permissions import HANDLERS, REPORT_EDITORS

# Handlers see the applicant's identity; heads (who approve extensions) and supervisors
# (电子监察) see the request with the applicant's data masked.
READERS = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN, Role.DEPT_HEAD, Role.SUPERVISOR]


def visible_to(user):
    return Request.objects.filter(scopes.scope_q(user, READERS)).select_related("agency")


def sees_personal_data(user, req: Request) -> bool:
    return scopes.covers(user, agency_id=req.agency_id, path=req.scope_path, roles=HANDLERS)


def with_due_dates(qs):
    """Each request with its answer clock's due date and state (one subquery, indexed)."""
    clocks = Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(Request),
        subject_id=OuterRef("pk"),
        purpose=services.ANSWER,
    ).order_by("-id")
    return qs.annotate(
        due_date=Subquery(clocks.values("due_date")[:1]),
        clock_state=Subquery(clocks.values("state")[:1]),
        warn_on=Subquery(clocks.values("warn_on")[:1]),
    )


def todo(user):
    """待办 by due date: open requests in the user's scope (suspended clocks last)."""
    return with_due_dates(visible_to(user).filter(status__in=Request.OPEN_STATUSES)).order_by(
        "due_date", "received_on", "id"
    )


def done(user):
    return (
        visible_to(user).exclude(status__in=Request.OPEN_STATUSES).order_by("-answered_on", "-id")
    )


def mine(user):
    if not getattr(user, "is_authenticated", False):
        return Request.objects.none()
    return with_due_dates(Request.objects.filter(account=user).select_related("agency"))


def get_visible(user, number: str) -> Request:
    req = visible_to(user).filter(number=number).first()
    if req is None:
        raise NotFound("未找到该申请，或您无权查看")
    return req


def track(number: str, code: str, *, ip: str | None) -> Request:
    """Look up by 申请编号 + 查询码 without logging in; a wrong code looks like no request.
    Throttled per address and per number (core.tracking: RateLimited, 429)."""
    req = tracking.lookup(
        "request",
        (number or "").strip().upper(),
        code,
        ip=ip,
        find=lambda n: (
            with_due_dates(Request.objects.select_related("agency")).filter(number=n).first()
        ),
    )
    if req is None:
        raise NotFound("申请编号或查询码不正确", code="track_not_found")
    return req


def reports_visible_to(user):
    return AnnualReport.objects.filter(
        scopes.scope_q(user, REPORT_EDITORS + [Role.SUPERVISOR])
    ).select_related("agency")


def can_edit_report(user, agency) -> bool:
    return scopes.covers(user, agency_id=agency.pk, path=agency.scope_path, roles=REPORT_EDITORS)


def agencies_for(user, roles):
    """The agencies a user acts for through `roles` (an agency role: that agency; a jurisdiction
    role: every agency in the subtree) — the same rule as `scopes.scope_q`, applied to agencies."""
    from django.db.models import Q

    if getattr(user, "is_superuser", False):
        return Agency.objects.filter(is_active=True)
    q = Q(pk__in=[])
    for a in scopes.assignments(user, roles):
        q |= Q(pk=a.agency_id) if a.agency_id else Q(scope_path__startswith=a.jurisdiction.path)
    return Agency.objects.filter(q, is_active=True)


def with_rows(proposals):
    """Proposals with the requests each lists (`proposal_rows`) and its document's §26 due
    date (`publish_by`), read for a whole page at once."""
    from zhengwu.disclosure.models import Document
    from zhengwu.disclosure.services import CLOCK_PURPOSE

    clocks = Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(Document),
        subject_id=OuterRef("document_id"),
        purpose=CLOCK_PURPOSE,
    ).order_by("-id")
    rows = ProposalRequest.objects.select_related("request").order_by(
        "request__received_on", "request_id"
    )
    return (
        proposals.select_related("agency", "document")
        .prefetch_related(Prefetch("proposalrequest_set", queryset=rows))
        .annotate(publish_by=Subquery(clocks.values("due_date")[:1]))
    )


def proposals_visible_to(user):
    """转为主动公开建议 in the user's scope (as the requests they list), `with_rows`."""
    return with_rows(PublicationProposal.objects.filter(scopes.scope_q(user, READERS)))


def open_proposals(user):
    """待决定, oldest first."""
    return (
        proposals_visible_to(user)
        .filter(status=PublicationProposal.PENDING)
        .order_by("proposed_on", "id")
    )


def get_proposal(user, pk) -> PublicationProposal:
    found = proposals_visible_to(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound("未找到该转为主动公开建议，或您无权查看", code="proposal_not_found")
    return found


def proposal_rows(proposal: PublicationProposal) -> list:
    """The requests a proposal lists, oldest first, each with the suggestion it made (read with
    the proposal by `with_rows`)."""
    return list(proposal.proposalrequest_set.all())


def proposal_of(req: Request) -> PublicationProposal | None:
    """The proposal a request is listed in: the open one, else the latest decided."""
    rows = PublicationProposal.objects.filter(proposalrequest__request=req)
    return rows.filter(status=PublicationProposal.PENDING).first() or rows.order_by("-id").first()
