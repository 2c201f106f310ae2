"""The periods of public resource trading as data, and the check of a project's dates against
them (domain-rules-trading-sites-archive §0–1).

Counting (§0): the day of the triggering event is not counted (民法典 §201). A minimum period
("不得少于N日") is a lower bound on an interval: the later date ≥ the earlier + N days (the
conservative reading). A period for doing something ("N日内") ends on its Nth day and, counted in
日, moves to the next working day when that is a rest day (民法典 §203). 工作日 come from the
platform's calendar with its 调休 (and the jurisdiction's own days). The unit is stored with each
rule and never converted.

`check(kind, method, dates)` is the one check: the schedule-check API, the pages, the steps and
the import all call it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhengwu.core import calendar
from zhengwu.core.errors import Invalid
from zhengwu.core.models import Clock
from zhengwu.core.versions import Version

from .models import DATE_NAMES, ENGINEERING, KIND_LABELS, LAND, METHODS, PROCUREMENT, PROPERTY
from .models import Rule as R

ZTB = "《中华人民共和国招标投标法》"
ZTB_SS = "《中华人民共和国招标投标法实施条例》"
ZFCG = "《中华人民共和国政府采购法》"
ZFCG_SS = "《中华人民共和国政府采购法实施条例》"
CS214 = "《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）"
F74 = "《政府采购非招标采购方式管理办法》（财政部令第74号）"
F94 = "《政府采购质疑和投诉办法》（财政部令第94号）"
YX10 = "《关于开展政府采购意向公开工作的通知》（财库〔2020〕10号）"
TD39 = "《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）"
GZ32 = "《企业国有资产交易监督管理办法》（国资委 财政部令第32号）"
MFD = "《中华人民共和国民法典》"
D, W = Clock.CALENDAR_DAYS, Clock.WORKDAYS
TENDERS = "open_tender,invited_tender"

# Dates that are not planned on a schedule but mark the objection and complaint periods.
EVENT_NAMES = {
    "objection_filed": "异议（质疑）提出日",
    "objection_answered": "异议（质疑）答复日",
    "complaint_filed": "投诉日",
    "complaint_accepted": "投诉受理日",
    "complaint_decided": "投诉处理决定日",
}

# code, kind, methods, name, relation, from, to, number, unit, article, enforcement, verified
SEED = [
    # 工程建设项目招标投标 (招标投标法 and its 实施条例 count in 日, but for §61)
    ("T3", ENGINEERING, "", "自招标文件开始发出之日起至投标人提交投标文件截止之日止，不得少于20日",
     R.AT_LEAST, "documents_issued", "bid_deadline", 20, D, f"{ZTB}第二十四条", R.REFUSE, True),
    ("T4", ENGINEERING, "", "澄清或者修改可能影响投标文件编制的，应当在投标截止时间至少15日前发出",
     R.AT_LEAST, "amendment_issued", "bid_deadline", 15, D,
     f"{ZTB}第二十三条；{ZTB_SS}第二十一条", R.REFUSE, True),
    ("T9", ENGINEERING, "", "投标截止（开标）日宜为工作日，落在节假日的应核实交易场所是否正常开放",
     R.WORKDAY, "", "bid_deadline", 0, D, f"{ZTB}第三十四条；{MFD}第二百零三条", R.WARN, False),
    ("T10", ENGINEERING, "", "评标报告在开标之后提出",
     R.AT_LEAST, "bid_deadline", "report_received", 0, D, f"{ZTB}第三十四条、第四十条",
     R.REFUSE, True),
    ("T11", ENGINEERING, "", "招标人应当自收到评标报告之日起3日内公示中标候选人",
     R.AT_MOST, "report_received", "candidates_published", 3, D, f"{ZTB_SS}第五十四条第一款",
     R.REFUSE, True),
    ("T11A", ENGINEERING, "", "中标候选人公示期不得少于3日",
     R.AT_LEAST, "candidates_published", "publicity_ends", 3, D, f"{ZTB_SS}第五十四条第一款",
     R.REFUSE, True),
    ("T14", ENGINEERING, "", "中标通知书在中标候选人公示期满后发出",
     R.AT_LEAST, "publicity_ends", "award_notice", 1, D, f"{ZTB_SS}第五十四条、第五十五条",
     R.REFUSE, True),
    ("T15", ENGINEERING, "", "自中标通知书发出之日起30日内订立书面合同",
     R.AT_MOST, "award_notice", "contract_signed", 30, D, f"{ZTB}第四十六条第一款",
     R.REFUSE, True),
    ("T7", ENGINEERING, "", "对招标文件有异议的，应当在投标截止时间10日前提出",
     R.AT_LEAST, "objection_filed", "bid_deadline", 10, D, f"{ZTB_SS}第二十二条", R.REFUSE,
     True),
    ("T8", ENGINEERING, "", "招标人应当自收到异议之日起3日内作出答复",
     R.AT_MOST, "objection_filed", "objection_answered", 3, D,
     f"{ZTB_SS}第二十二条、第五十四条第二款", R.REFUSE, True),
    ("T8S", ENGINEERING, "", "作出答复前，应当暂停招标投标活动",
     R.SUSPENDS, "objection_filed", "objection_answered", 0, D,
     f"{ZTB_SS}第二十二条、第五十四条第二款", R.REFUSE, True),
    ("T20", ENGINEERING, "", "投诉应当自知道或者应当知道之日起10日内提出（异议答复期间不计算在内）",
     R.AT_MOST, "objection_answered", "complaint_filed", 10, D, f"{ZTB_SS}第六十条",
     R.REFUSE, True),
    ("T21", ENGINEERING, "", "行政监督部门应当自收到投诉之日起3个工作日内决定是否受理",
     R.AT_MOST, "complaint_filed", "complaint_accepted", 3, W, f"{ZTB_SS}第六十一条第一款",
     R.REFUSE, True),
    ("T21A", ENGINEERING, "", "行政监督部门应当自受理投诉之日起30个工作日内作出书面处理决定",
     R.AT_MOST, "complaint_accepted", "complaint_decided", 30, W, f"{ZTB_SS}第六十一条第二款",
     R.REFUSE, True),
    # 政府采购 (政府采购法 and its 实施条例 mix 日 and 工作日)
    ("P1", PROCUREMENT, "", "采购意向原则上于采购活动开始前30日公开",
     R.AT_LEAST, "intent_published", "documents_issued", 30, D, YX10, R.WARN, False),
    ("P2", PROCUREMENT, TENDERS, "自招标文件开始发出之日起至投标人提交投标文件截止之日止，不得少于20日",
     R.AT_LEAST, "documents_issued", "bid_deadline", 20, D, f"{ZFCG}第三十五条", R.REFUSE, True),
    ("P8", PROCUREMENT, "competitive_negotiation,inquiry",
     "从谈判文件（询价通知书）发出之日起至供应商提交首次响应文件截止之日止不得少于3个工作日",
     R.AT_LEAST, "documents_issued", "bid_deadline", 3, W, f"{F74}第二十九条、第四十五条",
     R.REFUSE, False),
    ("P9", PROCUREMENT, "competitive_consultation",
     "从磋商文件发出之日起至供应商提交首次响应文件截止之日止不得少于10日",
     R.AT_LEAST, "documents_issued", "bid_deadline", 10, D, f"{CS214}第十条", R.REFUSE, True),
    ("P10", PROCUREMENT, "single_source", "单一来源采购方式公示期不得少于5个工作日",
     R.AT_LEAST, "documents_issued", "bid_deadline", 5, W, f"{ZFCG_SS}第三十八条", R.REFUSE, True),
    ("P9W", PROCUREMENT, "", "投标（响应）截止日宜为工作日，落在节假日的应核实交易场所是否正常开放",
     R.WORKDAY, "", "bid_deadline", 0, D, f"{MFD}第二百零三条", R.WARN, False),
    ("P12", PROCUREMENT, "", "采购人在评审结束后确定中标（成交）供应商",
     R.AT_LEAST, "bid_deadline", "result_confirmed", 0, D, f"{ZFCG_SS}第四十三条第一款",
     R.REFUSE, True),
    ("P13", PROCUREMENT, "", "自中标、成交供应商确定之日起2个工作日内发布中标、成交结果公告",
     R.AT_MOST, "result_confirmed", "result_published", 2, W, f"{ZFCG_SS}第四十三条第三款",
     R.REFUSE, True),
    ("P15", PROCUREMENT, "", "中标、成交结果公告期限为1个工作日",
     R.AT_LEAST, "result_published", "publicity_ends", 1, W,
     "《财政部关于做好政府采购信息公开工作的通知》（财库〔2015〕135号）", R.REFUSE, False),
    ("P16", PROCUREMENT, "", "自中标、成交通知书发出之日起30日内签订政府采购合同",
     R.AT_MOST, "result_published", "contract_signed", 30, D, f"{ZFCG}第四十六条第一款",
     R.REFUSE, True),
    ("P17", PROCUREMENT, "", "自政府采购合同签订之日起2个工作日内公告合同",
     R.AT_MOST, "contract_signed", "contract_published", 2, W, f"{ZFCG_SS}第五十条",
     R.REFUSE, True),
    ("P22", PROCUREMENT, "", "供应商在知道或者应当知道其权益受到损害之日起7个工作日内提出质疑",
     R.AT_MOST, "publicity_ends", "objection_filed", 7, W, f"{ZFCG}第五十二条；{ZFCG_SS}第五十三条",
     R.REFUSE, True),
    ("P24", PROCUREMENT, "", "采购人应当在收到供应商的书面质疑后7个工作日内作出答复",
     R.AT_MOST, "objection_filed", "objection_answered", 7, W, f"{ZFCG}第五十三条",
     R.REFUSE, True),
    ("P24S", PROCUREMENT, "", "质疑可能影响中标、成交结果的，暂停签订合同",
     R.SUSPENDS, "objection_filed", "objection_answered", 0, D, f"{ZFCG_SS}第五十四条",
     R.REFUSE, True),
    ("P25", PROCUREMENT, "", "质疑供应商可以在答复期满后15个工作日内向财政部门投诉",
     R.AT_MOST, "objection_answered", "complaint_filed", 15, W, f"{ZFCG}第五十五条",
     R.REFUSE, True),
    ("P26", PROCUREMENT, "", "财政部门收到投诉书后5个工作日内审查，决定是否受理",
     R.AT_MOST, "complaint_filed", "complaint_accepted", 5, W, f"{F94}第二十一条", R.REFUSE, False),
    ("P26A", PROCUREMENT, "", "财政部门应当在收到投诉后30个工作日内作出处理决定",
     R.AT_MOST, "complaint_filed", "complaint_decided", 30, W, f"{ZFCG}第五十六条",
     R.REFUSE, True),
    # 国有建设用地使用权 招标拍卖挂牌出让
    ("L1", LAND, "", "出让公告应当于投标、拍卖或者挂牌开始日前至少20日发布",
     R.AT_LEAST, "announced", "listing_starts", 20, D, f"{TD39}第十条", R.REFUSE, False),
    ("L2", LAND, "listing", "挂牌时间不得少于10个工作日",
     R.AT_LEAST, "listing_starts", "listing_ends", 10, W, f"{TD39}第十九条", R.REFUSE, False),
    ("L4", LAND, "", "挂牌、拍卖或者招标活动结束后10个工作日内公布出让结果",
     R.AT_MOST, "listing_ends", "result_published", 10, W, f"{TD39}第二十五条", R.REFUSE, False),
    # 企业国有产权（资产）交易 (all periods in 工作日)
    ("R1", PROPERTY, "transfer,capital_increase", "正式披露信息时间不得少于20个工作日",
     R.AT_LEAST, "disclosure_starts", "disclosure_ends", 20, W, f"{GZ32}第十三条", R.REFUSE, True),
    ("R7", PROPERTY, "asset_transfer",
     "资产转让项目信息披露期不得少于10个工作日（转让底价超过1000万元的不少于20个工作日）",
     R.AT_LEAST, "disclosure_starts", "disclosure_ends", 10, W, f"{GZ32}第四十八条",
     R.REFUSE, False),
]  # fmt: skip

EXTRA_NAMES = {"publicity_ends": "结果公告期满日", "result_published": "出让结果公布日"}


def date_label(name: str) -> str:
    for names in DATE_NAMES.values():
        if name in names:
            return names[name]
    return EVENT_NAMES.get(name) or EXTRA_NAMES.get(name, name)


def accepted_names(kind: str) -> dict[str, str]:
    """The date names a schedule of `kind` may carry: the contract's, and those its rules use."""
    names = dict(DATE_NAMES.get(kind, {}))
    for row in SEED:
        if row[1] == kind and row[4] != R.SUSPENDS:
            for name in (row[5], row[6]):
                if name and name not in EVENT_NAMES:
                    names.setdefault(name, date_label(name))
    return names


