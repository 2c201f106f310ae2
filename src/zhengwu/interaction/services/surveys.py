"""征集调查: one sheet of answers per account or browser session."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q

from zhengwu.core import audit
from zhengwu.core.errors import Conflict, Invalid

from .. import moderation
from ..models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from ._common import _today


@transaction.atomic
def answer_survey(
    survey: Survey, *, answers: dict, by=None, session_key: str = ""
) -> SurveyResponse:
    """`answers` maps question id → choice id, list of choice ids, or text. One sheet per
    account, or per browser session for those not logged in."""
    today = _today()
    if not survey.is_published or not survey.opens_on <= today <= survey.closes_on:
        raise Conflict("该调查不在填写期内", code="survey_closed")
    account = by if getattr(by, "is_authenticated", False) else None
    if account is None and not session_key:
        raise Invalid("请启用浏览器Cookie后再填写", code="no_session")
    already = survey.responses.filter(
        Q(respondent=account) if account else Q(session_key=session_key)
    )
    if already.exists():
        raise Conflict("您已参与过本次调查，感谢支持", code="already_answered")
    questions = list(survey.questions.prefetch_related("choices"))
    rows = []
    for q in questions:
        value = answers.get(q.pk, answers.get(str(q.pk)))
        valid = {c.pk: c for c in q.choices.all()}
        if q.kind == SurveyQuestion.TEXT:
            text = (value or "").strip() if isinstance(value, str) else ""
            if q.required and not text:
                raise Invalid(f"请回答第{q.order}题", code="answer_required", field=f"q{q.pk}")
            if len(text) > 2000:
                raise Invalid(f"第{q.order}题回答过长", code="answer_too_long", field=f"q{q.pk}")
            if text:
                rows.append(SurveyAnswer(question=q, text=moderation.screen(text).text))
            continue
        picked = value if isinstance(value, list) else ([value] if value not in (None, "") else [])
        try:
            ids = {int(v) for v in picked}
        except (TypeError, ValueError):
            raise Invalid(f"第{q.order}题的选项无效", code="bad_choice", field=f"q{q.pk}") from None
        if not ids <= valid.keys():
            raise Invalid(f"第{q.order}题的选项无效", code="bad_choice", field=f"q{q.pk}")
        if q.required and not ids:
            raise Invalid(f"请回答第{q.order}题", code="answer_required", field=f"q{q.pk}")
        if q.kind == SurveyQuestion.SINGLE and len(ids) > 1:
            raise Invalid(f"第{q.order}题只能选一项", code="single_choice", field=f"q{q.pk}")
        rows += [SurveyAnswer(question=q, choice=valid[i]) for i in sorted(ids)]
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, respondent=account, session_key="" if account else session_key
            )
    except IntegrityError:
        raise Conflict("您已参与过本次调查，感谢支持", code="already_answered") from None
    for r in rows:
        r.response = response
    SurveyAnswer.objects.bulk_create(rows)
    audit.record("interaction.survey_answered", response, actor=account)
    return response
