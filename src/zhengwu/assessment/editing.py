"""Editing a year's indicator system (考核方案) by the 州 office: add, change, remove, copy last
year's, link the 公众评议 survey, then start the scoring, which freezes it. Each change is one
`core.workflow.transition` of the scheme (locked, version checked, audited) and one
`SchemeVersion` with the indicators after it, shown as the scheme's history."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone

from zhengwu.core import money, workflow
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.interaction.measures import satisfaction_questions
from zhengwu.interaction.models import Survey

from . import catalogue
from .history import record_version, total_weight
from .models import (
    INDICATOR_ADDED,
    INDICATOR_CHANGED,
    INDICATOR_REMOVED,
    INDICATORS_COPIED,
    SCORING_STARTED,
    SURVEY_LINKED,
    Indicator,
    Scheme,
)
from .services import manager

TEXT_FIELDS = ("name", "evidence_note")


@contextlib.contextmanager
def _edit(scheme: Scheme, action: str, *, by, version=None) -> Iterator[workflow.Change]:
    """One change of the scheme: the office's right, the scheme locked, the refusal once
    scoring has started, the revision counted up and the version written with it."""
    manager(by, action)
    with workflow.transition(scheme, action, by=by, version=version) as c:
        if c.obj.state != Scheme.DRAFTING:
            raise Conflict(
                f"{c.obj.year}年度考核方案已开始评分，指标不能再修改", code="scheme_frozen"
            )
        c.obj.revision += 1
        yield c
        record_version(c.obj, c.notes.get("change", ""), by=by)


def _clean(data: dict, current: Indicator | None = None) -> dict:
    """The indicator's fields from a form or the API, refused in words."""
    kind = data.get("kind", current.kind if current else "")
    if kind not in dict(Indicator.KINDS):
        raise Invalid("请选择指标类型", code="kind_required", field="kind")
    name = (data.get("name") if "name" in data else current.name if current else "") or ""
    name = str(name).strip()
    if not name:
        raise Invalid("请填写指标名称", code="name_required", field="name")
    if len(name) > 100:
        raise Invalid("指标名称不能超过100字", code="name_too_long", field="name")
    weight = money.parse_amount(
        data.get("weight", current.weight if current else None),
        column=Indicator._meta.get_field("weight"),  # type: ignore[arg-type]
        field="weight",
        label="权重",
        unit="分",
        maximum=Decimal(100),
    )
    out: dict = {"name": name, "weight": weight, "kind": kind, "provider": ""}
    out["full_marks_at"] = Decimal(100)
    out["evidence_required"], out["evidence_note"] = False, ""
    if kind == Indicator.AUTOMATIC:
        provider = str(data.get("provider", current.provider if current else "") or "")
        if not catalogue.known(provider):
            raise Invalid("请选择数据来源", code="provider_required", field="provider")
        out["provider"] = provider
        out["full_marks_at"] = money.parse_amount(
            data.get("full_marks_at", current.full_marks_at if current else 100),
            column=Indicator._meta.get_field("full_marks_at"),  # type: ignore[arg-type]
            field="full_marks_at",
            label="满分对应值",
            unit="%",
            maximum=Decimal(100),
        )
    elif kind == Indicator.MANUAL:
        required = data.get("evidence_required", current.evidence_required if current else False)
        out["evidence_required"] = required in (True, "1", "on", "true", "yes")
        note = str(data.get("evidence_note", current.evidence_note if current else "") or "")
        out["evidence_note"] = note.strip()[:200]
        if out["evidence_required"] and not out["evidence_note"]:
            raise Invalid(
                "须附佐证材料的指标，请写明应提供哪些材料",
                code="evidence_note_required",
                field="evidence_note",
            )
    return out


def _code(scheme: Scheme) -> str:
    n = scheme.revision
    while scheme.indicators.filter(code=f"i{n}").exists():
        n += 1
    return f"i{n}"


def add_indicator(scheme: Scheme, data: dict, *, by, version=None) -> Indicator:
    fields = _clean(data)
    with _edit(scheme, INDICATOR_ADDED, by=by, version=version) as c:
        ind = Indicator.objects.create(scheme=c.obj, code=_code(c.obj), **fields)
        c.note(change=f"增加指标“{ind.name}”（{ind.weight}分）", indicator=ind.name)
    return ind


