"""征集调查: one sheet of answers per account or browser session."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from zhengwu.core import audit, workflow
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.org import permissions
from zhengwu.org.models import Agency

from .. import moderation
from ..models import Survey, SurveyAnswer, SurveyChoice, SurveyQuestion, SurveyResponse
from ._common import _date, _invalid_choice, _text, _today


@transaction.atomic
def answer_survey(
    survey: Survey, *, answers: dict, by=None, session_key: str = ""
) -> SurveyResponse:
    """`answers` maps question id → choice id, list of choice ids, or text. One sheet per
    account, or per browser session for those not logged in."""
    today = _today()
    if not survey.is_open_on(today):
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


# --- authoring: the questionnaire (edited while unpublished), publishing and closing ---------


def _survey_fields(data: dict) -> dict:
    opens_on = _date(data.get("opens_on"), "开始日期", "opens_on")
    closes_on = _date(data.get("closes_on"), "截止日期", "closes_on")
    if closes_on < opens_on:
        raise Invalid("截止日期不能早于开始日期", code="bad_period", field="closes_on")
    return {
        "title": _text(data.get("title"), "标题", "title", min_len=4, max_len=120),
        "description": _text(
            data.get("description"), "说明", "description", min_len=0, max_len=5000
        ),
        "opens_on": opens_on,
        "closes_on": closes_on,
    }


def _question_fields(data: dict) -> tuple[dict, list[str]]:
    kind = _invalid_choice(data.get("kind"), SurveyQuestion.KINDS, "题型", "kind")
    text = _text(data.get("text"), "题目", "text", max_len=200)
    raw = data.get("choices") or []
    if isinstance(raw, str):
        raw = raw.splitlines()
    choices = [str(c).strip() for c in raw if str(c).strip()]
    if kind == SurveyQuestion.TEXT:
        choices = []
    elif len(choices) < 2:
        raise Invalid(
            "单选题和多选题至少要有两个选项（每行一个）", code="choices_required", field="choices"
        )
    elif len(choices) > 30 or any(len(c) > 100 for c in choices):
        raise Invalid("选项不超过30个，每个不超过100字", code="choices_too_long", field="choices")
    required = data.get("required", True)
    if isinstance(required, str):
        required = required not in ("", "0", "false", "off")
    return {"kind": kind, "text": text, "required": bool(required)}, choices


def _add_question(survey: Survey, data: dict, order: int) -> SurveyQuestion:
    fields, choices = _question_fields(data)
    q = SurveyQuestion.objects.create(survey=survey, order=order, **fields)
    SurveyChoice.objects.bulk_create(
        SurveyChoice(question=q, order=k, text=c) for k, c in enumerate(choices, 1)
    )
    return q


def create_survey(agency: Agency, data: dict, *, by, questions=()) -> Survey:
    """A questionnaire not yet public (未发布), with its questions if given."""
    permissions.require(
        by, "interaction.survey_created", agency_id=agency.pk, path=agency.scope_path
    )
    fields = _survey_fields(data)
    with transaction.atomic():
        s = Survey.objects.create(agency=agency, is_published=False, **fields)
        for k, q in enumerate(questions, 1):
            _add_question(s, q, k)
        audit.record(
            "interaction.survey_created",
            s,
            actor=by,
            after={
                **audit.snapshot(s, ["title", "opens_on", "closes_on"]),
                "questions": len(questions),
            },
        )
    return s


def _editing(survey: Survey, by, version, action="interaction.survey_edited"):
    permissions.require(by, action, agency_id=survey.agency_id, path=survey.scope_path)
    return workflow.transition(survey, action, by=by, version=version)


def _unpublished(s: Survey) -> None:
    if s.is_published:
        raise Conflict("调查已发布，不能再修改", code="survey_published")


def edit_survey(survey: Survey, data: dict, *, by, version=None, questions=None) -> Survey:
    """Change the questionnaire while unpublished; with `questions`, they are replaced."""
    with _editing(survey, by, version) as c:
        _unpublished(c.obj)
        fields = _survey_fields(data)
        for name, value in fields.items():
            setattr(c.obj, name, value)
        if questions is not None:
            c.obj.questions.all().delete()
            for k, q in enumerate(questions, 1):
                _add_question(c.obj, q, k)
            c.note(questions=len(questions))
    return survey


def add_question(survey: Survey, data: dict, *, by, version=None) -> SurveyQuestion:
    with _editing(survey, by, version) as c:
        _unpublished(c.obj)
        last = c.obj.questions.aggregate(n=Max("order"))["n"] or 0
        q = _add_question(c.obj, data, last + 1)
        c.note(question=q.text, questions=last + 1)
    return q


def remove_question(question: SurveyQuestion, *, by, version=None) -> None:
    with _editing(question.survey, by, version) as c:
        _unpublished(c.obj)
        q = c.obj.questions.filter(pk=question.pk).first()
        if q is None:
            raise Invalid("题目不属于该调查", code="bad_question", field="question")
        text, order = q.text, q.order
        q.delete()
        for later in c.obj.questions.filter(order__gt=order).order_by("order"):
            later.order -= 1
            later.save(update_fields=["order"])
        c.note(removed=text, questions=c.obj.questions.count())


def publish_survey(survey: Survey, *, by, version=None) -> Survey:
    with _editing(survey, by, version, "interaction.survey_published") as c:
        _unpublished(c.obj)
        if not c.obj.questions.exists():
            raise Conflict("调查还没有题目，不能发布", code="no_questions")
        if c.obj.closes_on < _today():
            raise Conflict("截止日期已过，请先修改截止日期", code="period_past")
        c.obj.is_published = True
    return survey


def close_survey(survey: Survey, *, by, version=None) -> Survey:
    """No more answers from now on; the results stay public."""
    with _editing(survey, by, version, "interaction.survey_closed") as c:
        if not c.obj.is_published:
            raise Conflict("调查尚未发布", code="survey_unpublished")
        if c.obj.closed_at is not None or c.obj.closes_on < _today():
            raise Conflict("调查已结束", code="survey_closed")
        c.obj.closed_at = timezone.now()
    return survey
