"""公共资源交易 from an empty platform, in the browser: the office adds 吉首市教育局 and its
officer; the officer registers and runs (a) a procurement by 公开招标 from 采购意向 to the
published contract, (b) a 挂牌 land sale and (c) a property disclosure to their results, and
(d) a tender from 招标公告 through 中标候选人公示 to the contract.

A step's date may not be in the future, so every date lies in the past, chosen relative to
today with the rule rows themselves (`trading.rules.bound`), a day or two of slack on each
minimum period. Once, an unlawful bid deadline is entered first and refused with its article
and the earliest lawful date, then corrected."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from zhengwu.core import calendar, holidays
from zhengwu.org.demo import usci_for
from zhengwu.trading import rules

from .conftest import OFFICE_ADMIN, first_log_in, log_in, office_adds_agency, office_adds_staff

BODY = "吉首市教育局"
SLACK = dt.timedelta(days=2)


REGION = "433101"  # 吉首市


def _calendar() -> calendar.Calendar:
    """The calendar the server counts with (as `core.calendar._build` makes it from the seeded
    rows: the national arrangement and the overlays of 吉首市), built here without a database."""
    rows, years = holidays.national_rows()
    rest: dict[dt.date, str] = {}
    work: dict[dt.date, str] = {}
    for year in range(calendar.FIRST_DAY.year, calendar.LAST_DAY.year + 1):
        if year not in years:
            for day, name in holidays.statutory_days(year):
                rest.setdefault(day, name)
    local = [(d, k, n) for d, k, n, c in holidays.LOCAL_OVERLAYS if calendar.applies_to(c, REGION)]
    for day, kind, name in [*rows, *local]:
        target, other = (rest, work) if kind == "rest" else (work, rest)
        target[day] = name
        other.pop(day, None)
    return calendar.Calendar(rest=rest, work=work, official_years=frozenset(years))


@pytest.fixture(autouse=True)
def _server_calendar(monkeypatch):
    cal = _calendar()
    monkeypatch.setattr(calendar, "for_jurisdiction", lambda code="": cal)


def after(start: dt.date, code: str) -> dt.date:
    """The nearest lawful date after `start` under rule `code` (its seeded row), as the platform
    counts it: `rules.bound` itself."""
    row = next(r for r in rules.SEED if r[0] == code)
    return rules.bound(start, rules.R(**dict(zip(rules.FIELDS, row, strict=True))), REGION)


def iso(day: dt.date) -> str:
    return day.isoformat()


def words(day: dt.date) -> str:
    return calendar.chinese_date(day)


def register(page, kind: str, method: str, name: str) -> str:
    page.goto("/workbench/trading/")
    page.get_by_role("link", name="登记交易项目").click()
    page.wait_for_load_state()
    page.get_by_label("交易类型（必填）").select_option(label=kind)
    page.get_by_label("交易方式（必填，须与交易类型相符）").select_option(label=method)
    page.get_by_label("项目名称（必填）").fill(name)
    page.get_by_label("招标人（采购人、出让人）（必填）").select_option(label=BODY)
    page.get_by_label("第1个标段（包）名称").fill(f"{name}（一标段）")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state()
    assert f"已登记交易项目“{name}”" in page.content(), page.content()[:3000]
    return page.url


def step(page, short: str, **fields) -> str:
    """Fill one step's form (a list fills the rows of a repeated column) and submit it."""
    form = page.locator(f"#step-{short}")
    for name, value in fields.items():
        if isinstance(value, list):
            for i, v in enumerate(value):
                form.locator(f'[name="{name}"]').nth(i).fill(v)
        else:
            form.locator(f'[name="{name}"]').fill(value)
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    return page.content()


COMPANIES = ["湘西宏达建设有限公司", "吉首市兴业建筑有限公司", "湖南武陵工程有限公司"]
CODES = [usci_for("433101", 8801 + i) for i in range(3)]