def change_indicator(ind: Indicator, data: dict, *, by, version=None) -> Indicator:
    fields = _clean(data, ind)
    before = f"{ind.name}（{ind.weight}分）"
    with _edit(ind.scheme, INDICATOR_CHANGED, by=by, version=version) as c:
        if fields["kind"] != Indicator.SURVEY:
            fields["survey"] = None
        for k, v in fields.items():
            setattr(ind, k, v)
        ind.save()
        c.note(change=f"修改指标：{before} → {ind.name}（{ind.weight}分）", indicator=ind.name)
    return ind


def remove_indicator(ind: Indicator, *, by, version=None) -> None:
    with _edit(ind.scheme, INDICATOR_REMOVED, by=by, version=version) as c:
        c.note(change=f"删除指标“{ind.name}”（{ind.weight}分）", indicator=ind.name)
        ind.delete()


def copy_last_year(scheme: Scheme, *, by, version=None) -> Scheme:
    """The indicators of the latest earlier year replace this year's (surveys are per year:
    the 公众评议 indicator is copied without its survey)."""
    last = Scheme.objects.filter(year__lt=scheme.year).order_by("-year").first()
    if last is None:
        raise Conflict(f"{scheme.year}年之前没有考核方案，无法沿用上年度指标", code="no_last_year")
    with _edit(scheme, INDICATORS_COPIED, by=by, version=version) as c:
        c.obj.indicators.all().delete()
        for i in last.indicators.all():
            Indicator.objects.create(
                scheme=c.obj,
                code=i.code,
                name=i.name,
                weight=i.weight,
                kind=i.kind,
                provider=i.provider,
                full_marks_at=i.full_marks_at,
                evidence_required=i.evidence_required,
                evidence_note=i.evidence_note,
            )
        c.note(change=f"沿用{last.year}年度指标体系", copied_from=last.year)
    return scheme


def link_survey(ind: Indicator, survey_id, *, by, version=None) -> Indicator:
    """The 征集调查 whose answers give the 公众评议 indicator's value per county/department."""
    if ind.kind != Indicator.SURVEY:
        raise Invalid("只有公众评议（问卷）类指标可以关联问卷", code="not_survey", field="survey")
    survey = Survey.objects.filter(pk=survey_id).first() if str(survey_id).isdigit() else None
    if survey is None:
        raise Invalid("请选择问卷", code="survey_required", field="survey")
    if not satisfaction_questions(survey.pk):
        raise Invalid(
            f"问卷“{survey.title}”没有可用于评议的题目：每个被评议的县市或部门应有一道单选题，"
            "题目写明其名称，选项为“满意”“基本满意”“不满意”",
            code="survey_unfit",
            field="survey",
        )
    with _edit(ind.scheme, SURVEY_LINKED, by=by, version=version) as c:
        ind.survey = survey
        ind.save(update_fields=["survey"])
        c.note(change=f"“{ind.name}”关联问卷“{survey.title}”", survey=survey.title)
    return ind


def start_scoring(scheme: Scheme, *, by, version=None) -> Scheme:
    """开始评分: weights total 100, every 公众评议 indicator has its survey; then frozen."""
    manager(by, SCORING_STARTED)
    if scheme.state != Scheme.DRAFTING:
        raise Conflict(f"{scheme.year}年度考核方案已开始评分", code="wrong_state")
    total = total_weight(scheme)
    if total != 100:
        raise Conflict(
            f"指标权重合计应为100分，当前合计{total}分，请调整后再开始评分",
            code="weights_not_100",
        )
    unlinked = scheme.indicators.filter(kind=Indicator.SURVEY, survey__isnull=True).first()
    if unlinked is not None:
        raise Conflict(
            f"指标“{unlinked.name}”尚未关联公众评议问卷，请先关联", code="survey_missing"
        )
    with workflow.transition(scheme, SCORING_STARTED, by=by, version=version) as c:
        c.obj.scoring_started_at = timezone.now()
        c.obj.revision += 1
    record_version(scheme, "开始评分，指标体系冻结", by=by)
    return scheme
