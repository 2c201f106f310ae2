"""考核 state changes: a year's scheme, manual evaluations, and computing the results."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from zhengwu.core import audit, measures, money
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.disclosure import files
from zhengwu.org import permissions
from zhengwu.org.models import Agency, Jurisdiction

from . import catalogue
from .history import record_version
from .models import Evaluation, Evidence, Indicator, Result, Scheme

# The default indicator system (weights sum to 100): the automatic ones read the providers of
# `zhengwu.core.measures`; the manual ones are 评议 (mission R6.1, R6.2); 公众评议 is computed
# from the answers of the survey the office links to it (editing.link_survey).
DEFAULT_INDICATORS = [
    (
        "published_on_time",
        "主动公开按时发布率",
        15,
        Indicator.AUTOMATIC,
        "disclosure.published_on_time",
    ),
    (
        "guides_revised",
        "公开指南和目录年度修订",
        10,
        Indicator.AUTOMATIC,
        "disclosure.guides_revised",
    ),
    (
        "requests_on_time",
        "依申请公开按期答复率",
        15,
        Indicator.AUTOMATIC,
        "disclosure.requests_on_time",
    ),
    (
        "annual_report",
        "年度报告按时公布",
        10,
        Indicator.AUTOMATIC,
        "disclosure.annual_report_on_time",
    ),
    ("cases_on_time", "办件按期办结率", 15, Indicator.AUTOMATIC, "cases.on_time"),
    ("messages_on_time", "留言按期答复率", 10, Indicator.AUTOMATIC, "interaction.messages_on_time"),
    ("ratings", "好差评好评率", 10, Indicator.AUTOMATIC, "ratings.good_rate"),
    ("public_survey", "公众评议（满意度调查）", 5, Indicator.SURVEY, ""),
    ("watchers", "政务公开监督员评议", 10, Indicator.MANUAL, ""),
]
ONE = Decimal("0.1")
SURVEY_PROVIDER = "interaction.survey_satisfaction"
# 单项否决 from another app's figure (core.measures): a value above 0 fails the body.
VETO_PROVIDER, VETO_CODE = "websites.veto", "websites_veto"


def manager(user, action: str):
    """The scheme is the whole platform's: its rule is checked on the root jurisdiction."""
    root = Jurisdiction.objects.filter(parent__isnull=True).order_by("path").first()
    assert root is not None  # the 州, there once the divisions are imported (import_divisions)
    permissions.require(user, action, agency_id=None, path=root.path)


def _threshold(value, column: str, field: str) -> Decimal:
    """A grade's lowest score (`column` of Scheme) from the form's `field`."""
    db_field = Scheme._meta.get_field(column)
    assert isinstance(db_field, models.DecimalField)
    return money.parse_amount(
        value,
        column=db_field,
        field=field,
        label=str(db_field.verbose_name),
        unit="分",
        allow_zero=True,
        maximum=Decimal(100),
    )


def create_scheme(year: int | str, *, by, excellent=90, good=80, passing=60) -> Scheme:
    manager(by, "assessment.scheme_created")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise Invalid("年度应为四位数字", code="bad_year", field="year") from None
    if not 2011 <= year <= 2099:
        raise Invalid("年度应在2011至2099之间", code="bad_year", field="year")
    e, g, p = (
        _threshold(value, column, field)
        for value, column, field in (
            (excellent, "excellent_from", "excellent"),
            (good, "good_from", "good"),
            (passing, "pass_from", "passing"),
        )
    )
    if not (100 >= e > g > p >= 0):
        raise Invalid("分数线应满足 100 ≥ 优秀 > 良好 > 合格 ≥ 0", code="bad_threshold")
    if Scheme.objects.filter(year=year).exists():
        raise Conflict(f"{year}年度考核方案已存在", code="scheme_exists")
    with transaction.atomic():
        scheme = Scheme.objects.create(
            year=year,
            name=f"{year}年度政务公开和政务服务工作考核",
            excellent_from=e,
            good_from=g,
            pass_from=p,
        )
        for code, name, weight, kind, provider in DEFAULT_INDICATORS:
            Indicator.objects.create(
                scheme=scheme, code=code, name=name, weight=weight, kind=kind, provider=provider
            )
        audit.record("assessment.scheme_created", scheme, actor=by, after=audit.snapshot(scheme))
        record_version(scheme, "新建方案（默认指标体系）", by=by)
    return scheme


