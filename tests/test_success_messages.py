"""After every action that changes something, the next page says what was done and what comes
next: a success message (django.contrib.messages), shown on the page the person reads.

The table below has one row per action: the URL name, the action (for the views that take
several), what it sets up, and words the message must say. Two checks keep it whole:
`test_every_view_that_takes_a_post_is_in_the_table` scans the URL patterns for the views that
take a POST (decorated with require_POST or @idempotent, or reading `request.method`), and
`test_every_action_of_a_view_is_in_the_table` compares the rows of each view that takes several
actions with that view's own table of them. A new action without its message fails."""

from __future__ import annotations

import datetime as dt
import inspect
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from tests.cases.conftest import make_item, person, required_files
from zhengwu.cases import services as cases
from zhengwu.cases.models import Case, Suspension
from zhengwu.org import services as org_services
from zhengwu.org.demo import DEMO_PASSWORD, usci_for
from zhengwu.org.models import Agency, Jurisdiction, Role, RoleAssignment, User, Window

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CITIZEN = "433101198803140228"


def u(username: str) -> User:
    return User.objects.get(username=username)


def pdf(name="材料.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png():
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 10, 10)).save(out, "PNG")
    return SimpleUploadedFile("现场.png", out.getvalue(), content_type="image/png")


def staff(username: str, role: str, **where) -> str:
    """A staff member made for the test, with one role (`agency=` or `jurisdiction=`)."""
    if User.objects.filter(username=username).exists():
        return username
    user = User.objects.create_user(
        username=username,
        password=DEMO_PASSWORD,
        kind=User.STAFF,
        real_name=username,
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=user, role=role, **where)
    return username


def market() -> Agency:
    """吉首市市场监督管理局: the demo's officer (经办人) and head (负责人) work here."""
    return Agency.objects.get(jurisdiction__code="433101", short_name="市场监管")


def jishou_gov() -> Agency:
    """吉首市人民政府: the demo's disclosure officer works here."""
    return Agency.objects.get(jurisdiction__code="433101", kind=Agency.GOVERNMENT)


# ---------------------------------------------------------------- 办件


def files(item) -> dict:
    return {f"material_{pk}": f for pk, f in required_files(item).items()}


def filed(item=None, key="wb") -> Case:
    item = item or make_item(market())
    case, _ = cases.submit(
        item,
        by=u("window"),
        channel=Case.WINDOW,
        applicant=person(),
        materials=required_files(item),
        idempotency_key=key,
    )
    return case


def fresh(case: Case) -> Case:
    return Case.objects.select_related("current_step").get(pk=case.pk)


def accepted() -> Case:
    """受理 done: the case waits at 审查 (the officer's)."""
    case = filed()
    cases.accept(case, by=u("window"))
    return fresh(case)


def at_decision() -> Case:
    case = accepted()
    for _ in ("审查", "复核"):
        cases.advance(case, opinion="同意", by=u("officer"))
        case = fresh(case)
    assert case.current_step.name == "决定"
    return case


def decided() -> Case:
    case = at_decision()
    cases.decide(case, approve=True, reason="", by=u("head"))
    return fresh(case)


def suspended() -> Case:
    case = accepted()
    cases.suspend(case, kind=Suspension.KINDS[0][0], reason="现场核查", by=u("officer"))
    return fresh(case)


def act(case: Case, action: str, **form) -> tuple[str, dict]:
    return f"/workbench/cases/{case.pk}/{action}/", form


def online_case(citizen: User) -> Case:
    item = make_item(market())
    case, _ = cases.submit(
        item,
        by=citizen,
        channel=Case.ONLINE,
        applicant={"applicant_phone": "13907430001"},
        materials=required_files(item),
        idempotency_key="online",
    )
    return case


def supplement_asked() -> tuple[str, str, dict]:
    case = online_case(u(CITIZEN))
    cases.request_supplement(case, missing="营业执照复印件不清晰，请重新上传", by=u("window"))
    item = case.item
    return CITIZEN, f"/zwfw/my/{case.pk}/", files(item)


def apply_online() -> tuple[str, str, dict]:
    item = make_item(market())
    form = {"applicant_phone": "13907430001", "idempotency_key": "a-1", **files(item)}
    return CITIZEN, f"/zwfw/apply/{item.pk}/", form


def window_files() -> tuple[str, str, dict]:
    item = make_item(market())
    form = {
        "item": item.pk,
        "channel": "window",
        "idempotency_key": "w-1",
        **person(),
        **files(item),
    }
    return "window", "/workbench/cases/window/", form


def agent_files() -> tuple[str, str, dict]:
    a = (
        RoleAssignment.objects.filter(
            role=Role.VILLAGE_AGENT, jurisdiction__path__startswith="433100/433101/"
        )
        .select_related("user", "jurisdiction")
        .order_by("user__username")
        .first()
    )
    item = make_item(market())
    form = {
        "item": item.pk,
        "origin": a.jurisdiction.code,
        "authorisation": pdf("授权委托书.pdf"),
        "idempotency_key": "agent-1",
        **person(),
        **files(item),
    }
    return a.user.username, "/workbench/cases/agent/", form


# ---------------------------------------------------------------- 主动公开 and 依申请公开


def draft(**fields):
    from zhengwu.disclosure import services

    data = {
        "title": "吉首市2025年财政预算执行情况",
        "created_on": dt.date(2025, 9, 26),
        "genre": "预决算",
        "topic": "财政、金融、审计",
        "column": "k-czyjs",
        "summary": "2025年全市一般公共预算收支执行情况。",
        "body": "一、一般公共预算收入完成情况\n二、支出情况",
    } | fields
    return services.create_draft(jishou_gov(), data, by=u("disclosure"))


def in_review():
    from zhengwu.disclosure import services

    doc = draft()
    services.submit(doc, by=u("disclosure"))
    return doc


def published():
    from zhengwu.disclosure import services

    return services.publish(in_review(), by=u("disclosure"))


DOC_FORM = {
    "title": "吉首市2025年财政预算执行情况（更正）",
    "created_on": "2025-09-26",
    "genre": "预决算",
    "topic": "财政、金融、审计",
    "column": "k-czyjs",
    "body": "一、一般公共预算收入完成情况",
    "proactive": "on",
}


def doc_action(doc, action: str, **form) -> tuple[str, str, dict]:
    return "disclosure", f"/workbench/disclosure/{doc.pk}/{action}/", form


def applicant_form(n=1, **extra) -> dict:
    from tests.disclosure_requests.conftest import applicant

    return applicant(n=n) | extra


def registered(on=None, n=1):
    from zhengwu.disclosure.requests import rules
    from zhengwu.disclosure.requests import services as requests

    req, _ = requests.register(
        jishou_gov(),
        applicant_form(n),
        channel=rules.LETTER,
        by=u("disclosure"),
        submitted_on=on or requests.today(),
    )
    return req


def reviewing(on=None):
    from zhengwu.disclosure.requests import services as requests

    return requests.review(registered(on), by=u("disclosure"))


def answered():
    from zhengwu.disclosure.requests import services as requests

    return requests.answer(
        reviewing(), outcome="disclosed", provided_otherwise="现场查阅", by=u("disclosure")
    )


def published_doc():
    from zhengwu.disclosure.models import Document

    return Document.objects.filter(status=Document.PUBLISHED).first()


def remove_released():
    from zhengwu.disclosure.requests import released

    req = reviewing()
    item = released.attach_file(req, name="预算表.pdf", data=PDF, by=u("disclosure"))
    return request_action(req, "released-remove", item=item.pk)


def remedy_filed():
    from zhengwu.disclosure.requests import services as requests

    req = answered()
    remedy = requests.record_remedy(
        req, kind="reconsideration", filed_on=requests.today(), by=u("disclosure")
    )
    on = requests.today().isoformat()
    return request_action(req, "remedy-decide", remedy=remedy.pk, result="upheld", decided_on=on)


def archive_record(**fields):
    from zhengwu.disclosure.archive.models import OfficialDocument

    gov = jishou_gov()
    data = {
        "agency": gov,
        "scope_path": gov.scope_path,
        "issuing_body": gov.name,
        "title": "关于测试事项的通知",
        "doc_type": "通知",
        "written_on": dt.date(2024, 5, 6),
        "attribute": OfficialDocument.WITHHELD,
        "withheld_ground": "s16_process",
    }
    return OfficialDocument.objects.create(**(data | fields))


def archive_decision():
    from zhengwu.disclosure.archive.services import review

    rec, _other = archive_record(), archive_record()
    review.open_rounds(agencies=[jishou_gov()])
    round_ = rec.review_decisions.get().review
    form = {"record": rec.pk, "decision": "keep", "reason": "仍属过程性信息", "version": 1}
    return "disclosure", f"/workbench/archive/review/{round_.pk}/decide/", form


def archive_attached():
    from zhengwu.disclosure.archive.models import OfficialDocument
    from zhengwu.disclosure.models import Document

    doc = Document.objects.filter(
        status=Document.PUBLISHED, agency__jurisdiction__code="433101"
    ).first()
    rec = archive_record(attribute=OfficialDocument.PROACTIVE, withheld_ground="", document=doc)
    return request_action(reviewing(), "released-archive", record=rec.pk)


ARCHIVE_ELEMENTS = {
    "issuing_body": "吉首市人民政府",
    "doc_number": "吉政发〔2025〕7号",
    "title": "吉首市人民政府关于做好防汛工作的通知",
    "doc_type": "通知",
    "written_on": "2025-03-05",
    "attribute": "on_request",
}


def archive_new():
    form = ARCHIVE_ELEMENTS | {"agency": jishou_gov().usci}
    return "disclosure", "/workbench/archive/new/", form


def archive_registered():
    from zhengwu.disclosure.archive.services import records

    return records.register(jishou_gov(), dict(ARCHIVE_ELEMENTS), by=u("disclosure"))


def archive_edit():
    rec = archive_registered()
    form = ARCHIVE_ELEMENTS | {"remarks": "此件发至乡镇", "version": rec.version}
    return "disclosure", f"/workbench/archive/{rec.pk}/edit/", form


def archive_upload():
    return "disclosure", f"/workbench/archive/{archive_registered().pk}/files/", {"file": pdf()}


def archive_import():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["发文字号", "标题", "文种", "成文日期", "公开属性"])
    book.active.append(
        ["吉政发〔2024〕3号", "关于春耕工作的通知", "通知", "2024/3/5", "依申请公开"]
    )
    out = io.BytesIO()
    book.save(out)
    sheet = SimpleUploadedFile("公文登记簿.xlsx", out.getvalue())
    return "disclosure", "/workbench/archive/import/", {"agency": jishou_gov().usci, "file": sheet}


def like_requests_proposal() -> tuple[str, str, dict]:
    """条例 §44: three applicants ask 吉首市人民政府 for the same information in their words."""
    from zhengwu.disclosure.requests import rules
    from zhengwu.disclosure.requests import services as requests
    from zhengwu.disclosure.requests.models import PublicationProposal

    asked = ["2024年城区道路改造工程的预算", "城区道路改造工程2024年预算资金"]
    asked.append("请公开2024年城区道路改造工程预算明细")
    for n, subject in enumerate(asked, 60):
        requests.register(
            jishou_gov(),
            applicant_form(n, subject=subject),
            channel=rules.LETTER,
            by=u("disclosure"),
            submitted_on=requests.today(),
        )
    p = PublicationProposal.objects.filter(subject=asked[0]).get()
    return "disclosure", f"/workbench/requests/proposals/{p.pk}/decide/", {"decision": "publish"}


def suggested_by_applicant() -> tuple[str, str, dict]:
    """The applicant, once answered, suggests publishing the information (条例 §44)."""
    from zhengwu.disclosure.requests import services as requests

    citizen = u(CITIZEN)
    data = applicant_form(
        61,
        applicant_id_number=citizen.id_number,
        applicant_name=citizen.real_name,
        subject="吉首市2025年公共租赁住房分配名单",
    )
    req, _ = requests.submit_online(jishou_gov(), data, by=citizen)
    requests.answer(req, outcome="disclosed", provided_otherwise="现场查阅", by=u("disclosure"))
    return CITIZEN, f"/my/requests/{req.number}/suggest/", {"reason": "群众普遍关心"}


