"""/api/v1/assessment/: published results (public)."""

from ninja import Router

from zhengwu.api.auth import public
from zhengwu.core.errors import NotFound

from .models import Scheme

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
