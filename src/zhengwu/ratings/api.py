"""/api/v1/ratings/: the monthly publication (public)."""

from ninja import Router

from zhengwu.api.auth import public
from zhengwu.supervision.stats import jurisdiction_for_stats

from . import stats

router = Router(tags=["好差评"], auth=public)


@router.get("/monthly", summary="好差评月度结果（按单位、窗口或事项）")
def monthly(request, month: str, jurisdiction: str = "", by: str = "agency"):
    j = jurisdiction_for_stats(jurisdiction)
    return {"jurisdiction": j.code, "month": month, "by": by, "rows": stats.monthly(j, month, by)}
