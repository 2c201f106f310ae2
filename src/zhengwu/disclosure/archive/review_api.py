"""/api/v1/disclosure/archive/reviews/: the §18 review rounds in the caller's scope, one round
with its records and their flags, and the reviewer's decision on a record (send the record's
`version` as listed: a stale one is a 409)."""

from __future__ import annotations

from ninja import Router, Schema, Status

from zhengwu.api.auth import token_or_session
from zhengwu.core.errors import Invalid
from zhengwu.core.idempotency import idempotent

from .models import Review, ReviewDecision
from .services import review

router = Router(tags=["政府信息动态调整审查"])
MAX_LIMIT = 500


class DecisionIn(Schema):
    record: int
    decision: str
    reason: str = ""
    attribute: str = ""
    ground: str = ""
    version: int | None = None


def _round_out(r: Review, *, on) -> dict:
    return {
        "id": r.pk,
        "agency": {"usci": r.agency.usci, "name": r.agency.name},
        "year": r.year,
        "opened_on": r.opened_on.isoformat(),
        "due_on": r.due_on.isoformat(),
        "status": r.status,
        "status_label": r.get_status_display(),
        "done_on": r.done_on.isoformat() if r.done_on else None,
        "progress": review.progress(r, on=on),
    }


def _record_out(d: ReviewDecision, *, on) -> dict:
    rec, f = d.record, review.flags(d, on)
    return {
        "record": rec.pk,
        "version": rec.version,
        "doc_number": rec.doc_number,
        "title": rec.title,
        "written_on": rec.written_on.isoformat(),
        "attribute": rec.attribute,
        "attribute_label": rec.get_attribute_display(),
        "withheld_ground": rec.withheld_ground or None,
        "withheld_ground_label": rec.get_withheld_ground_display() if rec.withheld_ground else None,
        "secrecy_mark": f["mark"] or None,
        "release_on": f["release_on"].isoformat() if f["release_on"] else None,
        "released_by_law": f["released"],
        "flag": f["flag"] or None,
        "decision": d.decision or None,
        "decision_label": d.get_decision_display(),
        "reason": d.reason or None,
        "decided_on": d.decided_on.isoformat() if d.decided_on else None,
        "document_id": rec.document_id,
    }


@router.get("/", auth=token_or_session)
def list_reviews(request, status: str = "", limit: int = 50, offset: int = 0):
    """Rounds in the caller's scope, open ones by due date first; `status=open` or `done`."""
    qs = review.visible_to(request.user)
    if status:
        if status not in dict(Review.STATES):
            raise Invalid("status 应为 open 或 done", code="bad_status", field="status")
        qs = qs.filter(status=status)
    qs = qs.order_by("-status", "due_on", "-id")  # open before done, then by due date
    limit = max(1, min(limit, 200))
    on = review.today()
    return {
        "count": qs.count(),
        "results": [_round_out(r, on=on) for r in qs[max(0, offset) : max(0, offset) + limit]],
    }


@router.get("/{int:review_id}", auth=token_or_session)
def get_review(request, review_id: int, state: str = "", limit: int = 100, offset: int = 0):
    """A round with its records (a page of them: `limit`, `offset`), the records still to
    decide first and the secrets released by law (`flag`) first among them; `state` =
    pending / released / decided."""
    r = review.get_visible(request.user, review_id)
    if state not in ("", "pending", "released", "decided"):
        raise Invalid("state 应为 pending、released 或 decided", code="bad_state", field="state")
    on = review.today()
    rows = review.rows(r, on=on, state=state)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    return _round_out(r, on=on) | {
        "count": rows.count(),
        "records": [_record_out(d, on=on) for d in rows[offset : offset + limit]],
    }


@router.post("/{int:review_id}/decisions", auth=token_or_session, response={201: dict})
@idempotent
def decide(request, review_id: int, payload: DecisionIn):
    """The decision on one record: `decision` keep / change (with `attribute` on_request or
    withheld, and its `ground` when withheld) / publish; `reason` is required. Publishing makes
    the 主动公开 draft with its 条例 §26 clock (20 working days from today); a secret not yet
    released by law is refused (422)."""
    r = review.get_visible(request.user, review_id)
    item = review.decide(
        r,
        payload.record,
        decision=payload.decision,
        reason=payload.reason,
        attribute=payload.attribute,
        ground=payload.ground,
        version=payload.version,
        by=request.user,
    )
    r.refresh_from_db()
    return Status(
        201, _record_out(item, on=review.today()) | {"review": _round_out(r, on=review.today())}
    )