_cache: tuple[int, list[R]] | None = None
_version = Version("zhengwu:trading:rules:version")


def all_rules() -> list[R]:
    """Every rule row. Each process keeps them and rereads them when the version in the shared
    cache moves (`invalidate`, called on every change), as `core.limits` does; the seed's values
    while the table is empty (a test that flushed it)."""
    global _cache
    version = _version.current()
    if _cache is None or _cache[0] != version:
        rows = list(R.objects.all()) or [
            R(**dict(zip(FIELDS, row, strict=True)), order=i) for i, row in enumerate(SEED)
        ]
        _cache = (version, rows)
    return _cache[1]


def invalidate() -> None:
    """A rule row changed: every process rereads within a few seconds, this one now."""
    global _cache
    _version.bump()
    _cache = None


def rules_for(kind: str, method: str = "") -> list[R]:
    return [r for r in all_rules() if r.trade_kind == kind and (not method or r.applies_to(method))]


def rule(code: str) -> R:
    """One rule row (the clocks of the steps read their number and unit here)."""
    found = next((r for r in all_rules() if r.code == code), None)
    if found is None:
        raise KeyError(code)
    return found


FIELDS = (
    "code", "trade_kind", "methods", "name", "relation", "from_field", "to_field", "number",
    "unit", "article", "enforcement", "verified",
)  # fmt: skip