def request_action(req, action: str, user="disclosure", **form) -> tuple[str, str, dict]:
    return user, f"/workbench/requests/{req.number}/{action}/", form


def clarifying():
    from zhengwu.disclosure.requests import services as requests

    req = registered()
    requests.notify_clarification(req, what="请写明所需信息的年份", by=u("disclosure"))
    return req


def clarify_lapsed():
    """补正 asked long ago and never made: the period has run out."""
    from zhengwu.disclosure.requests import services as requests

    req = registered(on=dt.date(2025, 3, 3))
    requests.notify_clarification(
        req, what="请写明所需信息的年份", on=dt.date(2025, 3, 4), by=u("disclosure")
    )
    return req


def fee_noticed(on=None):
    from zhengwu.disclosure.requests import rules
    from zhengwu.disclosure.requests import services as requests

    req = reviewing(on)
    requests.notify_fee(req, method=rules.PER_VOLUME, pages=50, on=on, by=u("disclosure"))
    return req


def consulting():
    from zhengwu.disclosure.requests import services as requests
    from zhengwu.disclosure.requests.models import Consultation

    req = reviewing()
    c = requests.consult(
        req, kind=Consultation.THIRD_PARTY, party_name="吉首市某建筑公司", by=u("disclosure")
    )
    return req, c


def consult_reply():
    req, c = consulting()
    return request_action(req, "reply", consultation=c.pk, reply="agree")


def extend_request():
    head = staff("xxgk-head", Role.DEPT_HEAD, agency=jishou_gov())
    return request_action(reviewing(), "extend", head, days="10", reason="需要调取档案")


def report_form(**form) -> tuple[str, str, dict]:
    # The one report of 2025 the demo leaves unpublished (disclosure/requests/demo_reports.py).
    housing = Agency.objects.get(jurisdiction__code="433101", short_name="住建")
    return "admin", f"/workbench/requests/reports/{housing.usci}/2025/", form


# ---------------------------------------------------------------- 互动交流


def mailbox():
    from zhengwu.interaction.models import Mailbox

    box, _ = Mailbox.objects.get_or_create(
        agency=market(), defaults={"name": "吉首市市场监管局信箱", "topics": "食品 价格"}
    )
    return box


def handler() -> str:
    return staff("jsmarket-handler", Role.MESSAGE_HANDLER, agency=market())


def letter(writer=None):
    """A letter to 吉首市市场监管局信箱, from `writer` (a public account) or from someone who
    did not log in. Returns (message, query code)."""
    from zhengwu.interaction import services

    return services.submit_message(
        mailbox=mailbox(),
        kind="consult",
        title="农贸市场公平秤",
        body="乾州农贸市场的公平秤不准，请核查。",
        writer=writer,
        name="" if writer else "张先生",
        phone="" if writer else "13907438888",
    )


def accepted_letter():
    from zhengwu.interaction import services

    who = handler()
    message, _ = letter(u(CITIZEN))
    services.accept(message, by=u(who))
    return who, message


def replied_letter(writer=None):
    from zhengwu.interaction import services

    who = handler()
    message, code = letter(writer)
    services.accept(message, by=u(who))
    services.reply(message, text="已安排县计量所上门校准公平秤。", by=u(who))
    return who, message, code


def track_rating() -> tuple[None, str, dict]:
    _, message, code = replied_letter()
    return (
        None,
        "/hdjl/track/",
        {"number": message.number, "code": code, "satisfaction": "satisfied"},
    )


def own_rating() -> tuple[str, str, dict]:
    _, message, _ = replied_letter(u(CITIZEN))
    return CITIZEN, f"/hdjl/my/{message.number}/", {"satisfaction": "satisfied"}


def publish_letter():
    who, message, _ = replied_letter(u(CITIZEN))
    return message_action("publish", message, who, public_title="农贸市场公平秤")


def message_action(action: str, message=None, who=None, **form) -> tuple[str, str, dict]:
    if message is None:
        who, message = accepted_letter()
    return who, f"/workbench/interaction/messages/{message.pk}/", {"action": action, **form}


def submitted_letter(action: str, **form):
    message, _ = letter(u(CITIZEN))
    return message_action(action, message, handler(), **form)


def transfer_letter():
    from zhengwu.interaction.models import Mailbox

    fh_gov = Agency.objects.get(jurisdiction__code="433123", kind=Agency.GOVERNMENT)
    Mailbox.objects.get_or_create(
        agency=fh_gov, defaults={"name": "凤凰县长信箱", "kind": Mailbox.LEADER}
    )
    return submitted_letter("transfer", to_agency=fh_gov.pk, reason="事发地在凤凰县")


def petition_marked():
    from zhengwu.interaction import services

    who, message = accepted_letter()
    services.mark_petition(message, by=u(who))
    return message_action("accept_petition", message, who)


def petition_accepted():
    from zhengwu.interaction import services

    who, message = accepted_letter()
    services.mark_petition(message, by=u(who))
    services.accept_petition(message, by=u(who))
    head = staff("jsmarket-head", Role.DEPT_HEAD, agency=market())
    return message_action("extend_petition", message, head, days="10", reason="需多部门会商")


def published_letter():
    from zhengwu.interaction import services

    who, message, _ = replied_letter(u(CITIZEN))
    services.publish(message, by=u(who))
    return message_action("hide", message, who, reason="涉及个人隐私")


def extension_asked():
    from zhengwu.interaction import services

    who, message = accepted_letter()
    ext = services.request_extension(message, days=5, reason="需现场调查", by=u(who))
    head = staff("jsmarket-head", Role.DEPT_HEAD, agency=market())
    return message_action("decide_extension", message, head, extension=ext.pk, approve="1")


def interview(state=None):
    from zhengwu.interaction import services
    from zhengwu.interaction.models import Interview

    start = timezone.now() + dt.timedelta(days=3)
    iv = Interview.objects.create(
        title="食品安全监管政策解读",
        summary="吉首市市场监管局负责人解读食品安全监管政策。",
        agency=market(),
        guests="吉首市市场监督管理局局长 向红",
        host="石敏",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    if state:
        services.set_interview_state(iv, state=state, by=u(handler()))
    return iv


def interview_action(action: str, iv=None, **form) -> tuple[str, str, dict]:
    iv = iv or interview()
    return handler(), f"/workbench/interaction/interviews/{iv.pk}/", {"action": action, **form}


def question(action: str):
    from zhengwu.interaction import services

    iv = interview()
    q = services.ask_question(iv, name="网友", text="校园周边食品安全怎么监管？")
    return interview_action(action, iv, question=q.pk, reason="与主题无关")


def consultation(closed=False):
    from zhengwu.interaction.models import Consultation

    today = timezone.localdate()
    return Consultation.objects.create(
        title="吉首市农贸市场管理办法（征求意见稿）",
        agency=market(),
        opens_on=today - dt.timedelta(days=20),
        closes_on=today + (dt.timedelta(days=-1) if closed else dt.timedelta(days=10)),
        state=Consultation.OPEN,
    )


def consultation_action(action: str, closed=False, **form) -> tuple[str, str, dict]:
    from zhengwu.interaction import services

    c = consultation()
    comment = services.comment(c, text="建议公平秤每月校准一次。", name="张女士", by=u(CITIZEN))
    if closed:
        services.moderate_comment(comment, publish_it=True, by=u(handler()))
        c.closes_on = timezone.localdate() - dt.timedelta(days=1)
        c.save()
        if action == "feedback":
            services.set_adoption(comment, adoption="adopted", by=u(handler()))
    form = {"action": action, "comment": comment.pk, **form}
    return handler(), f"/workbench/interaction/consultations/{c.pk}/", form


def survey_form() -> tuple[None, str, dict]:
    from zhengwu.interaction.models import Survey, SurveyChoice, SurveyQuestion

    today = timezone.localdate()
    s = Survey.objects.create(
        title="农贸市场满意度调查",
        agency=market(),
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=5),
    )
    q = SurveyQuestion.objects.create(survey=s, order=1, text="您常去哪个市场", kind="single")
    choice = SurveyChoice.objects.create(question=q, order=1, text="乾州市场")
    return None, f"/hdjl/surveys/{s.pk}/", {f"q{q.pk}": choice.pk}


