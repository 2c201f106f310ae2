"""异议 (招标投标) and 质疑 (政府采购) filed online by a registered enterprise, their answers, and
the 投诉 to the project's 行政监督部门 (domain-rules-trading-sites-archive §1: T7, T8, T8S, T11,
T20, T21; P22–P26).

A filing is accepted only within its window, which depends on the notice: during a candidates'
公示 (实施条例 §54), within 7 个工作日 after a procurement result's 公告期 (P22, read from the
notice's `objection_until`), until 10 日 before the bid deadline on an engineering tender notice
(T7, 实施条例 §22), within 7 个工作日 of a procurement tender notice (P22/P23). An 异议 suspends
the project until answered (T8S: always); a 质疑 on a result suspends the signing (P24S). Each
answer and each complaint runs on the platform's clock with its rule row's number and unit, so
电子监察 watches them like every other period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, calendar, clock, notify, workflow
from zhengwu.core.errors import Invalid, NotAllowed
from zhengwu.core.models import Clock
from zhengwu.org import permissions
from zhengwu.org.models import RoleAssignment, User
from zhengwu.portal import pagecache

from .. import rules
from .. import search as trading_search
from ..models import (
    COMPLAINT_ACCEPTED,
    COMPLAINT_DECIDED,
    COMPLAINT_FILED,
    COMPLAINT_REFUSED,
    ENGINEERING,
    OBJECTION_ANSWERED,
    OBJECTION_FILED,
    PROCUREMENT,
    Complaint,
    Notice,
    Objection,
    Project,
)
from .projects import PURPOSES

ZTB_SS_22 = "《中华人民共和国招标投标法实施条例》第二十二条"
ZTB_SS_54 = "《中华人民共和国招标投标法实施条例》第五十四条"
# What the filing events keep (the filer's contact and phone stay with the record only).
OBJECTION_AUDITED = ["project", "notice", "kind", "filer_name", "filer_usci", "subject",
                     "content", "filed_on", "state"]  # fmt: skip
COMPLAINT_AUDITED = ["project", "objection", "filer_name", "filer_usci", "content", "reason",
                     "filed_on", "supervisor", "state"]  # fmt: skip
ENTERPRISE_ONLY = (
    "异议（质疑）和投诉须由投标人、供应商等法人在线提出：请以法人账户（统一社会信用代码）"
    "注册或登录后提交"
)


def _day(value: dt.date) -> str:
    return calendar.chinese_date(value)


def _text(data: dict, name: str, label: str, most: int, *, required: bool = True) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        raise Invalid(f"请填写{label}", code=f"{name}_required", field=name)
    if len(value) > most:
        raise Invalid(f"{label}不超过{most}字", code=f"{name}_too_long", field=name)
    return value


def _phone(data: dict) -> str:
    phone = _text(data, "phone", "联系电话", 20, required=False)
    if phone and not phone.replace("-", "").isdigit():
        raise Invalid("联系电话只能包含数字和“-”", code="phone_invalid", field="phone")
    return phone


def _enterprise(by) -> User:
    if not getattr(by, "is_authenticated", False) or getattr(by, "kind", "") != User.ENTERPRISE:
        raise NotAllowed(ENTERPRISE_ONLY, code="enterprise_only")
    if not by.usci:
        raise NotAllowed("您的法人账户未登记统一社会信用代码，请联系平台管理员", code="no_usci")
    return by


def word(project: Project) -> str:
    """异议 for a tender, 质疑 for a procurement."""
    return "质疑" if project.kind == PROCUREMENT else "异议"


# ---------------------------------------------------------------- windows


@dataclass(frozen=True)
class Window:
    """When an 异议/质疑 may be filed on a notice: from `opens` to `closes` (both included)."""

    opens: dt.date
    closes: dt.date
    article: str
    what: str  # what the filing is about, in the office's words

    def text(self) -> str:
        return f"{_day(self.opens)}至{_day(self.closes)}（{self.article}）"


def window(notice: Notice) -> Window | None:
    """The filing window of `notice`, or None when the notice takes no 异议 or 质疑."""
    project = notice.project
    if project.kind not in (ENGINEERING, PROCUREMENT) or notice.state != Notice.PUBLISHED:
        return None
    if notice.objection_until:
        if project.kind == ENGINEERING:
            return Window(notice.published_on, notice.objection_until, ZTB_SS_54,
                          "对中标候选人公示的异议")  # fmt: skip
        r = rules.rule("P22")
        return Window(notice.published_on, notice.objection_until, r.article,
                      "对中标（成交）结果的质疑")  # fmt: skip
    if notice.kind in ("tender", "amendment"):
        if project.kind == ENGINEERING:
            deadline = (project.dates or {}).get("bid_deadline")
            if not deadline:
                return None
            t7 = rules.rule("T7")  # at least 10 日 before the bid deadline
            closes = dt.date.fromisoformat(deadline) - dt.timedelta(days=t7.number)
            return Window(notice.published_on, closes, t7.article, "对招标文件的异议")
        r = rules.rule("P22")
        closes = calendar.add_workdays(notice.published_on, r.number, project.jurisdiction.code)
        return Window(notice.published_on, closes, f"{r.article}；《中华人民共和国政府采购法实施条例》"
                      "第五十三条", "对采购文件的质疑")  # fmt: skip
    return None


def _in_window(notice: Notice, on: dt.date) -> Window:
    w = window(notice)
    if w is None:
        raise Invalid(f"“{notice.kind_label}”不接受在线异议（质疑）", code="no_objection_window")
    if not (w.opens <= on <= w.closes):
        raise Invalid(
            f"{w.what}应在{_day(w.opens)}至{_day(w.closes)}之间提出，今天（{_day(on)}）"
            f"不在此期间（{w.article}）",
            code="objection_window_closed",
        )
    return w


# ---------------------------------------------------------------- clocks and people


def _start(subject, code: str, on: dt.date, project: Project, agency_id: int) -> Clock:
    r = rules.rule(code)
    return clock.start(
        subject,
        purpose=PURPOSES[code],
        started_on=on,
        limit=r.number,
        unit=r.unit,
        jurisdiction_code=project.jurisdiction.code,
        scope_path=project.scope_path,
        agency_id=agency_id,
    )


def _stop(subject, on: dt.date) -> None:
    for c in clock.clocks_of(subject).exclude(state=Clock.STOPPED):
        clock.stop(c, on=max(on, c.started_on))


def _officers(agency_id: int):
    from ..permissions import BODY  # permissions reads this package's action names

    ids = RoleAssignment.objects.filter(agency_id=agency_id, role__in=BODY).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True)


def answer_rule(project: Project) -> str:
    return "P24" if project.kind == PROCUREMENT else "T8"


def answer_due(objection: Objection) -> dt.date:
    """The last day of the answer period (T8: 3 日; P24: 7 个工作日 from receipt)."""
    project = objection.project
    r = rules.rule(answer_rule(project))
    return rules.bound(objection.filed_on, r, project.jurisdiction.code)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# ---------------------------------------------------------------- 异议 / 质疑


@transaction.atomic
def file_objection(notice: Notice, data: dict, by, *, today: dt.date | None = None) -> Objection:
    """File an 异议 (engineering) or 质疑 (procurement) on `notice` within its window."""
    on = _today(today)
    _enterprise(by)
    project = (
        Project.objects.select_for_update()
        .select_related("jurisdiction", "owner")
        .get(pk=notice.project_id)
    )
    notice.project = project
    if project.state == Project.TERMINATED:
        raise Invalid("该项目已终止，不再受理异议（质疑）", code="project_terminated")
    w = _in_window(notice, on)
    kind = Objection.CHALLENGE if project.kind == PROCUREMENT else Objection.OBJECTION
    objection = Objection(
        project=project,
        notice=notice,
        kind=kind,
        filer=by,
        filer_name=by.real_name or by.username,
        filer_usci=by.usci,
        contact=_text(data, "contact", "联系人", 30, required=False),
        phone=_phone(data),
        subject=_text(data, "subject", f"{word(project)}事项", 200),
        content=_text(data, "content", f"{word(project)}内容", 5000),
        filed_on=on,
        scope_path=project.scope_path,
        agency=project.owner,
    )
    objection.save()
    _start(objection, answer_rule(project), on, project, project.owner_id)
    # T8S: 作出答复前，应当暂停招标投标活动; P24S: a 质疑 on the result suspends the signing.
    suspends = project.kind == ENGINEERING or notice.kind == "result"
    if suspends and not project.suspended:
        Project.objects.filter(pk=project.pk).update(suspended=True)
        project.suspended = True
    after = audit.snapshot(objection, OBJECTION_AUDITED)
    after["window"] = w.text()
    if suspends:
        after["suspended"] = rules.rule("T8S" if project.kind == ENGINEERING else "P24S").name
    audit.record(OBJECTION_FILED, objection, actor=by, after=after)
    due = answer_due(objection)
    for officer in _officers(project.owner_id):
        notify.notify(
            officer,
            f"{project.name}收到{word(project)}，请于{_day(due)}前答复",
            f"{objection.filer_name}：{objection.subject}",
            f"/workbench/trading/objections/{objection.pk}/",
        )
    return objection


def answer_objection(
    objection: Objection, data: dict, by, version=None, *, today: dt.date | None = None
) -> Objection:
    """The owner's officer answers; the clock stops, `late` marks an answer after the due
    date, and the suspension is lifted once no other 异议/质疑 of the project is open."""
    on = _today(today)
    permissions.require(by, OBJECTION_ANSWERED, agency_id=objection.agency_id,
                        path=objection.scope_path)  # fmt: skip
    text = _text(data, "answer", "答复内容", 5000)
    with workflow.transition(objection, OBJECTION_ANSWERED, by=by, version=version,
                             related=("project__jurisdiction",)) as change:  # fmt: skip
        o = change.obj
        o.answer, o.answered_on = text, on
        o.late = on > answer_due(o)
        _stop(o, on)
        open_ = Objection.objects.filter(project_id=o.project_id, state=Objection.FILED)
        if not open_.exclude(pk=o.pk).exists():
            lifted = Project.objects.filter(pk=o.project_id, suspended=True).update(suspended=False)
            if lifted:
                change.note(suspension="已解除暂停")
    project = o.project
    notify.notify(
        o.filer,
        f"您对{project.name}的{o.get_kind_display()}已答复",
        text[:200],
        f"/ggzy/wode/yy/{o.pk}/",
    )
    return o


# ---------------------------------------------------------------- 投诉


def complaint_rule(project: Project) -> str:
    return "P25" if project.kind == PROCUREMENT else "T20"


def complaint_window(objection: Objection) -> tuple[dt.date, dt.date]:
    """From when to when the filer may complain after `objection` (T20: 10 日 from the answer;
    P25: 15 个工作日 from the answer, or from the end of the answer period if unanswered)."""
    project = objection.project
    start = objection.answered_on or answer_due(objection)
    r = rules.rule(complaint_rule(project))
    return start, rules.bound(start, r, project.jurisdiction.code)


@transaction.atomic
def file_complaint(project: Project, data: dict, by, *, today: dt.date | None = None) -> Complaint:
    """File a 投诉 to the project's 行政监督部门 after one's own 异议/质疑 (实施条例 §60;
    政府采购法 §55)."""
    on = _today(today)
    _enterprise(by)
    who = word(project)
    mine = Objection.objects.filter(project=project, filer_usci=by.usci).select_related(
        "project__jurisdiction"
    )
    chosen = str(data.get("objection") or "").strip()
    if chosen:
        mine = mine.filter(pk=int(chosen)) if chosen.isdigit() else mine.none()
    objection = mine.order_by("-filed_on", "-id").first()
    law = "《中华人民共和国政府采购法》第五十五条" if project.kind == PROCUREMENT else (
        "《中华人民共和国招标投标法实施条例》第六十条")  # fmt: skip
    if objection is None:
        raise Invalid(
            f"投诉前应当先就该项目向{project.owner.name}提出{who}（{law}）",
            code="objection_first",
        )
    supervisor = project.supervisor
    if supervisor is None:
        raise Invalid(
            f"该项目未登记行政监督部门，暂不能在线投诉，请向{project.owner.name}"
            "所属的行业主管部门书面投诉",
            code="no_supervisor",
        )
    start, last = complaint_window(objection)
    r = rules.rule(complaint_rule(project))
    if objection.state == Objection.FILED and on <= start:
        raise Invalid(
            f"您的{who}正在答复期内（至{_day(start)}），答复期满未答复或对答复不满意的，"
            f"可在{_day(last)}前投诉（{r.article}）",
            code="objection_pending",
        )
    if on > last:
        since = "答复" if objection.answered_on else "答复期满"
        raise Invalid(
            f"{r.name}：{who}{since}日为{_day(start)}，投诉期至{_day(last)}，"
            f"今天（{_day(on)}）已超过投诉期限（{r.article}）",
            code="complaint_window_closed",
        )
    complaint = Complaint.objects.create(
        project=project,
        objection=objection,
        filer=by,
        filer_name=objection.filer_name,
        filer_usci=by.usci,
        phone=_phone(data),
        content=_text(data, "content", "投诉事项和主张", 5000),
        reason=_text(data, "reason", "事实和理由", 5000),
        filed_on=on,
        supervisor=supervisor,
        scope_path=supervisor.scope_path,
    )
    accept_code = "P26" if project.kind == PROCUREMENT else "T21"
    _start(complaint, accept_code, on, project, supervisor.pk)
    audit.record(
        COMPLAINT_FILED, complaint, actor=by, after=audit.snapshot(complaint, COMPLAINT_AUDITED)
    )
    due = acceptance_due(complaint)
    for officer in _officers(supervisor.pk):
        notify.notify(
            officer,
            f"收到对{project.name}的投诉，请于{_day(due)}前决定是否受理",
            complaint.content[:200],
            f"/workbench/trading/complaints/{complaint.pk}/",
        )
    return complaint


def acceptance_due(complaint: Complaint) -> dt.date:
    code = "P26" if complaint.project.kind == PROCUREMENT else "T21"
    r = rules.rule(code)
    return rules.bound(complaint.filed_on, r, complaint.project.jurisdiction.code)


def decision_due(complaint: Complaint) -> dt.date | None:
    """T21A: 30 个工作日 from acceptance; P26A: 30 个工作日 from filing."""
    project = complaint.project
    if project.kind == PROCUREMENT:
        return rules.bound(complaint.filed_on, rules.rule("P26A"), project.jurisdiction.code)
    if complaint.accepted_on is None:
        return None
    return rules.bound(complaint.accepted_on, rules.rule("T21A"), project.jurisdiction.code)


def _require(by, action: str, complaint: Complaint) -> None:
    permissions.require(by, action, agency_id=complaint.supervisor_id, path=complaint.scope_path)


def accept_complaint(
    complaint: Complaint, by, version=None, *, today: dt.date | None = None
) -> Complaint:
    on = _today(today)
    _require(by, COMPLAINT_ACCEPTED, complaint)
    with workflow.transition(complaint, COMPLAINT_ACCEPTED, by=by, version=version,
                             related=("project__jurisdiction",)) as change:  # fmt: skip
        c = change.obj
        c.accepted_on = on
        _stop(c, on)
        project = c.project
        code = "P26A" if project.kind == PROCUREMENT else "T21A"
        started = c.filed_on if project.kind == PROCUREMENT else on
        _start(c, code, started, project, c.supervisor_id)
        change.note(decision_due=_day(decision_due(c) or on))
    notify.notify(
        c.filer,
        f"您对{c.project.name}的投诉已受理",
        f"处理决定将于{_day(decision_due(c) or on)}前作出",
        f"/ggzy/wode/ts/{c.pk}/",
    )
    return c


def refuse_complaint(
    complaint: Complaint, reason: str, by, version=None, *, today: dt.date | None = None
) -> Complaint:
    on = _today(today)
    _require(by, COMPLAINT_REFUSED, complaint)
    reason = _text({"reason": reason}, "reason", "不予受理理由", 500)
    with workflow.transition(complaint, COMPLAINT_REFUSED, by=by, version=version) as change:
        c = change.obj
        c.refuse_reason = reason
        _stop(c, on)
    notify.notify(c.filer, f"您对{c.project.name}的投诉不予受理", reason, f"/ggzy/wode/ts/{c.pk}/")
    return c


def decide_complaint(
    complaint: Complaint,
    decision: str,
    basis: str,
    by,
    version=None,
    *,
    today: dt.date | None = None,
) -> Complaint:
    on = _today(today)
    _require(by, COMPLAINT_DECIDED, complaint)
    decision = _text({"decision": decision}, "decision", "处理决定", 5000)
    basis = _text({"basis": basis}, "basis", "处理依据", 300)
    with workflow.transition(complaint, COMPLAINT_DECIDED, by=by, version=version) as change:
        c = change.obj
        c.decision, c.basis, c.decided_on = decision, basis, on
        _stop(c, on)
        if c.project.kind == PROCUREMENT:  # public on the project's page (政府采购法 §56)
            pagecache.bump(pagecache.kind_tag(trading_search.KIND))
    notify.notify(c.filer, f"您对{c.project.name}的投诉已作出处理决定", decision[:200],
                  f"/ggzy/wode/ts/{c.pk}/")  # fmt: skip
    return c


# ---------------------------------------------------------------- reading


def public_decisions(project: Project):
    """A procurement complaint's decision is public (政府采购法 §56; 94号令): the decided ones,
    for the project's public page (`trading/objections/_decisions.html`)."""
    if project.kind != PROCUREMENT:
        return Complaint.objects.none()
    return Complaint.objects.filter(project=project, state=Complaint.DECIDED).order_by(
        "-decided_on", "-id"
    )


__all__ = [
    "Window",
    "accept_complaint",
    "acceptance_due",
    "answer_due",
    "answer_objection",
    "complaint_window",
    "decide_complaint",
    "decision_due",
    "file_complaint",
    "file_objection",
    "public_decisions",
    "refuse_complaint",
    "window",
    "word",
]
