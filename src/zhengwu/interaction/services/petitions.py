"""信访事项: a letter handled as a petition under 信访工作条例 (15 days to accept, 60 to handle)."""

from __future__ import annotations

from django.utils import timezone

from zhengwu.core import clock, limits, notify, workflow
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


def mark_petition(message: Message, *, by, version=None) -> Message:
    """The letter is really a 信访事项: the mailbox clock stops and 信访工作条例 §22's 15 days to
    tell the writer whether it is accepted run from the day of receipt."""
    permissions.require(
        by, "interaction.marked_petition", agency_id=message.agency_id, path=message.scope_path
    )
    with workflow.transition(message, "interaction.marked_petition", by=by, version=version) as c:
        m = c.obj
        if m.is_petition:
            raise Conflict("该留言已按信访事项办理", code="already_petition")
        _stop_open_clocks(m, _today())
        k = clock.start(
            m,
            purpose=PETITION_ACCEPT_CLOCK,
            started_on=timezone.localtime(m.submitted_at).date(),
            **_law("petition.accept", m.scope_path),
            jurisdiction_code=_jcode(m.scope_path),
            scope_path=m.scope_path,
            agency_id=m.agency_id,
        )
        m.is_petition, m.due_on = True, k.due_date
        c.note(due_on=k.due_date)
    return message


def accept_petition(message: Message, *, by, version=None) -> Message:
    """信访工作条例 §§34–36: once accepted, handled within 60 days (configurable)."""
    permissions.require(
        by, "interaction.petition_accepted", agency_id=message.agency_id, path=message.scope_path
    )
    with workflow.transition(message, "interaction.petition_accepted", by=by, version=version) as c:
        m, today = c.obj, _today()
        if not m.is_petition or m.petition_accepted_on:
            raise Conflict("该留言不是待受理的信访事项", code="not_pending_petition")
        _stop_open_clocks(m, today)
        k = clock.start(
            m,
            purpose=PETITION_HANDLE_CLOCK,
            started_on=today,
            **_law("petition.handle", m.scope_path),
            jurisdiction_code=_jcode(m.scope_path),
            scope_path=m.scope_path,
            agency_id=m.agency_id,
        )
        m.petition_accepted_on, m.due_on = today, k.due_date
        m.accepted_on = m.accepted_on or today  # the table moves a 待受理 letter to 办理中
        c.note(due_on=k.due_date)
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


def extend_petition(message: Message, *, days, reason: str, by, version=None) -> Message:
    """信访工作条例: 情况复杂的, 经本机关负责人批准 the 60-day 办理 period may be extended by at most
    30 days in all, and the 信访人 is told why. The 部门负责人 extends it, with the reason."""
    permissions.require(
        by, "interaction.petition_extended", agency_id=message.agency_id, path=message.scope_path
    )
    reason = _text(reason, "延期理由", "reason", min_len=4, max_len=300)
    days = _whole_days(days)
    with workflow.transition(message, "interaction.petition_extended", by=by, version=version) as c:
        m = c.obj
        k = _open_clock(m, PETITION_HANDLE_CLOCK)
        if k is None:
            raise Conflict("该信访事项没有计时中的办理期限", code="no_clock")
        left = max(0, petition_extension_most(m) - k.extension)
        if not 0 < days <= left:
            raise Invalid(
                f"信访事项办理期限延长合计不超过{petition_extension_most(m)}日，"
                f"本事项还可延长{left}日",
                code="days_out_of_range",
                field="days",
            )
        clock.extend(k, days=days)
        m.due_on = k.due_date
        c.note(days=days, reason=reason, due_on=k.due_date)
    if message.writer_id:
        notify.notify(
            message.writer,
            f"您的信访事项 {message.number} 办理期限延长{days}日",
            f"延期理由：{reason}",
            url=f"/hdjl/my/{message.number}/",
        )
    return message
