"""Every change in 政民互动, one function each: permission, rows, clock and audit in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

import jieba.analyse
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from zhengwu.core import audit, clock, limits, notify, tracking
from zhengwu.core.errors import Conflict, Invalid, NotAllowed, NotFound
from zhengwu.core.models import Clock
from zhengwu.org import scopes
from zhengwu.org.models import Agency, Role, RoleAssignment, User, Window

from . import abuse, conf, moderation, search, signals
from .models import (
    Complaint,
    Consultation,
    ConsultationComment,
    Extension,
    Interview,
    InterviewImage,
    InterviewPost,
    InterviewQuestion,
    Mailbox,
    Message,
    OpinionReport,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    Transfer,
)

HANDLER_ROLES = [Role.MESSAGE_HANDLER, Role.OPENNESS_ADMIN]
APPROVER_ROLES = [Role.DEPT_HEAD]
SUPERVISION_ROLES = [Role.SUPERVISOR]

REPLY_CLOCK = "留言答复"
PETITION_ACCEPT_CLOCK = "信访受理告知"
PETITION_HANDLE_CLOCK = "信访事项办理"
COMPLAINT_ACCEPT_CLOCK = "行政投诉受理审查"
COMPLAINT_ANSWER_CLOCK = "行政投诉办理"

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def _today() -> dt.date:
    return timezone.localdate()


def _jcode(scope_path: str) -> str:
    return scope_path.rstrip("/").split("/")[-1]


def _law(code: str, scope_path: str) -> dict:
    """A clock's length and unit from the statutory limit (core.limits) where the record is."""
    law = limits.get(code, _jcode(scope_path))
    return {"limit": law.days, "unit": law.unit}


def _text(value, label: str, field: str, *, min_len: int = 1, max_len: int = 5000) -> str:
    value = (value or "").strip()
    if len(value) < min_len:
        raise Invalid(
            f"请填写{label}" + (f"（至少{min_len}个字）" if min_len > 1 else ""),
            code=f"{field}_required",
            field=field,
        )
    if len(value) > max_len:
        raise Invalid(f"{label}过长（不超过{max_len}个字）", code=f"{field}_too_long", field=field)
    return value


