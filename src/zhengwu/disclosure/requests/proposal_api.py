"""/api/v1/disclosure/proposals/: 转为主动公开建议 (条例 §44) in the caller's scope, and the
decision on one. The applicant's suggestion is on the request API
(POST /api/v1/disclosure/requests/{number}/suggest)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema

from zhengwu.api.auth import token_or_session
from zhengwu.core.errors import Invalid
from zhengwu.core.idempotency import idempotent
from zhengwu.org import scopes

from . import queries
from .models import PublicationProposal
from .permissions import HANDLERS
from .services import proposals

router = Router(tags=["依申请公开转为主动公开"])

STATUSES = {
    "open": [PublicationProposal.PENDING],
    "decided": [PublicationProposal.PUBLISH, PublicationProposal.DECLINE],
    "all": [s for s, _ in PublicationProposal.STATUSES],
}


def proposal_out(p: PublicationProposal, user) -> dict:
    """A proposal as the caller may read it: handlers in full, heads and supervisors with the
    applicants' words masked."""
    handler = scopes.covers(user, agency_id=p.agency_id, path=p.scope_path, roles=HANDLERS)
    rows = queries.proposal_rows(p)
    doc = p.document
    publish_by = getattr(p, "publish_by", None)
    return {
        "id": p.pk,
        "subject": p.subject if handler else p.masked_subject,
        "agency": {"usci": p.agency.usci, "name": p.agency.name},
        "source": p.source,
        "source_label": p.get_source_display(),
        "applicants": p.applicants,
        "proposed_on": p.proposed_on.isoformat(),
        "status": p.status,
        "status_label": p.get_status_display(),
        "suggestion_reason": p.suggestion_reason if handler else "",
        "requests": [
            {
                "number": row.request.number,
                "received_on": row.request.received_on.isoformat(),
                "subject": row.request.subject if handler else row.request.masked_subject,
                "suggested": bool(row.suggestion),
            }
            for row in rows
        ],
        "decided_on": p.decided_on.isoformat() if p.decided_on else None,
        "decision_reason": p.decision_reason,
        "document": (
            {
                "id": doc.pk,
                "index_no": doc.index_no,
                "title": doc.title,
                "status": doc.status,
                "publish_by": publish_by.isoformat() if publish_by else None,
            }
            if doc is not None
            else None
        ),
        "version": p.version,
    }


@router.get("/", auth=token_or_session)
def list_proposals(
    request, status: str = "open", agency: str = "", limit: int = 50, offset: int = 0
):
    """Proposals in the caller's scope: `status=open` (待决定, oldest first), `decided` or
    `all`; `agency` (a 统一社会信用代码) keeps one body's."""
    if status not in STATUSES:
        raise Invalid("status 应为 open、decided 或 all", code="bad_status", field="status")
    qs = queries.proposals_visible_to(request.user).filter(status__in=STATUSES[status])
    if agency:
        qs = qs.filter(agency__usci=agency.strip().upper())
    qs = qs.order_by("proposed_on", "id")
    limit = max(1, min(limit, 200))
    rows = list(qs[offset : offset + limit])
    return {"count": qs.count(), "results": [proposal_out(p, request.user) for p in rows]}


@router.get("/{int:proposal_id}", auth=token_or_session)
def detail(request, proposal_id: int):
    return proposal_out(queries.get_proposal(request.user, proposal_id), request.user)


class DecideIn(Schema):
    decision: str = Field(..., description="publish（转为主动公开）或 decline（不予转为主动公开）")
    reason: str = Field("", description="理由；不予转为主动公开时必填")
    on: dt.date | None = Field(None, description="决定日期，不填为今天")
    version: int | None = Field(None, description="读取时的版本号；已被他人处理时返回 409")


@router.post("/{int:proposal_id}/decide", auth=token_or_session)
@idempotent
def decide(request, proposal_id: int, payload: DecideIn):
    """The body's decision; publishing makes the 主动公开 draft whose §26 clock (20 working
    days) runs from the decision day (`document.publish_by`)."""
    p = queries.get_proposal(request.user, proposal_id)
    if payload.decision not in ("publish", "decline"):
        raise Invalid(
            "decision 应为 publish（转为主动公开）或 decline（不予转为主动公开）",
            code="bad_decision",
            field="decision",
        )
    proposals.decide(
        p,
        publish=payload.decision == "publish",
        reason=payload.reason,
        on=payload.on,
        by=request.user,
        version=payload.version,
    )
    return proposal_out(queries.get_proposal(request.user, proposal_id), request.user)
