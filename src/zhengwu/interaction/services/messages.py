"""网民留言: a letter to a mailbox, from submission to the public answer."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, clock, notify, tracking, workflow
from zhengwu.core.errors import Conflict, Invalid, NotAllowed, NotFound
from zhengwu.core.models import Clock
from zhengwu.org import permissions
from zhengwu.org.models import Agency, Role, RoleAssignment

from .. import abuse, moderation, queries, search, signals
from ..models import Extension, Mailbox, Message, Transfer
from ._common import (
    PHONE_RE,
    REPLY_CLOCK,
    _invalid_choice,
    _jcode,
    _open_clock,
    _stop_open_clocks,
    _text,
    _today,
    _whole_days,
    issue_number,
)


def route(jurisdiction, text: str) -> Mailbox:
    """By jurisdiction and topic: of the mailboxes the site offers (`queries.mailboxes_of`: its
    own level's, or the nearest level above), the department mailbox whose topic words occur
    most in the text, else the government's leader mailbox (州长信箱 / 县(市)长信箱)."""
    boxes = list(queries.mailboxes_of(jurisdiction))
    if not boxes:
        raise NotFound("该地区尚未开通信箱", code="no_mailbox")
    best, best_score = None, 0
    for box in boxes:
        score = sum(1 for word in box.topics.split() if word and word in text)
        if score > best_score:
            best, best_score = box, score
    if best is None:
        best = next((b for b in boxes if b.kind == Mailbox.LEADER), boxes[0])
    return best


def submit_message(
    *,
    mailbox: Mailbox,
    kind: str,
    title: str,
    body: str,
    writer=None,
    name: str = "",
    phone: str = "",
    email: str = "",
    allow_publish: bool = True,
    ip: str | None = None,
) -> tuple[Message, str]:
    """A letter to a mailbox. Returns the message and its 查询码 (shown once, stored hashed).

    The reply clock starts on the day of receipt (counting from the next working day)."""
    if not mailbox.is_active:
        raise Invalid("该信箱暂停受理留言", code="mailbox_closed", field="mailbox")
    _invalid_choice(kind, Message.KINDS, "留言类型", "kind")
    title = _text(title, "标题", "title", min_len=4, max_len=100)
    body = _text(body, "留言内容", "body", min_len=10, max_len=5000)
    account = writer if getattr(writer, "is_authenticated", False) else None
    if account is not None:
        name = account.real_name or account.username
        phone = phone.strip() or account.phone
    else:
        name = _text(name, "姓名", "name", max_len=50)
        phone = (phone or "").strip()
        if not phone:
            raise Invalid("请填写联系电话，以便答复和回访", code="phone_required", field="phone")
    if phone and not PHONE_RE.match(phone):
        raise Invalid(
            "联系电话格式不正确（11位手机号或带区号的固定电话）",
            code="phone_invalid",
            field="phone",
        )
    email = (email or "").strip()
    if email and ("@" not in email or len(email) > 254):
        raise Invalid("电子邮箱格式不正确", code="email_invalid", field="email")
    similar = abuse.likely_duplicates(
        body=body, writer=account, writer_phone=phone, mailbox_id=mailbox.pk
    )
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        number = issue_number("message", mailbox.scope_path, timezone.localtime(now).date())
        message = Message.objects.create(
            number=number,
            query_code_hash=tracking.hash_code(number, code),
            kind=kind,
            mailbox=mailbox,
            agency_id=mailbox.agency_id,
            scope_path=mailbox.scope_path,
            title=title,
            body=body,
            writer=account,
            writer_name=name,
            writer_phone=phone,
            writer_email=email,
            allow_publish=bool(allow_publish),
            client_ip=ip,
            similar_numbers=[m.number for m in similar],
            fingerprint=abuse.fingerprint(body),
            submitted_at=now,
        )
        c = clock.start(
            message,
            purpose=REPLY_CLOCK,
            started_on=timezone.localtime(now).date(),
            limit=mailbox.reply_limit,
            unit=Clock.WORKDAYS,
            jurisdiction_code=_jcode(message.scope_path),
            scope_path=message.scope_path,
            agency_id=message.agency_id,
        )
        Message.objects.filter(pk=message.pk).update(due_on=c.due_date)
        message.due_on = c.due_date
        audit.record(
            "interaction.message_submitted",
            message,
            actor=account,
            after={"number": number, "mailbox": mailbox.pk, "kind": kind, "due_on": c.due_date},
        )
    return message, code


def find_for_tracking(number: str, code: str, *, ip: str | None) -> Message:
    """A message by its number and query code, without logging in; throttled per address and
    per number (core.tracking: RateLimited, 429); a wrong code looks like no message."""
    number, code = (number or "").strip(), (code or "").strip()
    if not number or not code:
        raise Invalid("请填写留言编号和查询码", code="track_required", field="number")
    message = tracking.lookup(
        "message",
        number,
        code,
        ip=ip,
        find=lambda n: (
            Message.objects.select_related("mailbox", "agency", "reply_agency")
            .filter(number=n)
            .first()
        ),
    )
    if message is None:
        raise NotFound("留言编号或查询码不正确", code="track_not_found")
    return message


def accept(message: Message, *, by, version=None) -> Message:
    permissions.require(
        by, "interaction.message_accepted", agency_id=message.agency_id, path=message.scope_path
    )
    with workflow.transition(message, "interaction.message_accepted", by=by, version=version) as c:
        m = c.obj
        m.accepted_on = _today()
        c.note(on=_today())
    if message.writer_id:
        notify.notify(
            message.writer, f"您的留言 {message.number} 已受理", url=f"/hdjl/my/{message.number}/"
        )
    return message


def decline(message: Message, *, reason: str, by, version=None) -> Message:
    permissions.require(
        by, "interaction.message_declined", agency_id=message.agency_id, path=message.scope_path
    )
    reason = _text(reason, "不予受理的理由", "reason", min_len=4, max_len=1000)
    with workflow.transition(message, "interaction.message_declined", by=by, version=version) as c:
        m = c.obj
        m.decline_reason = reason
        c.note(reason=reason)
        _stop_open_clocks(m, _today())
    if message.writer_id:
        notify.notify(message.writer, f"您的留言 {message.number} 不予受理", reason)
    return message


def transfer(message: Message, *, to_agency: Agency, reason: str, by, version=None) -> Transfer:
    """转办: the message goes to another agency; its clock keeps running and follows it."""
    permissions.require(
        by, "interaction.message_transferred", agency_id=message.agency_id, path=message.scope_path
    )
    reason = _text(reason, "转办理由", "reason", min_len=2, max_len=300)
    if not to_agency.is_active:
        raise Invalid("接收单位已撤销", code="agency_inactive", field="to_agency")
    with workflow.transition(
        message, "interaction.message_transferred", by=by, version=version
    ) as c:
        m = c.obj
        if to_agency.pk == m.agency_id:
            raise Invalid("不能转办给本单位", code="same_agency", field="to_agency")
        row = Transfer.objects.create(
            message=m, from_agency_id=m.agency_id, to_agency=to_agency, reason=reason, by=by
        )
        m.agency, m.scope_path = to_agency, to_agency.scope_path
        c.note(reason=reason)
        for k in clock.clocks_of(m).exclude(state=Clock.STOPPED):
            k.agency_id, k.scope_path = to_agency.pk, to_agency.scope_path
            k.jurisdiction_code = _jcode(to_agency.scope_path)
            k.save(update_fields=["agency_id", "scope_path", "jurisdiction_code"])
    for ra in RoleAssignment.objects.filter(role=Role.MESSAGE_HANDLER, agency=to_agency):
        notify.notify(
            ra.user, f"转办留言 {message.number}", message.title, "/workbench/interaction/"
        )
    return row


def request_extension(
    message: Message, *, days: int | str | None, reason: str, by, version=None
) -> Extension:
    """延期申请 of the reply period, to the 部门负责人 of the handling agency (one pending at a
    time, the total within the mailbox's maximum)."""
    permissions.require(
        by, "interaction.extension_requested", agency_id=message.agency_id, path=message.scope_path
    )
    reason = _text(reason, "延期理由", "reason", min_len=4, max_len=300)
    days = _whole_days(days)
    with workflow.transition(
        message, "interaction.extension_requested", by=by, version=version, related=["mailbox"]
    ) as c:
        m = c.obj
        k = _open_clock(m, REPLY_CLOCK)
        if k is None:
            raise Conflict("该留言没有计时中的答复期限", code="no_clock")
        most = m.mailbox.max_limit
        room = most - k.limit - k.extension
        if days <= 0 or days > room:
            raise Invalid(
                f"延长天数应在1至{room}个工作日之间（总时限不超过{most}个工作日）",
                code="days_out_of_range",
                field="days",
            )
        if m.extensions.filter(state=Extension.PENDING).exists():
            raise Conflict("已有待审批的延期申请", code="extension_pending")
        ext = Extension.objects.create(message=m, days=days, reason=reason, requested_by=by)
        c.note(days=days, extension=ext.pk)
    for ra in RoleAssignment.objects.filter(role=Role.DEPT_HEAD, agency_id=message.agency_id):
        notify.notify(ra.user, f"留言 {message.number} 申请延期{days}个工作日", reason)
    return ext


def decide_extension(ext: Extension, *, approve: bool, by, version=None) -> Extension:
    """The 部门负责人 of the handling agency approves or refuses; approval extends the clock."""
    message = ext.message
    permissions.require(
        by, "interaction.extension_decided", agency_id=message.agency_id, path=message.scope_path
    )
    with workflow.transition(ext, "interaction.extension_decided", by=by, version=version) as c:
        e = c.obj
        k = _open_clock(message, REPLY_CLOCK)
        if approve:
            if k is None or k.limit + k.extension + e.days > message.mailbox.max_limit:
                raise Conflict("延期后将超过信箱最长答复时限", code="over_max")
            clock.extend(k, days=e.days)
            Message.objects.filter(pk=message.pk).update(due_on=k.due_date)
        e.state = Extension.APPROVED if approve else Extension.REFUSED
        e.decided_by, e.decided_at = by, timezone.now()
        c.note(due_on=k.due_date if k else None)
    return e


def reply(message: Message, *, text: str, by, version=None) -> Message:
    """答复: the clock stops; whether it was in time is kept; publication goes to moderation."""
    permissions.require(
        by, "interaction.message_replied", agency_id=message.agency_id, path=message.scope_path
    )
    text = _text(text, "答复内容", "text", min_len=10, max_len=10000)
    with workflow.transition(message, "interaction.message_replied", by=by, version=version) as c:
        m, today = c.obj, _today()
        open_clocks = list(clock.clocks_of(m).exclude(state=Clock.STOPPED))
        due = min((k.due_date for k in open_clocks if k.due_date), default=m.due_on)
        for k in open_clocks:
            clock.stop(k, on=today)
        m.reply, m.replied_on, m.reply_agency_id = text, today, m.agency_id
        m.accepted_on = m.accepted_on or today
        m.on_time = due is None or today <= due
        if m.allow_publish:
            (m.public_title, m.public_body, m.public_reply), m.held_words = moderation.screen_all(
                m.title, m.body, text
            )
            m.publication = Message.PENDING
        c.note(replied_on=today, on_time=m.on_time, agency=m.agency_id)
    signals.message_replied.send(sender=Message, message=message)
    if message.writer_id:
        notify.notify(
            message.writer,
            f"您的留言 {message.number} 已答复，请评价",
            url=f"/hdjl/my/{message.number}/",
        )
    return message


def rate(
    message: Message, *, satisfaction: str, comment: str = "", by=None, version=None
) -> Message:
    """The writer's 满意度 on the answer. Anonymous writers rate through the tracking page
    (number + 查询码 already checked by the caller, by=None)."""
    _invalid_choice(satisfaction, Message.SATISFACTION, "评价", "satisfaction")
    if by is not None and message.writer_id != by.pk:
        raise NotAllowed("只有留言人本人可以评价答复")
    if by is None and message.writer_id:
        raise NotAllowed("请登录后评价您的留言")
    comment = (comment or "").strip()[:300]
    with workflow.transition(message, "interaction.reply_rated", by=by, version=version) as c:
        m = c.obj
        if m.satisfaction:
            raise Conflict("您已评价过该答复", code="already_rated")
        m.satisfaction, m.satisfaction_comment = satisfaction, comment
        m.rated_at = timezone.now()
        # The rating of the agency (好差评) is kept with the change or not at all.
        signals.reply_rated.send(
            sender=Message, message=m, satisfaction=satisfaction, comment=comment
        )
    return message


def publish(
    message: Message,
    *,
    by,
    title: str | None = None,
    body: str | None = None,
    reply_text=None,
    version=None,
) -> Message:
    """Make the answered message public. The moderator may edit the public texts (the original
    stays as written); they are masked and screened again, and held words must be gone."""
    permissions.require(
        by, "interaction.message_published", agency_id=message.agency_id, path=message.scope_path
    )
    if not message.allow_publish:  # the writer's choice, fixed when the letter was written
        raise Conflict("留言人未同意公开", code="not_allowed_by_writer")
    with workflow.transition(
        message,
        "interaction.message_published",
        by=by,
        version=version,
        workflow=Message.publication_flow,
    ) as c:
        m = c.obj
        texts, held = moderation.screen_all(
            title if title is not None else m.public_title or m.title,
            body if body is not None else m.public_body or m.body,
            reply_text if reply_text is not None else m.public_reply or m.reply,
        )
        if held:
            raise Invalid(
                f"公开文本仍含敏感词：{'、'.join(held)}，请修改后再公开",
                code="held_words",
                field="body",
            )
        m.public_title, m.public_body, m.public_reply = texts
        m.held_words, m.published_at, m.hidden_reason = [], timezone.now(), ""
    search.changed(message)
    return message


def hide(message: Message, *, reason: str, by, version=None) -> Message:
    """屏蔽: taken off the public pages, never deleted; the reason is kept and audited."""
    permissions.require(
        by, "interaction.message_hidden", agency_id=message.agency_id, path=message.scope_path
    )
    reason = _text(reason, "屏蔽理由", "reason", min_len=2, max_len=200)
    with workflow.transition(
        message,
        "interaction.message_hidden",
        by=by,
        version=version,
        workflow=Message.publication_flow,
    ) as c:
        m = c.obj
        m.hidden_reason = reason
        c.note(reason=reason)
    search.removed(message)
    return message
