"""The §18 review (条例 §18, domain rules §5.1–5.2): who is due, opening a body's round, the
reviewer's decision per record, and the round's end.

A 依申请公开 or 不予公开 record is due when neither its 成文日期 nor its last decision falls
within the interval (ZHENGWU_ARCHIVE_REVIEW_MONTHS, default 12), and — whatever the interval —
when it is a secret whose 保密期限 ran out (保密法 2024 §24: released by law) since its last
decision: §5.2's software rules raise a review on the release date too. The daily task and
`archive_review --open` put every due record of a body in its open round, or open one; the round
runs on a core Clock of ZHENGWU_ARCHIVE_REVIEW_WORKDAYS working days, stopped when the last
record is decided.

A decision to publish makes the record 主动公开 and its draft (`publish.to_proactive`), whose
条例 §26 clock runs 20 working days from the decision; a secret not yet released by law cannot be
published (须先依定密权限解密), and one released is 解密 at publication (保密法 §20): its marks are
cleared in the same change, the old ones kept in the audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from zhengwu.core import audit, calendar, clock, conf, workflow
from zhengwu.core.errors import Conflict, Invalid, NotFound
from zhengwu.core.models import Clock
from zhengwu.org import permissions
from zhengwu.org.models import Agency

from .. import secrecy
from ..models import OfficialDocument, Review, ReviewDecision
from . import publish

# The actions (audit event, permission rule, row of Review.workflow), written out here as the
# audit-name check reads them (models.py names the same three).
OPEN_ACTION = "disclosure_archive.review_open"
DECIDE_ACTION = "disclosure_archive.review_decide"
DONE_ACTION = "disclosure_archive.review_done"
CLOCK_PURPOSE = "政府信息动态调整审查期限"  # U: the interval and the period are settings
REVIEWED = [OfficialDocument.ON_REQUEST, OfficialDocument.WITHHELD]
RELEASED_FLAG = "保密期限已满，依法自行解密"
NOT_RELEASED = "该公文属于国家秘密，保密期限未满，须先依定密权限解密，才能公开"
GROUNDS = {code for code, _label in OfficialDocument.WITHHELD_GROUNDS if code}
SECRECY_FIELDS = {"secrecy": "", "secrecy_years": None, "secrecy_until": None}


def today() -> dt.date:
    return timezone.localdate()


def interval_months() -> int:
    return conf.number("ZHENGWU_ARCHIVE_REVIEW_MONTHS", 12)


def round_workdays() -> int:
    return conf.number("ZHENGWU_ARCHIVE_REVIEW_WORKDAYS", 20)


# ---------------------------------------------------------------- who is due


def _last_decided():
    return (
        ReviewDecision.objects.filter(record=OuterRef("pk"))
        .exclude(decision=ReviewDecision.PENDING)
        .order_by("-decided_on")
        .values("decided_on")[:1]
    )


def candidates(agency_ids: Iterable[int] | None = None) -> QuerySet[OfficialDocument]:
    """依申请公开 and 不予公开 records not waiting in an open round, each with `last_reviewed`."""
    waiting = ReviewDecision.objects.filter(
        record=OuterRef("pk"), decision=ReviewDecision.PENDING, review__status=Review.OPEN
    )
    qs = OfficialDocument.objects.filter(attribute__in=REVIEWED)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=list(agency_ids))
    return qs.exclude(Exists(waiting)).annotate(last_reviewed=Subquery(_last_decided()))


def due_ids(on: dt.date, agency_ids: Iterable[int] | None = None) -> dict[int, list[int]]:
    """Agency id → the ids of its records due on `on` (by the interval, or released by law)."""
    cutoff = calendar.months_before(on, interval_months())
    qs = candidates(agency_ids)
    by_interval = Q(written_on__lte=cutoff) & (
        Q(last_reviewed__isnull=True) | Q(last_reviewed__lte=cutoff)
    )
    due: dict[int, set[int]] = {}
    for pk, agency_id in qs.filter(by_interval).values_list("pk", "agency_id"):
        due.setdefault(agency_id, set()).add(pk)
    # Secrets released by law since their last decision: few, their release date is computed.
    for rec in qs.exclude(by_interval).exclude(secrecy=OfficialDocument.NONE):
        released = secrecy.release_date(rec)
        last = rec.last_reviewed  # type: ignore[attr-defined]
        if released is not None and released <= on and (last is None or last < released):
            due.setdefault(rec.agency_id, set()).add(rec.pk)
    return {agency_id: sorted(ids) for agency_id, ids in due.items()}


# ---------------------------------------------------------------- opening rounds


def open_round(
    agency: Agency, record_ids: list[int], *, on: dt.date, year: int | None = None, by=None
) -> tuple[Review, int]:
    """Put `record_ids` in the body's open round, opening one (with its clock) if none is open.
    Returns the round and how many records joined it."""
    with transaction.atomic():
        review = (
            Review.objects.select_for_update().filter(agency=agency, status=Review.OPEN).first()
        )
        created = review is None
        if review is None:
            j = agency.jurisdiction
            review = Review.objects.create(
                agency=agency,
                scope_path=agency.scope_path,
                year=year or on.year,
                opened_on=on,
                due_on=on,  # replaced by the clock's due date below
            )
            running = clock.start(
                review,
                purpose=CLOCK_PURPOSE,
                started_on=on,
                limit=round_workdays(),
                unit=Clock.WORKDAYS,
                jurisdiction_code=j.code,
                scope_path=agency.scope_path,
                agency_id=agency.pk,
            )
            review.due_on = running.due_date or on
            review.save(update_fields=["due_on"])
        have = set(review.decisions.values_list("record_id", flat=True))
        records = OfficialDocument.objects.filter(pk__in=[i for i in record_ids if i not in have])
        rows = [
            ReviewDecision(
                review=review,
                record_id=rec.pk,
                release_on=secrecy.release_date(rec),
                attribute_before=rec.attribute,
            )
            for rec in records.only(
                "pk",
                "attribute",
                "secrecy",
                "secrecy_years",
                "secrecy_until",
                "secrecy_condition",
                "written_on",
            )
        ]
        ReviewDecision.objects.bulk_create(rows, batch_size=2000)
        released = sum(1 for r in rows if r.release_on is not None and r.release_on <= on)
        if rows or created:
            audit.record(
                OPEN_ACTION,
                review,
                actor=by,
                after={
                    ("records" if created else "added"): len(rows),
                    "released": released,
                    "opened_on": review.opened_on.isoformat(),
                    "due_on": review.due_on.isoformat(),
                },
            )
    return review, len(rows)


def open_rounds(
    *, on: dt.date | None = None, year: int | None = None, agencies=None, by=None
) -> list[tuple[Review, int]]:
    """Every body (or those of `agencies`) with records due gets them in its open round."""
    on = on or today()
    ids = None if agencies is None else [a.pk for a in agencies]
    due = due_ids(on, ids)
    found = Agency.objects.select_related("jurisdiction").in_bulk(list(due))
    return [
        open_round(found[agency_id], record_ids, on=on, year=year, by=by)
        for agency_id, record_ids in sorted(due.items())
    ]


# ---------------------------------------------------------------- the list


def rows(review: Review, *, on: dt.date | None = None, state: str = "") -> QuerySet:
    """The round's records as the list shows them: those still to decide first, the secrets
    released by law first among them, then by 成文日期. `state`: pending / decided / released."""
    on = on or today()
    qs = review.decisions.select_related("record", "decided_by")
    if state == "pending":
        qs = qs.filter(decision=ReviewDecision.PENDING)
    elif state == "decided":
        qs = qs.exclude(decision=ReviewDecision.PENDING)
    elif state == "released":
        qs = qs.filter(release_on__lte=on)
    # "" (待审查) sorts before every decision
    return qs.order_by("decision", F("release_on").asc(nulls_last=True), "record__written_on", "id")


def flags(decision: ReviewDecision, on: dt.date) -> dict:
    """What the list says of one record: its mark, its release date, whether released by law."""
    rec = decision.record
    release = secrecy.release_date(rec)
    released = release is not None and release <= on
    return {
        "mark": secrecy.mark(rec),
        "release_on": release,
        "released": released,
        "flag": RELEASED_FLAG if released else "",
        "condition_only": rec.is_secret and release is None,
    }


def progress(review: Review, *, on: dt.date | None = None) -> dict:
    """How far the round is: records, decided, left, released by law still to decide."""
    on = on or today()
    qs = review.decisions.all()
    total = qs.count()
    left = qs.filter(decision=ReviewDecision.PENDING).count()
    return {
        "total": total,
        "left": left,
        "decided": total - left,
        "released": qs.filter(decision=ReviewDecision.PENDING, release_on__lte=on).count(),
        "overdue": review.status == Review.OPEN and review.due_on < on,
    }


def review_clock(review: Review) -> Clock | None:
    return clock.clocks_of(review).filter(purpose=CLOCK_PURPOSE).order_by("-id").first()


# ---------------------------------------------------------------- decisions


def _clean(decision: str, attribute: str, ground: str, reason: str) -> tuple[str, str, str]:
    if decision not in {ReviewDecision.KEEP, ReviewDecision.CHANGE, ReviewDecision.PUBLISH}:
        raise Invalid(
            "请选择审查决定：维持、变更公开属性或转为主动公开",
            code="decision_required",
            field="decision",
        )
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("请填写审查理由", code="reason_required", field="reason")
    if len(reason) > 2000:
        raise Invalid("审查理由不超过2000字", code="reason_too_long", field="reason")
    attribute, ground = (attribute or "").strip(), (ground or "").strip()
    if decision != ReviewDecision.CHANGE:
        return reason, "", ""
    if attribute not in REVIEWED:
        raise Invalid(
            "变更公开属性时，请选择“依申请公开”或“不予公开”（公开的请选择“转为主动公开”）",
            code="attribute_required",
            field="attribute",
        )
    if attribute == OfficialDocument.WITHHELD and ground not in GROUNDS:
        raise Invalid(
            "变更为不予公开的，请选择不予公开的依据（条例第十四条至第十六条）",
            code="ground_required",
            field="ground",
        )
    return reason, attribute, ground if attribute == OfficialDocument.WITHHELD else ""


def get_item(review: Review, record_id) -> ReviewDecision:
    try:
        pk = int(record_id)
    except (TypeError, ValueError):
        raise Invalid("请选择要审查的公文", code="record_required", field="record") from None
    item = review.decisions.select_related("record").filter(record_id=pk).first()
    if item is None:
        raise NotFound("本轮审查清单中没有该公文", code="record_not_in_review", field="record")
    return item


def decide(
    review: Review,
    record_id,
    *,
    decision: str,
    reason: str,
    attribute: str = "",
    ground: str = "",
    version=None,
    by,
    on: dt.date | None = None,
) -> ReviewDecision:
    """The reviewer's decision on one record of the round; `version` is the record's as the
    page showed it (409 when somebody changed it since). The round ends with its last record."""
    permissions.require(by, DECIDE_ACTION, agency_id=review.agency_id, path=review.scope_path)
    on = on or today()
    reason, attribute, ground = _clean(decision, attribute, ground, reason)
    item = get_item(review, record_id)
    with workflow.transition(item.record, DECIDE_ACTION, by=by, version=version) as change:
        locked = ReviewDecision.objects.select_for_update().get(pk=item.pk)
        if Review.objects.filter(pk=review.pk, status=Review.DONE).exists():
            raise Conflict("本轮审查已完成，不能再作出决定", code="review_done")
        if not locked.pending:
            raise Conflict("该公文在本轮审查中已作出决定，请刷新后查看", code="already_decided")
        rec = change.obj
        released = secrecy.released_by_law(rec, on)
        before = rec.attribute
        if decision == ReviewDecision.CHANGE:
            if attribute == rec.attribute and ground == rec.withheld_ground:
                raise Invalid(
                    "所选公开属性与现有的相同；不作变更的，请选择“维持公开属性”",
                    code="attribute_unchanged",
                    field="attribute",
                )
            if attribute == OfficialDocument.ON_REQUEST:
                _release(rec, released)
            rec.attribute, rec.withheld_ground = attribute, ground
            rec.attribute_reason = reason[:500]
        elif decision == ReviewDecision.PUBLISH:
            _release(rec, released)
            rec.attribute, rec.withheld_ground = OfficialDocument.PROACTIVE, ""
            rec.attribute_reason = reason[:500]
            # the draft and its §26 clock, 20 working days from the decision (条例 §26)
            publish.to_proactive(rec, by=by, since=on)
        locked.decision, locked.reason = decision, reason
        locked.attribute_before = before
        locked.new_attribute = rec.attribute if decision != ReviewDecision.KEEP else ""
        locked.new_ground = ground
        locked.released_by_law = released
        locked.decided_on, locked.decided_at = on, timezone.now()
        locked.decided_by = by if getattr(by, "pk", None) else None
        locked.save()
        change.note(
            review=review.pk,
            decision=decision,
            reason=reason,
            released_by_law=released,
        )
    item.refresh_from_db()
    if not review.decisions.filter(decision=ReviewDecision.PENDING).exists():
        review.refresh_from_db()
        if review.status == Review.OPEN:
            finish(review, by=by, on=on)
    return item


def _release(rec: OfficialDocument, released: bool) -> None:
    """A secret may leave 不予公开 only once released by law (else refused); its marks go."""
    if not rec.is_secret:
        return
    if not released:
        raise Invalid(NOT_RELEASED, code="secret_not_released", field="decision")
    for name, value in SECRECY_FIELDS.items():
        setattr(rec, name, value)
    rec.secrecy_condition = ""


def finish(review: Review, *, by, on: dt.date | None = None) -> Review:
    """The round is done: every record has its decision; its clock stops."""
    permissions.require(by, DONE_ACTION, agency_id=review.agency_id, path=review.scope_path)
    on = on or today()
    if review.decisions.filter(decision=ReviewDecision.PENDING).exists():
        raise Invalid("本轮审查还有公文未作出决定", code="review_not_finished")
    with workflow.transition(review, DONE_ACTION, by=by) as change:
        change.obj.done_on = on
        change.obj.done_by = by if getattr(by, "pk", None) else None
        for c in clock.clocks_of(review).exclude(state=Clock.STOPPED):
            clock.stop(c, on=on)
    return review


# ---------------------------------------------------------------- reading


def visible_to(user) -> QuerySet[Review]:
    """The rounds of the bodies in the user's scope as a reviewer (the page's and the API's)."""
    from zhengwu.org import scopes

    from ..permissions import REVIEWERS

    return Review.objects.filter(scopes.scope_q(user, REVIEWERS)).select_related("agency")


def get_visible(user, pk) -> Review:
    found = visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该动态调整审查，或不在您的职责范围内", code="review_not_found")
    return found