def _day(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def draft_consultation(sections=2):
    """A draft (未发布) of 吉首市市场监管局 with `sections` articles."""
    from zhengwu.interaction import services

    c = services.create_consultation(
        market(),
        {
            "title": "吉首市城区养犬管理规定（征求意见稿）",
            "opens_on": _day(0),
            "closes_on": _day(30),
        },
        by=u(handler()),
    )
    for k in range(1, sections + 1):
        services.add_section(c, {"heading": f"第{k}条", "text": "条文内容。"}, by=u(handler()))
    return c


def draft_action(action: str, sections=2, **form) -> tuple[str, str, dict]:
    c = draft_consultation(sections)
    if action == "close":
        from zhengwu.interaction import services

        services.open_consultation(c, by=u(handler()))
    section = c.sections.first() if action == "move_down" else c.sections.last()
    form = {"action": action, "section": section.pk if section else "", **form}
    return handler(), f"/workbench/interaction/consultations/{c.pk}/", form


INTERVIEW_FORM = {
    "title": "食品安全监管政策解读",
    "summary": "吉首市市场监管局负责人解读校园周边食品安全监管。",
    "guests": "吉首市市场监督管理局局长（演示）",
    "host": "主持人（演示）",
}


def interview_times() -> dict:
    return {"starts_at": f"{_day(3)}T15:00", "ends_at": f"{_day(3)}T16:00"}


def draft_interview_action(action: str) -> tuple[str, str, dict]:
    from zhengwu.interaction import services

    iv = services.create_interview(
        market(), {**INTERVIEW_FORM, **interview_times()}, by=u(handler())
    )
    form = {"action": action, **INTERVIEW_FORM, **interview_times()}
    return handler(), f"/workbench/interaction/interviews/{iv.pk}/", form


def survey_action(action: str, **form) -> tuple[str, str, dict]:
    from zhengwu.interaction import services

    s = services.create_survey(
        market(),
        {"title": "农贸市场满意度调查", "opens_on": _day(0), "closes_on": _day(14)},
        by=u(handler()),
        questions=[{"text": "您常去哪个市场", "kind": "single", "choices": ["乾州", "峒河"]}],
    )
    if action == "close":
        services.publish_survey(s, by=u(handler()))
    form = {"action": action, "question": s.questions.first().pk, **form}
    return handler(), f"/workbench/interaction/surveys/{s.pk}/", form


def complaint(action: str, **form) -> tuple[str, str, dict]:
    from zhengwu.interaction import services
    from zhengwu.interaction.models import Complaint

    c = services.file_complaint(
        about=Complaint.AGENCY,
        agency=market(),
        title="办事多次跑腿",
        body="同一事项跑了四趟还没有办成。",
        by=u(CITIZEN),
    )
    if action == "answer":
        services.decide_complaint(c, accept_it=True, reason="予以受理", by=u("supervisor"))
    return "supervisor", f"/workbench/interaction/complaints/{c.pk}/", {"action": action, **form}


# ---------------------------------------------------------------- 好差评, 电子监察, 考核, 事项


def bad_rating(step: str, **form) -> tuple[str, str, dict]:
    from zhengwu.ratings import services
    from zhengwu.ratings.models import Rating

    r = services.rate(None, level=2, channel=Rating.WINDOW, agency=market(), reasons=["queue"])
    rect = r.rectification
    officer = u("officer")
    if step in ("fix", "feedback"):
        services.callback(rect, note="已电话回访，情况属实", way="fix_now", by=officer)
    if step == "feedback":
        services.fix(rect, note="增设取号机", by=officer)
    user = "officer"
    if step == "decide":
        services.appeal(r, ground="malicious", reason="评价人当日未到窗口办事", by=officer)
        user = "supervisor"
    return user, f"/workbench/ratings/{r.pk}/{step}/", form


def invitation() -> tuple[str, str, dict]:
    from zhengwu.ratings import services

    case = online_case(u(CITIZEN))
    inv = services.invite(
        subject=case,
        rater=u(CITIZEN),
        agency_id=case.agency_id,
        scope_path=case.scope_path,
        item_id=case.item_id,
    )
    return CITIZEN, f"/ratings/rate/{inv.pk}/", {"level": "5"}


def tablet() -> tuple[None, str, dict]:
    from zhengwu.ratings import services

    window = Window.objects.filter(agencies=market()).first()
    token = services.window_token(window)
    return None, f"/ratings/window/{window.pk}/", {"t": token, "level": "5"}


def agent_rating() -> tuple[str, str, dict]:
    agent = (
        RoleAssignment.objects.filter(
            role=Role.VILLAGE_AGENT, jurisdiction__path__startswith="433100/433101/"
        )
        .order_by("user__username")
        .first()
        .user
    )
    return agent.username, "/workbench/ratings/record/", {"agency": market().pk, "level": "5"}


def card(answered=False):
    from zhengwu.core.signals import irregularity
    from zhengwu.org.models import ServiceCentre
    from zhengwu.supervision import services
    from zhengwu.supervision.models import Card

    subject = ServiceCentre.objects.filter(jurisdiction__code="433101").first()
    agency = market()
    irregularity.send(
        sender=ServiceCentre,
        kind="fee_not_in_list",
        subject=subject,
        agency_id=agency.pk,
        scope_path=agency.scope_path,
        detail="收取了收费清单外的工本费20元",
    )
    c = Card.objects.filter(kind="fee_not_in_list", subject_id=subject.pk, state="open").get()
    if answered:
        services.answer(c, "已退还20元", by=u("officer"))
    return c


def scheme_action(action: str, user="admin", **form) -> tuple[str, str, dict]:
    from zhengwu.assessment import demo, editing, services
    from zhengwu.interaction.models import Survey

    s = services.create_scheme(2031, by=u("admin"))
    survey = Survey.objects.get(title=demo.SURVEY_TITLE)
    public_survey = s.indicators.get(code="public_survey")
    if action in ("start", "compute", "publish", "evaluate"):
        editing.link_survey(public_survey, survey.pk, by=u("admin"))
    if action in ("compute", "publish", "evaluate"):
        editing.start_scoring(s, by=u("admin"))
    if action == "add":
        form = {"name": "依法行政台账", "weight": "5", "kind": "manual"}
    if action == "link":
        form = {"indicator": public_survey.pk, "survey": survey.pk}
    if action in ("change", "remove"):
        ind = s.indicators.get(code="watchers")
        path = f"/workbench/assessment/2031/indicators/{ind.pk}/"
        if action == "remove":
            return user, path, {"remove": "1"}
        return user, path, {"name": ind.name, "weight": "15", "kind": "manual"}
    if action == "publish":
        services.compute(s, by=u("admin"))
    if action == "evaluate":
        ind = s.indicators.get(code="watchers")
        county = Jurisdiction.objects.get(code="433101")
        form = {"indicator": ind.pk, "target": f"j:{county.pk}", "score": "88", **form}
    return user, f"/workbench/assessment/2031/{action}/", form


def website_report(action: str) -> tuple[str, str, dict]:
    """吉首市's site's 2025 工作年度报表, generated first for the actions on it."""
    from zhengwu.websites.checks import annual
    from zhengwu.websites.models import Site
    from zhengwu.websites.opening import open_sites

    open_sites()
    site = Site.objects.get(jurisdiction__code="433101", agency__isnull=True)
    if action != "generate":
        annual.generate(site, 2025, by=u("admin"))
    form = {"action": action, "visits": "1000"} if action == "save" else {"action": action}
    return "admin", f"/workbench/website-checks/reports/{site.pk}/2025/", form


def websites_checked() -> tuple[str, str, dict]:
    from zhengwu.websites.opening import open_sites

    open_sites()
    return "admin", "/workbench/website-checks/run/", {}


def catalogue_item(**fields):
    from zhengwu.services import services
    from zhengwu.services.models import ItemType

    item_type, _ = ItemType.objects.get_or_create(
        code="01", defaults={"name": "行政许可", "is_licensing": True}
    )
    n = services.Item.objects.count()
    return services.create_item(
        by=u("officer"),
        agency=market(),
        jurisdiction=None,
        item_type=item_type,
        basic_code=f"TM{n:06d}0000",
        materials=[{"name": "申请书"}],
        fees=fields.pop("fees", []),
        steps=[
            {"order": 1, "code": "accept", "name": "受理", "role": Role.WINDOW_CLERK, "limit": 0}
        ],
        effective_on=dt.date(2026, 1, 1),
        name=fields.pop("name", "食品经营许可（消息测试）"),
        visits=1,
        visit_reason="核验原件",
        statutory_limit=20,
        promised_limit=10,
        legal_basis="《中华人民共和国食品安全法》第三十五条",
        **fields,
    )


def item_edit() -> tuple[str, str, dict]:
    item = catalogue_item()
    form = {
        "name": item.name,
        "statutory_limit": "20",
        "statutory_unit": "workdays",
        "promised_limit": "5",
        "promised_unit": "workdays",
        "case_kind": "promised",
        "visits": "1",
        "visit_reason": "核验原件",
        "effective_on": "2031-04-01",
        "by_window": "on",
    }
    return "officer", f"/workbench/services/{item.pk}/edit/", form


def claim() -> tuple[str, str, dict]:
    from zhengwu.services.models import Item

    top = Item.objects.filter(
        state="active", jurisdiction__code="433100", agency__short_name="民政"
    ).first()
    county = Agency.objects.get(jurisdiction__code="433130", short_name="民政")
    return "admin", f"/workbench/services/{top.pk}/claim/", {"agency": county.pk}


def fee_cut() -> tuple[str, str, dict]:
    item = catalogue_item(fees=[{"name": "登记费", "standard": "80元", "basis": "发改价格规"}])
    fee = item.fees.get()
    return "head", f"/workbench/services/{item.pk}/fees/{fee.pk}/cut/", {"reason": "免收"}


def merge() -> tuple[str, str, dict]:
    a, b = catalogue_item(name="甲事项"), catalogue_item(name="乙事项")
    return "head", f"/workbench/services/{a.pk}/merge/", {"into": b.pk}


def token_issue() -> tuple[str, str, dict]:
    return "officer", "/workbench/tokens/", {"name": "对接", "scope": "read", "days": "30"}


def token_revoke() -> tuple[str, str, dict]:
    from zhengwu.org import tokens

    token, _ = tokens.issue(u("officer"), name="旧系统", verified=True, by=u("officer"))
    return "officer", f"/workbench/tokens/{token.pk}/revoke/", {}


def registration() -> tuple[None, str, dict]:
    from zhengwu.org.demo import id_number

    form = {
        "kind": "citizen",
        "name": "彭小兰",
        "id_number": id_number("433124", dt.date(1992, 6, 18), 35),
        "usci": "",
        "phone": "13974300123",
        "password": "Laershan#2026",
    }
    return None, "/accounts/register/", form


# ---------------------------------------------------------------- 政府网站 (each site's own content)

SITE_CLERK = "township"  # 信息公开工作人员 over 吉首市峒河街道
SITE_CODE = "433101002"


def site_article(state: str = "draft"):
    from zhengwu.websites import services as sites
    from zhengwu.websites.models import Site

    site = Site.objects.get(jurisdiction__code=SITE_CODE, agency__isnull=True)
    article = sites.create_article(
        site, "dtyw", {"title": "峒河街道开展消防检查", "body": "近日开展检查。"}, by=u(SITE_CLERK)
    )
    if state in ("review", "published"):
        sites.submit_article(article, by=u(SITE_CLERK))
    if state == "published":
        sites.publish_article(article, by=u(SITE_CLERK))
    article.refresh_from_db()
    return article


def site_leader(state: str = "draft"):
    from zhengwu.websites import services as sites
    from zhengwu.websites.models import Site

    site = Site.objects.get(jurisdiction__code=SITE_CODE, agency__isnull=True)
    leader = sites.create_leader(
        site, {"name": "田某（演示）", "post": "副主任", "cv": "演示简历。"}, by=u(SITE_CLERK)
    )
    if state in ("review", "published"):
        sites.submit_leader(leader, by=u(SITE_CLERK))
    if state == "published":
        sites.publish_leader(leader, by=u(SITE_CLERK))
    leader.refresh_from_db()
    return leader


def site_step(kind: str, state: str, action: str, **form):
    def make():
        obj = site_article(state) if kind == "articles" else site_leader(state)
        path = f"/workbench/websites/{kind}/{obj.pk}/{action}/"
        return SITE_CLERK, path, {"version": obj.version, **form}

    return make


def department_site_code():
    from zhengwu.websites.models import Site

    site = Site.objects.select_related("agency").filter(agency__jurisdiction__code="433101").first()
    return "admin", f"/workbench/websites/{site.agency.usci}/code/", {"site_code": "433101A001"}


# ---------------------------------------------------------------- 解读回应


def policy_document():
    from zhengwu.disclosure import services

    doc = draft(title="吉首市城区停车管理办法", genre="行政规范性文件", column="")
    services.submit(doc, by=u("disclosure"))
    return services.publish(doc, by=u("disclosure"))


def interpretation(status="draft", image=None):
    from zhengwu.disclosure.interpretation.services import interpretations as s

    item = s.create(
        policy_document(),
        {"title": "停车管理办法解读", "body": "一、制定背景"},
        by=u("disclosure"),
        image=image,
    )
    if status in ("review", "published"):
        s.submit(item, by=u("disclosure"))
    if status == "published":
        s.publish(item, by=u("disclosure"))
    return item


def interpretation_action(action, status="draft", image=None, **form):
    item = interpretation(status, image)
    path = f"/workbench/disclosure/interpretations/{item.pk}/{action}/"
    return "disclosure", path, {"version": item.version, **form}


INTERP_FORM = {"title": "停车管理办法问答", "form": "qa", "qa": "问：何时施行？\n答：明年1月1日。"}


def concern_item(respond=False):
    from zhengwu.disclosure.interpretation.services import concerns

    c = concerns.create(
        jishou_gov(),
        {
            "title": "峒河夜间施工噪声",
            "concern": "夜间施工扰民",
            "kind": "other",
            "occurred_at": timezone.now() - dt.timedelta(hours=2),
        },
        by=u("disclosure"),
    )
    if respond:
        concerns.respond(c, "22时后停止高噪声作业。", by=u("disclosure"))
    return c


def concern_action(action, respond=False, **form):
    c = concern_item(respond)
    data = {
        "action": action,
        "version": c.version,
        "title": c.title,
        "concern": c.concern,
        "kind": c.kind,
        "occurred_at": timezone.localtime(c.occurred_at).strftime("%Y-%m-%dT%H:%M"),
    }
    return "disclosure", f"/workbench/disclosure/concerns/{c.pk}/", data | form


def conference(state="draft"):
    from zhengwu.disclosure.interpretation.services import press

    pc = press.create(
        jishou_gov(),
        {
            "topic": "城区停车管理新闻发布会",
            "notice": "介绍城区停车管理办法。",
            "starts_at": timezone.now() + dt.timedelta(days=1),
        },
        by=u("disclosure"),
    )
    if state != "draft":
        press.add_speaker(pc, name="演示发言人", post="新闻发言人", by=u("disclosure"))
    if state in ("preview", "live"):
        press.announce(pc, by=u("disclosure"))
    if state == "live":
        press.start(pc, by=u("disclosure"))
    return pc


def press_action(action, state="draft", **form):
    pc = conference(state)
    data = {"action": action, "version": pc.version, **form}
    return "disclosure", f"/workbench/disclosure/press/{pc.pk}/", data


PRESS_FORM = {
    "topic": "城区停车管理新闻发布会",
    "starts_at": "2027-01-05T09:30",
    "place": "市政府新闻发布厅",
    "notice": "介绍城区停车管理办法。",
}


# ---------------------------------------------------------------- 服务网络 (org, services)


def jishou_centre():
    from zhengwu.org.models import ServiceCentre

    return ServiceCentre.objects.get(name="吉首市政务服务中心")


def demo_room():
    from zhengwu.org.models import ServiceCentre

    return ServiceCentre.objects.filter(
        kind="room", scope_path__startswith="433100/433101/"
    ).first()


def network_workbook() -> SimpleUploadedFile:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "服务中心"
    wb.active.append(["名称", "类型", "区划代码"])
    wb.active.append(["峒河街道第三便民服务中心", "乡镇（街道）便民服务中心", "433101002"])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("network.xlsx", out.getvalue())


def trading_workbook() -> SimpleUploadedFile:
    """One procurement of 吉首市市场监督管理局 (the demo officer's body), not yet announced."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "项目"
    wb.active.append(["交易类型", "交易方式", "项目名称", "采购人统一社会信用代码"])
    wb.active.append(["政府采购", "询价", "吉首市农贸市场快检设备采购项目", market().usci])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("trading.xlsx", out.getvalue())


def market_window():
    from zhengwu.services.models import ChiefRepresentative

    window = Window.objects.filter(agencies=market(), centre__name="吉首市政务服务中心").first()
    ChiefRepresentative.objects.filter(window=window).delete()
    return window


def a_chief():
    from zhengwu.services import delegation

    window = market_window()
    return delegation.appoint(window, u("officer"), market(), [], by=None)


def revocable_role() -> str:
    role = u("township").roles.first()
    return f"/workbench/org/staff/{role.user_id}/roles/{role.pk}/revoke/"


CENTRE_EDIT = {"name": "吉首市政务服务中心", "kind": "centre", "floor_area": "6000"}
# ---------------------------------------------------------------- 年度工作


def programme_centre():
    from zhengwu.org.models import ServiceCentre

    return ServiceCentre.objects.get(name="古阳镇便民服务中心")


PROGRAMME_YEAR = timezone.localdate().year
PROGRAMME_PLAN = {
    "task_std_site": "调整大厅布局",
    "due_std_site": f"{PROGRAMME_YEAR}-12-31",
}


def programme_plan():
    from zhengwu.programmes.services import standardization

    return standardization.save_plan(
        programme_centre(), PROGRAMME_YEAR, PROGRAMME_PLAN, by=u("admin")
    )


def county_plan(state="draft"):
    from zhengwu.programmes.services import plans

    plan = plans.create(
        Jurisdiction.objects.get(code="433126"),
        {"year": PROGRAMME_YEAR, "title": "古丈县政务公开工作要点", "summary": "要点"},
        pdf(),
        by=u("admin"),
    )
    if state != "draft":
        plans.submit(plan, by=u("admin"))
    return plan


def county_plan_action(action, state="draft", **form):
    plan = county_plan(state)
    path = f"/workbench/programmes/county-plans/{plan.pk}/act/"
    return "admin", path, {"action": action, "version": plan.version, **form}


def best_case(state="draft"):
    from zhengwu.programmes.services import training

    case = training.create_case(
        Jurisdiction.objects.get(code="433126"),
        {"title": "古丈县村级公开栏", "body": "统一样式"},
        by=u("admin"),
    )
    if state in ("submitted", "published"):
        training.submit_case(case, by=u("admin"))
    if state == "published":
        training.publish_case(case, by=u("admin"))
    return case


def case_action(action, state="draft", **form):
    case = best_case(state)
    path = f"/workbench/programmes/cases/{case.pk}/act/"
    return "admin", path, {"action": action, "version": case.version, **form}


def award_action(action, state="", **form):
    from zhengwu.programmes.services import awards

    year = 2025  # the demo's results; its budget is proposed by admin
    budget = awards.set_budget(year, {"amount": "100000"}, by=u("admin"))
    user = "admin"
    if state in ("proposed", "approved"):
        second = staff(
            "zhou-office-b",
            Role.OPENNESS_ADMIN,
            jurisdiction=Jurisdiction.objects.get(code="433100"),
        )
        awards.propose(budget, by=u(second))
        if state == "approved":
            awards.approve(budget, by=u("admin"))
    path = f"/workbench/programmes/awards/{year}/act/"
    return user, path, {"action": action, "version": budget.version, **form}


def training_sheet():
    import openpyxl

    wb = openpyxl.Workbook()
    gov = Agency.objects.get(jurisdiction__code="433126", kind=Agency.GOVERNMENT)
    wb.active.append(["培训日期", "培训主题", "主办单位", "授课人", "参训人数", "参训单位"])
    wb.active.append(["2026-03-05", "条例解读", gov.name, "田芳", 30, ""])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("培训.xlsx", out.getvalue())


# ---------------------------------------------------------------- 公共企事业单位


def public_body_data(n: int) -> dict:
    from zhengwu.org.demo import usci_for

    education = Agency.objects.get(jurisdiction__code="433101", name="吉首市教育局")
    return {
        "usci": usci_for("433101", 99300 + n, registry="12"),
        "name": f"吉首市消息学校{n}",
        "jurisdiction": "433101",
        "sector": "jy",
        "supervisor": education.usci,
    }


def public_body_form(n: int):
    return "admin", "/workbench/ggqsy/register/", public_body_data(n)


def public_body_sheet():
    from openpyxl import Workbook

    data = public_body_data(2)
    wb = Workbook()
    wb.active.append(["统一社会信用代码", "单位名称", "区划代码", "行业", "主管部门"])
    wb.active.append([data["usci"], data["name"], "433101", "教育", "吉首市教育局"])
    out = io.BytesIO()
    wb.save(out)
    return (
        "admin",
        "/workbench/ggqsy/import/",
        {"file": SimpleUploadedFile("登记表.xlsx", out.getvalue())},
    )


def public_body_department():
    from zhengwu.org.demo import usci_for

    form = {"name": "吉首市消息局", "usci": usci_for("433101", 99399), "jurisdiction": "433101"}
    return "admin", "/workbench/ggqsy/department/", form


def _public_body(n: int):
    from zhengwu.disclosure.public_bodies import services as public_bodies

    return public_bodies.register_body(public_body_data(n), by=None)


def public_body_edit():
    body = _public_body(3)
    form = {"sector": "jy", "supervisor": body.supervisor.usci, "contact_person": "王老师"}
    return "admin", f"/workbench/ggqsy/{body.agency.usci}/", form


def public_body_officer():
    body = _public_body(4)
    form = {"username": "msg-school", "real_name": "王老师", "password": "Xiangxi#2026ab"}
    return "admin", f"/workbench/ggqsy/{body.agency.usci}/officer/", form


PROVINCE_FIGURE = {"year": "2024", "region": "湘西州", "good_rate": "99.62", "source": "演示数据"}


def province_sheet():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["年度", "地区", "好评率", "来源"])
    wb.active.append([2024, "湖南省", 99.8, "演示数据"])
    out = io.BytesIO()
    wb.save(out)
    sheet = SimpleUploadedFile("全省好评率.xlsx", out.getvalue())
    return "admin", "/workbench/ratings/province/import/", {"file": sheet}


def province_delete():
    from zhengwu.ratings import province

    figure = province.save(PROVINCE_FIGURE, by=None)
    return "admin", f"/workbench/ratings/province/{figure.pk}/delete/", {}


# ---------------------------------------------------------------- the table


@dataclass
class Row:
    url: str  # the URL's name
    action: str  # the action of a view that takes several; "" for a view of one
    make: Callable[[], tuple[str | None, str, dict]]  # (username or None, path, form)
    says: str  # words of the message


def case_row(action, make, says, user="window", **form):
    return Row("cases-act", action, lambda: (user, *act(make(), action, **form)), says)


def local_limit_removed():
    from zhengwu.core import limits

    limits.set_local("ratings.fix", "433100", days=5, unit="workdays", reason="州好差评实施办法")
    return "admin", "/workbench/limits/ratings.fix/433100/remove/", {}


ROWS = [
    # 办件
    Row("cases-apply", "", apply_online, "受理机关将在5个工作日内决定是否受理"),
    Row("cases-my", "", supplement_asked, "补正材料已提交"),
    Row("cases-window", "", window_files, "下一步：受理"),
    Row("cases-agent", "", agent_files, "下一步：等待窗口受理"),
    case_row("accept", filed, "已受理，承诺办结日期为"),
    case_row("refuse", filed, "已不予受理", reason="不符合条件", basis="行政许可法第三十二条"),
    case_row("supplement-notice", filed, "一次性告知", missing="营业执照复印件"),
    case_row("advance", accepted, "已完成“审查”。下一步：“复核”", "officer", opinion="材料齐全"),
    case_row("decide", at_decision, "已作出准予许可的决定", "head", approve="1"),
    case_row(
        "suspend", accepted, "已中止计时", "officer", kind=Suspension.KINDS[0][0], reason="核查"
    ),
    case_row("resume", suspended, "已恢复计时", "officer"),
    case_row("extend", accepted, "承诺办结日期延至", "head", reason="需要现场核查"),
    case_row("deliver", decided, "办件已办结", method="window"),
    case_row("fee", filed, "已登记收费", name="工本费", amount="10"),
    # 主动公开
    Row(
        "disclosure-wb-new",
        "",
        lambda: (
            "disclosure",
            "/workbench/disclosure/new/",
            DOC_FORM | {"agency": jishou_gov().usci},
        ),
        "草稿已保存",
    ),
    Row(
        "disclosure-wb-document",
        "",
        lambda: ("disclosure", f"/workbench/disclosure/{draft().pk}/", DOC_FORM),
        "修改已保存",
    ),
    Row("disclosure-wb-action", "submit", lambda: doc_action(draft(), "submit"), "保密审查"),
    Row(
        "disclosure-wb-action",
        "return",
        lambda: doc_action(in_review(), "return", reason="请补充附件"),
        "已退回",
    ),
    Row("disclosure-wb-action", "publish", lambda: doc_action(in_review(), "publish"), "已发布"),
    Row(
        "disclosure-wb-action",
        "withdraw",
        lambda: doc_action(published(), "withdraw", reason="误发"),
        "已撤回",
    ),
    Row(
        "disclosure-wb-action",
        "validity",
        lambda: doc_action(published(), "validity", validity="repealed", reason="已被替代"),
        "有效性已变更为“已废止”",
    ),
    Row(
        "disclosure-wb-action",
        "version",
        lambda: doc_action(published(), "version", note="更正数字", **DOC_FORM),
        "新版本已发布",
    ),
    Row(
        "disclosure-wb-action",
        "attach",
        lambda: doc_action(draft(), "attach", file=pdf("预算表.pdf")),
        "附件已上传",
    ),
    Row(
        "disclosure-wb-guide",
        "",
        lambda: (
            "disclosure",
            f"/workbench/disclosure/guide/{jishou_gov().usci}/",
            {"office_hours": "工作日 8:30—12:00，14:30—17:30"},
        ),
        "指南已修订",
    ),
    Row(
        "disclosure-wb-rules",
        "",
        lambda: (
            "disclosure",
            f"/workbench/disclosure/rules/{jishou_gov().usci}/",
            {"body": "一、主动公开制度"},
        ),
        "制度已保存",
    ),
    Row(
        "disclosure-wb-gazette",
        "",
        lambda: (
            "disclosure",
            "/workbench/disclosure/gazette/",
            {
                "jurisdiction": "433101",
                "year": "2025",
                "number": "7",
                "index_nos": published().index_no,
            },
        ),
        "2025年第7期公报已编印",
    ),
    # 依申请公开
    Row(
        "disclosure_requests_apply",
        "",
        lambda: (None, "/xxgk/apply/", applicant_form(7) | {"agency": jishou_gov().usci}),
        "已收到您的政府信息公开申请",
    ),
    Row(
        "disclosure_requests_wb_new",
        "",
        lambda: (
            "disclosure",
            "/workbench/requests/new/",
            applicant_form(8)
            | {
                "agency": jishou_gov().usci,
                "channel": "letter",
                "submitted_on": timezone.localdate().isoformat(),
            },
        ),
        "已登记申请",
    ),
    Row(
        "disclosure_requests_wb_action",
        "review",
        lambda: request_action(registered(), "review"),
        "已开始审核",
    ),
    Row(
        "disclosure_requests_wb_action",
        "handle",
        lambda: request_action(reviewing(), "handle"),
        "已转入办理",
    ),
    Row(
        "disclosure_requests_wb_action",
        "clarify",
        lambda: request_action(registered(), "clarify", what="请写明所需信息的年份"),
        "已告知申请人补正",
    ),
    Row(
        "disclosure_requests_wb_action",
        "clarified",
        lambda: request_action(clarifying(), "clarified", text="2024年"),
        "答复期限重新计算",
    ),
    Row("disclosure_requests_wb_action", "extend", extend_request, "已批准延期答复"),
    Row(
        "disclosure_requests_wb_action",
        "consult",
        lambda: request_action(reviewing(), "consult", kind="third_party", party_name="某公司"),
        "已发出征求意见",
    ),
    Row("disclosure_requests_wb_action", "reply", consult_reply, "已登记征求意见答复"),
    Row(
        "disclosure_requests_wb_action",
        "fee",
        lambda: request_action(reviewing(), "fee", method="per_volume", pages="50"),
        "已发出收费通知",
    ),
    Row(
        "disclosure_requests_wb_action",
        "paid",
        lambda: request_action(fee_noticed(), "paid"),
        "已登记缴费",
    ),
    Row(
        "disclosure_requests_wb_action",
        "unpaid",
        lambda: request_action(fee_noticed(dt.date(2025, 3, 3)), "unpaid"),
        "逾期未缴费",
    ),
    Row(
        "disclosure_requests_wb_action",
        "abandon",
        lambda: request_action(clarify_lapsed(), "abandon"),
        "视为放弃申请",
    ),
    Row(
        "disclosure_requests_wb_action",
        "answer",
        lambda: request_action(
            reviewing(), "answer", outcome="disclosed", provided_otherwise="现场查阅"
        ),
        "已答复，答复书已生成",
    ),
    Row(
        "disclosure_requests_wb_action",
        "archive",
        lambda: request_action(answered(), "archive"),
        "已归档",
    ),
    Row(
        "disclosure_requests_wb_action",
        "remedy",
        lambda: request_action(
            answered(), "remedy", kind="reconsideration", filed_on="2026-06-01", result="pending"
        ),
        "已登记行政复议或诉讼情况",
    ),
    Row("disclosure_requests_wb_action", "remedy-decide", remedy_filed, "已登记审结结果"),
    Row(
        "disclosure_requests_wb_action",
        "released-file",
        lambda: request_action(
            reviewing(),
            "released-file",
            title="预算表",
            file=SimpleUploadedFile("预算表.pdf", PDF, content_type="application/pdf"),
        ),
        "文件已添加",
    ),
    Row(
        "disclosure_requests_wb_action",
        "released-document",
        lambda: request_action(reviewing(), "released-document", document=published_doc().pk),
        "已主动公开的文件已添加",
    ),
    Row(
        "disclosure_requests_wb_action",
        "released-archive",
        archive_attached,
        "公文库中的公文已添加",
    ),
    Row("archive-review-decide", "", archive_decision, "本轮还有"),
    Row("archive-wb-new", "", archive_new, "已登记公文《吉首市人民政府关于做好防汛工作的通知》"),
    Row("archive-wb-edit", "", archive_edit, "已修改公文《吉首市人民政府关于做好防汛工作的通知》"),
    Row("archive-wb-upload", "", archive_upload, "已上传文件“材料.pdf”"),
    Row("archive-wb-import", "", archive_import, "已导入1件公文的登记"),
    Row(
        "disclosure_requests_wb_action",
        "released-remove",
        remove_released,
        "已从随答复提供的信息中移除",
    ),
    Row(
        "disclosure_requests_wb_proposal_decide",
        "",
        like_requests_proposal,
        "已决定转为主动公开",
    ),
    Row(
        "disclosure_requests_mine_suggest",
        "",
        suggested_by_applicant,
        "已提交转为主动公开的建议",
    ),
    Row(
        "disclosure_requests_wb_report",
        "save",
        lambda: report_form(overview="总体情况", problems="问题", other_matters="其他"),
        "草稿已保存",
    ),
    Row(
        "disclosure_requests_wb_report",
        "publish",
        lambda: report_form(
            publish="1",
            overview="总体情况",
            problems="（一）存在的主要问题：无",
            other_matters="无",
            penalty_decisions="0",
            enforcement_decisions="0",
        ),
        "年度报告已发布",
    ),
    Row(
        "site-profile",
        "",
        lambda: ("admin", "/workbench/sites/433101/", {"phone": "0743-8222222"}),
        "网站信息已保存",
    ),
    # 互动交流
    Row(
        "interaction-write",
        "",
        lambda: (
            CITIZEN,
            "/hdjl/write/",
            {
                "mailbox": mailbox().pk,
                "kind": "consult",
                "title": "夜市油烟扰民",
                "body": "乾州夜市油烟很大，请管一管。",
                "confirm_not_duplicate": "1",
            },
        ),
        "信箱，将在",
    ),
    Row("interaction-track", "", track_rating, "感谢您的评价"),
    Row("interaction-my-message", "", own_rating, "感谢您的评价"),
    Row(
        "interaction-interview",
        "",
        lambda: (
            CITIZEN,
            f"/hdjl/interviews/{interview().pk}/",
            {"name": "吉首市民", "text": "校园周边小卖部食品安全怎么监管？"},
        ),
        "问题已提交",
    ),
    Row(
        "interaction-consultation",
        "",
        lambda: (
            CITIZEN,
            f"/hdjl/consultations/{consultation().pk}/",
            {"name": "张女士", "text": "建议公平秤每月校准一次。"},
        ),
        "意见已提交",
    ),
    Row("interaction-survey", "", survey_form, "提交成功"),
    Row(
        "interaction-complain",
        "",
        lambda: (
            CITIZEN,
            "/hdjl/complain/",
            {
                "about": "agency",
                "agency": market().pk,
                "title": "办事跑腿",
                "body": "同一事项跑了三趟还没有办成。",
            },
        ),
        "投诉已提交，编号",
    ),
    Row(
        "interaction-wb-message", "accept", lambda: submitted_letter("accept"), "已受理。答复期限为"
    ),
    Row(
        "interaction-wb-message",
        "decline",
        lambda: submitted_letter("decline", reason="不属于本单位职责"),
        "已不予受理",
    ),
    Row("interaction-wb-message", "transfer", transfer_letter, "已转办至凤凰县人民政府"),
    Row(
        "interaction-wb-message",
        "reply",
        lambda: message_action("reply", text="已安排计量所校准公平秤。"),
        "已答复",
    ),
    Row(
        "interaction-wb-message",
        "extend",
        lambda: message_action("extend", days="5", reason="需现场调查"),
        "待部门负责人审批",
    ),
    Row("interaction-wb-message", "petition", lambda: message_action("petition"), "信访事项"),
    Row("interaction-wb-message", "accept_petition", petition_marked, "已作为信访事项受理"),
    Row("interaction-wb-message", "extend_petition", petition_accepted, "已延长信访事项办理期限"),
    Row("interaction-wb-message", "publish", publish_letter, "已在网站公开"),
    Row("interaction-wb-message", "hide", published_letter, "已撤下"),
    Row("interaction-wb-message", "decide_extension", extension_asked, "已审批延期申请"),
    Row("interaction-wb-interview", "approve", lambda: question("approve"), "问题已采用"),
    Row("interaction-wb-interview", "reject", lambda: question("reject"), "不予采用"),
    Row(
        "interaction-wb-interview",
        "post",
        lambda: interview_action("post", interview("live"), speaker="向红", text="欢迎各位网友。"),
        "已发布到访谈页面",
    ),
    Row(
        "interaction-wb-interview",
        "state",
        lambda: interview_action("state", state="live"),
        "访谈状态已改为“正在直播”",
    ),
    Row(
        "interaction-wb-interview",
        "image",
        lambda: interview_action("image", image=png(), caption="访谈现场"),
        "图片已上传",
    ),
    Row(
        "interaction-wb-interview",
        "intro",
        lambda: interview_action("intro", text="本期访谈围绕食品安全展开。"),
        "导语已保存",
    ),
    Row(
        "interaction-wb-consultation",
        "publish",
        lambda: consultation_action("publish"),
        "意见已公开",
    ),
    Row(
        "interaction-wb-consultation",
        "hide",
        lambda: consultation_action("hide", reason="与征集内容无关"),
        "不予公开",
    ),
    Row(
        "interaction-wb-consultation",
        "adopt",
        lambda: consultation_action("adopt", closed=True, adoption="adopted"),
        "采纳情况",
    ),
    Row(
        "interaction-wb-consultation",
        "feedback",
        lambda: consultation_action("feedback", closed=True, text="共收到意见1条，采纳1条。"),
        "反馈已公开",
    ),
    Row(
        "interaction-wb-consultation-new",
        "",
        lambda: (
            handler(),
            "/workbench/interaction/consultations/new/",
            {
                "agency": market().pk,
                "title": "吉首市城区养犬管理规定（征求意见稿）",
                "opens_on": _day(0),
                "closes_on": _day(30),
            },
        ),
        "征集稿已保存（未发布）",
    ),
    Row(
        "interaction-wb-consultation",
        "edit",
        lambda: draft_action(
            "edit", title="新标题：养犬管理规定", opens_on=_day(0), closes_on=_day(9)
        ),
        "征集稿已保存",
    ),
    Row(
        "interaction-wb-consultation",
        "add_section",
        lambda: draft_action("add_section", heading="第三条", text="新增条文。"),
        "条目已添加",
    ),
    Row(
        "interaction-wb-consultation",
        "edit_section",
        lambda: draft_action("edit_section", heading="第二条", text="修改后的条文。"),
        "条目已修改",
    ),
    Row("interaction-wb-consultation", "move_up", lambda: draft_action("move_up"), "顺序已调整"),
    Row(
        "interaction-wb-consultation",
        "move_down",
        lambda: draft_action("move_down"),
        "顺序已调整",
    ),
    Row(
        "interaction-wb-consultation",
        "remove_section",
        lambda: draft_action("remove_section"),
        "条目已删除",
    ),
    Row("interaction-wb-consultation", "open", lambda: draft_action("open"), "征集已发布"),
    Row("interaction-wb-consultation", "close", lambda: draft_action("close"), "征集已结束"),
    Row(
        "interaction-wb-interview-new",
        "",
        lambda: (
            handler(),
            "/workbench/interaction/interviews/new/",
            {"agency": market().pk, **INTERVIEW_FORM, **interview_times()},
        ),
        "访谈预告已保存（未发布）",
    ),
    Row("interaction-wb-interview", "edit", lambda: draft_interview_action("edit"), "预告已保存"),
    Row(
        "interaction-wb-interview",
        "publish",
        lambda: draft_interview_action("publish"),
        "访谈预告已发布",
    ),
    Row(
        "interaction-wb-survey-new",
        "",
        lambda: (
            handler(),
            "/workbench/interaction/surveys/new/",
            {
                "agency": market().pk,
                "title": "农贸市场满意度调查",
                "opens_on": _day(0),
                "closes_on": _day(14),
            },
        ),
        "调查已保存（未发布）",
    ),
    Row(
        "interaction-wb-survey",
        "edit",
        lambda: survey_action(
            "edit", title="农贸市场满意度调查（修改）", opens_on=_day(0), closes_on=_day(9)
        ),
        "调查已保存",
    ),
    Row(
        "interaction-wb-survey",
        "add_question",
        lambda: survey_action("add_question", text="其他意见", kind="text"),
        "题目已添加",
    ),
    Row(
        "interaction-wb-survey",
        "remove_question",
        lambda: survey_action("remove_question"),
        "题目已删除",
    ),
    Row("interaction-wb-survey", "publish", lambda: survey_action("publish"), "调查已发布"),
    Row("interaction-wb-survey", "close", lambda: survey_action("close"), "调查已结束"),
    Row(
        "interaction-wb-complaint",
        "accept",
        lambda: complaint("accept", reason="予以受理"),
        "已受理投诉",
    ),
    Row(
        "interaction-wb-complaint",
        "decline",
        lambda: complaint("decline", reason="不属于行政投诉范围"),
        "已不予受理",
    ),
    Row(
        "interaction-wb-complaint",
        "answer",
        lambda: complaint("answer", text="已督促该单位一次性告知并办结。"),
        "已答复投诉人",
    ),
    # 解读回应
    Row(
        "interpretation-wb-new",
        "",
        lambda: (
            "disclosure",
            "/workbench/disclosure/interpretations/new/",
            INTERP_FORM | {"document": policy_document().pk},
        ),
        "解读草稿已保存",
    ),
    Row(
        "interpretation-wb-detail",
        "",
        lambda: (
            "disclosure",
            f"/workbench/disclosure/interpretations/{interpretation().pk}/",
            INTERP_FORM,
        ),
        "解读修改已保存",
    ),
    Row("interpretation-wb-action", "submit", lambda: interpretation_action("submit"), "提交审核"),
    Row(
        "interpretation-wb-action",
        "remove_image",
        lambda: interpretation_action("remove_image", image=png()),
        "图解已删除",
    ),
    Row(
        "interpretation-wb-action",
        "return",
        lambda: interpretation_action("return", "review", reason="请补充图解"),
        "已退回",
    ),
    Row(
        "interpretation-wb-action",
        "publish",
        lambda: interpretation_action("publish", "review"),
        "解读已发布",
    ),
    Row(
        "interpretation-wb-action",
        "withdraw",
        lambda: interpretation_action("withdraw", "published", reason="内容需更新"),
        "解读已撤回",
    ),
    Row(
        "concern-wb-new",
        "",
        lambda: (
            "disclosure",
            "/workbench/disclosure/concerns/new/",
            {
                "agency": jishou_gov().usci,
                "title": "乾州古城停车难",
                "concern": "节假日停车难",
                "kind": "other",
                "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            },
        ),
        "已登记关切事项",
    ),
    Row("concern-wb-detail", "edit", lambda: concern_action("edit"), "已保存，应于"),
    Row(
        "concern-wb-detail",
        "respond",
        lambda: concern_action("respond", response="22时后停止高噪声作业。"),
        "回应已发布",
    ),
    Row(
        "concern-wb-detail",
        "withdraw",
        lambda: concern_action("withdraw", True, reason="误发"),
        "回应已撤回",
    ),
    Row(
        "press-wb-new",
        "",
        lambda: (
            "disclosure",
            f"/workbench/disclosure/press/new/?agency={jishou_gov().usci}",
            PRESS_FORM | {"agency": jishou_gov().usci},
        ),
        "发布会已登记",
    ),
    Row("press-wb-detail", "edit", lambda: press_action("edit", **PRESS_FORM), "发布会信息已保存"),
    Row(
        "press-wb-detail",
        "speaker",
        lambda: press_action("speaker", name="演示发言人", post="新闻发言人"),
        "发布人已登记",
    ),
    Row("press-wb-detail", "announce", lambda: press_action("announce", "speaker"), "预告已发布"),
    Row("press-wb-detail", "start", lambda: press_action("start", "preview"), "开始直播"),
    Row(
        "press-wb-detail",
        "post",
        lambda: press_action("post", "live", speaker="新闻发言人", text="办法明年施行。"),
        "已发布到文字直播",
    ),
    Row("press-wb-detail", "finish", lambda: press_action("finish", "live"), "发布会已结束"),
    # 好差评
    Row("ratings-window", "", tablet, "您的评价已记录"),
    Row("ratings-rate", "", invitation, "的评价已记录"),
    Row("ratings-agent", "", agent_rating, "评价已代为记录"),
    Row(
        "ratings-act",
        "callback",
        lambda: bad_rating("callback", note="已电话回访，情况属实", way="fix_now"),
        "已记录回访核实情况",
    ),
    Row("ratings-act", "fix", lambda: bad_rating("fix", note="增设取号机"), "已登记整改情况"),
    Row(
        "ratings-act",
        "feedback",
        lambda: bad_rating("feedback", note="已告知", satisfied="yes"),
        "整改办结",
    ),
    Row(
        "ratings-act",
        "appeal",
        lambda: bad_rating("appeal", ground="malicious", reason="评价人当日未到窗口办事"),
        "已提出申诉",
    ),
    Row(
        "ratings-act",
        "decide",
        lambda: bad_rating("decide", uphold="no", reason="评价人确曾办理业务"),
        "申诉不成立，维持原评价",
    ),
    # 电子监察
    Row(
        "supervision-card-answer",
        "",
        lambda: (
            "officer",
            f"/workbench/supervision/cards/{card().pk}/answer/",
            {"answer": "已退还20元"},
        ),
        "整改情况已报送",
    ),
    Row(
        "supervision-card-decide",
        "",
        lambda: (
            "supervisor",
            f"/workbench/supervision/cards/{card(answered=True).pk}/decide/",
            {"decision": "accept", "note": "同意"},
        ),
        "已通过",
    ),
    # 考核
    Row(
        "assessment-schemes",
        "",
        lambda: ("admin", "/workbench/assessment/", {"year": "2032"}),
        "已建立2032年度考核方案",
    ),
    Row("assessment-action", "add", lambda: scheme_action("add"), "指标已增加"),
    Row("assessment-action", "copy", lambda: scheme_action("copy"), "已沿用上年度指标体系"),
    Row("assessment-action", "link", lambda: scheme_action("link"), "已关联公众评议问卷"),
    Row("assessment-action", "start", lambda: scheme_action("start"), "已开始评分"),
    Row("assessment-indicator", "change", lambda: scheme_action("change"), "指标已修改"),
    Row("assessment-indicator", "remove", lambda: scheme_action("remove"), "指标已删除"),
    Row("assessment-action", "compute", lambda: scheme_action("compute"), "考核结果已计算"),
    Row("assessment-action", "publish", lambda: scheme_action("publish"), "考核结果已公开"),
    Row(
        "assessment-action",
        "evaluate",
        lambda: scheme_action("evaluate", "watcher"),
        "评议分已记录",
    ),
    # 事项目录
    Row("services-staff-edit", "", item_edit, "已保存为第2版，自2031年4月1日起生效"),
    Row(
        "services-result-template",
        "",
        lambda: (
            "head",
            f"/workbench/services/{catalogue_item().pk}/result-template/",
            {"title": "准予行政许可决定书", "rows": "1", "label-0": "许可事项", "required-0": "on"},
        ),
        "审批结果文书模板已保存",
    ),
    Row("services-claim", "", claim, "已认领"),
    Row(
        "services-cancel",
        "",
        lambda: (
            "head",
            f"/workbench/services/{catalogue_item().pk}/cancel/",
            {"reason": "法律修改"},
        ),
        "事项已取消",
    ),
    Row("services-merge", "", merge, "已合并"),
    Row("services-cut-fee", "", fee_cut, "已取消该收费项目"),
    # 账户与令牌, 检索
    Row("logout", "", lambda: (CITIZEN, "/accounts/logout/", {}), "您已安全退出"),
    Row("register", "", registration, "注册成功"),
    Row(
        "password",
        "",
        lambda: (
            CITIZEN,
            "/accounts/password/",
            {"old_password": DEMO_PASSWORD, "new_password": "Fenghuang#2027new"},
        ),
        "密码已修改",
    ),
    Row("tokens", "", token_issue, "已生成访问令牌“对接”"),
    Row("token-revoke", "", token_revoke, "访问令牌“旧系统”已撤销"),
    Row(
        "search_manage",
        "",
        lambda: ("admin", "/workbench/search/", {"kind": "interaction"}),
        "重建索引",
    ),
    # 法定期限 (the 州's 政务公开办)
    Row(
        "limit",
        "",
        lambda: (
            "admin",
            "/workbench/limits/ratings.fix/433100/",
            {"days": "5", "unit": "workdays", "reason": "州好差评实施办法"},
        ),
        "的“差评整改期限”已设为5个工作日",
    ),
    Row("limit-remove", "", local_limit_removed, "已取消本地规定"),
    # 政府网站
    Row(
        "websites-wb-new",
        "",
        lambda: (
            SITE_CLERK,
            f"/workbench/websites/{SITE_CODE}/new/dtyw/",
            {"column": "dtyw", "title": "峒河街道召开议事会", "body": "议事会召开。"},
        ),
        "草稿已保存",
    ),
    Row(
        "websites-wb-article",
        "",
        lambda: (
            SITE_CLERK,
            f"/workbench/websites/articles/{site_article().pk}/",
            {"column": "dtyw", "title": "峒河街道召开议事会", "body": "改后正文。", "version": 1},
        ),
        "修改已保存",
    ),
    Row(
        "websites-wb-article-action",
        "submit",
        site_step("articles", "draft", "submit"),
        "已提交审核",
    ),
    Row(
        "websites-wb-article-action",
        "return",
        site_step("articles", "review", "return", reason="标题不准确"),
        "已退回",
    ),
    Row(
        "websites-wb-article-action",
        "publish",
        site_step("articles", "review", "publish"),
        "已发布",
    ),
    Row(
        "websites-wb-article-action",
        "withdraw",
        site_step("articles", "published", "withdraw", reason="信息有误"),
        "已撤回",
    ),
    Row(
        "websites-wb-leader-new",
        "",
        lambda: (
            SITE_CLERK,
            f"/workbench/websites/{SITE_CODE}/leaders/new/",
            {"name": "田某（演示）", "post": "副主任", "cv": "演示简历。", "order": "3"},
        ),
        "领导信息草稿已保存",
    ),
    Row(
        "websites-wb-leader",
        "",
        lambda: (
            SITE_CLERK,
            f"/workbench/websites/leaders/{site_leader().pk}/",
            {
                "name": "田某（演示）",
                "post": "副主任",
                "cv": "改后简历。",
                "order": "3",
                "version": 1,
            },
        ),
        "领导信息已保存",
    ),
    Row(
        "websites-wb-leader-action", "submit", site_step("leaders", "draft", "submit"), "已提交审核"
    ),
    Row(
        "websites-wb-leader-action",
        "return",
        site_step("leaders", "review", "return", reason="职务不准确"),
        "已退回",
    ),
    Row(
        "websites-wb-leader-action", "publish", site_step("leaders", "review", "publish"), "已发布"
    ),
    Row(
        "websites-wb-leader-action",
        "withdraw",
        site_step("leaders", "published", "withdraw", reason="职务调整"),
        "已撤回",
    ),
    Row("websites-wb-site-code", "", department_site_code, "网站标识码已保存"),
    Row("website-checks-run", "", websites_checked, "下一步：查看不合格网站的问题"),
    Row(
        "website-report",
        "generate",
        lambda: website_report("generate"),
        "年度报表已根据平台数据生成",
    ),
    Row("website-report", "save", lambda: website_report("save"), "填报内容已保存"),
    Row("website-report", "publish", lambda: website_report("publish"), "年度报表已在网站公开"),
    Row("oversight-wb-supervisors", "", lambda: oversight_roster_form(), "已聘任"),
    Row("oversight-wb-supervisor", "", lambda: oversight_supervisor_form(), "信息已保存"),
    Row("oversight-wb-supervisor-account", "", lambda: oversight_account(), "开通平台账户"),
    Row("oversight-wb-supervisors-import", "", lambda: oversight_import(), "导入完成"),
    Row("oversight-wb-finding-new", "", lambda: oversight_finding(), "监督意见已提交"),
    Row("oversight-wb-media-new", "", lambda: oversight_media(), "媒体监督事项已登记"),
    Row("oversight-wb-item-action", "assign", lambda: oversight_step("assign"), "整改期限为"),
    Row("oversight-wb-item-action", "rectify", lambda: oversight_step("rectify"), "待监督员"),
    Row("oversight-wb-item-action", "confirm", lambda: oversight_step("confirm"), "确认整改到位"),
    Row("oversight-wb-item-action", "return", lambda: oversight_step("return"), "退回重新整改"),
    # 公共资源交易: 异议（质疑）和投诉
    Row("trading-objection-new", "", lambda: trading_objection_new(), "前答复"),
    Row(
        "trading-wb-objection-answer",
        "",
        lambda: trading_objection_answer(),
        "已答复，项目暂停已解除",
    ),
    Row("trading-complaint-new", "", lambda: trading_complaint_new(), "前决定是否受理"),
    Row("trading-wb-complaint-accept", "", lambda: trading_complaint("accept"), "前作出处理决定"),
    Row(
        "trading-wb-complaint-refuse",
        "",
        lambda: trading_complaint("refuse", reason="超出异议范围"),
        "已决定不予受理",
    ),
    Row(
        "trading-wb-complaint-decide",
        "",
        lambda: trading_complaint("decide", True, decision="驳回投诉", basis="实施条例第六十一条"),
        "已作出处理决定",
    ),
    Row("trading-wb-new", "", lambda: trading_new(), "已登记交易项目"),
    Row("trading-wb-edit", "", lambda: trading_edit(), "已修改交易项目"),
    Row("trading-wb-step", "", lambda: trading_step(), "已发布招标（采购）公告"),
    Row("trading-wb-rule", "", lambda: trading_rule(), "已将规则L2的期限改为12个工作日"),
    # 服务网络 (org/network_views.py, staff_views.py, sheet_views.py; services/delegation_views.py)
    Row(
        "org-centres",
        "",
        lambda: (
            "admin",
            "/workbench/org/centres/",
            {"jurisdiction": "433101002", "name": "峒河街道第二便民服务中心", "kind": "township"},
        ),
        "已新建峒河街道第二便民服务中心",
    ),
    Row(
        "org-centre",
        "",
        lambda: ("admin", f"/workbench/org/centres/{jishou_centre().pk}/", CENTRE_EDIT),
        "的信息已保存",
    ),
    Row(
        "org-centre-window",
        "",
        lambda: (
            "admin",
            f"/workbench/org/centres/{jishou_centre().pk}/windows/",
            {"number": "99", "name": "综合受理窗口"},
        ),
        "已新建99号窗口",
    ),
    Row(
        "org-centre-agent",
        "",
        lambda: (
            "admin",
            f"/workbench/org/centres/{demo_room().pk}/agents/",
            {"username": "new-agent", "real_name": "向代办", "password": "Chushi-Mima-2026"},
        ),
        "新增代办员向代办",
    ),
    Row(
        "org-window",
        "",
        lambda: (
            "admin",
            f"/workbench/org/windows/{market_window().pk}/",
            {"number": "98", "name": "市场准入窗口", "agencies": [market().usci]},
        ),
        "98号窗口已保存",
    ),
    Row(
        "org-agencies",
        "",
        lambda: (
            "admin",
            "/workbench/org/agencies/",
            {
                "name": "吉首市数据局",
                "usci": usci_for("433101", 93001),
                "jurisdiction": "433101",
                "kind": "department",
            },
        ),
        "已新增吉首市数据局",
    ),
    Row(
        "org-agency",
        "",
        lambda: (
            "admin",
            f"/workbench/org/agencies/{market().pk}/",
            {"name": market().name, "kind": "department", "phone": "0743-8210001"},
        ),
        "的信息已保存",
    ),
    Row(
        "org-staff-new",
        "",
        lambda: (
            "admin",
            "/workbench/org/staff/new/",
            {
                "username": "new-clerk",
                "real_name": "彭新",
                "password": "Chushi-Mima-2026",
                "role": "window_clerk",
                "agency": market().pk,
            },
        ),
        "的账户，角色为窗口工作人员",
    ),
    Row(
        "org-staff-grant",
        "",
        lambda: (
            "admin",
            f"/workbench/org/staff/{u('officer').pk}/roles/",
            {"role": "disclosure_officer", "jurisdiction": "433101"},
        ),
        "分配信息公开工作人员",
    ),
    Row("org-staff-revoke", "", lambda: ("admin", revocable_role(), {}), "已撤销"),
    Row(
        "org-network-import",
        "",
        lambda: ("admin", "/workbench/org/network/import/", {"file": network_workbook()}),
        "已导入：新增 1",
    ),
    Row(
        "trading-import",
        "",
        lambda: ("officer", "/workbench/trading/import/", {"file": trading_workbook()}),
        "已导入：项目 1 个",
    ),
    Row(
        "services-chiefs",
        "",
        lambda: (
            "admin",
            f"/workbench/org/windows/{market_window().pk}/chiefs/",
            {"user": u("officer").pk, "agency": market().pk},
        ),
        "为吉首市市场监督管理局首席代表",
    ),
    Row(
        "services-chief-action",
        "items",
        lambda: ("admin", f"/workbench/org/chiefs/{a_chief().pk}/items/", {}),
        "授权审批事项已保存（0项）",
    ),
    Row(
        "services-chief-action",
        "remove",
        lambda: ("admin", f"/workbench/org/chiefs/{a_chief().pk}/remove/", {}),
        "已免去吉首市市场监督管理局首席代表",
    ),
    # 年度工作
    Row(
        "programmes-wb-std-plan",
        "",
        lambda: (
            "admin",
            f"/workbench/programmes/standardization/centres/{programme_centre().pk}/"
            f"{PROGRAMME_YEAR}/",
            PROGRAMME_PLAN,
        ),
        "下一步：按期组织验收",
    ),
    Row(
        "programmes-wb-inspect",
        "",
        lambda: (
            "admin",
            f"/workbench/programmes/standardization/centres/{programme_plan().centre_id}/"
            f"{PROGRAMME_YEAR}/inspect/",
            {
                "held_on": timezone.localdate().isoformat(),
                "inspectors": "县验收组",
                "met_std_site": "1",
            },
        ),
        "认定场地标准化达标",
    ),
    Row(
        "programmes-wb-plans",
        "",
        lambda: (
            "admin",
            "/workbench/programmes/county-plans/",
            {
                "county": "433126",
                "year": str(PROGRAMME_YEAR),
                "title": "古丈县政务公开工作要点",
                "summary": "要点",
                "file": pdf(),
            },
        ),
        "核对无误后请报送备案",
    ),
    Row(
        "programmes-wb-plan-act",
        "edit",
        lambda: county_plan_action("edit", title="古丈县政务公开工作要点", summary="新要点"),
        "修改已保存",
    ),
    Row("programmes-wb-plan-act", "submit", lambda: county_plan_action("submit"), "已报送备案"),
    Row(
        "programmes-wb-plan-act",
        "return",
        lambda: county_plan_action("return", "submitted", reason="请补充分工"),
        "已退回古丈县修改",
    ),
    Row(
        "programmes-wb-plan-act",
        "file",
        lambda: county_plan_action("file", "submitted"),
        "已备案，备案号州政务公开备",
    ),
    Row(
        "programmes-wb-training",
        "",
        lambda: (
            "admin",
            "/workbench/programmes/training/",
            {
                "held_on": "2026-05-12",
                "subject": "政务公开业务培训",
                "organiser": Agency.objects.get(
                    jurisdiction__code="433126", kind=Agency.GOVERNMENT
                ).usci,
                "trainers": "田芳",
                "attendee_count": "40",
            },
        ),
        "已登记培训“政务公开业务培训”（40人参训）",
    ),
    Row(
        "programmes-wb-training-import",
        "",
        lambda: ("admin", "/workbench/programmes/training/import/", {"sheet": training_sheet()}),
        "已导入1期培训",
    ),
    Row(
        "programmes-wb-cases",
        "",
        lambda: (
            "admin",
            "/workbench/programmes/cases/",
            {"jurisdiction": "433126", "title": "古丈县村级公开栏", "body": "统一样式"},
        ),
        "案例已保存为草稿",
    ),
    Row(
        "programmes-wb-case-act",
        "edit",
        lambda: case_action("edit", title="古丈县村级公开栏", body="统一样式，全覆盖"),
        "修改已保存",
    ),
    Row("programmes-wb-case-act", "submit", lambda: case_action("submit"), "已提交审核"),
    Row(
        "programmes-wb-case-act",
        "return",
        lambda: case_action("return", "submitted", reason="补充成效"),
        "已退回修改",
    ),
    Row(
        "programmes-wb-case-act",
        "publish",
        lambda: case_action("publish", "submitted"),
        "公众可在政府信息公开专栏",
    ),
    Row(
        "programmes-wb-case-act",
        "withdraw",
        lambda: case_action("withdraw", "published", reason="需更新"),
        "已撤回",
    ),
    Row(
        "programmes-wb-awards-act",
        "budget",
        lambda: award_action("budget", amount="200000"),
        "已设定2025年度奖补资金200000.00元",
    ),
    Row(
        "programmes-wb-awards-act", "propose", lambda: award_action("propose"), "请另一位管理员审定"
    ),
    Row(
        "programmes-wb-awards-act",
        "adjust",
        lambda: award_action("adjust", "proposed", county="433101", amount="1", reason="扣减"),
        "金额已调整",
    ),
    Row(
        "programmes-wb-awards-act",
        "approve",
        lambda: award_action("approve", "proposed"),
        "分配方案已审定",
    ),
    Row(
        "programmes-wb-awards-act",
        "publish",
        lambda: award_action("publish", "approved"),
        "分配结果已在政府信息公开专栏公布",
    ),
    # 公共企事业单位信息公开
    Row("public-bodies-wb-register", "", lambda: public_body_form(1), "已登记“吉首市消息学校1”"),
    Row("public-bodies-wb-import", "", public_body_sheet, "已登记1个公共企事业单位"),
    Row("public-bodies-wb-department", "", public_body_department, "已新增主管部门"),
    Row("public-bodies-wb-body", "", public_body_edit, "已保存单位信息"),
    Row("public-bodies-wb-officer", "", public_body_officer, "开设信息公开工作人员账户"),
    Row(
        "public-bodies-wb-sectors",
        "",
        lambda: ("admin", "/workbench/ggqsy/sectors/", {"name": "殡葬服务", "columns": "收费标准"}),
        "已新增行业“殡葬服务”",
    ),
    Row(
        "public-bodies-wb-sector",
        "",
        lambda: (
            "admin",
            "/workbench/ggqsy/sectors/gq/",
            {"name": "供气", "columns": "企业基本信息\n气价及收费标准"},
        ),
        "已保存“供气”的公开栏目",
    ),
    # 满意度: the province's published figures
    Row(
        "ratings-province",
        "",
        lambda: ("admin", "/workbench/ratings/province/", PROVINCE_FIGURE),
        "已录入2024年湘西州好评率99.62%",
    ),
    Row("ratings-province-import", "", province_sheet, "已录入1条全省好评率数据"),
    Row("ratings-province-delete", "", province_delete, "已删除2024年湘西州的好评率"),
]


# ---------------------------------------------------------------- 社会监督


def _oversight_member(username=""):
    from zhengwu.oversight import roster

    supervisor = roster.add(
        {"name": "彭秀英", "category": "npc", "term_start": "2026-01-01", "term_end": "2030-12-31"},
        Jurisdiction.objects.get(code="433100"),
        by=u("admin"),
        username=username,
        password=DEMO_PASSWORD if username else "",
    )
    if supervisor.user is not None:  # the holder sets their own password at first login
        org_services.change_password(supervisor.user, old=DEMO_PASSWORD, new="Jiandu-Yuan-2026")
    return supervisor


def oversight_roster_form():
    form = {"name": "田景华", "category": "cppcc", "jurisdiction": "433100",
            "term_start": "2026-01-01", "term_end": "2030-12-31"}  # fmt: skip
    return "admin", "/workbench/oversight/supervisors/", form


def oversight_supervisor_form():
    s = _oversight_member()
    form = {"name": "彭秀英", "category": "npc", "term_start": "2026-01-01",
            "term_end": "2031-12-31", "version": s.version}  # fmt: skip
    return "admin", f"/workbench/oversight/supervisors/{s.pk}/", form


def oversight_account():
    s = _oversight_member()
    form = {"username": "rd-peng", "password": DEMO_PASSWORD}
    return "admin", f"/workbench/oversight/supervisors/{s.pk}/account/", form


def oversight_import():
    data = "姓名,类别,监督范围区划代码,聘任起始日,聘任截止日\n向天明,人大代表,433122,2026-01-01,2030-12-31\n"
    upload = SimpleUploadedFile("名册.csv", data.encode())
    return "admin", "/workbench/oversight/supervisors/import/", {"file": upload}


def oversight_finding():
    _oversight_member("rd-peng")
    form = {"agency": market().pk, "kind": "clue", "title": "指南未更新", "text": "内容"}
    return "rd-peng", "/workbench/oversight/findings/new/", form


def oversight_media():
    form = {"agency": market().pk, "outlet": "团结报", "reported_on": "2026-01-05",
            "title": "价格公示牌缺失", "text": "内容"}  # fmt: skip
    return "admin", "/workbench/oversight/media/new/", form


def oversight_step(action):
    from zhengwu.oversight import items

    s = _oversight_member("rd-peng")
    item = items.file_finding(
        {"agency": market().pk, "kind": "clue", "title": "指南未更新", "text": "内容"}, by=s.user
    )
    user, form = "admin", {"note": "请整改"}
    if action != "assign":
        items.assign(item, by=u("admin"))
        user, form = "officer", {"text": "已整改"}
    if action in ("confirm", "return"):
        items.rectify(item, text="已整改", by=u("officer"))
        user, form = "rd-peng", {"note": "满意", "reason": "仍未更新"}
    item.refresh_from_db()
    return (
        user,
        f"/workbench/oversight/items/{item.pk}/{action}/",
        {**form, "version": item.version},
    )


# ---------------------------------------------------------------- 公共资源交易: 异议和投诉


def _trading_objection(answered=False):
    """A works tender in its candidates' 公示 (the 住建局's), an enterprise's 异议 on it."""
    from tests.trading.objection_data import live_candidates
    from zhengwu.trading import services as trading

    body = Agency.objects.filter(jurisdiction__code="433101", name__contains="住房").first()
    finance = Agency.objects.filter(jurisdiction__code="433101", name__contains="财政").first()
    staff("zj-buyer", Role.DEPT_OFFICER, agency=body)
    staff("cz-jiandu", Role.DEPT_OFFICER, agency=finance)
    if not User.objects.filter(username="hn-jianshe").exists():
        User.objects.create_user(username="hn-jianshe", password=DEMO_PASSWORD,
                                 kind=User.ENTERPRISE, real_name="湖南湘西建设工程有限公司",
                                 usci=usci_for("433101", 8801, registry="91"))  # fmt: skip
    project, notice = live_candidates(u("zj-buyer"), body, finance)
    objection = None
    if answered:
        objection = trading.file_objection(
            notice, {"subject": "业绩不符", "content": "在建项目"}, u("hn-jianshe")
        )
        trading.answer_objection(objection, {"answer": "业绩符合要求"}, u("zj-buyer"))
    return project, notice, objection


