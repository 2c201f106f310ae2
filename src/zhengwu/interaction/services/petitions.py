"""信访事项: a letter handled as a petition under 信访工作条例 (15 days to accept, 60 to handle)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, clock, limits, notify
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.org import permissions

from ..models import Message
from ._common import (
    PETITION_ACCEPT_CLOCK,
    PETITION_HANDLE_CLOCK,
    _jcode,
    _law,
    _open_clock,
    _stop_open_clocks,
    _text,
    _today,
    _whole_days,
)


@transaction.atomic
def mark_petition(message: Message, *, by) -> Message:
    """The letter is really a 信访事项: the mailbox clock stops and 信访工作条例 §22's 15 days to
    tell the writer whether it is accepted run from the day of receipt."""
    permissions.require(
        by, "interaction.marked_petition", agency_id=message.agency_id, path=message.scope_path
    )
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.is_petition:
        raise Conflict("该留言已按信访事项办理", code="already_petition")
    if message.state in (Message.DECLINED, Message.REPLIED):
        raise Conflict("已办结的留言不能转为信访事项", code="closed")
    _stop_open_clocks(message, _today())
    received = timezone.localtime(message.submitted_at).date()
    c = clock.start(
        message,
        purpose=PETITION_ACCEPT_CLOCK,
        started_on=received,
        **_law("petition.accept", message.scope_path),
        jurisdiction_code=_jcode(message.scope_path),
        scope_path=message.scope_path,
        agency_id=message.agency_id,
    )
    message.is_petition, message.due_on = True, c.due_date
    message.save(update_fields=["is_petition", "due_on"])
    audit.record("interaction.marked_petition", message, actor=by, after={"due_on": c.due_date})
    return message


@transaction.atomic
def accept_petition(message: Message, *, by) -> Message:
    """信访工作条例 §§34–36: once accepted, handled within 60 days (configurable)."""
    permissions.require(
        by, "interaction.petition_accepted", agency_id=message.agency_id, path=message.scope_path
    )
    message = Message.objects.select_for_update().get(pk=message.pk)
    if not message.is_petition or message.petition_accepted_on:
        raise Conflict("该留言不是待受理的信访事项", code="not_pending_petition")
    today = _today()
    _stop_open_clocks(message, today)
    c = clock.start(
        message,
        purpose=PETITION_HANDLE_CLOCK,
        started_on=today,
        **_law("petition.handle", message.scope_path),
        jurisdiction_code=_jcode(message.scope_path),
        scope_path=message.scope_path,
        agency_id=message.agency_id,
    )
    message.petition_accepted_on, message.due_on = today, c.due_date
    if message.state == Message.SUBMITTED:
        message.state, message.accepted_on = Message.ACCEPTED, today
    message.save(update_fields=["petition_accepted_on", "due_on", "state", "accepted_on"])
    audit.record("interaction.petition_accepted", message, actor=by, after={"due_on": c.due_date})
    return message


def petition_extension_most(message: Message) -> int:
    """The most the 办理 period may be extended in all (the row petition.extension)."""
    return limits.days("petition.extension", _jcode(message.scope_path))


def petition_extension_left(message: Message) -> int | None:
    """Days the 办理 period of an accepted petition may still be extended (None: no running
    period, nothing to extend)."""
    c = _open_clock(message, PETITION_HANDLE_CLOCK)
    if c is None:
        return None
    return max(0, petition_extension_most(message) - c.extension)


@transaction.atomic
def extend_petition(message: Message, *, days, reason: str, by) -> Message:
    """信访工作条例: 情况复杂的, 经本机关负责人批准 the 60-day 办理 period may be extended by at most
    30 days in all, and the 信访人 is told why. The 部门负责人 extends it, with the reason."""
    permissions.require(
        by, "interaction.petition_extended", agency_id=message.agency_id, path=message.scope_path
    )
    reason = _text(reason, "延期理由", "reason", min_len=4, max_len=300)
    days = _whole_days(days)
    message = Message.objects.select_for_update().get(pk=message.pk)
    left = petition_extension_left(message)
    if left is None:
        raise Conflict("该信访事项没有计时中的办理期限", code="no_clock")
    most = petition_extension_most(message)
    if not 0 < days <= left:
        raise Invalid(
            f"信访事项办理期限延长合计不超过{most}日，本事项还可延长{left}日",
            code="days_out_of_range",
            field="days",
        )
    c = _open_clock(message, PETITION_HANDLE_CLOCK)
    clock.extend(c, days=days)
    message.due_on = c.due_date
    message.save(update_fields=["due_on"])
    audit.record(
        "interaction.petition_extended",
        message,
        actor=by,
        after={"days": days, "reason": reason, "due_on": c.due_date},
    )
    if message.writer_id:
        notify.notify(
            message.writer,
            f"您的信访事项 {message.number} 办理期限延长{days}日",
            f"延期理由：{reason}",
            url=f"/hdjl/my/{message.number}/",
        )
    return message
