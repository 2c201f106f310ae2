"""Monthly publication of 好差评 per agency, window and item (domain-rules §5: the national
standards define 好评率, 主动评价好评率, 未评率, and for 差评 the 回复率, 回访整改率,
回访整改满意率; results are published and ranked monthly).

Only valid ratings count (a rating set aside on appeal counts nowhere). For a group of
ratings in one month:

- 好评率 = 好评 (非常满意 + 满意) / 评价总数
- 主动评价好评率 = 主动评价中的好评 / 主动评价数 (默认评价 excluded)
- 未评率 = (可评价服务数 − 评价总数) / 可评价服务数; the number of rateable services
  (completed cases, answered requests, replied messages) comes from the business apps
  through the supervision providers `ratings.rateable.*` (summed); without any: 暂无数据
- 差评回复率 = 已回访核实的差评 / 差评 (差评 = 不满意 + 非常不满意)
- 回访整改率 = 已整改（含已反馈）的差评 / 差评
- 整改满意率 = 评价人对整改表示满意的差评 / 已反馈且评价人表态的差评
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from zhengwu.core import measures

from .models import Rating, Rectification

GOOD = Q(level__gte=Rating.GOOD_MIN)
BAD = Q(level__lte=Rating.BAD_MAX)
CALLED_BACK = BAD & Q(
    rectification__state__in=[Rectification.FIXING, Rectification.FIXED, Rectification.CLOSED]
)
FIXED = BAD & Q(rectification__state__in=[Rectification.FIXED, Rectification.CLOSED])
ANSWERED = BAD & Q(rectification__rater_satisfied__isnull=False)
SATISFIED = BAD & Q(rectification__rater_satisfied=True)

GROUPS = {
    "agency": ("agency_id", "agency__name"),
    "window": ("window_id", "window__name"),
    "item": ("item_id", None),
}


def month_range(month: str) -> tuple[dt.date, dt.date]:
    try:
        first = dt.datetime.strptime((month or "").strip(), "%Y-%m").date()
    except ValueError:
        from zhengwu.core.errors import Invalid

        raise Invalid("月份格式应为YYYY-MM，例如2025-10", code="bad_month", field="month") from None
    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, nxt


def _rate(n, d):
    return measures.figure(n, d)["value"]


def figures(row: dict, rateable: int | None) -> dict:
    """The six published rates from one row of counts."""
    return {
        "good_rate": _rate(row["n_good"], row["n_total"]),
        "active_good_rate": _rate(row["n_active_good"], row["n_active"]),
        "unrated_rate": None
        if rateable is None
        else _rate(max(rateable - row["n_total"], 0), rateable),
        "bad_reply_rate": _rate(row["n_called_back"], row["n_bad"]),
        "bad_fix_rate": _rate(row["n_fixed"], row["n_bad"]),
        "fix_satisfaction_rate": _rate(row["n_satisfied"], row["n_answered"]),
    }


def _counts():
    return {
        "n_total": Count("id", distinct=True),
        "n_good": Count("id", filter=GOOD, distinct=True),
        "n_active": Count("id", filter=Q(active=True), distinct=True),
        "n_active_good": Count("id", filter=GOOD & Q(active=True), distinct=True),
        "n_bad": Count("id", filter=BAD, distinct=True),
        "n_called_back": Count("id", filter=CALLED_BACK, distinct=True),
        "n_fixed": Count("id", filter=FIXED, distinct=True),
        "n_answered": Count("id", filter=ANSWERED, distinct=True),
        "n_satisfied": Count("id", filter=SATISFIED, distinct=True),
    }


def rateable_count(jurisdiction, *, agency=None, year=None, month=None) -> int | None:
    """可评价服务数 for 未评率: the provider `ratings.rateable` when one gives the whole figure,
    else the sum of the parts the business apps register (`ratings.rateable.cases`,
    `….requests`, `….messages`); None when no app provides any."""
    names = ["ratings.rateable"] if measures.registered("ratings.rateable") else None
    names = names or measures.names("ratings.rateable.")
    if not names:
        return None
    total = 0
    for n in names:
        fig = measures.measure(n, jurisdiction, agency=agency, year=year, month=month)
        assert fig is not None  # n is a registered provider
        total += fig["denominator"]
    return total


def monthly(jurisdiction, month: str, by: str = "agency") -> list[dict]:
    """One row per agency / window / item with its counts and the six rates."""
    if by not in GROUPS:
        from zhengwu.core.errors import Invalid

        raise Invalid("分组应为 agency、window 或 item", code="bad_group", field="by")
    first, nxt = month_range(month)
    key, name = GROUPS[by]
    qs = Rating.objects.filter(
        scope_path__startswith=jurisdiction.path,
        state=Rating.VALID,
        rated_at__date__gte=first,
        rated_at__date__lt=nxt,
    )
    if by != "agency":
        qs = qs.filter(**{f"{key}__isnull": False})
    fields = [key] + ([name] if name else [])
    rows = []
    for r in qs.values(*fields).annotate(**_counts()).order_by(key):
        rateable = None
        if by == "agency":
            from zhengwu.org.models import Agency

            rateable = rateable_count(
                jurisdiction, agency=Agency(pk=r[key]), year=first.year, month=first.month
            )
        label = r.get(name) if name else f"事项 #{r[key]}"
        counts = {k[2:]: v for k, v in r.items() if k.startswith("n_")}
        rows.append({"key": r[key], "name": label, **counts, **figures(r, rateable)})
    return rows


def good_rate(jurisdiction, agency=None, year=None) -> dict:
    """Provider `ratings.good_rate` for supervision and assessment: 好评 / 有效评价, one year."""
    year = year or dt.date.today().year
    qs = Rating.objects.filter(
        scope_path__startswith=jurisdiction.path, state=Rating.VALID, rated_at__year=year
    )
    if agency is not None:
        qs = qs.filter(agency_id=agency.pk)
    agg = qs.aggregate(total=Count("id"), good=Count("id", filter=GOOD))
    return {"numerator": agg["good"], "denominator": agg["total"]}


def bad_fix_rate(jurisdiction, agency=None, year=None) -> dict:
    """Provider `ratings.bad_fix_rate`: 回访整改率 over one year."""
    year = year or dt.date.today().year
    qs = Rating.objects.filter(
        scope_path__startswith=jurisdiction.path, state=Rating.VALID, rated_at__year=year
    ).filter(BAD)
    if agency is not None:
        qs = qs.filter(agency_id=agency.pk)
    agg = qs.aggregate(bad=Count("id"), fixed=Count("id", filter=FIXED))
    return {"numerator": agg["fixed"], "denominator": agg["bad"]}