def trading_objection_new():
    _, notice, _ = _trading_objection()
    form = {"subject": "第一中标候选人业绩不符", "content": "所列业绩为在建项目。"}
    return "hn-jianshe", f"/ggzy/gg/{notice.pk}/yy/", form


def trading_objection_answer():
    from zhengwu.trading import services as trading

    _, notice, _ = _trading_objection()
    o = trading.file_objection(notice, {"subject": "业绩不符", "content": "在建项目"},
                               u("hn-jianshe"))  # fmt: skip
    form = {"answer": "业绩符合要求", "version": o.version}
    return "zj-buyer", f"/workbench/trading/objections/{o.pk}/answer/", form


def trading_complaint_new():
    _, _, o = _trading_objection(answered=True)
    form = {"content": "请求重新评标", "reason": "答复未回应问题"}
    return "hn-jianshe", f"/ggzy/wode/yy/{o.pk}/ts/", form


def trading_complaint(action, accepted=False, **form):
    from zhengwu.trading import services as trading

    project, _, _ = _trading_objection(answered=True)
    c = trading.file_complaint(project, {"content": "请求重新评标", "reason": "答复未回应问题"},
                               u("hn-jianshe"))  # fmt: skip
    if accepted:
        c = trading.accept_complaint(c, u("cz-jiandu"))
    path = f"/workbench/trading/complaints/{c.pk}/{action}/"
    return "cz-jiandu", path, {**form, "version": c.version}


