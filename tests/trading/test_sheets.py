"""The workbook of a trading system (项目 and 公告, spec field names or Chinese labels): imported
row by row through the services, every date checked by the rule rows; bad rows reported with
their sheet and line and nothing loaded (unless partial); export → import recreates the
projects; the page and the CLI."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from zhengwu.core import clock
from zhengwu.org.models import User
from zhengwu.trading import services, sheets
from zhengwu.trading.models import Notice, Project, Section

from .conftest import logged_in

D = dt.date
pytestmark = pytest.mark.django_db

PROJECT_HEAD = ["交易类型", "交易方式", "项目编号", "项目名称", "采购人名称",
                "采购人统一社会信用代码", "行政区域代码", "预算金额（元）", "是否依法必须招标",
                "采购文件发出日", "投标（响应）截止日"]  # fmt: skip
NOTICE_HEAD = ["项目编号", "环节", "发布日期", "投标（响应）截止日", "公告标题", "中标人",
               "中标金额", "投标人"]  # fmt: skip
CODE = "433101-2024-C9001"


def serial(day: dt.date) -> int:
    """The day as Excel stores it in a cell formatted as a number."""
    return (day - D(1899, 12, 30)).days


def book(projects: list[list], notices: list[list], *, head=PROJECT_HEAD, nhead=NOTICE_HEAD):
    wb = Workbook()
    ws = wb.active
    ws.title = "项目"
    ws.append(head)
    for row in projects:
        ws.append(row)
    ws = wb.create_sheet("公告")
    ws.append(nhead)
    for row in notices:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def desks(body, code=CODE, kind="政府采购", deadline=None):
    """A procurement of 吉首市住建局: documents issued 2024-10-09 (a date cell), bids due
    2024-10-29 (an Excel serial number): exactly the 20 日 of 政府采购法 §35."""
    return [kind, "公开招标", code, "吉首市中小学课桌椅采购项目", body.name, body.usci, "433101",
            3860000, "是", dt.datetime(2024, 10, 9), deadline or serial(D(2024, 10, 29))]  # fmt: skip


def desk_steps(code=CODE, deadline="2024-10-29"):
    bidders = "湖南金鹰教学设备有限公司:3500000；长沙华腾信息技术有限公司：3620000;湘西州天成科技有限公司:3710000"
    return [
        [code, "招标（采购）公告", D(2024, 10, 9), deadline, "吉首市中小学课桌椅采购公告", "", "", ""],
        [code, "开标记录", "2024/10/29", "", "", "", "", bidders],
        [code, "收到评标（评审）报告", "2024年10月30日", "", "", "", "", ""],
        [code, "确定中标（成交）供应商", D(2024, 11, 1), "", "", "", "", ""],
        [code, "中标（成交）结果公告", serial(D(2024, 11, 4)), "", "", "湖南金鹰教学设备有限公司",
         "3,500,000", ""],
    ]  # fmt: skip


def run(data, by, **options):
    return sheets.import_workbook(data, by=by, **options)


def test_an_import_with_chinese_labels_and_excel_dates(buyer, body):
    report = run(book([desks(body)], desk_steps()), buyer)
    assert report.errors == [] and report.loaded
    assert (report.projects, report.steps) == (1, 5)
    p = Project.objects.get(code=CODE)
    assert (p.kind, p.method, p.owner, p.budget) == ("procurement", "open_tender", body, 3860000)
    assert p.state == Project.PUBLICITY and p.created_on == D(2024, 10, 9)
    assert p.dates["bid_deadline"] == "2024-10-29" and p.dates["result_published"] == "2024-11-04"
    kinds = list(p.notices.order_by("id").values_list("kind", "published_on"))
    assert kinds == [("tender", D(2024, 10, 9)), ("opening", D(2024, 10, 29)),
                     ("result", D(2024, 11, 4))]  # fmt: skip
    opening = p.notices.get(kind="opening")
    assert [b["name"] for b in opening.facts["bidders"]][1] == "长沙华腾信息技术有限公司"
    assert opening.facts["bidders"][1]["price"] == "3620000"
    result = p.notices.get(kind="result")
    assert result.facts["winner"] == {"name": "湖南金鹰教学设备有限公司", "amount": "3500000"}
    # 公告期 1 个工作日 then 7 个工作日 to 质疑, as a step taken on the page would set them
    assert result.objection_until == D(2024, 11, 14)
    # the contract clock runs from the result (政府采购法 §46: 30 日)
    running = {c.purpose: c for c in clock.clocks_of(p)}
    assert running["签订政府采购合同"].due_date == D(2024, 12, 4)


def test_spec_field_names_are_headers_too(buyer, body):
    head = ["M_TRADE_KIND", "PURCHASER_MODE", "PURCHASE_PROJECT_CODE", "PURCHASE_PROJECT_NAME",
            "PURCHASER_NAME", "PURCHASER_CODE", "REGION_CODE", "PROGRAM_BUDGET", "IS_TO_LAW",
            "BULLETIN_START_TIME", "BID_CLOSING_TIME"]  # fmt: skip
    nhead = ["PURCHASE_PROJECT_CODE", "BULLETIN_TYPE", "NOTICE_SEND_TIME", "BID_CLOSING_TIME",
             "BULLETIN_TITLE", "WINNINGBIDDER_NAME", "WIN_BID_PRICE", "M_BIDDERS"]  # fmt: skip
    report = run(book([desks(body)], desk_steps()[:2], head=head, nhead=nhead), buyer)
    assert report.errors == [] and (report.projects, report.steps) == (1, 2)
    assert Project.objects.get(code=CODE).state == Project.OPENED


def test_bad_rows_are_reported_with_sheet_and_line_and_nothing_is_loaded(buyer, body):
    bad_kind = desks(body, code="433101-2024-C9002", kind="政府采买")
    wrong_region = desks(body, code="433101-2024-C9003")
    wrong_region[6] = "433123"
    steps = desk_steps() + [["433101-2024-C9999", "开标记录", "2024-10-29", "", "", "", "", ""]]
    report = run(book([desks(body), bad_kind, wrong_region], steps), buyer)
    assert not report.loaded
    where = [(e["sheet"], e["line"]) for e in report.errors]
    assert where == [("项目", 3), ("项目", 4), ("公告", 7)]
    assert "交易类型“政府采买”无法识别" in report.errors[0]["message"]
    assert "政府采购" in report.errors[0]["message"]  # the nearest valid label
    assert "433123" in report.errors[1]["message"] and "不符" in report.errors[1]["message"]
    assert "433101-2024-C9999" in report.errors[2]["message"]
    assert not Project.objects.filter(code__startswith="433101-2024-C9").exists()


def test_partial_loads_the_good_rows(buyer, body):
    bad_kind = desks(body, code="433101-2024-C9002", kind="政府采买")
    steps = desk_steps() + [["433101-2024-C9002", "开标记录", "2024-10-29", "", "", "", "", ""]]
    report = run(book([desks(body), bad_kind], steps), buyer, partial=True)
    assert report.loaded and (report.projects, report.steps) == (1, 5)
    assert [(e["sheet"], e["line"]) for e in report.errors] == [("项目", 3), ("公告", 7)]
    assert "第3行" in report.errors[1]["message"]  # the step names the project row that failed
    assert Project.objects.get(code=CODE).notices.count() == 3
    assert not Project.objects.filter(code="433101-2024-C9002").exists()


def test_a_row_that_breaks_a_period_names_the_rule(buyer, body):
    # Documents issued 2024-10-09: bids may be due on 2024-10-29 at the earliest (§35, 20 日).
    steps = desk_steps(deadline="2024-10-28")
    report = run(book([desks(body, deadline="")], steps[:1]), buyer)
    assert not report.loaded and len(report.errors) == 1
    error = report.errors[0]
    assert (error["sheet"], error["line"]) == ("公告", 2)
    assert "《中华人民共和国政府采购法》第三十五条" in error["message"]
    assert "2024年10月29日" in error["message"]
    # the same in the planned dates of the 项目 row
    report = run(book([desks(body, deadline="2024-10-28")], []), buyer)
    assert report.errors[0]["sheet"] == "项目" and "第三十五条" in report.errors[0]["message"]


def test_a_step_dated_in_the_future_is_refused(buyer, body):
    future = dt.date.today() + dt.timedelta(days=40)
    report = run(book([desks(body)], [[CODE, "招标（采购）公告", future, future + dt.timedelta(days=25),
                                       "", "", "", ""]]), buyer)  # fmt: skip
    assert "晚于今天" in report.errors[0]["message"]


def _engineering(buyer, body) -> Project:
    p = services.create_project(
        {"kind": "engineering", "method": "open_tender", "owner": body.pk, "budget": "12800000",
         "name": "吉首市乾州至矮寨县乡公路提质改造工程", "code": "433101-2024-G9001",
         "agent_name": "湖南省招标有限责任公司", "dates": {"bid_deadline": "2024-04-01"}},
        by=buyer, today=D(2024, 3, 1),
    )  # fmt: skip

    def step(action, on, **data):
        nonlocal p
        p, _, _ = services.take_step(p, f"trading.{action}", {"on": on, **data}, by=buyer,
                                     today=on)  # fmt: skip

    bidders = [{"name": n, "price": f"{12_000_000 + i * 100_000}"}
               for i, n in enumerate(["甲建设公司", "乙路桥公司", "丙工程公司", "丁建筑公司"])]  # fmt: skip
    step("tender_published", D(2024, 3, 11), bid_deadline="2024-04-02", title="招标公告")
    step("amendment_published", D(2024, 3, 15), bid_deadline="2024-04-08")
    step("bids_opened", D(2024, 4, 8), facts={"bidders": bidders})
    step("report_received", D(2024, 4, 10))
    step(
        "candidates_published",
        D(2024, 4, 11),
        publicity_ends="2024-04-14",
        facts={"candidates": bidders[:3]},
    )
    step("awarded", D(2024, 4, 15), facts={"winner": {"name": "甲建设公司", "amount": "12000000"}})
    step("contract_signed", D(2024, 4, 26))
    return p


def _land(buyer, body) -> Project:
    p = services.create_project(
        {"kind": "land", "method": "listing", "owner": body.pk, "budget": "26000000",
         "name": "吉首市乾州片区2024-05号国有建设用地使用权出让", "code": "433101-2024-T9001"},
        by=buyer, today=D(2024, 5, 6),
    )  # fmt: skip
    p, _, _ = services.take_step(p, "trading.land_announced",
                                 {"on": D(2024, 5, 6), "listing_starts": "2024-05-27",
                                  "listing_ends": "2024-06-11"}, by=buyer, today=D(2024, 5, 6))  # fmt: skip
    p, _, _ = services.take_step(p, "trading.land_dealt",
                                 {"on": D(2024, 6, 11), "facts": {"winner": {"name": "湘西天韵置业有限公司"}}},
                                 by=buyer, today=D(2024, 6, 11))  # fmt: skip
    return p


def _picture(codes) -> list:
    out = []
    for p in Project.objects.filter(code__in=codes).order_by("code"):
        notices = [(n.kind, n.title, n.published_on, n.facts, n.publicity_ends, n.objection_until)
                   for n in p.notices.order_by("id")]  # fmt: skip
        clocks = sorted((c.purpose, c.started_on, c.due_date, c.state) for c in clock.clocks_of(p))
        out.append((p.code, p.unified_deal_code, p.name, p.kind, p.method, p.owner_id, p.budget,
                    p.state, p.dates, p.created_on, p.agent_name, p.details, notices, clocks))  # fmt: skip
    return out


def _rows(data: bytes) -> dict:
    wb = load_workbook(io.BytesIO(data), read_only=True)
    return {name: [list(r) for r in wb[name].iter_rows(values_only=True)] for name in wb.sheetnames}


def _forget(codes) -> None:
    """Empty the database of these projects, as another platform's would be."""
    for p in Project.objects.filter(code__in=codes):
        clock.clocks_of(p).delete()
        Notice.objects.filter(project=p).delete()
        Section.objects.filter(project=p).delete()
        p.delete()