def evaluate(
    indicator: Indicator,
    *,
    score,
    comment: str = "",
    by,
    jurisdiction=None,
    agency=None,
    evidence=(),
) -> Evaluation:
    """A manual score for one county or department (监督员评议) with its comment and evidence
    files (佐证材料: required when the indicator says so), once the scheme is being scored."""
    permissions.require_somewhere(by, "assessment.evaluated")
    if indicator.kind == Indicator.SURVEY:
        raise Invalid(
            "公众评议由关联问卷的答卷计算，不能人工打分", code="from_survey", field="indicator"
        )
    if indicator.kind != Indicator.MANUAL:
        raise Invalid("自动采集的指标不能人工评分", code="not_manual", field="indicator")
    scheme = indicator.scheme
    if scheme.state != Scheme.SCORING:
        raise Conflict(
            f"{scheme.year}年度考核方案尚在编制中，开始评分后才能评议打分", code="not_scoring"
        )
    if (jurisdiction is None) == (agency is None):
        raise Invalid("请选择被评议的县市或部门", code="target_required", field="target")
    value = money.parse_amount(
        score,
        column=Evaluation._meta.get_field("score"),
        field="score",
        label="评分",
        unit="分",
        allow_zero=True,
        maximum=Decimal(100),
    )
    uploads = [(u, files.read_upload(u, what="佐证材料")) for u in evidence if u]
    kinds = [files.checked(data, what="佐证材料") for _, data in uploads]
    done = Evaluation.objects.filter(
        indicator=indicator, jurisdiction=jurisdiction, agency=agency, evaluator=by
    ).first()
    if indicator.evidence_required and not uploads and not (done and done.evidence.exists()):
        raise Invalid(
            f"“{indicator.name}”须附佐证材料（{indicator.evidence_note}），请上传文件",
            code="evidence_required",
            field="evidence",
        )
    with transaction.atomic():
        ev, _ = Evaluation.objects.update_or_create(
            indicator=indicator,
            jurisdiction=jurisdiction,
            agency=agency,
            evaluator=by,
            defaults={
                "score": value,
                "comment": (comment or "").strip()[:2000],
                "at": timezone.now(),
            },
        )
        for (upload, data), kind in zip(uploads, kinds, strict=True):
            name = (getattr(upload, "name", "") or f"佐证材料{kind[1]}")[-200:]
            item = Evidence(
                evaluation=ev,
                name=name,
                content_type=kind[0],
                size=len(data),
                uploaded_at=timezone.now(),
            )
            item.file.save(f"evidence{kind[1]}", ContentFile(data), save=False)
            item.save()
        audit.record(
            "assessment.evaluated",
            ev,
            actor=by,
            after={
                **audit.snapshot(
                    ev, ["indicator_id", "jurisdiction_id", "agency_id", "score", "comment"]
                ),
                "evidence": list(ev.evidence.values_list("name", flat=True)),
            },
        )
    return ev


def assessees():
    """The 8 counties and the 州 departments."""
    root = Jurisdiction.objects.filter(parent__isnull=True).order_by("path").first()
    counties = [
        (Result.COUNTY, j, None)
        for j in Jurisdiction.objects.filter(level=Jurisdiction.COUNTY).order_by("code")
    ]
    departments = [
        (Result.DEPARTMENT, root, a)
        for a in Agency.objects.filter(
            jurisdiction=root, kind=Agency.DEPARTMENT, is_active=True
        ).order_by("name")
    ]
    return counties + departments


