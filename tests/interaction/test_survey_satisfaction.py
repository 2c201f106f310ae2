"""`interaction.survey_satisfaction` (core.measures): 公众评议 from a survey's answers, one 单选
question per body, 满意 100 / 基本满意 60 / 不满意 0."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.core import measures
from zhengwu.interaction import services
from zhengwu.interaction.measures import satisfaction_questions
from zhengwu.org.models import Agency, Jurisdiction, User

pytestmark = pytest.mark.django_db
WORDS = ["满意", "基本满意", "不满意"]


def test_mean_score_per_body_from_its_question():
    admin = User.objects.get(username="admin")
    root = Jurisdiction.objects.get(code="433100")
    office = Agency.objects.filter(jurisdiction=root).order_by("name").first()
    department = Agency.objects.filter(jurisdiction=root).exclude(pk=office.pk).first()
    today = timezone.localdate()
    survey = services.create_survey(
        office,
        {
            "title": "政务服务满意度测评",
            "opens_on": today - dt.timedelta(days=1),
            "closes_on": today + dt.timedelta(days=5),
        },
        by=admin,
        questions=[
            {"kind": "single", "text": "您对保靖县政务服务的评价", "choices": WORDS},
            {"kind": "single", "text": f"您对{department.name}的评价", "choices": WORDS},
            {"kind": "single", "text": "您对永顺县的印象", "choices": ["很好", "一般"]},
        ],
    )
    services.publish_survey(survey, by=admin)
    county, dept, other = survey.questions.prefetch_related("choices")
    assert [q.pk for q in satisfaction_questions(survey.pk)] == [county.pk, dept.pk]
    # 保靖: 满意, 满意, 基本满意, 不满意 → (100 + 100 + 60 + 0) / 4 = 65.0; the department:
    # 基本满意 ×4 → 60.0.
    for n, pick in enumerate([0, 0, 1, 2]):
        answers = {
            county.pk: county.choices.all()[pick].pk,
            dept.pk: dept.choices.all()[1].pk,
            other.pk: other.choices.all()[0].pk,
        }
        services.answer_survey(survey, answers=answers, session_key=f"s{n}")
    baojing = Jurisdiction.objects.get(code="433125")
    got = measures.measure("interaction.survey_satisfaction", baojing, survey_id=survey.pk)
    assert got == {"numerator": 2.6, "denominator": 4, "value": 65.0}
    got = measures.measure(
        "interaction.survey_satisfaction", root, agency=department, survey_id=survey.pk
    )
    assert (got["denominator"], got["value"]) == (4, 60.0)
    # 永顺's question is not answered in the words: no figure (暂无数据).
    yongshun = Jurisdiction.objects.get(code="433127")
    got = measures.measure("interaction.survey_satisfaction", yongshun, survey_id=survey.pk)
    assert got["value"] is None