def test_export_then_import_recreates_the_projects(buyer, body, tmp_path):
    codes = [_engineering(buyer, body).code, _land(buyer, body).code]
    before = _picture(codes)
    out = tmp_path / "trading.xlsx"
    text = io.StringIO()
    call_command("export_trading", str(out), jurisdiction="433101", year=2024, stdout=text)
    assert "已导出吉首市2024年的交易项目" in text.getvalue()
    exported = _rows(out.read_bytes())
    assert exported["项目"][0][:3] == ["M_TRADE_KIND", "TENDER_MODE", "TENDER_PROJECT_CODE"]
    assert "BID_DOC_REFER_END_TIME" in exported["项目"][0]
    assert [r[2] for r in exported["项目"][1:]] == codes  # 2024 only: none of the demo's
    assert [r[1] for r in exported["公告"][1:]][:3] == [
        "发布招标（采购）公告", "发布变更（澄清）公告", "开标"]  # fmt: skip
    _forget(codes)
    call_command("import_trading", str(out), by=buyer.username, stdout=io.StringIO())
    assert _picture(codes) == before
    # and the platform's own export of them is the same workbook
    call_command("export_trading", str(tmp_path / "again.xlsx"), jurisdiction="433101",
                 year=2024, stdout=io.StringIO())  # fmt: skip
    assert _rows((tmp_path / "again.xlsx").read_bytes()) == exported


