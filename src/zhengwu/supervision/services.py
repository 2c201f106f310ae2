"""Every state change of 电子监察: the sweep that moves clocks between 正常 / 预警 / 黄牌 / 红牌
and issues cards, irregularity cards, and the rectification of a card (domain-rules §4)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from zhengwu.core import audit, notify, workflow
from zhengwu.core.errors import Invalid
from zhengwu.core.models import Clock
from zhengwu.org import permissions
from zhengwu.org.models import Role, RoleAssignment, User

from . import status
from .models import Card, LateTally, Rectification

# 预警纠错: the warning is pushed to the handler and the approver (domain-rules §4, [EM1]).
NOTIFY_ROLES = [Role.DEPT_OFFICER, Role.DEPT_HEAD]
# Above this many new cards for one person in one sweep, one digest notice instead of many.
DIGEST_OVER = 20
# Clock ids per INSERT (within SQLite's 999 parameters).
INSERT_BATCH = 900


def update_statuses(today: dt.date) -> dict[str, int]:
    """One indexed UPDATE per target state, touching only the clocks whose state changes."""
    changed = {}
    for name, q in status.conditions(today).items():
        changed[name] = status.running().filter(q).exclude(status=name).update(status=name)
    return changed


def _insert_cards(level: str, statuses: list[str], today: dt.date, run: str) -> int:
    """Cards for the clocks in `statuses` that lack a card of `level`.

    First the candidates (an anti-join, read before anything is written, so the plan never
    scans a table the same statement is growing), then INSERT … SELECT … ON CONFLICT DO
    NOTHING per batch: the unique (clock, level) constraint makes a card exist once however
    many sweeps race (PostgreSQL and SQLite alike). Returns how many cards were inserted.
    """
    ids = list(
        status.running()
        .filter(status__in=statuses)
        .exclude(Exists(Card.objects.filter(clock_id=OuterRef("pk"), level=level)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    card, clock = Card._meta.db_table, Clock._meta.db_table
    inserted = 0
    with connection.cursor() as cursor:
        for i in range(0, len(ids), INSERT_BATCH):
            batch = ids[i : i + INSERT_BATCH]
            marks = ", ".join(["%s"] * len(batch))
            sql = f"""
                INSERT INTO {card} (level, kind, clock_id, subject_type_id, subject_id, purpose,
                                    agency_id, scope_path, detail, due_date, issued_on, state, run,
                                    version)
                SELECT %s, %s, c.id, c.subject_type_id, c.subject_id, c.purpose, c.agency_id,
                       c.scope_path, '', c.due_date, %s, %s, %s, 1
                FROM {clock} c
                WHERE c.id IN ({marks})
                ON CONFLICT DO NOTHING
            """  # noqa: S608 — table names come from the models, values are parameters
            cursor.execute(sql, [level, Card.OVERDUE, today, Card.OPEN, run, *batch])
            inserted += max(cursor.rowcount, 0)
    return inserted


def sweep(today: dt.date | None = None) -> dict:
    """The scheduled sweep: states first, then the cards the new states call for.

    A clock past its due date gets a 黄牌; still running after the 督办 period, a 红牌
    (domain-rules §4, 湛江 model). Returns what changed.
    """
    today = today or timezone.localdate()
    run = uuid.uuid4().hex
    with transaction.atomic():
        changed = update_statuses(today)
        _insert_cards(Card.YELLOW, [status.YELLOW, status.RED], today, run)
        _insert_cards(Card.RED, [status.RED], today, run)
        _refresh_tally()
        new_cards = list(Card.objects.filter(run=run).order_by("id"))
        if new_cards or any(changed.values()):
            audit.record(
                "supervision.sweep",
                object_type="supervision.sweep",
                object_id=today.isoformat(),
                after={
                    "today": today.isoformat(),
                    "changed": changed,
                    "cards": len(new_cards),
                    "card_ids": [c.pk for c in new_cards[:500]],
                    "run": run,  # on every card it inserted (Card.run): the cards' own trail
                },
            )
        _notify_cards(new_cards)
    return {"changed": changed, "cards": len(new_cards)}


def _refresh_tally() -> None:
    """Recount the late clocks per agency, place, purpose and state (one grouped query)."""
    now = timezone.now()
    rows = (
        status.running()
        .filter(status__in=[status.WARNING, status.YELLOW, status.RED])
        .values("agency_id", "scope_path", "purpose", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    LateTally.objects.all().delete()
    LateTally.objects.bulk_create(
        [
            LateTally(
                agency_id=r["agency_id"],
                scope_path=r["scope_path"],
                purpose=r["purpose"],
                status=r["status"],
                count=r["n"],
                as_of=now,
            )
            for r in rows
        ],
        batch_size=2000,
    )


def _notify_cards(cards: list[Card]) -> None:
    if not cards:
        return
    holders: dict[int | None, list[User]] = defaultdict(list)
    for a in RoleAssignment.objects.filter(
        agency_id__in={c.agency_id for c in cards if c.agency_id}, role__in=NOTIFY_ROLES
    ).select_related("user"):
        if a.user.is_active and a.user not in holders[a.agency_id]:
            holders[a.agency_id].append(a.user)
    per_user: dict[int, list[Card]] = defaultdict(list)
    users = {}
    for c in cards:
        for u in holders.get(c.agency_id, []):
            per_user[u.pk].append(c)
            users[u.pk] = u
    for uid, mine in per_user.items():
        user = users[uid]
        if len(mine) > DIGEST_OVER:
            notify.notify(
                user,
                f"电子监察：本单位新增{len(mine)}张监察亮牌",
                "请在整改期限内逐件办理并反馈整改情况。",
                "/workbench/supervision/cards/",
            )
            continue
        for c in mine:
            notify.notify(
                user,
                f"电子监察{c.get_level_display()}：{c.purpose}（{c.kind_label}）",
                _card_text(c),
                f"/workbench/supervision/cards/{c.pk}/",
            )


def _card_text(card: Card) -> str:
    if card.level == Card.RED:
        return (
            f"该事项截止日为{card.due_date}，黄牌督办期限（{status.duban_workdays()}个工作日）"
            "届满仍未办结，已亮红牌，请立即办结并提交整改报告。"
        )
    if card.kind == Card.OVERDUE:
        return (
            f"该事项截止日为{card.due_date}，已超期，请在{status.duban_workdays()}个工作日内"
            "限期办结并反馈整改情况，逾期将亮红牌。"
        )
    return f"{card.kind_label}：{card.detail}"


def issue_irregularity(
    *, kind: str, subject, agency_id: int | None, scope_path: str, detail: str = "", by=None
) -> Card | None:
    """A 黄牌 for an irregularity (domain-rules §4 triggers 1, 3–8). One open card per subject
    and kind; a second report of the same open irregularity adds nothing. Returns the new card
    or None when one is already open."""
    if kind not in Card.KINDS or kind == Card.OVERDUE:
        raise Invalid(f"未知的监察事由：{kind}", code="unknown_kind", field="kind")
    if not scope_path:
        raise Invalid("监察对象缺少所属辖区", code="scope_required", field="scope_path")
    subject_type = ContentType.objects.get_for_model(subject)
    try:
        with transaction.atomic():
            card = Card.objects.create(
                level=Card.YELLOW,
                kind=kind,
                subject_type=subject_type,
                subject_id=subject.pk,
                purpose=str(subject)[:60],
                agency_id=agency_id,
                scope_path=scope_path,
                detail=detail,
                issued_on=timezone.localdate(),
            )
            audit.record("supervision.card_issued", card, actor=by, after=audit.snapshot(card))
    except IntegrityError:
        return None
    _notify_cards([card])
    return card


def check_items(by=None) -> int:
    """Trigger 6 (domain-rules §4): an item that must be handled online but is not."""
    from zhengwu.services.models import Item

    open_ids = set(
        Card.objects.filter(
            kind=Card.NOT_ONLINE,
            clock__isnull=True,
            subject_type=ContentType.objects.get_for_model(Item),
        )
        .exclude(state=Card.ACCEPTED)
        .values_list("subject_id", flat=True)
    )
    issued = 0
    for item in Item.objects.filter(state=Item.ACTIVE, online_required=True, online=False).exclude(
        pk__in=open_ids
    ):
        card = issue_irregularity(
            kind=Card.NOT_ONLINE,
            subject=item,
            agency_id=item.agency_id,
            scope_path=item.scope_path,
            detail=f"事项“{item.name}”应当网上可办，目前尚未开通网上办理。",
            by=by,
        )
        issued += card is not None
    return issued


def answer(card: Card, text: str, *, by, version=None) -> Rectification:
    """The unit reports what it has done (整改反馈, domain-rules §4 [EM2 §7])."""
    text = (text or "").strip()
    if not text:
        raise Invalid("请填写整改情况", code="answer_required", field="answer")
    if len(text) > 4000:
        raise Invalid("整改情况不超过4000字", code="answer_too_long", field="answer")
    permissions.require(
        by, "supervision.rectification_answered", agency_id=card.agency_id, path=card.scope_path
    )
    with workflow.transition(
        card, "supervision.rectification_answered", by=by, version=version
    ) as c:
        x = c.obj
        r = Rectification.objects.create(
            card=x, answer=text, answered_by=by, answered_at=timezone.now()
        )
        c.note(rectification=r.pk, answer=text)
    return r


def decide(card: Card, *, accept: bool, note: str = "", by, version=None) -> Rectification:
    """The supervision office accepts the answer (closing the card) or returns it; the answer
    takes the same decision (its own transition, in the same transaction)."""
    note = (note or "").strip()
    if not accept and not note:
        raise Invalid("退回时请说明理由", code="note_required", field="note")
    action = "supervision.rectification_" + ("accepted" if accept else "returned")
    permissions.require(by, action, agency_id=None, path=card.scope_path)
    with workflow.transition(card, action, by=by, version=version) as c:
        x = c.obj
        r = x.rectifications.filter(decision=Rectification.PENDING).latest("answered_at")
        with workflow.transition(r, action, by=by) as decided:
            d = decided.obj
            d.decision_note, d.decided_by = note, by
            d.decided_at = timezone.now()
        c.note(rectification=r.pk, note=note)
    if not accept and card.agency_id is not None:  # as the sweep: the unit's people
        for a in RoleAssignment.objects.filter(
            agency_id=card.agency_id, role__in=NOTIFY_ROLES
        ).select_related("user"):
            notify.notify(
                a.user,
                f"整改反馈被退回：{card.purpose}",
                note,
                f"/workbench/supervision/cards/{card.pk}/",
            )
    return r