def _whole_days(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Invalid("延长天数应为整数", code="days_invalid", field="days") from None


def _open_clock(subject, purpose: str) -> Clock | None:
    return clock.clocks_of(subject).filter(purpose=purpose).exclude(state=Clock.STOPPED).first()


def _stop_open_clocks(subject, on: dt.date) -> None:
    for c in clock.clocks_of(subject).exclude(state=Clock.STOPPED):
        clock.stop(c, on=on)


def _require_handler(user, message: Message, what: str) -> None:
    scopes.require(
        user, agency_id=message.agency_id, path=message.scope_path, roles=HANDLER_ROLES, what=what
    )


def _invalid_choice(value, choices, label, field):
    if value not in dict(choices):
        raise Invalid(f"请选择有效的{label}", code=f"{field}_invalid", field=field)
    return value


# --- 网民留言 ---------------------------------------------------------------------------------


def route(jurisdiction, text: str) -> Mailbox:
    """By jurisdiction and topic: the department mailbox whose topic words occur most in the
    text, else the government's leader mailbox (州长信箱 / 县(市)长信箱)."""
    boxes = list(
        Mailbox.objects.filter(is_active=True, agency__jurisdiction=jurisdiction).select_related(
            "agency"
        )
    )
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
        for _ in range(5):
            number = f"{timezone.localtime(now):%Y%m%d}{secrets.randbelow(10**6):06d}"
            message = Message(
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
            try:
                with transaction.atomic():
                    message.save()
                break
            except IntegrityError:
                continue
        else:
            raise Conflict("系统繁忙，请稍后重试", code="number_exhausted")
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


@transaction.atomic
def accept(message: Message, *, by) -> Message:
    _require_handler(by, message, "受理留言")
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.state != Message.SUBMITTED:
        raise Conflict("该留言已处理，不能再受理", code="not_submitted")
    message.state, message.accepted_on = Message.ACCEPTED, _today()
    message.save(update_fields=["state", "accepted_on"])
    audit.record("interaction.message_accepted", message, actor=by, after={"on": _today()})
    if message.writer_id:
        notify.notify(
            message.writer, f"您的留言 {message.number} 已受理", url=f"/hdjl/my/{message.number}/"
        )
    return message


@transaction.atomic
def decline(message: Message, *, reason: str, by) -> Message:
    _require_handler(by, message, "不予受理留言")
    reason = _text(reason, "不予受理的理由", "reason", min_len=4, max_len=1000)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.state not in (Message.SUBMITTED, Message.ACCEPTED):
        raise Conflict("该留言已办结", code="closed")
    message.state, message.decline_reason = Message.DECLINED, reason
    message.save(update_fields=["state", "decline_reason"])
    _stop_open_clocks(message, _today())
    audit.record("interaction.message_declined", message, actor=by, after={"reason": reason})
    if message.writer_id:
        notify.notify(message.writer, f"您的留言 {message.number} 不予受理", reason)
    return message


@transaction.atomic
def transfer(message: Message, *, to_agency: Agency, reason: str, by) -> Transfer:
    """转办: the message goes to another agency; its clock keeps running and follows it."""
    _require_handler(by, message, "转办留言")
    reason = _text(reason, "转办理由", "reason", min_len=2, max_len=300)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.state in (Message.DECLINED, Message.REPLIED):
        raise Conflict("已办结的留言不能转办", code="closed")
    if to_agency.pk == message.agency_id:
        raise Invalid("不能转办给本单位", code="same_agency", field="to_agency")
    if not to_agency.is_active:
        raise Invalid("接收单位已撤销", code="agency_inactive", field="to_agency")
    row = Transfer.objects.create(
        message=message, from_agency_id=message.agency_id, to_agency=to_agency, reason=reason, by=by
    )
    before = {"agency": message.agency_id}
    message.agency, message.scope_path = to_agency, to_agency.scope_path
    message.save(update_fields=["agency", "scope_path"])
    for c in clock.clocks_of(message).exclude(state=Clock.STOPPED):
        c.agency_id, c.scope_path = to_agency.pk, to_agency.scope_path
        c.jurisdiction_code = _jcode(to_agency.scope_path)
        c.save(update_fields=["agency_id", "scope_path", "jurisdiction_code"])
    audit.record(
        "interaction.message_transferred",
        message,
        actor=by,
        before=before,
        after={"agency": to_agency.pk, "reason": reason},
    )
    for ra in RoleAssignment.objects.filter(role=Role.MESSAGE_HANDLER, agency=to_agency):
        notify.notify(
            ra.user, f"转办留言 {message.number}", message.title, "/workbench/interaction/"
        )
    return row


@transaction.atomic
def request_extension(message: Message, *, days: int, reason: str, by) -> Extension:
    _require_handler(by, message, "申请延期")
    reason = _text(reason, "延期理由", "reason", min_len=4, max_len=300)
    days = _whole_days(days)
    c = _open_clock(message, REPLY_CLOCK)
    if c is None:
        raise Conflict("该留言没有计时中的答复期限", code="no_clock")
    room = message.mailbox.max_limit - c.limit - c.extension
    if days <= 0 or days > room:
        raise Invalid(
            f"延长天数应在1至{room}个工作日之间（总时限不超过{message.mailbox.max_limit}个工作日）",
            code="days_out_of_range",
            field="days",
        )
    if message.extensions.filter(state=Extension.PENDING).exists():
        raise Conflict("已有待审批的延期申请", code="extension_pending")
    ext = Extension.objects.create(message=message, days=days, reason=reason, requested_by=by)
    audit.record("interaction.extension_requested", ext, actor=by, after={"days": days})
    for ra in RoleAssignment.objects.filter(role=Role.DEPT_HEAD, agency_id=message.agency_id):
        notify.notify(ra.user, f"留言 {message.number} 申请延期{days}个工作日", reason)
    return ext


@transaction.atomic
def decide_extension(ext: Extension, *, approve: bool, by) -> Extension:
    """The 部门负责人 of the handling agency approves or refuses; approval extends the clock."""
    message = ext.message
    scopes.require(
        by,
        agency_id=message.agency_id,
        path=message.scope_path,
        roles=APPROVER_ROLES,
        what="审批延期",
    )
    ext = Extension.objects.select_for_update().get(pk=ext.pk)
    if ext.state != Extension.PENDING:
        raise Conflict("该延期申请已审批", code="decided")
    c = _open_clock(message, REPLY_CLOCK)
    if approve:
        if c is None or c.limit + c.extension + ext.days > message.mailbox.max_limit:
            raise Conflict("延期后将超过信箱最长答复时限", code="over_max")
        clock.extend(c, days=ext.days)
        Message.objects.filter(pk=message.pk).update(due_on=c.due_date)
    ext.state = Extension.APPROVED if approve else Extension.REFUSED
    ext.decided_by, ext.decided_at = by, timezone.now()
    ext.save(update_fields=["state", "decided_by", "decided_at"])
    audit.record(
        "interaction.extension_decided",
        ext,
        actor=by,
        after={"state": ext.state, "due_on": c.due_date if c else None},
    )
    return ext


@transaction.atomic
def mark_petition(message: Message, *, by) -> Message:
    """The letter is really a 信访事项: the mailbox clock stops and 信访工作条例 §22's 15 days to
    tell the writer whether it is accepted run from the day of receipt."""
    _require_handler(by, message, "转为信访事项")
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
    _require_handler(by, message, "受理信访事项")
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
    scopes.require(
        by,
        agency_id=message.agency_id,
        path=message.scope_path,
        roles=APPROVER_ROLES,
        what="延长信访办理期限",
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


@transaction.atomic
def reply(message: Message, *, text: str, by) -> Message:
    """答复: the clock stops; whether it was in time is kept; publication goes to moderation."""
    _require_handler(by, message, "答复留言")
    text = _text(text, "答复内容", "text", min_len=10, max_len=10000)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.state in (Message.DECLINED, Message.REPLIED):
        raise Conflict("该留言已办结", code="closed")
    today = _today()
    open_clocks = list(clock.clocks_of(message).exclude(state=Clock.STOPPED))
    due = min((c.due_date for c in open_clocks if c.due_date), default=message.due_on)
    for c in open_clocks:
        clock.stop(c, on=today)
    message.state = Message.REPLIED
    message.reply, message.replied_on, message.reply_agency_id = text, today, message.agency_id
    message.accepted_on = message.accepted_on or today
    message.on_time = due is None or today <= due
    if message.allow_publish:
        (message.public_title, message.public_body, message.public_reply), message.held_words = (
            moderation.screen_all(message.title, message.body, text)
        )
        message.publication = Message.PENDING
    message.save()
    audit.record(
        "interaction.message_replied",
        message,
        actor=by,
        after={"replied_on": today, "on_time": message.on_time, "agency": message.agency_id},
    )
    signals.message_replied.send(sender=Message, message=message)
    if message.writer_id:
        notify.notify(
            message.writer,
            f"您的留言 {message.number} 已答复，请评价",
            url=f"/hdjl/my/{message.number}/",
        )
    return message


@transaction.atomic
def rate(message: Message, *, satisfaction: str, comment: str = "", by=None) -> Message:
    """The writer's 满意度 on the answer. Anonymous writers rate through the tracking page
    (number + 查询码 already checked by the caller, by=None)."""
    _invalid_choice(satisfaction, Message.SATISFACTION, "评价", "satisfaction")
    message = Message.objects.select_for_update().get(pk=message.pk)
    if by is not None and message.writer_id != by.pk:
        raise NotAllowed("只有留言人本人可以评价答复")
    if by is None and message.writer_id:
        raise NotAllowed("请登录后评价您的留言")
    if message.state != Message.REPLIED:
        raise Conflict("留言答复后才能评价", code="not_replied")
    if message.satisfaction:
        raise Conflict("您已评价过该答复", code="already_rated")
    message.satisfaction = satisfaction
    message.satisfaction_comment = (comment or "").strip()[:300]
    message.rated_at = timezone.now()
    message.save(update_fields=["satisfaction", "satisfaction_comment", "rated_at"])
    audit.record("interaction.reply_rated", message, actor=by, after={"satisfaction": satisfaction})
    signals.reply_rated.send(
        sender=Message, message=message, satisfaction=satisfaction, comment=comment
    )
    return message


def _require_moderator(by, agency_id, path, what="审核公开内容"):
    scopes.require(by, agency_id=agency_id, path=path, roles=HANDLER_ROLES, what=what)


@transaction.atomic
def publish(
    message: Message, *, by, title: str | None = None, body: str | None = None, reply_text=None
) -> Message:
    """Make the answered message public. The moderator may edit the public texts (the original
    stays as written); they are masked and screened again, and held words must be gone."""
    _require_moderator(by, message.agency_id, message.scope_path)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if not message.allow_publish:
        raise Conflict("留言人未同意公开", code="not_allowed_by_writer")
    if message.state != Message.REPLIED:
        raise Conflict("留言答复后才能公开", code="not_replied")
    before = audit.snapshot(message, ["publication", "public_title", "public_body", "public_reply"])
    texts, held = moderation.screen_all(
        title if title is not None else message.public_title or message.title,
        body if body is not None else message.public_body or message.body,
        reply_text if reply_text is not None else message.public_reply or message.reply,
    )
    if held:
        message.held_words = held
        message.save(update_fields=["held_words"])
        raise Invalid(
            f"公开文本仍含敏感词：{'、'.join(held)}，请修改后再公开",
            code="held_words",
            field="body",
        )
    message.public_title, message.public_body, message.public_reply = texts
    message.held_words, message.publication = [], Message.PUBLISHED
    message.published_at, message.hidden_reason = timezone.now(), ""
    message.save()
    audit.record(
        "interaction.message_published",
        message,
        actor=by,
        before=before,
        after=audit.snapshot(
            message, ["publication", "public_title", "public_body", "public_reply"]
        ),
    )
    search.changed(message)
    return message


@transaction.atomic
def hide(message: Message, *, reason: str, by) -> Message:
    """屏蔽: taken off the public pages, never deleted; the reason is kept and audited."""
    _require_moderator(by, message.agency_id, message.scope_path, "屏蔽留言")
    reason = _text(reason, "屏蔽理由", "reason", min_len=2, max_len=200)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.publication == Message.HIDDEN:
        raise Conflict("该留言已屏蔽", code="already_hidden")
    before = {"publication": message.publication}
    message.publication, message.hidden_reason = Message.HIDDEN, reason
    message.save(update_fields=["publication", "hidden_reason"])
    audit.record(
        "interaction.message_hidden",
        message,
        actor=by,
        before=before,
        after={"publication": Message.HIDDEN, "reason": reason},
    )
    search.removed(message)
    return message


# --- 在线访谈 ---------------------------------------------------------------------------------


def live_cache_key(interview_id: int) -> str:
    return f"interaction:interview:{interview_id}:live"


def live_html_cache_key(interview_id: int) -> str:
    return f"interaction:interview:{interview_id}:html"


def live_json_cache_key(interview_id: int) -> str:
    return f"interaction:interview:{interview_id}:json"


def _interview_changed(interview_id: int) -> None:
    """Every change drops the cached live state (now, and again after commit so a reader who
    rebuilt it from the old rows in between does not keep it)."""
    keys = [
        live_cache_key(interview_id),
        live_html_cache_key(interview_id),
        live_json_cache_key(interview_id),
    ]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _require_interview_staff(by, interview: Interview, what="主持访谈"):
    scopes.require(
        by, agency_id=interview.agency_id, path=interview.scope_path, roles=HANDLER_ROLES, what=what
    )


@transaction.atomic
def ask_question(interview: Interview, *, name: str, text: str, by=None) -> InterviewQuestion:
    interview = Interview.objects.get(pk=interview.pk)
    if interview.state == Interview.FINISHED or not interview.is_published:
        raise Conflict("访谈已结束，不再征集问题", code="interview_finished")
    name = _text(name or getattr(by, "real_name", ""), "网友昵称", "name", max_len=30)
    text = _text(text, "问题", "text", min_len=5, max_len=1000)
    screened = moderation.screen(text)
    q = InterviewQuestion.objects.create(
        interview=interview,
        asker=by if getattr(by, "is_authenticated", False) else None,
        asker_name=name,
        text=text,
        public_text=screened.text,
        held_words=screened.held,
    )
    audit.record("interaction.question_asked", q, actor=by if q.asker_id else None)
    return q


@transaction.atomic
def moderate_question(q: InterviewQuestion, *, approve: bool, reason: str = "", by):
    _require_interview_staff(by, q.interview, "审核访谈提问")
    q = InterviewQuestion.objects.select_for_update().get(pk=q.pk)
    if q.state != InterviewQuestion.PENDING:
        raise Conflict("该问题已审核", code="moderated")
    if approve and moderation.screen(q.public_text).held:
        raise Invalid("问题含敏感词，不能采用", code="held_words")
    q.state = InterviewQuestion.APPROVED if approve else InterviewQuestion.REJECTED
    q.moderation_reason = (reason or "").strip()[:200]
    q.save(update_fields=["state", "moderation_reason"])
    audit.record("interaction.question_moderated", q, actor=by, after={"state": q.state})
    _interview_changed(q.interview_id)
    return q


@transaction.atomic
def post(interview: Interview, *, speaker: str, text: str, question=None, by) -> InterviewPost:
    """The host or a guest speaks; with a question, it is that question's answer."""
    _require_interview_staff(by, interview)
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.state != Interview.LIVE:
        raise Conflict("访谈不在直播中", code="not_live")
    speaker = _text(speaker, "发言人", "speaker", max_len=50)
    text = _text(text, "发言内容", "text", max_len=5000)
    if question is not None:
        if question.interview_id != interview.pk or question.state not in (
            InterviewQuestion.APPROVED,
            InterviewQuestion.ANSWERED,
        ):
            raise Invalid("只能回答本场已采用的问题", code="bad_question", field="question")
        question.state = InterviewQuestion.ANSWERED
        question.save(update_fields=["state"])
    p = InterviewPost.objects.create(
        interview=interview, question=question, speaker=speaker, text=text, posted_by=by
    )
    audit.record("interaction.interview_post", p, actor=by)
    _interview_changed(interview.pk)
    return p


@transaction.atomic
def set_interview_state(interview: Interview, *, state: str, by) -> Interview:
    _require_interview_staff(by, interview)
    order = [Interview.PREVIEW, Interview.LIVE, Interview.FINISHED]
    _invalid_choice(state, Interview.STATES, "访谈状态", "state")
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if order.index(state) != order.index(interview.state) + 1:
        raise Conflict(f"访谈不能从“{interview.get_state_display()}”变为该状态", code="bad_state")
    before = interview.state
    interview.state = state
    interview.save(update_fields=["state"])
    audit.record(
        "interaction.interview_state",
        interview,
        actor=by,
        before={"state": before},
        after={"state": state},
    )
    _interview_changed(interview.pk)
    return interview


IMAGE_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}


@transaction.atomic
def add_image(interview: Interview, *, upload, caption: str = "", by) -> InterviewImage:
    """A transcript picture: PNG, JPEG or GIF by its first bytes, within the size limit."""
    _require_interview_staff(by, interview, "上传访谈图片")
    if upload is None:
        raise Invalid("请选择图片文件", code="image_required", field="image")
    if upload.size > conf.max_image_bytes():
        raise Invalid(
            f"图片不能超过{conf.max_image_bytes() // 1024}KB", code="image_too_large", field="image"
        )
    data = upload.read()
    ext = next((e for sig, e in IMAGE_SIGNATURES.items() if data.startswith(sig)), None)
    if ext is None:
        raise Invalid("只能上传PNG、JPEG或GIF图片", code="image_type", field="image")
    digest = hashlib.sha256(data).hexdigest()
    img = InterviewImage(interview=interview, ext=ext, sha256=digest, caption=caption.strip()[:100])
    img.image.save(f"{digest[:16]}.{ext}", ContentFile(data), save=False)
    img.save()
    audit.record("interaction.interview_image", img, actor=by, after={"sha256": digest})
    _interview_changed(interview.pk)
    return img


@transaction.atomic
def write_transcript_intro(interview: Interview, *, text: str, by) -> Interview:
    _require_interview_staff(by, interview)
    interview.transcript_intro = (text or "").strip()
    interview.save(update_fields=["transcript_intro"])
    audit.record("interaction.interview_transcript", interview, actor=by)
    _interview_changed(interview.pk)
    return interview


# --- 民意征集 ---------------------------------------------------------------------------------


@transaction.atomic
def comment(
    consultation: Consultation, *, text: str, name: str = "", section=None, by=None
) -> ConsultationComment:
    if not consultation.is_open_on(_today()):
        raise Conflict("该征集不在意见征集期内", code="consultation_closed")
    if section is not None and section.consultation_id != consultation.pk:
        raise Invalid("条目不属于该征集", code="bad_section", field="section")
    account = by if getattr(by, "is_authenticated", False) else None
    name = _text(name or (account.real_name if account else ""), "署名", "name", max_len=30)
    text = _text(text, "意见", "text", min_len=5, max_len=3000)
    screened = moderation.screen(text)
    c = ConsultationComment.objects.create(
        consultation=consultation,
        section=section,
        author=account,
        author_name=name,
        text=text,
        public_text=screened.text,
        held_words=screened.held,
    )
    audit.record("interaction.comment_submitted", c, actor=account)
    return c


def _require_consultation_staff(by, consultation, what="处理征集意见"):
    scopes.require(
        by,
        agency_id=consultation.agency_id,
        path=consultation.scope_path,
        roles=HANDLER_ROLES,
        what=what,
    )


@transaction.atomic
def moderate_comment(c: ConsultationComment, *, publish_it: bool, reason: str = "", by):
    _require_consultation_staff(by, c.consultation, "审核征集意见")
    c = ConsultationComment.objects.select_for_update().get(pk=c.pk)
    before = {"state": c.state}
    if publish_it:
        screened = moderation.screen(c.public_text or c.text)
        if screened.held:
            raise Invalid(f"意见含敏感词：{'、'.join(screened.held)}，不能公开", code="held_words")
        c.state, c.public_text, c.hidden_reason = ConsultationComment.PUBLISHED, screened.text, ""
    else:
        c.state = ConsultationComment.HIDDEN
        c.hidden_reason = _text(reason, "屏蔽理由", "reason", min_len=2, max_len=200)
    c.save(update_fields=["state", "public_text", "hidden_reason"])
    audit.record(
        "interaction.comment_moderated",
        c,
        actor=by,
        before=before,
        after={"state": c.state, "reason": c.hidden_reason},
    )
    return c


@transaction.atomic
def set_adoption(c: ConsultationComment, *, adoption: str, reason: str = "", by):
    """采纳情况 of one comment; a comment not (fully) adopted needs the reason why."""
    _require_consultation_staff(by, c.consultation)
    _invalid_choice(adoption, ConsultationComment.ADOPTION[1:], "采纳情况", "adoption")
    reason = (reason or "").strip()
    if adoption != ConsultationComment.ADOPTED and len(reason) < 2:
        raise Invalid("未采纳或部分采纳的意见须说明理由", code="reason_required", field="reason")
    c.adoption, c.adoption_reason = adoption, reason[:300]
    c.save(update_fields=["adoption", "adoption_reason"])
    audit.record("interaction.comment_adoption", c, actor=by, after={"adoption": adoption})
    return c


@transaction.atomic
def publish_feedback(consultation: Consultation, *, text: str, by) -> Consultation:
    """After the period: the overall 采纳情况 statement; every published comment must be answered."""
    _require_consultation_staff(by, consultation, "发布征集反馈")
    text = _text(text, "采纳情况说明", "text", min_len=10, max_len=10000)
    if consultation.closes_on >= _today() and consultation.state == Consultation.OPEN:
        raise Conflict("征集期结束后才能发布反馈", code="still_open")
    undecided = consultation.comments.filter(
        state=ConsultationComment.PUBLISHED, adoption=""
    ).count()
    if undecided:
        raise Conflict(f"还有{undecided}条公开意见未填写采纳情况", code="undecided_comments")
    consultation.state, consultation.feedback = Consultation.FEEDBACK, text
    consultation.feedback_published_at = timezone.now()
    consultation.save(update_fields=["state", "feedback", "feedback_published_at"])
    audit.record("interaction.feedback_published", consultation, actor=by)
    return consultation


# --- 征集调查 ---------------------------------------------------------------------------------


@transaction.atomic
def answer_survey(
    survey: Survey, *, answers: dict, by=None, session_key: str = ""
) -> SurveyResponse:
    """`answers` maps question id → choice id, list of choice ids, or text. One sheet per
    account, or per browser session for those not logged in."""
    today = _today()
    if not survey.is_published or not survey.opens_on <= today <= survey.closes_on:
        raise Conflict("该调查不在填写期内", code="survey_closed")
    account = by if getattr(by, "is_authenticated", False) else None
    if account is None and not session_key:
        raise Invalid("请启用浏览器Cookie后再填写", code="no_session")
    already = survey.responses.filter(
        Q(respondent=account) if account else Q(session_key=session_key)
    )
    if already.exists():
        raise Conflict("您已参与过本次调查，感谢支持", code="already_answered")
    questions = list(survey.questions.prefetch_related("choices"))
    rows = []
    for q in questions:
        value = answers.get(q.pk, answers.get(str(q.pk)))
        valid = {c.pk: c for c in q.choices.all()}
        if q.kind == SurveyQuestion.TEXT:
            text = (value or "").strip() if isinstance(value, str) else ""
            if q.required and not text:
                raise Invalid(f"请回答第{q.order}题", code="answer_required", field=f"q{q.pk}")
            if len(text) > 2000:
                raise Invalid(f"第{q.order}题回答过长", code="answer_too_long", field=f"q{q.pk}")
            if text:
                rows.append(SurveyAnswer(question=q, text=moderation.screen(text).text))
            continue
        picked = value if isinstance(value, list) else ([value] if value not in (None, "") else [])
        try:
            ids = {int(v) for v in picked}
        except (TypeError, ValueError):
            raise Invalid(f"第{q.order}题的选项无效", code="bad_choice", field=f"q{q.pk}") from None
        if not ids <= valid.keys():
            raise Invalid(f"第{q.order}题的选项无效", code="bad_choice", field=f"q{q.pk}")
        if q.required and not ids:
            raise Invalid(f"请回答第{q.order}题", code="answer_required", field=f"q{q.pk}")
        if q.kind == SurveyQuestion.SINGLE and len(ids) > 1:
            raise Invalid(f"第{q.order}题只能选一项", code="single_choice", field=f"q{q.pk}")
        rows += [SurveyAnswer(question=q, choice=valid[i]) for i in sorted(ids)]
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, respondent=account, session_key="" if account else session_key
            )
    except IntegrityError:
        raise Conflict("您已参与过本次调查，感谢支持", code="already_answered") from None
    for r in rows:
        r.response = response
    SurveyAnswer.objects.bulk_create(rows)
    audit.record("interaction.survey_answered", response, actor=account)
    return response


# --- 行政投诉 ---------------------------------------------------------------------------------

COMPLAINT_SUBJECT_MODELS = {
    Complaint.CASE: ("cases", "case"),
    Complaint.DISCLOSURE: ("requests", "request"),
}


def _complaint_subject(about: str, reference: str):
    """The complained-about case or disclosure request, by its number, when that app is present."""
    app_label, model = COMPLAINT_SUBJECT_MODELS[about]
    ct = ContentType.objects.filter(app_label=app_label, model=model).first()
    if ct is None or ct.model_class() is None:
        return None
    Model = ct.model_class()
    field = next((n for n in ("number", "reference", "tracking_number") if hasattr(Model, n)), None)
    if field is None:
        return None
    return Model.objects.filter(**{field: reference}).first()


@transaction.atomic
def file_complaint(
    *,
    about: str,
    agency: Agency,
    title: str,
    body: str,
    by,
    reference: str = "",
    window: Window | None = None,
    subject=None,
    phone: str = "",
) -> Complaint:
    """A 行政投诉 reaches the supervision office of the agency's jurisdiction, whose 5-working-day
    acceptance clock starts on receipt."""
    if not getattr(by, "is_authenticated", False) or by.kind == User.STAFF:
        raise NotAllowed("请使用公众账户登录后投诉", code="login_required")
    _invalid_choice(about, Complaint.ABOUT, "投诉对象类型", "about")
    title = _text(title, "标题", "title", min_len=4, max_len=100)
    body = _text(body, "投诉内容", "body", min_len=10, max_len=5000)
    reference = (reference or "").strip()[:40]
    if about in (Complaint.CASE, Complaint.DISCLOSURE):
        if not reference and subject is None:
            raise Invalid(
                "请填写被投诉的办件号或申请编号", code="reference_required", field="reference"
            )
        if subject is None:
            subject = _complaint_subject(about, reference)
    if about == Complaint.WINDOW:
        if window is None:
            raise Invalid("请选择被投诉的窗口", code="window_required", field="window")
        if not window.agencies.filter(pk=agency.pk).exists():
            agency = window.agencies.first() or agency
    phone = (phone or by.phone or "").strip()
    if phone and not PHONE_RE.match(phone):
        raise Invalid("联系电话格式不正确", code="phone_invalid", field="phone")
    for _ in range(5):
        number = f"TS{timezone.localdate():%Y%m%d}{secrets.randbelow(10**5):05d}"
        if not Complaint.objects.filter(number=number).exists():
            break
    complaint = Complaint.objects.create(
        number=number,
        about=about,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        subject_reference=reference,
        window=window,
        agency=agency,
        scope_path=agency.scope_path,
        complainant=by,
        phone=phone,
        title=title,
        body=body,
        submitted_at=timezone.now(),
    )
    c = clock.start(
        complaint,
        purpose=COMPLAINT_ACCEPT_CLOCK,
        started_on=timezone.localtime(complaint.submitted_at).date(),
        **_law("complaint.accept", complaint.scope_path),
        jurisdiction_code=_jcode(complaint.scope_path),
        scope_path=complaint.scope_path,
        agency_id=agency.pk,
    )
    complaint.due_on = c.due_date
    complaint.save(update_fields=["due_on"])
    audit.record(
        "interaction.complaint_filed",
        complaint,
        actor=by,
        after={"number": number, "about": about, "agency": agency.pk, "due_on": c.due_date},
    )
    supervisors = RoleAssignment.objects.filter(
        role=Role.SUPERVISOR, jurisdiction__isnull=False
    ).select_related("user", "jurisdiction")
    for ra in supervisors:
        if complaint.scope_path.startswith(ra.jurisdiction.path):
            notify.notify(
                ra.user, f"新的行政投诉 {number}", title, "/workbench/interaction/complaints/"
            )
    return complaint


def _require_supervisor(by, complaint, what):
    scopes.require(
        by, agency_id=None, path=complaint.scope_path, roles=SUPERVISION_ROLES, what=what
    )


@transaction.atomic
def decide_complaint(complaint: Complaint, *, accept_it: bool, reason: str, by) -> Complaint:
    _require_supervisor(by, complaint, "审查行政投诉")
    reason = _text(reason, "受理意见", "reason", min_len=2, max_len=1000)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.state != Complaint.SUBMITTED:
        raise Conflict("该投诉已作出受理决定", code="decided")
    today = _today()
    _stop_open_clocks(complaint, today)
    complaint.decided_on, complaint.decision_reason = today, reason
    complaint.state = Complaint.ACCEPTED if accept_it else Complaint.DECLINED
    complaint.due_on = None
    if accept_it:
        c = clock.start(
            complaint,
            purpose=COMPLAINT_ANSWER_CLOCK,
            started_on=today,
            **_law("complaint.answer", complaint.scope_path),
            jurisdiction_code=_jcode(complaint.scope_path),
            scope_path=complaint.scope_path,
            agency_id=complaint.agency_id,
        )
        complaint.due_on = c.due_date
    complaint.save()
    audit.record(
        "interaction.complaint_decided",
        complaint,
        actor=by,
        after={"state": complaint.state, "reason": reason},
    )
    notify.notify(
        complaint.complainant,
        f"您的投诉 {complaint.number}：{complaint.get_state_display()}",
        reason,
    )
    return complaint


@transaction.atomic
def answer_complaint(complaint: Complaint, *, text: str, by) -> Complaint:
    _require_supervisor(by, complaint, "答复行政投诉")
    text = _text(text, "处理结果", "text", min_len=10, max_len=10000)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.state != Complaint.ACCEPTED:
        raise Conflict("只有已受理的投诉可以答复", code="not_accepted")
    _stop_open_clocks(complaint, _today())
    complaint.state, complaint.answer, complaint.answered_on = Complaint.ANSWERED, text, _today()
    complaint.save(update_fields=["state", "answer", "answered_on"])
    audit.record("interaction.complaint_answered", complaint, actor=by)
    notify.notify(complaint.complainant, f"您的投诉 {complaint.number} 已有处理结果", text[:200])
    return complaint


# --- 民意汇报 ---------------------------------------------------------------------------------


def _month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt


def opinion_figures(messages, month: dt.date) -> dict:
    """Topics, volumes, handling times and satisfaction of one month's messages."""
    first, nxt = _month_bounds(month)
    received = messages.filter(submitted_at__date__gte=first, submitted_at__date__lt=nxt)
    replied = messages.filter(replied_on__gte=first, replied_on__lt=nxt)
    by_kind = dict(received.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    durations = [
        (replied_on - timezone.localtime(submitted).date()).days
        for replied_on, submitted in replied.values_list("replied_on", "submitted_at")
    ]
    satisfaction = dict(
        replied.exclude(satisfaction="")
        .values_list("satisfaction")
        .annotate(n=Count("id"))
        .values_list("satisfaction", "n")
    )
    rated = sum(satisfaction.values())
    good = satisfaction.get(Message.SATISFIED, 0) + satisfaction.get(Message.BASIC, 0)
    topics: dict[str, int] = {}
    for title in received.values_list("title", flat=True)[:2000]:
        for word in jieba.analyse.extract_tags(title, topK=3):
            topics[word] = topics.get(word, 0) + 1
    return {
        "month": first.isoformat(),
        "received": received.count(),
        "by_kind": {label: by_kind.get(code, 0) for code, label in Message.KINDS},
        "replied": replied.count(),
        "on_time": replied.filter(on_time=True).count(),
        "average_days": round(sum(durations) / len(durations), 1) if durations else None,
        "satisfaction": {label: satisfaction.get(code, 0) for code, label in Message.SATISFACTION},
        "satisfaction_rate": round(100 * good / rated, 1) if rated else None,
        "topics": sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))[:10],
        "open_overdue": messages.filter(
            state__in=[Message.SUBMITTED, Message.ACCEPTED], due_on__lt=nxt
        ).count(),
    }


