"""The rules with the law's numbers: 政策解读 within 3 working days of its document (三同步,
provincial practice, configurable), 回应关切 within 5, 24 or 48 hours (国办发〔2016〕80号, 61号),
an emergency's press conference within 24 hours."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.core.errors import Conflict, Invalid
from zhengwu.disclosure import services as documents
from zhengwu.disclosure.interpretation import queries, rules
from zhengwu.disclosure.interpretation.models import ConcernResponse, Interpretation
from zhengwu.disclosure.interpretation.services import concerns, interpretations, press
from zhengwu.disclosure.models import Document

from .conftest import PUBLISHED_ON

pytestmark = pytest.mark.django_db


def test_three_working_days_run_across_the_national_day_holiday():
    # 2025-09-30 published; 10-01…10-08 are off; 10-09, 10-10 and the 调休 Saturday 10-11 count.
    assert rules.interpretation_due(PUBLISHED_ON) == dt.date(2025, 10, 11)
    # An ordinary week: Monday → Thursday.
    assert rules.interpretation_due(dt.date(2025, 11, 3)) == dt.date(2025, 11, 6)


def test_the_number_of_working_days_is_a_setting(settings):
    settings.ZHENGWU_INTERPRETATION_WORKDAYS = 5
    assert rules.interpretation_due(dt.date(2025, 11, 3)) == dt.date(2025, 11, 10)


def _publish(i, officer, on):
    interpretations.submit(i, by=officer)
    return interpretations.publish(i, by=officer, on=on)


def test_published_on_the_third_working_day_is_on_time(interpretation, officer):
    i = _publish(interpretation, officer, dt.date(2025, 10, 11))
    assert (i.status, i.due_on, i.published_late) == ("published", dt.date(2025, 10, 11), False)


def test_published_after_the_third_working_day_is_late(interpretation, officer):
    i = _publish(interpretation, officer, dt.date(2025, 10, 13))
    assert i.published_late and i.due_on == dt.date(2025, 10, 11)


def test_an_interpretation_waits_for_its_document(policy_draft, officer):
    doc = policy_draft()
    i = interpretations.create(doc, {"title": "解读", "body": "正文"}, by=officer)
    interpretations.submit(i, by=officer)
    with pytest.raises(Conflict) as e:
        interpretations.publish(i, by=officer)
    assert e.value.code == "document_not_published"
    assert "请先发布文件" in e.value.message


def test_an_empty_interpretation_cannot_go_to_review(policy_doc, officer):
    i = interpretations.create(policy_doc, {"title": "空解读"}, by=officer)
    with pytest.raises(Invalid) as e:
        interpretations.submit(i, by=officer)
    assert e.value.code == "interpretation_empty"


def test_qa_typed_as_text_becomes_pairs_and_bad_qa_is_refused():
    pairs = interpretations.parse_qa(
        "问：何时施行？\n答：自印发之日起。\n问：谁负责？\n答：市城管局。"
    )
    assert pairs == [
        {"q": "何时施行？", "a": "自印发之日起。"},
        {"q": "谁负责？", "a": "市城管局。"},
    ]
    with pytest.raises(Invalid) as e:
        interpretations.parse_qa("问：只有问题")
    assert e.value.code == "qa_incomplete"


def test_uninterpreted_and_interpreted_count_published_policy_documents(
    policy_doc, interpretation, officer
):
    mine = Document.objects.filter(pk=policy_doc.pk)
    assert list(queries.uninterpreted(mine)) == [policy_doc]
    assert not queries.interpreted(mine).exists()
    _publish(interpretation, officer, dt.date(2025, 10, 10))
    assert not queries.uninterpreted(mine).exists()
    assert list(queries.interpreted(mine)) == [policy_doc]
    # withdrawn, it no longer counts
    interpretations.withdraw(interpretation, "内容需更新", by=officer)
    assert list(queries.uninterpreted(mine)) == [policy_doc]


def test_other_genres_need_no_interpretation(policy_draft, officer):
    doc = policy_draft(genre="通知公告")
    documents.submit(doc, by=officer)
    documents.publish(doc, by=officer, on=PUBLISHED_ON)
    assert not queries.uninterpreted(Document.objects.filter(pk=doc.pk)).exists()


def test_overdue_documents_are_those_past_their_due_day(policy_doc):
    docs = Document.objects.filter(pk=policy_doc.pk)
    assert not queries.overdue_documents(docs, dt.date(2025, 10, 11)).exists()
    assert list(queries.overdue_documents(docs, dt.date(2025, 10, 13))) == [policy_doc]


@pytest.mark.parametrize(
    "kind, hours",
    [
        (ConcernResponse.AUTHORITATIVE, 5),  # 80号: 权威信息 at the latest within 5 h
        (ConcernResponse.PRESS, 24),  # 80号 and 61号: 新闻发布会 within 24 h
        (ConcernResponse.OTHER, 48),  # 61号: other 政务舆情 within 48 h
    ],
)
def test_concern_clocks_run_5_24_and_48_hours(concern, officer, kind, hours):
    occurred = timezone.now() - dt.timedelta(hours=hours + 10)
    c = concern(kind=kind, occurred_at=occurred)
    assert c.due_at == occurred + dt.timedelta(hours=hours)
    on_time = concerns.respond(
        concern(kind=kind, occurred_at=occurred),
        "已核实并处理。",
        by=officer,
        at=occurred + dt.timedelta(hours=hours),
    )
    assert not on_time.responded_late
    late = concerns.respond(
        c, "已核实并处理。", by=officer, at=occurred + dt.timedelta(hours=hours, minutes=1)
    )
    assert late.responded_late


def test_the_concern_hours_are_settings(settings, concern):
    settings.ZHENGWU_CONCERN_HOURS_OTHER = 72
    occurred = timezone.now() - dt.timedelta(hours=2)
    assert concern(occurred_at=occurred).due_at == occurred + dt.timedelta(hours=72)


def test_an_open_concern_past_its_time_is_overdue(concern, jishou_gov):
    late = concern(occurred_at=timezone.now() - dt.timedelta(hours=49))
    fresh = concern(occurred_at=timezone.now() - dt.timedelta(hours=47))
    overdue = queries.overdue_concerns(ConcernResponse.objects.filter(pk__in=[late.pk, fresh.pk]))
    assert list(overdue) == [late]


def test_a_concern_in_the_future_is_refused(concern):
    with pytest.raises(Invalid) as e:
        concern(occurred_at="2099-01-01 08:00")
    assert e.value.field == "occurred_at"


@pytest.mark.parametrize("hours_ago, late", [(23, False), (25, True)])
def test_an_emergency_conference_is_due_within_24_hours(conference, officer, hours_ago, late):
    incident = timezone.now() - dt.timedelta(hours=hours_ago)
    pc = conference(emergency=True, incident_at=incident)
    assert pc.due_at == incident + dt.timedelta(hours=24)
    press.add_speaker(pc, name="演示发言人", post="市政府新闻发言人", is_principal=True, by=officer)
    press.announce(pc, by=officer)
    assert press.start(pc, by=officer).held_late is late


def test_an_emergency_conference_needs_its_incident_time(conference):
    with pytest.raises(Invalid) as e:
        conference(emergency=True)
    assert e.value.code == "incident_at_required"


def test_a_government_count_against_the_yearly_minimum(settings, conference, officer, jishou_gov):
    year = timezone.localdate().year
    for n in range(2):
        pc = conference(topic=f"第{n + 1}场")
        press.add_speaker(pc, name="演示发言人", post="新闻发言人", by=officer)
        press.announce(pc, by=officer)
        press.start(pc, by=officer)
        press.finish(pc, by=officer)
    conference(topic="未召开")  # a draft does not count
    settings.ZHENGWU_PRESS_CONFERENCES_PER_YEAR = 2
    [row] = queries.yearly_counts(type(jishou_gov).objects.filter(pk=jishou_gov.pk), year)
    assert (row.held, row.wanted, row.enough) == (2, 2, True)
    settings.ZHENGWU_PRESS_CONFERENCES_PER_YEAR = 4
    [row] = queries.yearly_counts(type(jishou_gov).objects.filter(pk=jishou_gov.pk), year)
    assert not row.enough


def test_the_press_figure_is_registered_for_supervision_and_assessment(jishou_gov):
    from zhengwu.core import measures

    figure = measures.measure("disclosure.press_conferences", jishou_gov.jurisdiction)
    assert figure is not None and figure["denominator"] >= 1
    assert measures.measure("disclosure.interpreted", jishou_gov.jurisdiction) is not None


def test_interpretation_statuses_follow_the_table(interpretation, officer):
    interpretations.submit(interpretation, by=officer)
    interpretations.return_for_changes(interpretation, "请补充图解", by=officer)
    assert interpretation.status == Interpretation.DRAFT
    assert interpretation.status_reason == "请补充图解"


def test_the_command_lists_what_is_due(policy_doc, concern):
    import io

    from django.core.management import CommandError, call_command

    late = concern(occurred_at=timezone.now() - dt.timedelta(hours=50))
    out = io.StringIO()
    call_command("interpretation_status", "--jurisdiction", "433101", stdout=out)
    text = out.getvalue()
    assert "《吉首市城区停车管理办法》" in text and "解读应于2025-10-11前发布（逾期）" in text
    assert late.title in text and "北京时间" in text
    assert "新闻发布会" in text
    with pytest.raises(CommandError, match="不存在"):
        call_command("interpretation_status", "--jurisdiction", "999999", stdout=io.StringIO())