def _trading_project():
    from zhengwu.trading import services as trading

    staff("zj-buyer", Role.DEPT_OFFICER, agency=_trading_body())
    data = {"kind": "engineering", "method": "open_tender", "name": "吉首市排水管网改造工程",
            "owner": _trading_body().pk, "sections": [{"name": "一标段"}]}  # fmt: skip
    return trading.create_project(data, by=u("zj-buyer"))


def _trading_body() -> Agency:
    return Agency.objects.filter(jurisdiction__code="433101", name__contains="住房").first()


def trading_new():
    staff("zj-buyer", Role.DEPT_OFFICER, agency=_trading_body())
    form = {"kind": "land", "method": "listing", "name": "吉首市JS2026-08号地块",
            "owner": _trading_body().pk, "section_name": "一宗地"}  # fmt: skip
    return "zj-buyer", "/workbench/trading/new/", form


def trading_edit():
    p = _trading_project()
    form = {"version": p.version, "method": "invited_tender", "name": "吉首市排水管网改造工程"}
    return "zj-buyer", f"/workbench/trading/{p.pk}/edit/", form


def trading_step():
    p = _trading_project()
    today = timezone.localdate()
    form = {"version": p.version, "on": (today - dt.timedelta(days=30)).isoformat(),
            "bid_deadline": (today - dt.timedelta(days=5)).isoformat()}  # fmt: skip
    return "zj-buyer", f"/workbench/trading/{p.pk}/steps/tender_published/", form


