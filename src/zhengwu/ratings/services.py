"""好差评 state changes: a rating from any channel, the rectification of a bad one, and the
appeal that sets aside a mistaken or malicious rating (domain-rules §5).

Other apps call `rate(subject, …)` when a citizen rates a completed case, an answered
disclosure request or a replied message (一事一评); the window tablet and the village agent's
form call it too.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhengwu.core import audit, clock, limits, notify, workflow
from zhengwu.core.errors import Conflict, Invalid, NotFound
from zhengwu.org import permissions
from zhengwu.org.models import Role, RoleAssignment

from .models import Appeal, BadReason, Invitation, Rating, Rectification

FIX_PURPOSE = "差评整改"


def window_token(window) -> str:
    """The per-window token printed on the tablet's address (no login on the tablet)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"ratings-window:{window.pk}".encode(), hashlib.sha256).hexdigest()[:24]


def check_window_token(window, token: str) -> bool:
    return hmac.compare_digest(window_token(window), (token or "").strip())


def _dimensions(channel: str, dimensions: dict | None) -> dict:
    allowed = dict(
        Rating.ONLINE_DIMENSIONS if channel == Rating.ONLINE else Rating.OFFLINE_DIMENSIONS
    )
    out = {}
    for key, value in (dimensions or {}).items():
        if key not in allowed:
            raise Invalid(f"评价项“{key}”不适用于该渠道", code="bad_dimension", field="dimensions")
        try:
            v = int(value)
        except (TypeError, ValueError):
            raise Invalid(f"“{allowed[key]}”应为1至5", code="bad_dimension", field=key) from None
        if not 1 <= v <= 5:
            raise Invalid(f"“{allowed[key]}”应为1至5", code="bad_dimension", field=key)
        out[key] = v
    return out


def rate(
    subject=None,
    *,
    level,
    channel: str,
    agency,
    by=None,
    window=None,
    item_id: int | None = None,
    dimensions: dict | None = None,
    reasons=(),
    comment: str = "",
    rater=None,
    rater_phone: str = "",
    active: bool = True,
) -> Rating:
    """Record one rating. `subject` is the rated matter (a case, an answered request, a replied
    message); None for a window's 一次一评 without a case. A 差评 opens a rectification."""
    try:
        level = int(level)
    except (TypeError, ValueError):
        raise Invalid("请选择评价等级", code="level_required", field="level") from None
    if level not in dict(Rating.LEVELS):
        raise Invalid("评价等级应为1（非常不满意）至5（非常满意）", code="bad_level", field="level")
    if channel not in dict(Rating.CHANNELS):
        raise Invalid("评价渠道不正确", code="bad_channel", field="channel")
    if channel == Rating.AGENT:
        permissions.require_somewhere(by, "ratings.rated")
    dims = _dimensions(channel, dimensions)
    reason_rows = list(BadReason.objects.filter(code__in=list(reasons), active=True))
    if len(reason_rows) != len(set(reasons)):
        raise Invalid("差评原因不在可选范围内", code="bad_reason", field="reasons")
    if level <= Rating.BAD_MAX and not reason_rows:
        raise Invalid("差评请至少选择一项原因", code="reason_required", field="reasons")
    if len(comment or "") > 1000:
        raise Invalid("评价意见不超过1000字", code="comment_too_long", field="comment")
    now = timezone.now()
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                subject_type=ContentType.objects.get_for_model(subject) if subject else None,
                subject_id=subject.pk if subject else None,
                agency=agency,
                window=window,
                item_id=item_id,
                scope_path=agency.scope_path,
                channel=channel,
                level=level,
                dimensions=dims,
                comment=(comment or "").strip(),
                active=active,
                rater=rater if getattr(rater, "pk", None) else None,
                rater_phone=rater_phone,
                recorded_by=by if channel == Rating.AGENT else None,
                rated_at=now,
            )
            if reason_rows and level <= Rating.BAD_MAX:
                rating.reasons.set(reason_rows)
            audit.record("ratings.rated", rating, actor=by or rater, after=audit.snapshot(rating))
            if rating.is_bad:
                _open_rectification(rating)
    except IntegrityError:
        raise Conflict("该事项已经评价过（一事一评）", code="already_rated") from None
    return rating


