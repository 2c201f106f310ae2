"""/api/v1/assessment/: published results (public); the office's scheme editor, its versions,
the start of the scoring and the evaluations with their evidence (staff, token or session).
Errors are JSON {code, message[, field]}: not the 州's → 403, frozen → 409, bad input → 422."""

from __future__ import annotations

from decimal import Decimal

from ninja import Form, Router, Schema, Status

from zhengwu.api.auth import public, token_or_session
from zhengwu.core.errors import Invalid, NotAllowed, NotFound
from zhengwu.org.models import Agency, Jurisdiction

from . import catalogue, editing, services
from .history import source_label, total_weight
from .models import Indicator, Scheme
from .permissions import takes_part

router = Router(tags=["考核"], auth=public)


@router.get("/results/{year}", summary="已公开的年度考核结果")
def results(request, year: int):
    s = Scheme.objects.filter(year=year, published=True).first()
    if s is None:
        raise NotFound(f"{year}年度考核结果尚未公开", code="not_published")
    return {
        "year": s.year,
        "name": s.name,
        "thresholds": {
            "优秀": float(s.excellent_from),
            "良好": float(s.good_from),
            "合格": float(s.pass_from),
        },
        "results": [
            {
                "group": r.group,
                "name": r.name,
                "rank": r.rank,
                "total": float(r.total) if r.total is not None else None,
                "grade": r.grade,
                "scores": r.scores,
            }
            for r in s.results.order_by("group", "rank", "name")
        ],
    }


# --- the office's scheme editor ------------------------------------------------------------


def _scheme(request, year: int) -> Scheme:
    if not takes_part(request.user):
        raise NotAllowed()
    s = Scheme.objects.filter(year=year).first()
    if s is None:
        raise NotFound(f"{year}年度考核方案不存在", code="no_scheme")
    return s


def _indicator(s: Scheme, pk: int) -> Indicator:
    ind = s.indicators.filter(pk=pk).first()
    if ind is None:
        raise NotFound("该指标不存在", code="no_indicator")
    return ind


def _out(s: Scheme) -> dict:
    total = total_weight(s)
    return {
        "year": s.year,
        "name": s.name,
        "state": s.state,
        "state_label": s.get_state_display(),
        "version": s.version,
        "revision": s.revision,
        "total_weight": float(total),
        "weights_ok": total == Decimal(100),
        "indicators": [
            {
                "id": i.pk,
                "name": i.name,
                "weight": float(i.weight),
                "kind": i.kind,
                "kind_label": i.get_kind_display(),
                "provider": i.provider,
                "source": source_label(i),
                "full_marks_at": float(i.full_marks_at),
                "evidence_required": i.evidence_required,
                "evidence_note": i.evidence_note,
                "survey_id": i.survey_id,
            }
            for i in s.indicators.select_related("survey")
        ],
    }


class SchemeIn(Schema):
    year: int | str
    excellent: Decimal | str = "90"
    good: Decimal | str = "80"
    passing: Decimal | str = "60"


class IndicatorIn(Schema):
    name: str | None = None
    weight: Decimal | str | None = None
    kind: str | None = None
    provider: str | None = None
    full_marks_at: Decimal | str | None = None
    evidence_required: bool | None = None
    evidence_note: str | None = None
    version: int | None = None


class VersionIn(Schema):
    version: int | None = None


class SurveyLinkIn(Schema):
    survey_id: int
    version: int | None = None


def _given(payload: Schema) -> dict:
    return {k: v for k, v in payload.dict().items() if v is not None and k != "version"}


@router.get("/catalogue", auth=token_or_session, summary="可选的自动采集数据来源")
def catalogue_list(request):
    if not takes_part(request.user):
        raise NotAllowed()
    return [{"provider": k, "label": label} for k, label in catalogue.choices()]


@router.post("/schemes", response={201: dict}, auth=token_or_session, summary="新建年度考核方案")
def create_scheme(request, payload: SchemeIn):
    s = services.create_scheme(
        payload.year,
        by=request.user,
        excellent=payload.excellent,
        good=payload.good,
        passing=payload.passing,
    )
    return Status(201, _out(s))