def bound(start: dt.date, r: R, jurisdiction_code: str = "") -> dt.date:
    """The date `r.number` days or 工作日 after `start` (the start day not counted). A period for
    doing something (at most) counted in 日 that ends on a rest day ends on the next working
    day (民法典 §203); a minimum period does not move."""
    if r.unit == Clock.WORKDAYS:
        return calendar.add_workdays(start, r.number, jurisdiction_code)
    if r.relation == R.AT_MOST:
        return calendar.add_days(start, r.number, jurisdiction_code)
    return start + dt.timedelta(days=r.number)


@dataclass(frozen=True)
class Violation:
    rule: str
    field: str
    article: str
    earliest: dt.date | None
    latest: dt.date | None
    level: str  # Rule.REFUSE or Rule.WARN
    message: str

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "field": self.field,
            "article": self.article,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "level": self.level,
            "message": self.message,
        }


def _day(value: dt.date) -> str:
    return calendar.chinese_date(value)


def parse_dates(kind: str, raw: dict, *, names: dict[str, str] | None = None) -> dict:
    """Dates by name from text (YYYY-MM-DD) or dates; unknown names and bad dates are refused
    in Chinese with the name as the field."""
    names = names if names is not None else accepted_names(kind)
    out: dict[str, dt.date] = {}
    if not isinstance(raw, dict):
        raise Invalid("日期应为“名称: YYYY-MM-DD”的对象", code="dates_invalid", field="dates")
    for name, value in raw.items():
        if name not in names:
            known = "、".join(names) or "无"
            raise Invalid(
                f"“{name}”不是{KIND_LABELS.get(kind, kind)}的日期名称，可用：{known}",
                code="date_name_unknown",
                field=name,
            )
        if value in (None, ""):
            continue
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            try:
                value = dt.date.fromisoformat(str(value).strip())
            except ValueError:
                raise Invalid(
                    f"{names[name]}（{name}）“{value}”不是有效日期，应为YYYY-MM-DD，例如2026-03-18",
                    code="date_invalid",
                    field=name,
                ) from None
        if not (calendar.FIRST_DAY <= value <= calendar.LAST_DAY):
            raise Invalid(
                f"{names[name]}（{name}）超出平台日历范围", code="date_out_of_range", field=name
            )
        out[name] = value
    return out


