"""Issue 21 §2: table 二 of the annual report (国办公开办函〔2021〕30号) from the data — 第二十条
第（五）项 行政许可 from the decisions on licensing cases, 第二十条第（八）项 行政事业性收费 from the
fees charged on cases (万元), 第二十条第（六）项 行政处罚 and 行政强制 typed in by the office (or
given to the CLI) and marked so; each figure's source on the page; no publishing while a figure
is still to be given — through the page, the API and the CLI."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from zhengwu.cases.models import Case, CaseFee
from zhengwu.disclosure.requests.models import AnnualReport
from zhengwu.org.models import Agency, User

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure/requests/annual-report"
YEAR = 2023  # no demo case was decided, and no report written, in 2023
LICENCES = "第二十条第（五）项/行政许可"
PENALTIES = "第二十条第（六）项/行政处罚"
ENFORCEMENT = "第二十条第（六）项/行政强制"
FEES = "第二十条第（八）项/行政事业性收费"
DECISIONS = "本年处理决定数量"
AMOUNT = "本年收费金额（单位：万元）"


@pytest.fixture
def body(db):
    """A department of the demo with cases of licensing items (3 or more) and of other items."""
    licensing = Case.objects.filter(item__item_type__is_licensing=True)
    other = Case.objects.filter(item__item_type__is_licensing=False)
    agency_id = (
        licensing.filter(agency__kind=Agency.DEPARTMENT, agency_id__in=other.values("agency_id"))
        .values("agency_id")
        .annotate(n=Count("id"))
        .filter(n__gte=3)
        .order_by("agency_id")
        .values_list("agency_id", flat=True)
        .first()
    )
    assert agency_id, "the demo has a department handling both kinds of items"
    assert not AnnualReport.objects.filter(agency_id=agency_id, year=YEAR).exists()
    return Agency.objects.get(pk=agency_id)


def decide_in_year(body, n: int, licensing: bool) -> list[Case]:
    cases = list(
        Case.objects.filter(agency=body, item__item_type__is_licensing=licensing).order_by("id")[:n]
    )
    assert len(cases) == n
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(decided_on=dt.date(YEAR, 6, 1))
    return cases


def table2(client, body) -> dict:
    r = client.get(f"{API}?agency={body.usci}&year={YEAR}")
    assert r.status_code == 200
    return r.json()["table2"]


def test_licensing_decisions_and_fees_come_from_the_cases(as_user, body):
    office = as_user("admin")
    before = table2(office, body)
    assert before[LICENCES] == {DECISIONS: 0} and before[FEES] == {AMOUNT: 0}
    assert before[PENALTIES] == {DECISIONS: None} and before[ENFORCEMENT] == {DECISIONS: None}
    licences = decide_in_year(body, 3, licensing=True)
    decide_in_year(body, 1, licensing=False)  # not a 行政许可: not counted
    admin = User.objects.get(username="admin")
    for amount, on in [("12000", dt.date(YEAR, 3, 1)), ("345.60", dt.date(YEAR, 12, 31))]:
        CaseFee.objects.create(
            case=licences[0], name="工本费", amount_yuan=Decimal(amount), charged_on=on, by=admin
        )
    CaseFee.objects.create(  # charged in the next year: not this year's
        case=licences[1],
        name="工本费",
        amount_yuan=99,
        charged_on=dt.date(YEAR + 1, 1, 1),
        by=admin,
    )
    after = table2(office, body)
    assert after[LICENCES] == {DECISIONS: 3}
    assert after[FEES] == {AMOUNT: 1.2346}  # 12345.60 元 in 万元, to the 元
    page = office.get(f"/workbench/requests/reports/{body.usci}/{YEAR}/").content.decode()
    assert ">3<br><small" in page and "1.2346" in page
    assert "来源：本平台行政许可事项办件，本年作出的准予和不予许可决定" in page
    assert "来源：本平台办件本年收取的行政事业性收费，由元折算为万元" in page
    assert "来源：本平台登记并公开的规章，成文日期在本年" in page
    assert "来源：本机关填报（本平台不掌握行政处罚决定）" in page
    assert "来源：本平台登记的行政复议、行政诉讼及其审结结果" in page


def test_the_page_asks_for_penalties_and_enforcement_before_publishing(as_user, body):
    office = as_user("admin")
    url = f"/workbench/requests/reports/{body.usci}/{YEAR}/"
    page = office.get(url).content.decode()
    assert 'name="penalty_decisions"' in page and 'name="enforcement_decisions"' in page
    form = {"overview": "总体情况", "problems": "无突出问题", "other_matters": "无", "publish": "1"}
    r = office.post(url, form)
    assert r.status_code == 422
    html = r.content.decode()
    assert "第二部分 表二“第二十条第（六）项 行政处罚”：（请填写本年处理决定数量）" in html
    assert "第二部分 表二“第二十条第（六）项 行政强制”：（请填写本年处理决定数量）" in html
    r = office.post(url, form | {"penalty_decisions": "十二", "enforcement_decisions": "1"})
    assert r.status_code == 422
    assert "表二“行政处罚”本年处理决定数量应为不小于0的整数" in r.content.decode()
    assert AnnualReport.objects.get(agency=body, year=YEAR).enforcement_decisions is None
    r = office.post(url, form | {"penalty_decisions": "１２", "enforcement_decisions": "0"})
    assert r.status_code == 302
    report = AnnualReport.objects.get(agency=body, year=YEAR)
    assert report.published_at and (report.penalty_decisions, report.enforcement_decisions) == (
        12,
        0,
    )
    assert report.published_tables["table2"][PENALTIES] == {DECISIONS: 12}
    public = office.get(f"/xxgk/{body.usci}/annual-report/{YEAR}/").content.decode()
    assert "请填写" not in public
    assert '>12<br><small class="source">来源：本机关填报（本平台不掌握行政处罚决定）' in public


def test_the_api_takes_the_figures_and_refuses_bad_ones(as_user, body):
    office = as_user("admin")

    def post(url, data):
        return office.post(url, json.dumps(data), content_type="application/json")

    key = {"agency": body.usci, "year": YEAR, "problems": "无突出问题"}
    r = post(f"{API}/publish", key)
    assert r.status_code == 422 and r.json()["code"] == "prompts_left"
    assert "表二“第二十条第（六）项 行政处罚”" in r.json()["message"]
    r = post(API, key | {"penalty_decisions": -3})
    assert r.status_code == 422 and r.json()["code"] == "bad_figure"
    assert "表二“行政处罚”本年处理决定数量应为不小于0的整数" in r.json()["message"]
    r = post(API, key | {"penalty_decisions": 8})
    assert r.status_code == 200
    assert r.json()["table2"][PENALTIES] == {DECISIONS: 8}
    assert r.json()["prompts"] == [
        "第二部分 表二“第二十条第（六）项 行政强制”：（请填写本年处理决定数量）"
    ]
    r = post(API, key | {"enforcement_decisions": 2})  # 行政处罚 kept as given
    assert r.json()["prompts"] == [] and r.json()["table2"][PENALTIES] == {DECISIONS: 8}
    r = post(f"{API}/publish", key)
    assert r.status_code == 200 and r.json()["table2"][ENFORCEMENT] == {DECISIONS: 2}
    assert r.json()["sources"]["table2"][ENFORCEMENT][DECISIONS].startswith("来源：本机关填报")


def test_the_cli_imports_the_figures(tmp_path, body):
    out = tmp_path / "r.json"

    def run(**kw):
        err = io.StringIO()
        call_command(
            "annual_report",
            agency=body.usci,
            year=YEAR,
            output=str(out),
            stdout=io.StringIO(),
            stderr=err,
            **kw,
        )
        return json.loads(out.read_text()), err.getvalue()

    data, err = run()
    assert data["table2"][PENALTIES] == {DECISIONS: None}
    assert "表二“第二十条第（六）项 行政处罚”：（请填写本年处理决定数量）" in err
    with pytest.raises(CommandError, match="须用 --user 指定"):
        run(penalties="5")
    with pytest.raises(CommandError, match="表二“行政强制”本年处理决定数量应为不小于0的整数"):
        run(penalties="5", enforcement="2.5", user="admin")
    assert not AnnualReport.objects.filter(agency=body, year=YEAR, penalty_decisions=5).exists()
    with pytest.raises(CommandError):  # no say over the department
        run(penalties="5", user="fh-supervisor")
    data, err = run(penalties="5", enforcement="2", user="admin")
    assert data["table2"][PENALTIES] == {DECISIONS: 5}
    assert data["table2"][ENFORCEMENT] == {DECISIONS: 2}
    assert "已填报" in err and "表二“第二十条第（六）项" not in err