def trading_rule():
    from zhengwu.trading.models import Rule

    staff("zj-office", Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code="433100"))
    form = {"version": Rule.objects.get(code="L2").version, "number": "12",
            "enforcement": "refuse", "reason": "按本州挂牌出让实施细则"}  # fmt: skip
    return "zj-office", "/workbench/trading/rules/L2/", form


# Views that take a POST but change nothing a message should confirm: logging in (the next page
# is the workbench or 我的), and looking up or downloading by number and query code.
EXEMPT = {
    "login": "登录本身，下一页即工作台或“我的”",
    "totp": "登录的第二步",
    "disclosure_requests_track": "按编号和查询码查询，不改变任何记录",
    "disclosure_requests_track_letter": "下载答复书",
    "disclosure_requests_track_released": "凭编号和查询码下载随答复提供的信息",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row", ROWS, ids=[f"{r.url}:{r.action}" if r.action else r.url for r in ROWS]
)
def test_the_next_page_says_what_was_done(row, as_user):
    username, path, form = row.make()
    client = Client() if username is None else as_user(username)
    if username and u(username).kind == User.STAFF:
        session = client.session
        session["zw_otp_ok"] = True  # logged in with the second factor (/accounts/totp/)
        session.save()
    r = client.post(path, form, follow=True)
    assert r.status_code < 400, r.content.decode()[:3000]
    shown = [str(m) for m in get_messages(r.wsgi_request) if m.level_tag == "success"]
    assert len(shown) == 1, shown
    assert row.says in shown[0], shown[0]
    assert escape(shown[0]) in r.content.decode()  # on the page, where the person reads it


