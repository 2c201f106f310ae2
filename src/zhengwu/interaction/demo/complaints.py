"""The demo's 行政投诉."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhengwu.core import audit, calendar, clock
from zhengwu.org.models import Agency, User

from .. import services
from ..models import Complaint
from .messages import _citizens


def _complaints(today: dt.date, say) -> None:
    if Complaint.objects.exists():
        return
    citizens = _citizens()
    if not citizens:
        return
    market = Agency.objects.get(jurisdiction__code="433101", short_name="市场监管")
    fh_gov = Agency.objects.get(jurisdiction__code="433123", kind=Agency.GOVERNMENT)
    rows = [
        (
            Complaint.AGENCY,
            market,
            "营业执照变更多次被要求补交材料",
            "办理营业执照变更时，窗口三次要求补交不同材料，没有一次性告知。",
            3,
            None,
        ),
        (
            Complaint.DISCLOSURE,
            fh_gov,
            "政府信息公开申请逾期未答复",
            "我于9月提交的政府信息公开申请至今未收到答复。",
            40,
            "accepted",
        ),
        (
            Complaint.WINDOW,
            market,
            "窗口工作人员态度生硬",
            "在市政务服务中心市场监管窗口咨询时，工作人员态度生硬、不耐烦。",
            60,
            "answered",
        ),
    ]
    supervisor = User.objects.filter(username="supervisor").first()
    for k, (about, agency, title, body, age, outcome) in enumerate(rows):
        day = today - dt.timedelta(days=age)
        c = Complaint.objects.create(
            number=services.issue_number("complaint", agency.scope_path, day),
            about=about,
            subject_reference="GK2026-0915-003" if about == Complaint.DISCLOSURE else "",
            window=agency.windows.first() if about == Complaint.WINDOW else None,
            agency=agency,
            scope_path=agency.scope_path,
            complainant=citizens[k % len(citizens)],
            phone=citizens[k % len(citizens)].phone,
            title=title,
            body=body,
            submitted_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))),
        )
        jcode = agency.scope_path.rstrip("/").split("/")[-1]
        accept_clock = clock.start(
            c,
            purpose=services.COMPLAINT_ACCEPT_CLOCK,
            started_on=day,
            limit=5,
            jurisdiction_code=jcode,
            scope_path=c.scope_path,
            agency_id=agency.pk,
        )
        c.due_on = accept_clock.due_date
        if outcome:
            decided = calendar.add_workdays(day, 3, jcode)
            clock.stop(accept_clock, on=decided)
            c.state, c.decided_on = Complaint.ACCEPTED, decided
            c.decision_reason = "投诉事项属实，予以受理，转被投诉单位核查整改。"
            answer_clock = clock.start(
                c,
                purpose=services.COMPLAINT_ANSWER_CLOCK,
                started_on=decided,
                limit=15,
                jurisdiction_code=jcode,
                scope_path=c.scope_path,
                agency_id=agency.pk,
            )
            c.due_on = answer_clock.due_date
            if outcome == "answered":
                c.state, c.answered_on = (
                    Complaint.ANSWERED,
                    calendar.add_workdays(decided, 8, jcode),
                )
                c.answer = (
                    "经核查，该窗口工作人员服务态度确有不当，已批评教育并调离窗口岗位，向您致歉。"
                )
                clock.stop(answer_clock, on=c.answered_on)
                c.due_on = None
        c.save()
    if supervisor:
        audit.record(
            "interaction.demo_complaints",
            object_type="interaction.complaint",
            actor=supervisor,
            after={"count": len(rows)},
        )
    say(f"行政投诉：{len(rows)} 件")
