"""民意征集 and 征集调查: comments moderated and masked, 采纳情况 published; surveys and results."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.core.errors import Conflict, Invalid
from zhengwu.interaction import services
from zhengwu.interaction.models import (
    Consultation,
    ConsultationComment,
    Survey,
    SurveyChoice,
    SurveyQuestion,
)

from .conftest import solve


def test_consultation_collects_comments_and_publishes_feedback(
    consultation, handler, as_user, citizen
):
    section = consultation.sections.get(order=2)
    writer = as_user(citizen.username)
    url = f"/hdjl/consultations/{consultation.pk}/"
    r = writer.post(
        url,
        {
            "section": section.pk,
            "name": "张女士",
            "text": "建议公平秤每月校准一次，我的电话13907438888。",
        },
    )
    assert r.status_code == 200 and "审核后公开" in r.content.decode()
    comment = ConsultationComment.objects.get(consultation=consultation)
    assert comment.state == ConsultationComment.PENDING
    assert "公平秤每月校准" not in Client().get(url).content.decode()

    staff = Client()
    staff.force_login(handler)
    wb = f"/workbench/interaction/consultations/{consultation.pk}/"
    assert staff.post(wb, {"action": "publish", "comment": comment.pk}).status_code == 302
    page = Client().get(url).content.decode()
    assert "公平秤每月校准" in page and "139****8888" in page and "13907438888" not in page

    early = staff.post(
        wb, {"action": "feedback", "text": "共收到意见1条，采纳1条，已据此修改第二条。"}
    )
    assert early.status_code == 409 and "征集期结束后" in early.content.decode()
    consultation.closes_on = timezone.localdate() - dt.timedelta(days=1)
    consultation.save()
    undecided = staff.post(
        wb, {"action": "feedback", "text": "共收到意见1条，采纳1条，已据此修改第二条。"}
    )
    assert undecided.status_code == 409 and "未填写采纳情况" in undecided.content.decode()
    no_reason = staff.post(
        wb, {"action": "adopt", "comment": comment.pk, "adoption": "not_adopted"}
    )
    assert no_reason.status_code == 422 and "须说明理由" in no_reason.content.decode()
    staff.post(
        wb,
        {
            "action": "adopt",
            "comment": comment.pk,
            "adoption": "partly",
            "reason": "校准周期按计量法规定执行",
        },
    )
    assert (
        staff.post(
            wb, {"action": "feedback", "text": "共收到意见1条，部分采纳1条，已据此修改第二条。"}
        ).status_code
        == 302
    )
    consultation.refresh_from_db()
    assert consultation.state == Consultation.FEEDBACK
    page = Client().get(url).content.decode()
    assert "意见采纳情况" in page and "部分采纳" in page and "校准周期按计量法规定执行" in page


def test_hidden_comment_keeps_text_and_reason(consultation, handler, words):
    c = services.comment(consultation, name="匿名", text="代开发票请联系本人，价格优惠。")
    assert c.held_words == ["代开发票"]
    with pytest.raises(Invalid):
        services.moderate_comment(c, publish_it=True, by=handler)
    services.moderate_comment(c, publish_it=False, reason="广告信息", by=handler)
    c.refresh_from_db()
    assert (c.state, c.hidden_reason, c.text) == (
        "hidden",
        "广告信息",
        "代开发票请联系本人，价格优惠。",
    )


def test_comment_outside_the_period_and_scoping(consultation, fh_handler, as_user):
    client = Client()
    client.get(f"/hdjl/consultations/{consultation.pk}/?comment=1")  # the form, its CAPTCHA
    bad_section = client.post(
        f"/hdjl/consultations/{consultation.pk}/",
        {"section": "999999", "name": "网友", "text": "意见意见意见意见", **solve(client)},
    )
    assert bad_section.status_code == 422 and "条目不属于该征集" in bad_section.content.decode()
    consultation.closes_on = timezone.localdate() - dt.timedelta(days=1)
    consultation.save()
    with pytest.raises(Conflict):
        services.comment(consultation, name="网友", text="征集结束后的意见")
    other = Client()
    other.force_login(fh_handler)
    assert other.get(f"/workbench/interaction/consultations/{consultation.pk}/").status_code == 404
    assert (
        as_user("fh-supervisor")
        .get(f"/workbench/interaction/consultations/{consultation.pk}/")
        .status_code
        == 404
    )


@pytest.fixture
def survey(mailbox):
    today = timezone.localdate()
    s = Survey.objects.create(
        title="农贸市场满意度调查",
        agency=mailbox.agency,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=5),
    )
    single = SurveyQuestion.objects.create(survey=s, order=1, text="您常去哪个市场", kind="single")
    multi = SurveyQuestion.objects.create(survey=s, order=2, text="最需改进", kind="multiple")
    SurveyQuestion.objects.create(survey=s, order=3, text="其他意见", kind="text", required=False)
    for k, t in enumerate(["乾州市场", "峒河市场"], 1):
        SurveyChoice.objects.create(question=single, order=k, text=t)
    for k, t in enumerate(["卫生", "停车", "价格"], 1):
        SurveyChoice.objects.create(question=multi, order=k, text=t)
    return s


def test_survey_one_response_per_session_and_statistics(survey):
    single, multi, text = survey.questions.order_by("order")
    a, b = single.choices.order_by("order")
    hygiene, parking, price = multi.choices.order_by("order")
    client = Client()
    url = f"/hdjl/surveys/{survey.pk}/"
    r = client.post(
        url,
        {
            f"q{single.pk}": a.pk,
            f"q{multi.pk}": [hygiene.pk, parking.pk],
            f"q{text.pk}": "希望延长营业时间",
        },
    )
    assert r.status_code == 302 and r["Location"].endswith("/results/")
    again = client.post(url, {f"q{single.pk}": b.pk, f"q{multi.pk}": [price.pk]})
    assert again.status_code == 409 and "已参与过" in again.content.decode()
    Client().post(url, {f"q{single.pk}": a.pk, f"q{multi.pk}": [hygiene.pk]})
    results = Client().get(f"/hdjl/surveys/{survey.pk}/results/").content.decode()
    assert "共 2 份答卷" in results and "echarts-5.6.0.min.js" in results
    assert '<th scope="row">乾州市场</th><td>2</td><td>100.0%</td>' in results
    api = Client().get(f"/api/v1/interaction/surveys/{survey.pk}/results").json()
    counts = {c["text"]: c["count"] for q in api["questions"] for c in q["choices"]}
    assert counts == {"乾州市场": 2, "峒河市场": 0, "卫生": 2, "停车": 1, "价格": 0}
    assert api["questions"][2]["texts"] == ["希望延长营业时间"]


def test_survey_bad_input_and_one_per_account(survey, as_user, citizen):
    single, multi, _ = survey.questions.order_by("order")
    a, b = single.choices.order_by("order")
    client = Client()
    two = client.post(
        f"/hdjl/surveys/{survey.pk}/", {f"q{single.pk}": [a.pk, b.pk], f"q{multi.pk}": []}
    )
    assert two.status_code == 422 and "只能选一项" in two.content.decode()
    missing = client.post(f"/hdjl/surveys/{survey.pk}/", {})
    assert missing.status_code == 422 and "请回答第1题" in missing.content.decode()
    user = as_user(citizen.username)
    url = f"/api/v1/interaction/surveys/{survey.pk}/responses"
    bad = user.post(
        url,
        {"answers": {str(single.pk): 999999, str(multi.pk): []}},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "选项无效" in bad.json()["message"]
    hygiene = multi.choices.first()
    ok = user.post(
        url,
        {"answers": {str(single.pk): a.pk, str(multi.pk): [hygiene.pk]}},
        content_type="application/json",
    )
    assert ok.status_code == 201
    again = user.post(
        url,
        {"answers": {str(single.pk): a.pk, str(multi.pk): [hygiene.pk]}},
        content_type="application/json",
    )
    assert again.status_code == 409


def test_a_consultation_past_its_period_is_closed_by_the_daily_task(consultation, client):
    from zhengwu.core import schedule
    from zhengwu.core.models import AuditEvent

    assert "interaction.consultations_closed" in {j.name for j in schedule.jobs()}
    services.close_expired_consultations(today=consultation.closes_on)  # its last day
    consultation.refresh_from_db()
    assert consultation.state == Consultation.OPEN
    closed = services.close_expired_consultations(
        today=consultation.closes_on + dt.timedelta(days=1)
    )
    consultation.refresh_from_db()
    assert closed >= 1 and consultation.state == Consultation.CLOSED
    event = AuditEvent.objects.filter(action="interaction.consultation_expired").get(
        object_id=str(consultation.pk)
    )
    assert event.actor_id is None  # the platform's own step
    assert "已截止" in client.get(f"/hdjl/consultations/{consultation.pk}/").text
