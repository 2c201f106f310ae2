"""/api/v1/ratings/: the monthly publication (public) and the owner's 一事一评 invitations."""

import datetime as dt

from ninja import Field, Router, Schema

from zhengwu.api.auth import public, token_or_session
from zhengwu.core.idempotency import idempotent
from zhengwu.org.queries import jurisdiction_for_stats

from . import queries, services, stats
from .models import Invitation

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
