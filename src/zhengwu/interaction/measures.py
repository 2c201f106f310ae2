"""The 留言 figures supervision and assessment read (`zhengwu.core.measures`)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from zhengwu.core import measures as registry

from .models import Message, SurveyAnswer, SurveyQuestion


def _replied(j, agency, year, month=None):
    qs = Message.objects.filter(
        scope_path__startswith=j.path,
        state=Message.REPLIED,
        replied_on__year=year or timezone.localdate().year,
    )
    if month:
        qs = qs.filter(replied_on__month=month)
    if agency is not None:
        qs = qs.filter(agency_id=agency.pk)
    return qs


def messages_on_time(j, agency=None, year=None) -> dict:
    """留言按期答复率: messages replied in the year within their limit (`on_time`) / replied."""
    agg = _replied(j, agency, year).aggregate(
        n=Count("id"), on_time=Count("id", filter=Q(on_time=True))
    )
    return {"numerator": agg["on_time"], "denominator": agg["n"]}


def rateable(j, agency=None, year=None, month=None) -> dict:
    """Messages replied in the month (or year): each may be rated once (好差评 未评率)."""
    n = _replied(j, agency, year, month).count()
    return {"numerator": n, "denominator": n}


# 公众评议 from a 征集调查 (assessment): each 单选 question names one county or department in its
# text and is answered 满意 / 基本满意 / 不满意; a choice of other words is not counted.
SATISFACTION = {"满意": 100, "基本满意": 60, "不满意": 0}


def satisfaction_questions(survey_id) -> list[SurveyQuestion]:
    """The survey's 单选 questions whose choices are all words of SATISFACTION."""
    questions = SurveyQuestion.objects.filter(
        survey_id=survey_id, kind=SurveyQuestion.SINGLE
    ).prefetch_related("choices")
    return [
        q
        for q in questions
        if q.choices.all() and all(c.text.strip() in SATISFACTION for c in q.choices.all())
    ]


def survey_satisfaction(j, agency=None, year=None, survey_id=None) -> dict:
    """`interaction.survey_satisfaction`: the mean score (满意 100, 基本满意 60, 不满意 0) of the
    answers to the survey's question naming the body (the department's name, else the
    county's); denominator = the answers (respondents)."""
    name = agency.name if agency is not None else j.name
    question = next((q for q in satisfaction_questions(survey_id) if name and name in q.text), None)
    if question is None:
        return {"numerator": 0, "denominator": 0}
    texts = SurveyAnswer.objects.filter(question=question, choice__isnull=False).values_list(
        "choice__text", flat=True
    )
    scores = [SATISFACTION[t.strip()] for t in texts if t.strip() in SATISFACTION]
    if not scores:
        return {"numerator": 0, "denominator": 0}
    return {
        "numerator": sum(scores) / 100,
        "denominator": len(scores),
        "value": round(sum(scores) / len(scores), 1),
    }


registry.register(
    "interaction.survey_satisfaction",
    survey_satisfaction,
    label="公众评议满意度（问卷：满意100、基本满意60、不满意0 的平均分）",
)
