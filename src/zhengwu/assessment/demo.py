"""Demo 考核: a public satisfaction survey (one 单选 question per county, answered by 40 people)
linked to 公众评议; the 2025 scheme scored (监督员 scores for every county and 州 department),
computed and published; the current year's scheme 编制中 with the survey linked, for the office
to edit. Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from zhengwu.interaction import services as interaction
from zhengwu.interaction.measures import SATISFACTION
from zhengwu.interaction.models import Survey
from zhengwu.org.models import Agency, Jurisdiction, User

from . import editing, services
from .models import Scheme

SURVEY_TITLE = "湘西州政务公开和政务服务公众满意度调查"


def _survey(admin, rng) -> Survey | None:
    found = Survey.objects.filter(title=SURVEY_TITLE).first()
    if found:
        return found
    root = Jurisdiction.objects.filter(parent__isnull=True).order_by("path").first()
    agency = (
        Agency.objects.filter(jurisdiction=root, name__contains="办公室").order_by("name").first()
        or Agency.objects.filter(jurisdiction=root).order_by("name").first()
    )
    if agency is None:
        return None
    today = timezone.localdate()
    counties = Jurisdiction.objects.filter(level=Jurisdiction.COUNTY).order_by("code")
    survey = interaction.create_survey(
        agency,
        {
            "title": SURVEY_TITLE,
            "description": "请对各县市政务公开和政务服务工作作出评价，结果计入年度考核公众评议。",
            "opens_on": today - dt.timedelta(days=20),
            "closes_on": today + dt.timedelta(days=20),
        },
        by=admin,
        questions=[
            {
                "kind": "single",
                "text": f"您对{c.name}政务公开和政务服务工作的评价",
                "choices": list(SATISFACTION),
            }
            for c in counties
        ],
    )
    interaction.publish_survey(survey, by=admin)
    questions = list(survey.questions.prefetch_related("choices"))
    for n in range(40):
        answers = {
            q.pk: rng.choices([c.pk for c in q.choices.all()], weights=[6, 3, 1])[0]
            for q in questions
        }
        interaction.answer_survey(survey, answers=answers, session_key=f"assessment-demo-{n}")
    return survey


def _linked(scheme: Scheme, survey: Survey, admin) -> None:
    ind = scheme.indicators.filter(code="public_survey", survey__isnull=True).first()
    if ind is not None:
        editing.link_survey(ind, survey.pk, by=admin)


@transaction.atomic
def build(stdout=None) -> dict:
    say = stdout.write if stdout else (lambda s: None)
    admin = User.objects.filter(username="admin").first()
    watcher = User.objects.filter(username="watcher").first()
    if admin is None or watcher is None:
        return {}
    rng = random.Random(2025)
    survey = _survey(admin, rng)
    scheme = Scheme.objects.filter(year=2025).first() or services.create_scheme(2025, by=admin)
    if scheme.state == Scheme.DRAFTING and survey is not None:
        _linked(scheme, survey, admin)
        editing.start_scoring(scheme, by=admin)
    watchers = scheme.indicators.get(code="watchers")
    for _group, j, agency in services.assessees():
        target = {"agency": agency} if agency else {"jurisdiction": j}
        if not watchers.evaluations.filter(**target).exists():
            services.evaluate(
                watchers,
                score=rng.randint(62, 98),
                comment=rng.choice(
                    ["公开及时，栏目规范", "部分栏目更新不及时", "办事指南准确，窗口服务好"]
                ),
                by=watcher,
                **target,
            )
    results = services.compute(scheme, by=admin)
    if not scheme.published:
        services.publish(scheme, by=admin)
    year = timezone.localdate().year
    current = Scheme.objects.filter(year=year).first()
    if current is None and year != 2025:
        current = services.create_scheme(year, by=admin)
    if current is not None and current.state == Scheme.DRAFTING and survey is not None:
        _linked(current, survey, admin)
    say(f"考核：{scheme.name}，{len(results)} 个被考核单位；{year}年度方案编制中，已关联问卷")
    return {"results": len(results)}
