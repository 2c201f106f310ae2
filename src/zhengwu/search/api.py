"""GET /api/v1/search?q= — full-text search over everything public."""

from django.http import HttpRequest
from ninja import Router, Schema

from zhengwu.api.auth import public

from . import index, queries

router = Router(tags=["全文检索"])


class PlaceOut(Schema):
    name: str
    agency: str
    url: str


class HitOut(Schema):
    title: str
    url: str
    snippet: str
    kind: str
    kind_label: str
    agency: str
    agency_id: int | None
    column: str
    year: int | None
    published_at: str | None
    score: float
    places: list[PlaceOut]


class ResultsOut(Schema):
    query: str
    total: int
    total_capped: bool
    total_estimated: bool
    page: int
    pages: int
    page_size: int
    words: list[str]
    hits: list[HitOut]


@router.get("", response=ResultsOut, auth=public, url_name="search_api")
def search(
    request: HttpRequest,
    q: str = "",
    jurisdiction: str = "",
    agency: str = "",
    kind: str = "",
    column: str = "",
    year: str = "",
    page: str = "1",
):
    """全文检索。多个词同时出现才算命中；命中超过一万条时 total 为 10000、total_capped 为 true；PostgreSQL 上命中可能超过两千条时 total 为按最新命中推算的估计数（两位有效数字）、total_estimated 为 true；只对最新的 500 条命中排序分页；标题、摘要中的命中词以 <mark> 标出（其余文字已转义）。同一事项在多地实施时合为一条，`places` 列出各实施地（地区名称、实施机构、链接），按 `jurisdiction` 选定一地时只列该地的事项；只在一地的结果 `places` 为空。

    `jurisdiction` 为区划代码（含下级），`agency` 为机构编号或统一社会信用代码，`year` 为四位年份。
    """
    params = {
        "jurisdiction": jurisdiction,
        "agency": agency,
        "kind": kind,
        "column": column,
        "year": year,
        "page": page,
    }
    results = index.search(q, **queries.filters_from(params))
    return {
        "query": results.query,
        "total": results.total,
        "total_capped": results.total_capped,
        "total_estimated": results.total_estimated,
        "page": results.page,
        "pages": results.pages,
        "page_size": results.page_size,
        "words": results.words,
        "hits": [
            {
                **{
                    k: getattr(h, k)
                    for k in HitOut.model_fields
                    if k not in ("published_at", "places")
                },
                "places": [{"name": p.name, "agency": p.agency, "url": p.url} for p in h.places],
                "title": str(h.title),
                "snippet": str(h.snippet),
                "published_at": h.published_at.isoformat() if h.published_at else None,
            }
            for h in results.hits
        ],
    }


@router.get("/", response=ResultsOut, auth=public, include_in_schema=False)
def search_with_slash(
    request: HttpRequest,
    q: str = "",
    jurisdiction: str = "",
    agency: str = "",
    kind: str = "",
    column: str = "",
    year: str = "",
    page: str = "1",
):
    """/api/v1/search/?q= — the same search, for clients that add the slash."""
    return search(request, q, jurisdiction, agency, kind, column, year, page)