def test_an_officer_runs_every_kind_of_trading_in_the_browser(browser, empty_server_url):
    url = empty_server_url
    today = dt.date.today()
    office = log_in(browser, url, OFFICE_ADMIN)
    office_adds_agency(office, BODY, usci_for("433101", 8800), "433101")
    office_adds_staff(office, "jy-jingban", "教育局经办人", "部门经办人", BODY)
    page = first_log_in(browser, url, "jy-jingban", "Jiaoyu-Jingban-2026")
    page.goto("/workbench/")
    assert "公共资源交易" in page.content()

    # (a) 政府采购 公开招标: 采购意向 → 招标公告 → 开标 → 评审 → 确定 → 结果公告 → 合同 → 合同公告
    register(page, "政府采购", "公开招标（政府采购）", "吉首市中小学课桌椅采购项目")
    issued = today - dt.timedelta(days=55)
    intent = issued - dt.timedelta(days=35)
    assert "已发布采购意向公开" in step(page, "intent_published", on=iso(intent))
    short = issued + dt.timedelta(days=10)
    refused = step(page, "tender_published", on=iso(issued), bid_deadline=iso(short))
    assert "《中华人民共和国政府采购法》第三十五条" in refused
    assert f"最早可为{words(after(issued, 'P2'))}" in refused
    deadline = after(issued, "P2") + SLACK
    text = step(page, "tender_published", on=iso(issued), bid_deadline=iso(deadline))
    assert f"投标截止（开标）日为{words(deadline)}" in text
    text = step(page, "bids_opened", on=iso(deadline), bidder_name=COMPANIES, bidder_usci=CODES,
                bidder_price=["480000", "495000", "510000"])  # fmt: skip
    assert "已发布开标记录" in text
    report = deadline + dt.timedelta(days=1)
    step(page, "report_received", on=iso(report))
    text = step(page, "result_confirmed", on=iso(report))
    assert f"应于{words(after(report, 'P13'))}前发布中标（成交）结果公告" in text
    text = step(page, "result_published", on=iso(report), winner_name=COMPANIES[0],
                winner_usci=CODES[0], winner_amount="480000")  # fmt: skip
    assert "已发布中标（成交）结果公告" in text and "质疑期至" in text
    signed = report + dt.timedelta(days=5)
    assert "应于" in step(page, "contract_signed", on=iso(signed))
    text = step(page, "contract_published", on=iso(signed))
    assert "已发布合同公告，项目已完成" in text and "已完成" in text

    # (b) 国有建设用地使用权 挂牌出让: 出让公告 → 挂牌 → 成交公示
    register(page, "国有建设用地使用权出让", "挂牌出让（国有建设用地使用权出让）",
             "吉首市乾州新区JS2026-08号地块")  # fmt: skip
    announced = today - dt.timedelta(days=60)
    starts = after(announced, "L1") + SLACK
    ends = after(starts, "L2") + SLACK
    assert ends <= today
    text = step(page, "land_announced", on=iso(announced), listing_starts=iso(starts),
                listing_ends=iso(ends))  # fmt: skip
    assert f"挂牌截止日为{words(ends)}" in text
    text = step(page, "land_dealt", on=iso(ends), winner_name="湘西州某置业有限公司",
                winner_amount="36000000")  # fmt: skip
    assert f"应于{words(after(ends, 'L4'))}前发布成交公示" in text
    assert "已发布成交公示，项目已完成" in step(page, "land_result_published", on=iso(ends))

    # (c) 企业国有产权 转让: 预披露 → 正式披露 → 成交
    register(page, "企业国有产权（资产）交易", "产权转让（企业国有产权（资产）交易）",
             "湘西州某国有公司100%股权转让")  # fmt: skip
    disclosed = today - dt.timedelta(days=50)
    closes = after(disclosed, "R1") + SLACK
    step(page, "property_predisclosed", on=iso(disclosed - dt.timedelta(days=20)))
    text = step(page, "property_disclosed", on=iso(disclosed), disclosure_ends=iso(closes))
    assert f"信息披露期至{words(closes)}，期满后方可成交" in text
    text = step(page, "property_dealt", on=iso(closes + dt.timedelta(days=1)),
                winner_name="湘西州某投资有限公司", winner_amount="12000000")  # fmt: skip
    assert "已发布成交公告，项目已完成" in text

    # The form checks planned dates as they are typed (its script calls the schedule check)
    page.goto("/workbench/trading/new/")
    page.get_by_label("交易类型（必填）").select_option(label="工程建设项目招标投标")
    page.get_by_label("交易方式（必填，须与交易类型相符）").select_option(
        label="公开招标（工程建设项目招标投标）"
    )
    planned = today + dt.timedelta(days=30)
    page.locator("#d_engineering_documents_issued").fill(iso(planned))
    page.locator("#d_engineering_bid_deadline").fill(iso(planned + dt.timedelta(days=10)))
    expect(page.locator("#schedule-check")).to_contain_text(
        f"最早可为{words(after(planned, 'T3'))}"
    )
    expect(page.locator("#schedule-check")).to_contain_text("第二十四条")
    assert page.locator('fieldset.dates[data-kind="land"]').is_hidden()

    # (d) 工程建设项目 公开招标: 招标公告 → 开标 → 评标报告 → 中标候选人公示 → 中标通知书 → 合同
    register(page, "工程建设项目招标投标", "公开招标（工程建设项目招标投标）",
             "吉首市第三中学教学楼新建工程")  # fmt: skip
    issued = today - dt.timedelta(days=60)
    deadline = after(issued, "T3") + SLACK
    step(page, "tender_published", on=iso(issued), bid_deadline=iso(deadline))
    step(page, "bids_opened", on=iso(deadline), bidder_name=COMPANIES, bidder_usci=CODES,
         bidder_price=["8600000", "8750000", "8900000"])  # fmt: skip
    report = deadline + dt.timedelta(days=1)
    text = step(page, "report_received", on=iso(report))
    assert f"应于{words(after(report, 'T11'))}前发布中标候选人公示" in text
    shown = report + dt.timedelta(days=1)
    publicity = after(shown, "T11A") + dt.timedelta(days=1)
    text = step(page, "candidates_published", on=iso(shown), publicity_ends=iso(publicity),
                candidate_name=COMPANIES, candidate_usci=CODES,
                candidate_price=["8600000", "8750000", "8900000"],
                candidate_manager=["向建国", "彭立新", "田志远"],
                candidate_certificate=["湘143202600001", "湘143202600002", "湘143202600003"])  # fmt: skip
    assert (f"已发布中标候选人公示，公示期至{words(publicity)}；"
            "公示期满后方可发出中标通知书") in text  # fmt: skip
    award = after(publicity, "T14")
    text = step(page, "awarded", on=iso(award), winner_name=COMPANIES[0], winner_amount="8600000")
    assert f"应于{words(after(award, 'T15'))}前订立书面合同" in text
    signed = award + dt.timedelta(days=3)
    step(page, "contract_signed", on=iso(signed))
    assert "已发布合同公告，项目已完成" in step(page, "contract_published", on=iso(signed))

    page.goto("/workbench/trading/?state=closed")
    listed = page.content()
    for name in ("吉首市中小学课桌椅采购项目", "吉首市乾州新区JS2026-08号地块",
                 "湘西州某国有公司100%股权转让", "吉首市第三中学教学楼新建工程"):  # fmt: skip
        assert name in listed
