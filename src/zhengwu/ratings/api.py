"""/api/v1/ratings/: the monthly publication and 满意度 (public), the owner's 一事一评 invitations, and
the province's published 好评率 entered by the office."""

import datetime as dt

from django.utils import timezone
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from zhengwu.api.auth import public, token_or_session
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.core.idempotency import idempotent
from zhengwu.disclosure import files
from zhengwu.org.queries import jurisdiction_for_stats

from . import province, queries, satisfaction, services, stats
from .models import Invitation, ProvinceFigure

router = Router(tags=["好差评"], auth=public)


@router.get("/monthly", summary="好差评月度结果（按单位、窗口或事项）")
def monthly(request, month: str, jurisdiction: str = "", by: str = "agency"):
    j = jurisdiction_for_stats(jurisdiction)
    return {"jurisdiction": j.code, "month": month, "by": by, "rows": stats.monthly(j, month, by)}


class InvitationOut(Schema):
    id: int
    title: str
    agency: str
    created_at: dt.datetime
    url: str
    version: int


class RateIn(Schema):
    level: int | str | None = None
    dimensions: dict[str, int | str] = {}
    reasons: list[str] = []
    comment: str = ""
    version: int | None = Field(None, description="读取时的版本号；已被处理时返回 409")


@router.get(
    "/invitations",
    response=list[InvitationOut],
    auth=token_or_session,
    summary="我的待评价事项（一事一评）",
)
def invitations(request):
    return [
        {
            "id": i.pk,
            "title": i.title,
            "agency": i.agency.name,
            "created_at": i.created_at,
            "url": f"/ratings/rate/{i.pk}/",
            "version": i.version,
        }
        for i in queries.invitations_of(request.auth)[:100]
    ]


@router.post("/invitations/{pk}", auth=token_or_session, summary="评价一个待评价事项")
@idempotent
def rate_invitation(request, pk: int, payload: RateIn):
    rating = services.rate_invitation(
        Invitation(pk=pk),
        by=request.auth,
        level=payload.level,
        dimensions=payload.dimensions,
        reasons=payload.reasons,
        comment=payload.comment,
        version=payload.version,
    )
    return {"id": rating.pk, "level": rating.level, "bad": rating.is_bad}


# --- 满意度 and the province's published figures (satisfaction.py, province.py) -------------


def _num(value):
    return None if value is None else float(value)


def _rows(rows: list[dict]) -> list[dict]:
    return [
        {
            "name": r["name"],
            "total": r["total"],
            "good": r["good"],
            "good_rate": _num(r["rate"]),
            "last_year": _num(r["last"]),
            "change": _num(r["change"]),
        }
        for r in rows
    ]


@router.get("/satisfaction", summary="满意度：好评率按月、按年及同比（按县市、单位、窗口）")
def satisfaction_report(request, jurisdiction: str = "", year: str = ""):

    j = jurisdiction_for_stats(jurisdiction)
    r = satisfaction.report(j, satisfaction.parse_year(year, today=timezone.localdate()))
    standing = r["standing"]
    return {
        "jurisdiction": j.code,
        "name": j.name,
        "year": r["year"],
        "total": r["total"],
        "good": r["good"],
        "good_rate": _num(r["rate"]),
        "last_year": _num(r["last"]),
        "change": _num(r["change"]),
        "months": [
            {
                "month": m["month"],
                "total": m["total"],
                "good_rate": _num(m["rate"]),
                "last_year": _num(m["last"]),
            }
            for m in r["months"]
        ],
        "counties": _rows(r["counties"]),
        "agencies": _rows(r["agencies"]),
        "windows": _rows(r["windows"]),
        "province": None
        if standing is None
        else {
            "rank": standing["rank"],
            "entered": standing["entered"],
            "words": standing["words"],
            "good_rate": _num(standing["rate"]),
            "source": standing["home"].source,
        },
    }


class FigureIn(Schema):
    year: int | str
    region: str
    good_rate: float | str
    source: str
    link: str = ""


class FigureOut(Schema):
    id: int
    year: int
    region: str
    good_rate: float
    source: str
    link: str


def _figure(f) -> dict:
    return {
        "id": f.pk,
        "year": f.year,
        "region": f.region,
        "good_rate": float(f.good_rate),
        "source": f.source,
        "link": f.link,
    }


@router.get("/province-figures", response=list[FigureOut], summary="全省好评率公布数据")
def province_figures(request, year: int | None = None):
    qs = ProvinceFigure.objects.all()
    return [_figure(f) for f in (qs.filter(year=year) if year else qs)[:500]]


@router.post(
    "/province-figures",
    response={201: FigureOut},
    auth=token_or_session,
    summary="录入（或更正）一条全省好评率公布数据",
)
def save_province_figure(request, payload: FigureIn):

    return Status(201, _figure(province.save(payload.dict(), by=request.user)))


@router.delete(
    "/province-figures/{int:pk}", response={204: None}, auth=token_or_session, summary="删除一条"
)
def delete_province_figure(request, pk: int):

    figure = ProvinceFigure.objects.filter(pk=pk).first()
    if figure is None:
        raise NotFound("没有这条数据")
    province.delete(figure, by=request.user)
    return Status(204, None)


@router.post(
    "/province-figures/import",
    auth=token_or_session,
    summary="从数据表（XLSX/CSV）导入全省好评率公布数据",
)
def import_province_figures(request, file: File[UploadedFile], partial: bool = False):

    data = files.read_upload(file, what="数据表")
    suffix = ".csv" if (file.name or "").lower().endswith(".csv") else ".xlsx"
    report = province.import_file(data, by=request.user, suffix=suffix, partial=partial)
    if report.errors and not report.loaded:
        raise Invalid(
            "数据表有误，未录入任何数据：" + "；".join(report.errors[:20]), code="bad_rows"
        )
    return {"total": report.total, "loaded": report.loaded, "errors": report.errors}
