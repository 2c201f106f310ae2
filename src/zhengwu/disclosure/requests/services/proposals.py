"""条例 §44: information several applicants ask one body for may be made proactive, and an
applicant may suggest it. The platform proposes it (转为主动公开建议) once enough different
applicants asked for it within the period (settings ZHENGWU_SIMILAR_REQUESTS and
ZHENGWU_SIMILAR_REQUEST_MONTHS: not set by law), or when an applicant suggests it after their
answer; the disclosure officer decides — publish (a 主动公开 draft whose §26 clock runs from the
decision) or not, with the reason.

One open proposal per information: a request like one already in an open proposal joins it.
Requests already decided on (in a decided proposal) no longer count, so after a decision the
platform proposes again only when enough new applicants ask."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import transaction

from zhengwu.core import audit, calendar, conf, workflow
from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.core.words import chinese_date
from zhengwu.disclosure import services as documents
from zhengwu.org import permissions
from zhengwu.org.models import Agency

from .. import likeness
from ..models import ProposalRequest, PublicationProposal, Request
from ._common import _tell_applicant, today

PROPOSE = "disclosure_request.proposal_propose"
JOIN = "disclosure_request.proposal_join"
SUGGEST = "disclosure_request.proposal_suggest"
PUBLISH = "disclosure_request.proposal_publish"
DECLINE = "disclosure_request.proposal_decline"
ANSWERED = (Request.ANSWERED, Request.ARCHIVED)
REASON_LIMIT = 2000


def threshold() -> int:
    """How many different applicants make information proposed for publication."""
    return max(1, conf.number("ZHENGWU_SIMILAR_REQUESTS", 3))


def period_months() -> int:
    return max(1, conf.number("ZHENGWU_SIMILAR_REQUEST_MONTHS", 12))


def applicant_key(id_number: str, name: str) -> str:
    """One applicant: by the ID or credit code, by the name where a register kept none."""
    return f"id:{id_number}" if id_number else f"name:{name.strip()}"


def count_applicants(reqs: Iterable[Request]) -> int:
    return len({applicant_key(r.applicant_id_number, r.applicant_name) for r in reqs})


def _decided_ids(ids: list[int]) -> set[int]:
    rows = ProposalRequest.objects.filter(request_id__in=ids).exclude(
        proposal__status=PublicationProposal.PENDING
    )
    return set(rows.values_list("request_id", flat=True))


def _lock_agency(agency_id: int) -> None:
    """Proposals of one body are found and created one at a time, so two requests registered at
    once never open two proposals for the same information."""
    list(Agency.objects.select_for_update().filter(pk=agency_id).values_list("pk", flat=True))


def _open_holding(agency_id: int, ids: list[int]) -> PublicationProposal | None:
    return (
        PublicationProposal.objects.filter(
            agency_id=agency_id,
            status=PublicationProposal.PENDING,
            proposalrequest__request_id__in=ids,
        )
        .order_by("id")
        .first()
    )


def _candidates(req: Request) -> list[Request]:
    """`req` and the like requests of the period not yet decided on, oldest first."""
    since = calendar.months_before(req.received_on, period_months())
    like = likeness.like_requests(req, since=since)
    if not like and threshold() > 1:
        return []  # alone: nothing to join, nobody to count (most requests)
    found = [req, *like]
    decided = _decided_ids([r.pk for r in found])
    return sorted((r for r in found if r.pk not in decided), key=lambda r: (r.received_on, r.pk))


def _join(
    proposal: PublicationProposal,
    reqs: list[Request],
    *,
    by=None,
    action: str = JOIN,
    suggesting: Request | None = None,
    reason: str = "",
) -> PublicationProposal | None:
    """Requests (and perhaps an applicant's suggestion) join an open proposal, audited; None
    when it holds them all already and nobody suggests anything."""
    held = set(
        ProposalRequest.objects.filter(proposal=proposal).values_list("request_id", flat=True)
    )
    new = [r for r in reqs if r.pk not in held]
    if not new and suggesting is None:
        return None
    with workflow.transition(proposal, action, by=by) as change:
        p = change.obj
        ProposalRequest.objects.bulk_create(
            [ProposalRequest(proposal=p, request=r, added_on=today()) for r in new]
        )
        if suggesting is not None:
            ProposalRequest.objects.filter(proposal=p, request=suggesting).update(suggestion=reason)
            if p.suggested_by_request_id is None:
                p.suggested_by_request = suggesting
                p.suggestion_reason = reason
            change.note(suggested_by=suggesting.number, reason=reason)
        who = p.requests.values_list("applicant_id_number", "applicant_name")
        p.applicants = len({applicant_key(i, n) for i, n in who})
        if new:
            change.note(requests=[r.number for r in new])
    return proposal


def _create(
    req: Request, reqs: list[Request], *, source: str, by=None, reason: str = ""
) -> PublicationProposal:
    first = min(reqs, key=lambda r: (r.received_on, r.pk))
    suggested = source == PublicationProposal.SUGGESTED
    proposal = PublicationProposal.objects.create(
        agency_id=req.agency_id,
        scope_path=req.scope_path,
        subject=first.subject,
        source=source,
        applicants=count_applicants(reqs),
        suggested_by_request=req if suggested else None,
        suggestion_reason=reason if suggested else "",
        proposed_on=today(),
    )
    on = today()
    ProposalRequest.objects.bulk_create(
        [
            ProposalRequest(
                proposal=proposal,
                request=r,
                added_on=on,
                suggestion=reason if suggested and r.pk == req.pk else "",
            )
            for r in reqs
        ]
    )
    audit.record(
        SUGGEST if suggested else PROPOSE,
        proposal,
        actor=by,
        after=audit.snapshot(proposal, ["subject", "source", "applicants", "proposed_on"])
        | {"requests": [r.number for r in reqs]}
        | ({"reason": reason} if suggested else {}),
    )
    return proposal


@transaction.atomic
def detect(req: Request) -> PublicationProposal | None:
    """After `req` is registered: the open proposal it joins, or the one it makes when enough
    different applicants asked for the same information within the period; else None."""
    reqs = _candidates(req)
    if req not in reqs:
        return None  # `req` itself was decided on already
    _lock_agency(req.agency_id)
    ids = [r.pk for r in reqs]
    open_ = _open_holding(req.agency_id, ids)
    if open_ is not None:
        return _join(open_, reqs)
    if count_applicants(reqs) < threshold():
        return None
    return _create(req, reqs, source=PublicationProposal.LIKE_REQUESTS)


def detect_batch(reqs: Iterable[Request]) -> list[PublicationProposal]:
    """Detection over requests loaded at once (an imported register), oldest first: those of
    the period before today only, as `scan` — information asked for years ago, and not since,
    is no case for publishing it now."""
    since = calendar.months_before(today(), period_months())
    found: dict[int, PublicationProposal] = {}
    recent = (r for r in reqs if r.received_on >= since)
    for req in sorted(recent, key=lambda r: (r.received_on, r.pk)):
        proposal = detect(req)
        if proposal is not None:
            found[proposal.pk] = proposal
    return list(found.values())


def scan(
    *, agency: Agency | None = None, progress: Callable[[str], None] = lambda s: None
) -> list[PublicationProposal]:
    """Detection over the requests of the period (registers imported before this existed)."""
    since = calendar.months_before(today(), period_months())
    qs = Request.objects.filter(received_on__gte=since).select_related("agency")
    if agency is not None:
        qs = qs.filter(agency=agency)
    rows = list(qs.order_by("received_on", "pk"))
    found: dict[int, PublicationProposal] = {}
    for n, req in enumerate(rows, 1):
        proposal = detect(req)
        if proposal is not None:
            found[proposal.pk] = proposal
        if n % 500 == 0:
            progress(f"已检查 {n}/{len(rows)} 件申请")
    return sorted(found.values(), key=lambda p: p.pk)


def _clean_reason(reason, *, required: bool, what: str) -> str:
    text = str(reason or "").strip()
    if required and not text:
        raise Invalid(f"请填写{what}", code="reason_required", field="reason")
    if len(text) > REASON_LIMIT:
        raise Invalid(f"{what}不能超过{REASON_LIMIT}字", code="reason_too_long", field="reason")
    return text


def suggested(req: Request) -> bool:
    """The applicant of `req` has made their suggestion already."""
    return ProposalRequest.objects.filter(request=req).exclude(suggestion="").exists()


@transaction.atomic
def suggest(req: Request, *, reason: str, by) -> PublicationProposal:
    """The applicant suggests publishing the information of their answered request (§44¶2):
    it makes a proposal, or joins the open one holding a like request. Once per request."""
    # a public action (the applicant's own): no staff rule to check, the request must be theirs
    if not req.account_id or req.account_id != getattr(by, "pk", None):
        raise NotAllowed("只有申请人本人可以提出建议", code="not_applicant")
    reason = _clean_reason(reason, required=True, what="建议理由")
    if req.status not in ANSWERED:
        raise Conflict("申请答复后才能提出转为主动公开的建议", code="not_answered")
    if suggested(req):
        raise Conflict("该申请已提出过转为主动公开的建议", code="already_suggested")
    reqs = _candidates(req)
    if req not in reqs:
        reqs = [req, *reqs]  # decided on before: the applicant may still suggest it anew
    _lock_agency(req.agency_id)
    open_ = _open_holding(req.agency_id, [r.pk for r in reqs])
    if open_ is not None:
        joined = _join(open_, reqs, by=by, action=SUGGEST, suggesting=req, reason=reason)
        assert joined is not None  # a suggestion always changes the proposal
        return joined
    return _create(req, reqs, source=PublicationProposal.SUGGESTED, by=by, reason=reason)


def _decision_day(proposal: PublicationProposal, on) -> dt.date:
    day = on or today()
    if not isinstance(day, dt.date):
        raise Invalid("决定日期格式不正确，应为YYYY-MM-DD", code="bad_date", field="on")
    if day > today():
        raise Invalid("决定日期不能晚于今天", code="future_date", field="on")
    latest = proposal.requests.order_by("-received_on").values_list("received_on", flat=True)
    last = latest.first()
    if last and day < last:
        raise Invalid(
            f"决定日期不能早于所列申请的收到日期（{chinese_date(last)}）",
            code="before_requests",
            field="on",
        )
    return day


def decide(
    proposal: PublicationProposal,
    *,
    publish: bool,
    reason: str = "",
    on: dt.date | None = None,
    by,
    version=None,
) -> PublicationProposal:
    """The body's decision. Publishing makes the 主动公开 draft (title: the information as the
    first applicant named it) whose 条例 §26 clock — 20 working days for information changed
    into the proactive scope — starts on the decision day; declining needs the reason."""
    action = PUBLISH if publish else DECLINE
    permissions.require(by, action, agency_id=proposal.agency_id, path=proposal.scope_path)
    reason = _clean_reason(reason, required=not publish, what="不予转为主动公开的理由")
    day = _decision_day(proposal, on)
    with workflow.transition(proposal, action, by=by, version=version) as change:
        p = change.obj
        p.decided_on, p.decided_by, p.decision_reason = day, by, reason
        if publish:
            p.document = documents.create_draft(
                p.agency,
                {
                    "title": p.subject,
                    "created_on": day,
                    "summary": f"依《中华人民共和国政府信息公开条例》第四十四条，{p.applicants}名"
                    f"申请人申请公开该信息，{chinese_date(day)}决定转为主动公开。",
                    "proactive": True,
                },
                by=by,
                clock_since=day,
            )
        if reason:
            change.note(reason=reason)
    suggester = proposal.suggested_by_request
    if suggester is not None:
        _tell_applicant(
            suggester,
            "您提出的转为主动公开建议已有决定",
            "已决定将该信息转为主动公开" if publish else f"决定不予转为主动公开：{reason}",
        )
    return proposal