def _open_rectification(rating: Rating) -> Rectification:
    today = timezone.localdate()
    law = limits.get("ratings.fix", rating.agency.jurisdiction.code)
    rect = Rectification.objects.create(
        rating=rating, agency=rating.agency, scope_path=rating.scope_path, opened_on=today
    )
    clock.start(
        rect,
        purpose=FIX_PURPOSE,
        started_on=today,
        limit=law.days,
        unit=law.unit,
        jurisdiction_code=rating.agency.jurisdiction.code,
        scope_path=rating.scope_path,
        agency_id=rating.agency_id,
    )
    audit.record("ratings.rectification_opened", rect, after={"rating": rating.pk})
    for a in RoleAssignment.objects.filter(
        agency=rating.agency, role__in=[Role.DEPT_OFFICER, Role.DEPT_HEAD]
    ).select_related("user"):
        notify.notify(
            a.user,
            f"收到差评（{rating.get_level_display()}），请第一时间回访核实",
            f"请在{law.amount}内完成整改并向评价人反馈。",
            f"/workbench/ratings/{rating.pk}/",
        )
    return rect


def _unit(user, rect_or_rating, action: str):
    permissions.require(
        user, action, agency_id=rect_or_rating.agency_id, path=rect_or_rating.scope_path
    )


