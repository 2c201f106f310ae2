"""`GET /api/v1/websites/{code}/check`: a site's latest quarterly check — the veto items, the
deductions, the score and every finding with its page. Public, as the checks' results are
published (公开通报, 国办秘函〔2019〕19号)."""

from __future__ import annotations

from ninja import Router, Schema

from zhengwu.core.errors import NotFound

from . import services

router = Router(tags=["政府网站检查"])


class FindingOut(Schema):
    indicator: str
    kind: str
    points: float
    page: str
    found: str
    target: str


class CheckOut(Schema):
    site: str
    code: str
    period: str
    checked_on: str
    result: str
    vetoes: list[str]
    deductions: float
    base_score: float | None
    bonus: float
    score: float | None
    scaled: bool
    available: bool
    links_checked: bool
    findings: list[FindingOut]


@router.get("/{code}/check", response=CheckOut, summary="网站最近一次季度检查结果")
def site_check(request, code: str):
    site = services.find_site(code)
    c = services.latest(site)
    if c is None:
        raise NotFound("该网站尚未检查", code="not_checked")
    findings = list(c.findings.all())
    deducted = sum(float(f.points) for f in findings if f.kind in ("deduct", "link"))
    return {
        "site": site.name,
        "code": code,
        "period": c.period,
        "checked_on": c.checked_on.isoformat(),
        "result": c.get_result_display(),
        "vetoes": c.vetoes,
        "deductions": deducted,
        "base_score": float(c.base_score) if c.base_score is not None else None,
        "bonus": float(c.bonus),
        "score": float(c.score) if c.score is not None else None,
        "scaled": c.scaled,
        "available": c.probe_ok,
        "links_checked": c.crawled,
        "findings": [
            {
                "indicator": f.name,
                "kind": f.get_kind_display(),
                "points": float(f.points),
                "page": f.page,
                "found": f.found,
                "target": f.target,
            }
            for f in findings
        ],
    }