def test_the_cli_exits_non_zero_on_errors(buyer, body, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(book([desks(body, kind="政府采买")], []))
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_trading", str(bad), by=buyer.username, stdout=io.StringIO(),
                     stderr=err)  # fmt: skip
    assert "没有导入任何数据" in str(failed.value)
    assert "项目 第2行：交易类型“政府采买”无法识别" in err.getvalue()
    good = tmp_path / "good.xlsx"
    good.write_bytes(book([desks(body)], desk_steps()))
    out = io.StringIO()
    call_command("import_trading", str(good), by=buyer.username, dry_run=True, stdout=out)
    assert "检查完毕，未导入" in out.getvalue() and not Project.objects.filter(code=CODE).exists()
    out = io.StringIO()
    call_command("import_trading", str(good), by=buyer.username, stdout=out)
    assert "已处理 6/6 行" in out.getvalue() and "已导入；项目 1 个，环节 5 个" in out.getvalue()
    with pytest.raises(CommandError, match="不存在"):
        call_command("import_trading", str(tmp_path / "none.xlsx"), by=buyer.username)
    with pytest.raises(CommandError, match="工作人员账户"):
        call_command("import_trading", str(good), by="nobody")
    with pytest.raises(CommandError):
        call_command("export_trading", str(tmp_path / "x.xlsx"), jurisdiction="999999")


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("交易项目.xlsx", data)