def _views_taking_a_post():
    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns)
            elif isinstance(p, URLPattern) and p.name:
                yield p

    found = {}
    for p in walk(get_resolver().url_patterns):
        view = inspect.unwrap(p.callback)
        if not view.__module__.startswith("zhengwu."):
            continue
        source = inspect.getsource(view)
        if re.search(r"@require_POST|@idempotent|request\.method", source):
            found[p.name] = view
    return found


def test_every_view_that_takes_a_post_is_in_the_table():
    listed = {r.url for r in ROWS} | set(EXEMPT)
    posts = set(_views_taking_a_post())
    assert posts - listed == set(), "给这些操作加上成功提示，并在表中登记"
    assert listed - posts == set(), "表中登记的这些地址不接受提交"


def test_every_action_of_a_view_is_in_the_table():
    """Each view of several actions says what each did from its own table of messages (a
    missing line would be a KeyError, never a silent page); the rows walk every line."""
    from zhengwu.assessment import views as assessment
    from zhengwu.cases import views as case_views
    from zhengwu.disclosure import workbench_views as disclosure
    from zhengwu.disclosure.interpretation import press_views
    from zhengwu.disclosure.interpretation import workbench_views as interpretation_views
    from zhengwu.disclosure.requests import done as requests
    from zhengwu.interaction import done as interaction
    from zhengwu.interaction import views as interaction_views
    from zhengwu.oversight import views as oversight
    from zhengwu.programmes.views import awards as programme_awards
    from zhengwu.programmes.views import plans as programme_plans
    from zhengwu.programmes.views import training as programme_training
    from zhengwu.ratings import views as ratings
    from zhengwu.services import delegation_views
    from zhengwu.websites import workbench_views as websites
    from zhengwu.websites.checks import views as website_checks

    messages = {
        "cases-act": case_views.DONE,
        "disclosure-wb-action": disclosure.DONE,
        "disclosure_requests_wb_action": requests.DONE,
        "disclosure_requests_wb_report": {"save": 1, "publish": 1},
        "interaction-wb-message": interaction.MESSAGE_DONE,
        "interaction-wb-interview": interaction.INTERVIEW_DONE,
        "interaction-wb-consultation": interaction.CONSULTATION_DONE,
        "interaction-wb-complaint": interaction.COMPLAINT_DONE,
        "interaction-wb-survey": interaction.SURVEY_DONE,
        "ratings-act": ratings.DONE,
        "assessment-action": assessment.DONE,
        "assessment-indicator": assessment.INDICATOR_DONE,
        "websites-wb-article-action": websites.DONE,
        "websites-wb-leader-action": websites.DONE,
        "interpretation-wb-action": interpretation_views.INTERP_DONE,
        "concern-wb-detail": interpretation_views.CONCERN_DONE,
        "press-wb-detail": press_views.DONE,
        "website-report": website_checks.REPORT_DONE,
        "oversight-wb-item-action": oversight.DONE,
        "services-chief-action": delegation_views.DONE,
        "programmes-wb-plan-act": programme_plans.DONE,
        "programmes-wb-case-act": programme_training.CASE_DONE,
        "programmes-wb-awards-act": programme_awards.DONE,
    }
    # the views that dispatch through a table of actions have a message for each
    assert set(case_views.DONE) == set(case_views.ACTIONS)
    assert set(disclosure.DONE) >= set(disclosure.ACTIONS)
    assert set(interpretation_views.INTERP_DONE) == set(interpretation_views.INTERP_ACTIONS)
    assert set(interpretation_views.CONCERN_DONE) == set(interpretation_views.CONCERN_ACTIONS)
    assert set(press_views.DONE) == set(press_views.ACTIONS)
    assert set(interaction.MESSAGE_DONE) == {*interaction_views.MESSAGE_ACTIONS, "decide_extension"}
    for url, table in messages.items():
        rows = {r.action for r in ROWS if r.url == url}
        assert rows == set(table), url
    several = {r.url for r in ROWS if r.action}
    assert several == set(messages)
