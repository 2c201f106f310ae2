"""The province's published 好评率 (湖南省 and its 14 市州), entered by the 州政务公开办 from
the published table — on a page, through the API or from a spreadsheet — and where Xiangxi
stands among the 市州 of a year when the figures allow it. Nothing here is computed from the
platform's own ratings: these are the province's numbers, with their source."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from zhengwu.core import audit, sheets
from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.org import permissions
from zhengwu.org import queries as org_queries

from .models import ProvinceFigure

SAVE = "ratings.province_figure.save"
DELETE = "ratings.province_figure.delete"
PREFECTURES = 14  # 湖南省's 市州
HOME = "湘西"  # how the 州 is named in the province's tables (湘西州, 湘西土家族苗族自治州)


def _require(by, action: str) -> None:
    if by is not None:
        root = org_queries.root()
        permissions.require(by, action, agency_id=None, path=root.path if root else "/")


def may_enter(user) -> bool:
    """Only the 州政务公开办 enters the province's figures."""
    root = org_queries.root()
    return root is not None and permissions.allows(user, SAVE, agency_id=None, path=root.path)


def clean(data: dict) -> dict:
    try:
        year = int(str(data.get("year") or "").strip())
    except ValueError:
        raise Invalid("请填写年度，如2025", code="year_invalid", field="year") from None
    if not 2015 <= year <= 2100:
        raise Invalid("年度应在2015年以后", code="year_invalid", field="year")
    region = sheets.text(data.get("region"))
    if not region:
        raise Invalid("请填写地区，如湖南省或湘西州", code="region_required", field="region")
    if len(region) > 30:
        raise Invalid("地区名称不能超过30字", code="region_too_long", field="region")
    text = sheets.text(data.get("good_rate")).rstrip("%％").strip()
    try:
        rate = Decimal(text)
        if not rate.is_finite():
            raise InvalidOperation
        rate = rate.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise Invalid("好评率应为百分数，如99.85", code="rate_invalid", field="good_rate") from None
    if not 0 <= rate <= 100:
        raise Invalid("好评率应在0至100之间", code="rate_invalid", field="good_rate")
    source = sheets.text(data.get("source"))
    if not source:
        raise Invalid(
            "请填写来源（公布机关及文件或网页名称）", code="source_required", field="source"
        )
    link = sheets.text(data.get("link"))
    if link and not link.startswith(("http://", "https://")):
        raise Invalid("链接应以 http:// 或 https:// 开头", code="link_invalid", field="link")
    return {
        "year": year,
        "region": region,
        "good_rate": rate,
        "source": source[:200],
        "link": link[:300],
    }


@transaction.atomic
def save(data: dict, *, by, fields: dict | None = None) -> ProvinceFigure:
    """Enter a figure, or correct the one of the same year and region."""
    _require(by, SAVE)
    fields = fields or clean(data)
    found = ProvinceFigure.objects.filter(year=fields["year"], region=fields["region"]).first()
    before = audit.snapshot(found) if found else None
    figure = found or ProvinceFigure(year=fields["year"], region=fields["region"])
    for k, v in fields.items():
        setattr(figure, k, v)
    figure.updated_by = by if getattr(by, "pk", None) else None
    figure.save()
    audit.record(SAVE, figure, actor=by, before=before, after=audit.snapshot(figure))
    return figure


@transaction.atomic
def delete(figure: ProvinceFigure, *, by) -> None:
    _require(by, DELETE)
    audit.record(DELETE, figure, actor=by, before=audit.snapshot(figure))
    figure.delete()


HEADERS = {
    "year": ["年度", "年份"],
    "region": ["地区", "市州", "地区名称"],
    "good_rate": ["好评率", "好评率（%）", "好评率(%)"],
    "source": ["来源", "数据来源"],
    "link": ["链接", "网址"],
}


@dataclass
class Report:
    total: int = 0
    loaded: int = 0
    errors: list[str] = field(default_factory=list)


def import_file(data: bytes, *, by, suffix: str = ".xlsx", partial: bool = False) -> Report:
    """Rows of 年度、地区、好评率、来源[、链接]; a file with a bad row loads nothing unless
    `partial`."""
    _require(by, SAVE)
    report = Report()
    rows = sheets.read(data, suffix=suffix)
    _, header = next(rows, (1, {}))
    names = sheets.columns(header, HEADERS, ["year", "region", "good_rate", "source"])
    good: list[dict] = []
    seen: dict[tuple, int] = {}
    for line, row in rows:
        report.total += 1
        try:
            fields = clean({names[h]: v for h, v in row.items() if h in names})
            key = (fields["year"], fields["region"])
            if key in seen:
                raise Invalid(f"与第{seen[key]}行的年度和地区重复")
            seen[key] = line
        except ServiceError as e:
            report.errors.append(f"第{line}行：{e.message}")
            continue
        good.append(fields)
    if report.total == 0:
        raise Invalid("表中没有数据行", code="empty_file")
    if report.errors and not partial:
        return report
    with transaction.atomic():
        for fields in good:
            save({}, by=by, fields=fields)
            report.loaded += 1
    return report


def standing(year: int) -> dict | None:
    """Where Xiangxi stands among the 市州 of `year`: its rate, its rank (1 = highest; equal
    rates share a rank) among the 市州 entered, and the province's own rate when entered."""
    rows = list(ProvinceFigure.objects.filter(year=year))
    province = next((r for r in rows if r.region.endswith("省")), None)
    cities = [r for r in rows if not r.region.endswith("省")]
    home = next((r for r in cities if HOME in r.region), None)
    if home is None:
        return None
    rank = 1 + sum(1 for r in cities if r.good_rate > home.good_rate)
    if len(cities) == PREFECTURES:
        words = f"全省{PREFECTURES}个市州中排第{rank}位"
    else:
        words = f"已录入的{len(cities)}个市州中排第{rank}位（全省共{PREFECTURES}个，其余尚未录入）"
    return {
        "year": year,
        "rate": home.good_rate,
        "rank": rank,
        "entered": len(cities),
        "words": words,
        "province": province,
        "home": home,
    }