@router.get("/schemes/{year}", auth=token_or_session, summary="考核方案及其指标")
def scheme(request, year: int):
    return _out(_scheme(request, year))


@router.get("/schemes/{year}/versions", auth=token_or_session, summary="指标体系修改记录")
def versions(request, year: int):
    s = _scheme(request, year)
    return [
        {
            "number": v.number,
            "change": v.change,
            "by": str(v.by),
            "at": v.at,
            "total_weight": float(v.total_weight),
            "indicators": v.indicators,
        }
        for v in s.versions.select_related("by")
    ]


@router.post(
    "/schemes/{year}/indicators", response={201: dict}, auth=token_or_session, summary="增加指标"
)
def add_indicator(request, year: int, payload: IndicatorIn):
    s = _scheme(request, year)
    editing.add_indicator(s, _given(payload), by=request.user, version=payload.version)
    return Status(201, _out(s))


@router.put("/schemes/{year}/indicators/{pk}", auth=token_or_session, summary="修改指标")
def change_indicator(request, year: int, pk: int, payload: IndicatorIn):
    s = _scheme(request, year)
    editing.change_indicator(
        _indicator(s, pk), _given(payload), by=request.user, version=payload.version
    )
    return _out(Scheme.objects.get(pk=s.pk))


@router.delete("/schemes/{year}/indicators/{pk}", auth=token_or_session, summary="删除指标")
def remove_indicator(request, year: int, pk: int, version: int | None = None):
    s = _scheme(request, year)
    editing.remove_indicator(_indicator(s, pk), by=request.user, version=version)
    return _out(Scheme.objects.get(pk=s.pk))


@router.post("/schemes/{year}/copy-last-year", auth=token_or_session, summary="沿用上年度指标")
def copy_last_year(request, year: int, payload: VersionIn):
    s = _scheme(request, year)
    editing.copy_last_year(s, by=request.user, version=payload.version)
    return _out(s)


@router.post(
    "/schemes/{year}/indicators/{pk}/survey",
    auth=token_or_session,
    summary="公众评议指标关联问卷",
)
def link_survey(request, year: int, pk: int, payload: SurveyLinkIn):
    s = _scheme(request, year)
    editing.link_survey(
        _indicator(s, pk), payload.survey_id, by=request.user, version=payload.version
    )
    return _out(Scheme.objects.get(pk=s.pk))


@router.post(
    "/schemes/{year}/start-scoring", auth=token_or_session, summary="开始评分（冻结指标体系）"
)
def start_scoring(request, year: int, payload: VersionIn):
    s = _scheme(request, year)
    editing.start_scoring(s, by=request.user, version=payload.version)
    return _out(s)


@router.post(
    "/schemes/{year}/evaluations",
    response={201: dict},
    auth=token_or_session,
    summary="人工评议打分（可附佐证材料）",
)
def evaluate(
    request,
    year: int,
    indicator_id: Form[int],
    score: Form[str],
    comment: Form[str] = "",
    jurisdiction_code: Form[str] = "",
    agency_id: Form[int | None] = None,
):
    """multipart/form-data; the evidence files (佐证材料) as one or more `evidence` parts."""
    s = _scheme(request, year)
    ind = _indicator(s, indicator_id)
    j = (
        Jurisdiction.objects.filter(code=jurisdiction_code, level=Jurisdiction.COUNTY).first()
        if jurisdiction_code
        else None
    )
    a = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    if jurisdiction_code and j is None:
        raise Invalid("被评议的县市不存在", code="bad_target", field="jurisdiction_code")
    ev = services.evaluate(
        ind,
        score=score,
        comment=comment,
        jurisdiction=j,
        agency=a,
        by=request.user,
        evidence=request.FILES.getlist("evidence"),
    )
    return Status(
        201,
        {
            "id": ev.pk,
            "score": float(ev.score),
            "comment": ev.comment,
            "evidence": [
                {"name": f.name, "content_type": f.content_type, "size": f.size}
                for f in ev.evidence.all()
            ],
        },
    )
