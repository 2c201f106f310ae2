"""Issue 22 §3: staff author 民意征集, 在线访谈 and 征集调查 through the workbench — drafts are not
public, opening needs articles and a period still running, edits stop once published (409 in
Chinese), and each is scoped to the agency's staff."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.core.errors import Conflict, Invalid, NotAllowed, NotFound
from zhengwu.core.models import AuditEvent
from zhengwu.interaction import services
from zhengwu.interaction.models import (
    Consultation,
    ConsultationComment,
    Interview,
    Survey,
    SurveyQuestion,
)

WB = "/workbench/interaction"


def _day(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def _draft(agency, by, **over):
    data = {
        "title": "吉首市城区养犬管理规定（征求意见稿）",
        "summary": "为规范城区养犬行为，起草本规定，现公开征求意见。",
        "opens_on": _day(0),
        "closes_on": _day(30),
        **over,
    }
    return services.create_consultation(agency, data, by=by)


@pytest.fixture
def staff_client(handler):
    c = Client()
    c.force_login(handler)
    return c


# --- 民意征集: services ------------------------------------------------------------------------


def test_a_draft_is_built_article_by_article_and_opened(agency, handler):
    c = _draft(agency, handler)
    assert c.state == Consultation.DRAFT
    with pytest.raises(Conflict, match="征集稿还没有条目，不能发布征集"):
        services.open_consultation(c, by=handler)
    first = services.add_section(c, {"heading": "第一条", "text": "本规定适用于城区。"}, by=handler)
    second = services.add_section(
        c, {"heading": "第二条", "text": "养犬人应当办理养犬登记。"}, by=handler
    )
    third = services.add_section(c, {"heading": "第三条", "text": "禁止携犬进入学校。"}, by=handler)
    services.move_section(third, up=True, by=handler)
    assert list(c.sections.values_list("heading", flat=True)) == ["第一条", "第三条", "第二条"]
    services.remove_section(first, by=handler)
    assert list(c.sections.values_list("order", "heading")) == [(1, "第三条"), (2, "第二条")]
    services.edit_section(
        second, {"heading": "第二条", "text": "养犬人应当登记并免疫。"}, by=handler
    )
    services.open_consultation(c, by=handler, version=c.version)
    c.refresh_from_db()
    assert c.state == Consultation.OPEN and c.is_open_on(timezone.localdate())
    assert AuditEvent.objects.filter(action="interaction.consultation_opened").exists()
    assert AuditEvent.objects.filter(action="interaction.consultation_created").exists()


def test_a_period_that_ends_before_it_starts_is_refused(agency, handler):
    with pytest.raises(Invalid, match="征集截止日期不能早于开始日期"):
        _draft(agency, handler, opens_on=_day(5), closes_on=_day(2))
    c = _draft(agency, handler, opens_on=_day(-20), closes_on=_day(-1))
    services.add_section(c, {"heading": "第一条", "text": "本规定适用于城区。"}, by=handler)
    with pytest.raises(Conflict, match="征集截止日期已过"):
        services.open_consultation(c, by=handler)
    # the same rule when the period was broken behind the form's back
    Consultation.objects.filter(pk=c.pk).update(opens_on=_day(10), closes_on=_day(5))
    c.refresh_from_db()
    with pytest.raises(Conflict, match="征集截止日期早于开始日期"):
        services.open_consultation(c, by=handler)


def test_edits_are_refused_once_open(consultation, handler):
    section = consultation.sections.first()
    with pytest.raises(Conflict, match="征集已发布，征集稿不能再修改"):
        services.add_section(consultation, {"heading": "第三条", "text": "新增"}, by=handler)
    with pytest.raises(Conflict, match="征集已发布"):
        services.remove_section(section, by=handler)
    with pytest.raises(Conflict, match="征集已发布"):
        services.edit_consultation(
            consultation,
            {"title": "改标题试试", "opens_on": _day(0), "closes_on": _day(3)},
            by=handler,
        )
    services.close_consultation(consultation, by=handler)
    consultation.refresh_from_db()
    assert consultation.state == Consultation.CLOSED
    assert consultation.closes_on == timezone.localdate()


def test_only_the_agency_staff_author_its_consultations(agency, fh_handler, handler):
    with pytest.raises(NotAllowed, match="起草民意征集"):
        _draft(agency, fh_handler)
    c = _draft(agency, handler)
    with pytest.raises(NotAllowed):
        services.add_section(c, {"heading": "第一条", "text": "内容"}, by=fh_handler)


# --- 民意征集: pages ---------------------------------------------------------------------------


def test_staff_draft_and_open_a_consultation_through_pages(staff_client, agency):
    r = staff_client.get(f"{WB}/consultations/new/")
    assert r.status_code == 200 and agency.name in r.content.decode()
    bad = staff_client.post(
        f"{WB}/consultations/new/",
        {
            "agency": agency.pk,
            "title": "吉首市城区养犬管理规定（征求意见稿）",
            "opens_on": _day(5),
            "closes_on": _day(1),
        },
    )
    page = bad.content.decode()
    assert bad.status_code == 422 and "征集截止日期不能早于开始日期" in page
    assert "吉首市城区养犬管理规定（征求意见稿）" in page  # what was typed stays
    r = staff_client.post(
        f"{WB}/consultations/new/",
        {
            "agency": agency.pk,
            "title": "吉首市城区养犬管理规定（征求意见稿）",
            "summary": "起草说明",
            "opens_on": _day(0),
            "closes_on": _day(30),
        },
        follow=True,
    )
    c = Consultation.objects.get(title="吉首市城区养犬管理规定（征求意见稿）")
    assert "征集稿已保存（未发布）" in r.content.decode()
    assert Client().get(f"/hdjl/consultations/{c.pk}/").status_code == 404  # a draft
    url = f"{WB}/consultations/{c.pk}/"
    refused = staff_client.post(url, {"action": "open", "version": c.version})
    assert refused.status_code == 409 and "还没有条目" in refused.content.decode()
    for h, t in [("第一条", "本规定适用于城区。"), ("第二条", "养犬人应当办理登记。")]:
        staff_client.post(url, {"action": "add_section", "heading": h, "text": t})
    empty = staff_client.post(url, {"action": "add_section", "heading": "第三条", "text": ""})
    assert empty.status_code == 422 and "第三条" in empty.content.decode()
    second = c.sections.get(heading="第二条")
    staff_client.post(url, {"action": "move_up", "section": second.pk})
    assert c.sections.first().heading == "第二条"
    r = staff_client.post(url, {"action": "open"}, follow=True)
    assert "征集已发布" in r.content.decode()
    c.refresh_from_db()
    assert c.state == Consultation.OPEN
    late = staff_client.post(url, {"action": "add_section", "heading": "第三条", "text": "新增"})
    assert late.status_code == 409 and "征集已发布，征集稿不能再修改" in late.content.decode()
    public = Client().get(f"/hdjl/consultations/{c.pk}/").content.decode()
    assert "养犬人应当办理登记" in public and "发表意见" in public


def test_another_agency_cannot_pick_an_agency_out_of_scope(fh_handler, agency):
    client = Client()
    client.force_login(fh_handler)
    page = client.get(f"{WB}/consultations/new/").content.decode()
    assert agency.name not in page
    r = client.post(
        f"{WB}/consultations/new/",
        {
            "agency": agency.pk,
            "title": "越权起草的征集稿",
            "opens_on": _day(0),
            "closes_on": _day(9),
        },
    )
    assert r.status_code == 422 and "请选择发布单位" in r.content.decode()


# --- the public page from the page cache -------------------------------------------------------


def test_the_public_page_is_cached_and_moves_with_a_published_comment(consultation, handler):
    url = f"/hdjl/consultations/{consultation.pk}/"
    first = Client().get(url)
    assert first.status_code == 200 and first.has_header("ETag")
    assert "csrfmiddlewaretoken" not in first.content.decode()  # no form on the cached page
    again = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    cm = services.comment(consultation, name="石先生", text="建议市场增设无障碍通道。")
    assert "无障碍通道" not in Client().get(url).content.decode()  # pending: page unchanged
    services.moderate_comment(cm, publish_it=True, by=handler)
    assert "无障碍通道" in Client().get(url).content.decode()
    form = Client().get(url + "?comment=1")
    assert "csrfmiddlewaretoken" in form.content.decode() and "验证码" in form.content.decode()


# --- 在线访谈 ----------------------------------------------------------------------------------


def _moment(days: int, hour: int) -> str:
    return f"{_day(days)}T{hour:02d}:00"


def test_staff_write_publish_and_run_an_interview(staff_client, agency, handler):
    form = {
        "agency": agency.pk,
        "title": "食品安全监管政策解读",
        "summary": "吉首市市场监管局负责人解读校园周边食品安全监管。",
        "guests": "吉首市市场监督管理局局长（演示）",
        "host": "主持人（演示）",
        "starts_at": _moment(3, 15),
        "ends_at": _moment(3, 14),
    }
    bad = staff_client.post(f"{WB}/interviews/new/", form)
    assert bad.status_code == 422 and "结束时间应晚于开始时间" in bad.content.decode()
    assert "食品安全监管政策解读" in bad.content.decode()
    r = staff_client.post(f"{WB}/interviews/new/", {**form, "ends_at": _moment(3, 16)}, follow=True)
    assert "访谈预告已保存（未发布）" in r.content.decode()
    iv = Interview.objects.get(title="食品安全监管政策解读", agency=agency)
    assert not iv.is_published
    assert timezone.localtime(iv.starts_at).hour == 15  # Beijing time as typed
    assert Client().get(f"/hdjl/interviews/{iv.pk}/").status_code == 404
    assert "食品安全监管政策解读" not in Client().get("/hdjl/interviews/").content.decode()
    with pytest.raises(NotFound, match="没有这场访谈"):
        services.ask_question(iv, name="网友", text="校园周边食品怎么监管？")
    url = f"{WB}/interviews/{iv.pk}/"
    early = staff_client.post(url, {"action": "state", "state": "live"})
    assert early.status_code == 409 and "访谈预告尚未发布" in early.content.decode()
    staff_client.post(
        url, {"action": "edit", **form, "host": "新主持人", "ends_at": _moment(3, 16)}
    )
    iv.refresh_from_db()
    assert iv.host == "新主持人"
    r = staff_client.post(url, {"action": "publish", "version": iv.version}, follow=True)
    assert "访谈预告已发布" in r.content.decode()
    assert Client().get(f"/hdjl/interviews/{iv.pk}/").status_code == 200
    services.ask_question(iv, name="网友", text="校园周边食品怎么监管？")
    staff_client.post(url, {"action": "state", "state": "live"})
    late = staff_client.post(url, {"action": "edit", **form, "ends_at": _moment(3, 16)})
    assert late.status_code == 409 and "访谈已开始，预告不能再修改" in late.content.decode()
    assert AuditEvent.objects.filter(action="interaction.interview_published").exists()


# --- 征集调查 ----------------------------------------------------------------------------------


def test_staff_build_publish_and_close_a_survey(staff_client, agency):
    r = staff_client.post(
        f"{WB}/surveys/new/",
        {
            "agency": agency.pk,
            "title": "农贸市场满意度调查",
            "description": "请您评价城区农贸市场。",
            "opens_on": _day(0),
            "closes_on": _day(14),
        },
        follow=True,
    )
    assert "调查已保存（未发布）" in r.content.decode()
    s = Survey.objects.get(title="农贸市场满意度调查", agency=agency)
    assert not s.is_published and Client().get(f"/hdjl/surveys/{s.pk}/").status_code == 404
    url = f"{WB}/surveys/{s.pk}/"
    one_choice = staff_client.post(
        url,
        {
            "action": "add_question",
            "text": "您常去哪个市场",
            "kind": "single",
            "choices": "乾州市场",
        },
    )
    assert one_choice.status_code == 422 and "至少要有两个选项" in one_choice.content.decode()
    assert "乾州市场" in one_choice.content.decode()
    staff_client.post(
        url,
        {
            "action": "add_question",
            "text": "您常去哪个市场",
            "kind": "single",
            "choices": "乾州市场\n峒河市场",
            "required": "1",
        },
    )
    staff_client.post(
        url,
        {
            "action": "add_question",
            "text": "最需改进的方面",
            "kind": "multiple",
            "choices": "卫生\n停车\n价格",
            "required": "1",
        },
    )
    staff_client.post(url, {"action": "add_question", "text": "其他意见", "kind": "text"})
    assert [q.kind for q in s.questions.all()] == ["single", "multiple", "text"]
    assert not s.questions.get(kind="text").required
    r = staff_client.post(url, {"action": "publish"}, follow=True)
    assert "调查已发布" in r.content.decode()
    late = staff_client.post(url, {"action": "add_question", "text": "再加一题", "kind": "text"})
    assert late.status_code == 409 and "调查已发布，不能再修改" in late.content.decode()

    s.refresh_from_db()
    single = s.questions.get(kind=SurveyQuestion.SINGLE)
    multi = s.questions.get(kind=SurveyQuestion.MULTIPLE)
    answers = {
        single.pk: single.choices.first().pk,
        multi.pk: [c.pk for c in multi.choices.all()[:2]],
    }
    services.answer_survey(s, answers=answers, session_key="sess-a")
    results = Client().get(f"/hdjl/surveys/{s.pk}/results/").content.decode()
    assert "共 1 份答卷" in results and 'id="chart-' in results and "echarts" in results
    r = staff_client.post(url, {"action": "close"}, follow=True)
    assert "调查已结束" in r.content.decode()
    s.refresh_from_db()
    with pytest.raises(Conflict, match="不在填写期内"):
        services.answer_survey(s, answers=answers, session_key="sess-b")
    assert "本次调查已于" in Client().get(f"/hdjl/surveys/{s.pk}/").content.decode()


def test_consultation_comment_counts_only_published(consultation):
    services.comment(consultation, name="网友", text="建议延长营业时间到晚上十点。")
    assert consultation.comments.filter(state=ConsultationComment.PUBLISHED).count() == 0