def validate_kind(kind: str, method: str) -> None:
    if kind not in METHODS or kind not in (ENGINEERING, PROCUREMENT, LAND, PROPERTY, "other"):
        raise Invalid(
            "交易类型应为engineering（工程建设）、procurement（政府采购）、land（土地出让）"
            "或property（国有产权）",
            code="kind_invalid",
            field="kind",
        )
    methods = dict(METHODS[kind])
    if method not in methods:
        choices = "、".join(f"{code}（{label}）" for code, label in methods.items())
        raise Invalid(
            f"{KIND_LABELS[kind]}的交易方式应为：{choices}", code="method_invalid", field="method"
        )


def check(
    kind: str, method: str, dates: dict, *, jurisdiction_code: str = "", rules=None
) -> list[Violation]:
    """Every rule of `kind` and `method` whose dates are given, checked; the violations, the
    refusing ones first. `dates` maps names to dates (see `parse_dates`)."""
    validate_kind(kind, method)
    out: list[Violation] = []
    for r in rules if rules is not None else rules_for(kind, method):
        if not r.applies_to(method) or r.relation == R.SUSPENDS:
            continue
        to = dates.get(r.to_field)
        if to is None:
            continue
        label = date_label(r.to_field)
        if r.relation == R.WORKDAY:
            cal = calendar.for_jurisdiction(jurisdiction_code)
            if not cal.is_workday(to):
                nxt = cal.next_workday_on_or_after(to)
                out.append(
                    Violation(
                        r.code, r.to_field, r.article, nxt, None, r.enforcement,
                        f"{label}{_day(to)}为{cal.why_not_working(to)}：{r.name}（{r.article}）",
                    )
                )  # fmt: skip
            continue
        start = dates.get(r.from_field)
        if start is None:
            continue
        limit = bound(start, r, jurisdiction_code)
        since = date_label(r.from_field)
        if r.relation == R.AT_LEAST and to < limit:
            out.append(
                Violation(
                    r.code, r.to_field, r.article, limit, None, r.enforcement,
                    f"{r.name}（{r.article}）：{since}为{_day(start)}，"
                    f"{label}最早为{_day(limit)}",
                )
            )  # fmt: skip
        elif r.relation == R.AT_MOST and (to > limit or to < start):
            out.append(
                Violation(
                    r.code, r.to_field, r.article, start, limit, r.enforcement,
                    f"{r.name}（{r.article}）：{since}为{_day(start)}，"
                    f"{label}应在{_day(start)}至{_day(limit)}之间",
                )
            )  # fmt: skip
    out.sort(key=lambda v: v.level != R.REFUSE)
    return out


def refusing(violations: list[Violation]) -> list[Violation]:
    return [v for v in violations if v.level == R.REFUSE]


def summary(violations: list[Violation]) -> str:
    return "；".join(v.message for v in violations)