def test_the_page_checks_shows_errors_and_imports(buyer, body):
    client = logged_in(buyer)
    page = client.get("/workbench/trading/import/")
    assert page.status_code == 200 and "导入、导出交易项目" in page.content.decode()
    assert "/workbench/trading/export/?jurisdiction=433101" in page.content.decode()
    good = book([desks(body)], desk_steps())
    checked = client.post("/workbench/trading/import/",
                          {"file": _upload(good), "dry_run": "1"}, follow=True)  # fmt: skip
    assert "检查通过，未导入：项目 1 个，环节 5 个" in checked.content.decode()
    assert not Project.objects.filter(code=CODE).exists()
    bad = book([desks(body)], desk_steps(deadline="2024-10-28"))
    refused = client.post("/workbench/trading/import/", {"file": _upload(bad)})
    html = refused.content.decode()
    assert refused.status_code == 422
    assert "有错误，未导入" in html and "第2行" in html and "第三十五条" in html
    assert "本次没有导入任何数据" in html
    not_xlsx = client.post("/workbench/trading/import/", {"file": _upload(b"not a workbook")})
    assert not_xlsx.status_code == 422 and "无法读取文件" in not_xlsx.content.decode()
    done = client.post("/workbench/trading/import/", {"file": _upload(good)}, follow=True)
    assert "已导入：项目 1 个，环节 5 个" in done.content.decode()
    exported = client.get("/workbench/trading/export/?jurisdiction=433101&year=2024")
    assert exported.status_code == 200
    assert [r[2] for r in _rows(exported.content)["项目"][1:]] == [CODE]
    assert client.get("/workbench/trading/export/?year=abc").status_code == 422


def test_the_page_is_for_the_bodies_that_trade():
    # the openness office may export what it watches, not import for a body; a window clerk
    # neither
    admin, window = (User.objects.get(username=n) for n in ("admin", "window"))
    assert logged_in(admin).get("/workbench/trading/import/").status_code == 403
    assert logged_in(admin).get("/workbench/trading/export/").status_code == 200
    assert logged_in(window).get("/workbench/trading/export/").status_code == 403