def _text(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Invalid(message, code=f"{field}_required", field=field)
    if len(value) > 4000:
        raise Invalid("内容不超过4000字", code=f"{field}_too_long", field=field)
    return value


def _standing(rect: Rectification) -> None:
    """A rectification goes on only while its rating stands (an upheld appeal ends it)."""
    if rect.rating.state != Rating.VALID:
        raise Conflict("该评价已经申诉复核剔除，无需整改", code="set_aside")


def _stop_clocks(rect: Rectification) -> None:
    for running in clock.clocks_of(rect).exclude(state="stopped"):
        clock.stop(running, on=timezone.localdate())


def callback(rect: Rectification, *, note: str, way: str, by, version=None) -> Rectification:
    """回访核实 and the way of handling it (立行立改 / 限期整改 / 解释说明)."""
    _unit(by, rect, "ratings.callback")
    note = _text(note, "请填写回访核实情况", "callback_note")
    if way not in dict(Rectification.WAYS):
        raise Invalid("请选择处置方式", code="way_required", field="way")
    with workflow.transition(
        rect, "ratings.callback", by=by, version=version, related=("rating",)
    ) as c:
        r = c.obj
        _standing(r)
        r.callback_note, r.callback_at, r.way = note, timezone.now(), way
    return rect


def fix(rect: Rectification, *, note: str, by, version=None) -> Rectification:
    """整改完成 (stops the rectification clock)."""
    _unit(by, rect, "ratings.fixed")
    note = _text(note, "请填写整改情况", "fix_note")
    with workflow.transition(
        rect, "ratings.fixed", by=by, version=version, related=("rating",)
    ) as c:
        r = c.obj
        _standing(r)
        r.fix_note, r.fixed_at = note, timezone.now()
        _stop_clocks(r)
    return rect


def feedback(
    rect: Rectification, *, note: str, satisfied: bool | None, by, version=None
) -> Rectification:
    """反馈评价人, with the rater's answer (满意 / 不满意 / 未表态)."""
    _unit(by, rect, "ratings.fed_back")
    note = _text(note, "请填写向评价人反馈的内容", "feedback_note")
    with workflow.transition(
        rect, "ratings.fed_back", by=by, version=version, related=("rating",)
    ) as c:
        r = c.obj
        _standing(r)
        r.feedback_note, r.feedback_at = note, timezone.now()
        r.rater_satisfied = satisfied
    return rect


def appeal(rating: Rating, *, ground: str, reason: str, by) -> Appeal:
    """The unit asks for a mistaken or malicious rating to be set aside (申诉复核)."""
    _unit(by, rating, "ratings.appealed")
    if ground not in dict(Appeal.GROUNDS):
        raise Invalid(
            "请选择申诉理由类别（误评或恶意差评）", code="ground_required", field="ground"
        )
    reason = _text(reason, "请填写申诉理由", "reason")
    with transaction.atomic():
        # the rating's row is locked so that two officers filing at once make one appeal
        rating = Rating.objects.select_for_update().get(pk=rating.pk)
        if not rating.is_bad or rating.state != Rating.VALID:
            raise Conflict("只能对有效的差评提出申诉", code="not_appealable")
        if rating.appeals.filter(decision=Appeal.PENDING).exists():
            raise Conflict("该评价已有待复核的申诉", code="appeal_pending")
        a = Appeal.objects.create(
            rating=rating, ground=ground, reason=reason, filed_by=by, filed_at=timezone.now()
        )
        audit.record("ratings.appealed", a, actor=by, after={"rating": rating.pk, "ground": ground})
    return a


def decide_appeal(a: Appeal, *, uphold: bool, reason: str, by, version=None) -> Appeal:
    """The supervision office decides, with reasons; an upheld appeal sets the rating aside
    (the rating's own transition, in the same transaction) and stops its rectification clock."""
    action = "ratings.appeal_upheld" if uphold else "ratings.appeal_rejected"
    permissions.require(by, action, agency_id=None, path=a.rating.scope_path)
    reason = _text(reason, "请填写复核意见", "decision_reason")
    with workflow.transition(a, action, by=by, version=version, related=("rating",)) as c:
        x = c.obj
        x.decision_reason, x.decided_by, x.decided_at = reason, by, timezone.now()
        rating = x.rating
        if uphold:
            with workflow.transition(rating, action, by=by):
                rect = getattr(rating, "rectification", None)
                if rect is not None:
                    _stop_clocks(rect)
        c.note(rating=rating.pk, rating_state=rating.state, reason=reason)
    return a


# ---------------------------------------------------------------- 一事一评 invitations


def invite(*, subject, rater, agency_id, scope_path, item_id=None) -> Invitation | None:
    """Store the invitation to rate a completed case or an answered request (receiver of
    `core.signals.rateable`). Only an owner with an account can rate online; once per subject."""
    if not getattr(rater, "pk", None):
        return None
    invitation, created = Invitation.objects.get_or_create(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        defaults={
            "rater": rater,
            "agency_id": agency_id,
            "item_id": item_id,
            "scope_path": scope_path,
            "title": str(subject)[:200],
        },
    )
    if created:
        notify.notify(
            rater,
            "请您对本次服务进行评价",
            f"{invitation.title}已办结，欢迎您对办理单位的服务作出评价（一事一评）。",
            f"/ratings/rate/{invitation.pk}/",
        )
    return invitation


def rate_invitation(
    invitation: Invitation, *, by, level, dimensions=None, reasons=(), comment="", version=None
) -> Rating:
    """The invited owner rates online (一事一评); a second rating of the same matter is refused."""
    mine = Invitation.objects.filter(pk=invitation.pk, rater_id=getattr(by, "pk", None))
    if not mine.exists():
        raise NotFound("未找到该评价邀请")
    with workflow.transition(
        invitation, "ratings.rated", by=by, version=version, related=("agency",)
    ) as c:
        inv = c.obj
        rating = rate(
            inv.subject,
            level=level,
            channel=Rating.ONLINE,
            agency=inv.agency,
            by=by,
            item_id=inv.item_id,
            dimensions=dimensions,
            reasons=reasons,
            comment=comment,
            rater=by,
        )
        inv.rating = rating
    return rating


# 留言 满意度 (interaction) → the 5-level scale: 满意 4, 基本满意 3, 不满意 2 (a 差评).
MESSAGE_LEVELS = {"satisfied": 4, "basic": 3, "unsatisfied": 2}
MESSAGE_BAD_REASON = "other"  # the writer gives no reason code; their comment says why


def rate_reply(message, *, satisfaction: str, comment: str = "") -> Rating | None:
    """The writer's 满意度 on a replied message as an online rating of the handling agency
    (receiver of `interaction.signals.reply_rated`); 不满意 opens a rectification."""
    level = MESSAGE_LEVELS.get(satisfaction)
    if level is None:
        return None
    writer = getattr(message, "writer", None)
    return rate(
        message,
        level=level,
        channel=Rating.ONLINE,
        agency=getattr(message, "reply_agency", None) or message.agency,
        by=writer,
        reasons=[MESSAGE_BAD_REASON] if level <= Rating.BAD_MAX else (),
        comment=comment or "",
        rater=writer,
    )
