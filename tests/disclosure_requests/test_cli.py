"""manage.py import_requests and annual_report."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from zhengwu.disclosure.requests import annual
from zhengwu.disclosure.requests.models import Request

HEADER = "agency_usci,received_on,channel,applicant_type,applicant_name,subject,outcome,answered_on,fee_yuan"


def rows(usci):
    return [
        f"{usci},2025-02-03,online,自然人,王五,城区规划文件,（一）予以公开,2025-02-20,0",
        f"{usci},2025-02-04,letter,商业企业,某公司,某地块出让合同,（三）不予公开/1.属于国家秘密,2025-02-25,",
        f"{usci},2025-02-05,传真,法律服务机构,某律所,执法案卷,（二）部分公开,2025-03-01,100",
        f"{usci},2025-12-29,mail,科研机构,某研究院,统计数据,,,",  # open: carried into 2026
        f"{usci},2025-02-06,pigeon,自然人,赵六,文件,（一）予以公开,2025-02-20,0",  # bad channel
        "91433101MA4L000000,2025-02-06,online,自然人,赵六,文件,（一）予以公开,2025-02-20,0",  # no agency
        f"{usci},2025-02-30,online,自然人,赵六,文件,,,",  # no such date
        f"{usci},2025-02-06,online,自然人,赵六,文件,（九）随便,2025-02-20,0",  # no such row
        f"{usci},2025-02-06,online,自然人,赵六,文件,（一）予以公开,,0",  # outcome without date
        f"{usci},2025-02-06,online,自然人,赵六,文件,（一）予以公开,2025-01-20,0",  # answered before received
        f"{usci},2025-02-06,online,外星人,赵六,文件,（一）予以公开,2025-02-20,0",  # bad type
    ]


def test_import_csv_reports_bad_rows_by_line_and_loads_the_rest(tmp_path, fh_dept):
    path = tmp_path / "requests.csv"
    path.write_text("\n".join([HEADER, *rows(fh_dept.usci)]) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="7 行有错误，整个文件未导入.*--partial"):
        call_command("import_requests", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Request.objects.filter(agency=fh_dept).exists()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_requests", str(path), "--partial", stdout=out, stderr=err)
    errors = err.getvalue()
    for line in (6, 7, 8, 9, 10, 11, 12):
        assert f"第{line}行：" in errors
    assert "第2行" not in errors and "第5行" not in errors
    assert "4 行导入，7 行有错误" in out.getvalue()
    loaded = Request.objects.filter(agency=fh_dept)
    assert loaded.count() == 4
    partial = loaded.get(applicant_name="某律所")
    assert (partial.outcome, partial.channel, partial.applicant_kind) == (
        "partial",
        "fax",
        "legal_service",
    )
    t3 = annual.table3([fh_dept.pk], 2025)
    assert t3["三、本年度办理结果/（三）不予公开/1.属于国家秘密"]["商业企业"] == 1
    assert t3["四、结转下年度继续办理"]["科研机构"] == 1
    assert annual.check(t3, annual.table4([fh_dept.pk], 2025)) == []


def test_import_xlsx(tmp_path, fh_dept):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    for line in rows(fh_dept.usci)[:4]:
        ws.append(line.split(","))
    path = tmp_path / "requests.xlsx"
    wb.save(path)
    out = io.StringIO()
    call_command("import_requests", str(path), stdout=out)
    assert "4 行导入，0 行有错误" in out.getvalue()
    assert Request.objects.filter(agency=fh_dept).count() == 4


def test_import_refuses_a_wrong_header(tmp_path, db):
    path = tmp_path / "bad.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(CommandError, match="表头缺少列"):
        call_command("import_requests", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import_requests", str(tmp_path / "none.csv"), stdout=io.StringIO())


@pytest.fixture
def loaded(tmp_path, fh_dept):
    path = tmp_path / "requests.csv"
    path.write_text("\n".join([HEADER, *rows(fh_dept.usci)[:4]]) + "\n", encoding="utf-8")
    call_command("import_requests", str(path), stdout=io.StringIO())
    return fh_dept


def test_annual_report_json(tmp_path, loaded):
    out = tmp_path / "r.json"
    call_command(
        "annual_report",
        agency=loaded.usci,
        year=2025,
        format="json",
        output=str(out),
        stdout=io.StringIO(),
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["table3"]["一、本年新收政府信息公开申请数量"] == {
        "自然人": 1,
        "商业企业": 1,
        "科研机构": 1,
        "社会公益组织": 0,
        "法律服务机构": 1,
        "其他": 0,
        "总计": 4,
    }
    assert data["table3"]["三、本年度办理结果/（三）不予公开/1.属于国家秘密"]["总计"] == 1
    assert list(data["table3"]) == annual.TABLE3_ROWS
    assert "第二十条第（一）项/规章" in data["table2"]
    assert data["table4"]["行政复议"]["总计"] == 0
    assert data["checks"]["passed"] is True
    assert data["due_date"] == "2026-01-31"


def test_annual_report_xlsx_pdf_html(tmp_path, loaded):
    x = tmp_path / "r.xlsx"
    call_command(
        "annual_report",
        agency=loaded.usci,
        year=2025,
        format="xlsx",
        output=str(x),
        stdout=io.StringIO(),
    )
    wb = load_workbook(x)
    assert wb.sheetnames == ["表二 主动公开", "表三 依申请公开", "表四 复议诉讼"]
    ws = wb["表三 依申请公开"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "三、本年度办理结果" in values and "8.属于行政查询事项" in values
    assert any(
        str(r) == "A7:A28" for r in ws.merged_cells.ranges
    )  # 三、本年度办理结果 spans 22 rows
    p = tmp_path / "r.pdf"
    call_command(
        "annual_report",
        agency=loaded.usci,
        year=2025,
        format="pdf",
        output=str(p),
        stdout=io.StringIO(),
    )
    assert p.read_bytes().startswith(b"%PDF")
    h = tmp_path / "r.html"
    call_command(
        "annual_report",
        agency=loaded.usci,
        year=2025,
        format="html",
        output=str(h),
        stdout=io.StringIO(),
    )
    html = h.read_text(encoding="utf-8")
    assert "<table" in html and "四、结转下年度继续办理" in html


def test_annual_report_unknown_agency(db):
    with pytest.raises(CommandError, match="统一社会信用代码"):
        call_command("annual_report", agency="123", year=2025, stdout=io.StringIO())


def test_import_refuses_a_nonsense_fee_by_line(tmp_path, fh_dept):
    good = rows(fh_dept.usci)[0]
    lines = [good.rsplit(",", 1)[0] + f",{fee}" for fee in ("NaN", "0.001", "-5", "1e12", "12.5")]
    path = tmp_path / "fees.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_requests", str(path), "--partial", stdout=io.StringIO(), stderr=err)
    errors = err.getvalue()
    assert "第2行：" in errors and "须为有限的数字" in errors
    assert "第3行：" in errors and "最多保留两位小数" in errors
    assert "第4行：" in errors and "不能为负数" in errors
    assert "第5行：" in errors and "超出上限" in errors
    assert Request.objects.get(agency=fh_dept).fee_yuan == Decimal("12.50")