@transaction.atomic
def generate_opinion_reports(month: dt.date) -> int:
    """民意汇报 for one month: one per agency that received or answered messages, and the 州's."""
    first, nxt = _month_bounds(month)
    active = set(
        Message.objects.filter(
            Q(submitted_at__date__gte=first, submitted_at__date__lt=nxt)
            | Q(replied_on__gte=first, replied_on__lt=nxt)
        ).values_list("agency_id", flat=True)
    )
    count = 0
    for agency in Agency.objects.filter(pk__in=active):
        data = opinion_figures(Message.objects.filter(agency=agency), first)
        OpinionReport.objects.update_or_create(
            month=first,
            agency=agency,
            defaults={
                "scope_path": agency.scope_path,
                "data": data,
                "generated_at": timezone.now(),
            },
        )
        count += 1
    root = Agency.objects.filter(jurisdiction__parent__isnull=True).first()
    data = opinion_figures(Message.objects.all(), first)
    OpinionReport.objects.update_or_create(
        month=first,
        agency=None,
        defaults={
            "scope_path": root.scope_path if root else "",
            "data": data,
            "generated_at": timezone.now(),
        },
    )
    audit.record(
        "interaction.opinion_reports",
        object_type="interaction.opinionreport",
        object_id=first.isoformat(),
        after={"agencies": count},
    )
    return count + 1