def _indicator_score(ind: Indicator, scheme: Scheme, j, agency) -> dict:
    if ind.kind == Indicator.AUTOMATIC:
        fig = catalogue.figure(ind.provider, j, agency=agency, year=scheme.year)
        if fig is None or fig["value"] is None:
            return {"value": None, "score": None}
        value = Decimal(str(fig["value"]))
        score = min(Decimal(100), value * 100 / ind.full_marks_at)
        return {"value": float(value), "score": float(score.quantize(ONE, ROUND_HALF_UP))}
    if ind.kind == Indicator.SURVEY:
        fig = (
            measures.measure(
                SURVEY_PROVIDER, j, agency=agency, year=scheme.year, survey_id=ind.survey_id
            )
            if ind.survey_id
            else None
        )
        if fig is None or fig["value"] is None:
            return {"value": None, "score": None}
        return {"value": fig["value"], "score": fig["value"], "respondents": fig["denominator"]}
    evs = ind.evaluations.filter(jurisdiction=None if agency else j, agency=agency)
    scores = [e.score for e in evs]
    if not scores:
        return {"value": None, "score": None}
    avg = (sum(scores, Decimal(0)) / len(scores)).quantize(ONE, ROUND_HALF_UP)
    return {"value": float(avg), "score": float(avg), "evaluations": len(scores)}


def compute(scheme: Scheme, *, by) -> list[Result]:
    """Score every county and department. An indicator without data (no provider, no
    evaluation) is left out and the others' weights are scaled to 100, so a missing source
    neither rewards nor punishes; the result shows which indicators counted."""
    manager(by, "assessment.computed")
    if scheme.state != Scheme.SCORING:
        raise Conflict(
            f"{scheme.year}年度考核方案尚在编制中，开始评分后才能计算结果", code="not_scoring"
        )
    indicators = list(scheme.indicators.all())
    now = timezone.now()
    out: list[Result] = []
    with transaction.atomic():
        for group, j, agency in assessees():
            scores, weight_used, points = {}, Decimal(0), Decimal(0)
            for ind in indicators:
                s = _indicator_score(ind, scheme, j, agency)
                if s["score"] is not None:
                    weight_used += ind.weight
                    points += ind.weight * Decimal(str(s["score"])) / 100
                scores[ind.code] = s
            total = (
                (points * 100 / weight_used).quantize(ONE, ROUND_HALF_UP) if weight_used else None
            )
            grade = scheme.grade(total)
            # 单项否决: a site check of the year failed by a veto (国办秘函〔2019〕19号) makes the
            # body's result 不合格 whatever its score.
            veto = measures.measure(VETO_PROVIDER, j, agency=agency, year=scheme.year)
            if veto and veto["value"]:
                scores[VETO_CODE] = {"value": veto["value"], "score": None, "veto": True}
                grade = "不合格"
            lookup = (
                {"scheme": scheme, "agency": agency}
                if agency
                else {"scheme": scheme, "jurisdiction": j, "agency": None}
            )
            r, _ = Result.objects.update_or_create(
                **lookup,
                defaults={
                    "group": group,
                    "jurisdiction": j,
                    "name": agency.name if agency else j.name,
                    "scores": scores,
                    "total": total,
                    "grade": grade,
                    "computed_at": now,
                },
            )
            out.append(r)
        for group, _ in Result.GROUPS:
            ranked = sorted(
                (r for r in out if r.group == group),
                key=lambda r: (r.total is None, -(r.total or 0), r.name),
            )
            rank, previous = 0, object()
            for i, r in enumerate(ranked, start=1):
                if r.total is None:
                    r.rank = None
                else:
                    if r.total != previous:
                        rank, previous = i, r.total
                    r.rank = rank
                r.save(update_fields=["rank"])
        audit.record("assessment.computed", scheme, actor=by, after={"results": len(out)})
    return out


def publish(scheme: Scheme, *, by) -> Scheme:
    manager(by, "assessment.published")
    with transaction.atomic():
        scheme.published = True
        scheme.save(update_fields=["published"])
        audit.record("assessment.published", scheme, actor=by)
    return scheme
