"""行政投诉: filed by the public, decided and answered by the supervision office."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, clock, notify, workflow
from zhengwu.core.errors import Invalid, NotAllowed
from zhengwu.org import permissions
from zhengwu.org.models import Agency, Role, RoleAssignment, User, Window

from ..models import Complaint
from ._common import (
    COMPLAINT_ACCEPT_CLOCK,
    COMPLAINT_ANSWER_CLOCK,
    PHONE_RE,
    _invalid_choice,
    _jcode,
    _law,
    _stop_open_clocks,
    _text,
    _today,
    issue_number,
)

COMPLAINT_SUBJECT_MODELS = {
    Complaint.CASE: ("cases", "case"),
    Complaint.DISCLOSURE: ("requests", "request"),
}


def _complaint_subject(about: str, reference: str):
    """The complained-about case or disclosure request, by its number, when that app is present."""
    app_label, model = COMPLAINT_SUBJECT_MODELS[about]
    ct = ContentType.objects.filter(app_label=app_label, model=model).first()
    Model = ct.model_class() if ct is not None else None
    if Model is None:
        return None
    field = next((n for n in ("number", "reference", "tracking_number") if hasattr(Model, n)), None)
    if field is None:
        return None
    return Model._default_manager.filter(**{field: reference}).first()


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
    number = issue_number("complaint", agency.scope_path, timezone.localdate())
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
        if ra.jurisdiction and complaint.scope_path.startswith(ra.jurisdiction.path):
            notify.notify(
                ra.user, f"新的行政投诉 {number}", title, "/workbench/interaction/complaints/"
            )
    return complaint


def decide_complaint(
    complaint: Complaint, *, accept_it: bool, reason: str, by, version=None
) -> Complaint:
    permissions.require(
        by,
        "interaction.complaint_decided",
        agency_id=complaint.agency_id,
        path=complaint.scope_path,
    )
    reason = _text(reason, "受理意见", "reason", min_len=2, max_len=1000)
    with workflow.transition(
        complaint, "interaction.complaint_decided", by=by, version=version
    ) as c:
        x, today = c.obj, _today()
        _stop_open_clocks(x, today)
        x.decided_on, x.decision_reason = today, reason
        x.state = Complaint.ACCEPTED if accept_it else Complaint.DECLINED
        x.due_on = None
        if accept_it:
            x.due_on = clock.start(
                x,
                purpose=COMPLAINT_ANSWER_CLOCK,
                started_on=today,
                **_law("complaint.answer", x.scope_path),
                jurisdiction_code=_jcode(x.scope_path),
                scope_path=x.scope_path,
                agency_id=x.agency_id,
            ).due_date
        c.note(state=x.state, reason=reason)
    notify.notify(
        complaint.complainant,
        f"您的投诉 {complaint.number}：{complaint.get_state_display()}",
        reason,
    )
    return complaint


def answer_complaint(complaint: Complaint, *, text: str, by, version=None) -> Complaint:
    permissions.require(
        by,
        "interaction.complaint_answered",
        agency_id=complaint.agency_id,
        path=complaint.scope_path,
    )
    text = _text(text, "处理结果", "text", min_len=10, max_len=10000)
    with workflow.transition(
        complaint, "interaction.complaint_answered", by=by, version=version
    ) as c:
        x = c.obj
        _stop_open_clocks(x, _today())
        x.answer, x.answered_on = text, _today()
    notify.notify(complaint.complainant, f"您的投诉 {complaint.number} 已有处理结果", text[:200])
    return complaint
