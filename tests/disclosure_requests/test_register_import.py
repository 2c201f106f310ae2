"""manage.py import_requests takes an office's register as it is kept (issue 21 §1)."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from zhengwu.disclosure.requests import annual
from zhengwu.disclosure.requests.models import Request

# A register as a county office keeps it: 序号 and 备注 columns, the national form's words.
HEADER = [
    "序号",
    "收到申请日期",
    "申请人",
    "申请人类型",
    "申请方式",
    "所需信息的内容描述",
    "办理结果",
    "答复日期",
    "收费金额（元）",
    "备注",
]


def register(tmp_path, rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    path = tmp_path / "登记簿.xlsx"
    wb.save(path)
    return path


GOOD = [
    # Excel date cells, the 2008 form's channels, table 三's rows with and without numbering.
    [
        1,
        dt.date(2025, 3, 5),
        "王五",
        "自然人",
        "当面申请",
        "城区规划",
        "（一）予以公开",
        dt.date(2025, 3, 20),
        None,
        "",
    ],
    [
        2,
        "2025/3/6",
        "某公司",
        "法人或其他组织/商业企业",
        "信函申请",
        "出让合同",
        "不予公开-属于国家秘密",
        "2025年3月25日",
        0,
        "",
    ],
    [
        3,
        "2025年3月7日",
        "某律所",
        " 法律服务机构 ",
        "传真申请",
        "执法案卷",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        "2025-04-01",
        100,
        "",
    ],
    [
        4,
        "２０２５－０３－０８",
        "某研究院",
        "科研机构",
        "网络申请",
        "统计数据",
        "四、无法提供 1.本机关不掌握相关政府信息",
        dt.date(2025, 4, 2),
        "",
        "",
    ],
    [
        5,
        dt.datetime(2025, 3, 9),
        "某协会",
        "社会公益组织",
        "网上申请",
        "年报",
        "(五)不予处理 2、重复申请",
        "2025.4.3",
        None,
        "重复",
    ],
    [
        6,
        dt.date(2025, 3, 10),
        "赵六",
        "自然人",
        "其他",
        "文件",
        "（六）其他处理/3.其他",
        dt.date(2025, 4, 3),
        None,
        "",
    ],
    [7, dt.date(2025, 12, 29), "钱七", "自然人", "当面", "会议纪要", "", "", None, "未办结"],
    [
        8,
        dt.date(2025, 3, 11),
        "孙八",
        "自然人",
        "网上",
        "规划",
        "危及“三安全一稳定”",
        dt.date(2025, 3, 12),
        None,
        "",
    ],
]


def test_a_register_imports_as_kept(tmp_path, fh_dept):
    path = register(tmp_path, GOOD)
    out = io.StringIO()
    call_command("import_requests", str(path), "--agency", fh_dept.usci, stdout=out)
    assert "8 行导入，0 行有错误" in out.getvalue()
    got = {
        r.applicant_name: (r.received_on, r.channel, r.applicant_kind, r.outcome, r.answered_on)
        for r in Request.objects.filter(agency=fh_dept)
    }
    assert got["王五"] == (
        dt.date(2025, 3, 5),
        "letter",
        "natural",
        "disclosed",
        dt.date(2025, 3, 20),
    )
    assert got["某公司"] == (
        dt.date(2025, 3, 6),
        "mail",
        "business",
        "withheld_secret",
        dt.date(2025, 3, 25),
    )
    assert got["某律所"][1:4] == ("fax", "legal_service", "partial")
    assert got["某研究院"][:4] == (dt.date(2025, 3, 8), "online", "research", "not_held")
    assert got["某协会"][3:] == ("repeat", dt.date(2025, 4, 3))
    assert got["赵六"][1] == "other" and got["赵六"][3] == "other"
    assert got["钱七"][3:] == ("", None)
    assert got["孙八"][3] == "withheld_security"
    t3 = annual.table3([fh_dept.pk], 2025)
    assert t3["三、本年度办理结果/（三）不予公开/1.属于国家秘密"]["商业企业"] == 1
    assert t3["三、本年度办理结果/（五）不予处理/2.重复申请"]["社会公益组织"] == 1
    assert t3["四、结转下年度继续办理"]["自然人"] == 1


BAD = [
    [9, dt.date(2025, 3, 5), "周九", "自然人", "飞鸽传书", "文件", "", "", None, ""],
    [10, "2025/2/30", "吴十", "自然人", "当面申请", "文件", "", "", None, ""],
    [11, dt.date(2025, 3, 5), "郑一", "外星人", "当面申请", "文件", "", "", None, ""],
    [
        12,
        dt.date(2025, 3, 5),
        "冯二",
        "自然人",
        "当面申请",
        "文件",
        "予以公布",
        dt.date(2025, 3, 6),
        None,
        "",
    ],
]


def test_a_bad_row_is_reported_with_its_line_and_the_nearest_values_and_nothing_loads(
    tmp_path, fh_dept
):
    path = register(tmp_path, GOOD + BAD)
    err = io.StringIO()
    with pytest.raises(CommandError, match="4 行有错误，整个文件未导入.*--partial"):
        call_command(
            "import_requests", str(path), "--agency", fh_dept.usci, stdout=io.StringIO(), stderr=err
        )
    errors = err.getvalue()
    assert "第10行：申请方式“飞鸽传书”无法识别，最接近的有效值：传真" in errors
    assert "第11行：收到申请日期“2025/2/30”不是有效日期" in errors
    assert "第12行：申请人类型“外星人”无法识别" in errors
    assert "第13行：办理结果“予以公布”无法识别，最接近的有效值：" in errors
    assert "予以公开" in errors.split("第13行")[1]
    assert "第2行" not in errors
    assert not Request.objects.filter(agency=fh_dept).exists()


def test_dry_run_reports_without_loading_and_partial_loads_the_good_rows(tmp_path, fh_dept):
    path = register(tmp_path, GOOD + BAD)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_requests",
            str(path),
            "--agency",
            fh_dept.usci,
            "--dry-run",
            stdout=out,
            stderr=io.StringIO(),
        )
    assert "试运行（未导入）：共 12 行，8 行正确，4 行有错误" in out.getvalue()
    assert not Request.objects.filter(agency=fh_dept).exists()
    clean = register(tmp_path, GOOD)
    out = io.StringIO()
    call_command("import_requests", str(clean), "--agency", fh_dept.usci, "--dry-run", stdout=out)
    assert "共 8 行，8 行正确，0 行有错误" in out.getvalue()
    assert not Request.objects.filter(agency=fh_dept).exists()
    path = register(tmp_path, GOOD + BAD)
    out = io.StringIO()
    with pytest.raises(CommandError, match="4 行未导入"):
        call_command(
            "import_requests",
            str(path),
            "--agency",
            fh_dept.usci,
            "--partial",
            stdout=out,
            stderr=io.StringIO(),
        )
    assert "8 行导入，4 行有错误" in out.getvalue()
    assert Request.objects.filter(agency=fh_dept).count() == 8


def test_a_register_without_the_agency_column_needs_agency(tmp_path, fh_dept):
    path = register(tmp_path, GOOD[:1])
    with pytest.raises(CommandError, match="--agency"):
        call_command("import_requests", str(path), stdout=io.StringIO())
    missing = register(tmp_path, [r[:4] for r in GOOD[:1]], header=HEADER[:4])
    with pytest.raises(CommandError, match="表头缺少列：“申请方式”；“所需信息的内容描述”"):
        call_command(
            "import_requests", str(missing), "--agency", fh_dept.usci, stdout=io.StringIO()
        )
    assert not Request.objects.filter(agency=fh_dept).exists()


def test_a_csv_register_with_full_width_and_stray_spaces(tmp_path, fh_dept):
    path = tmp_path / "登记簿.csv"
    path.write_text(
        "统一社会信用代码, 收到申请日期 ,申请方式,申请人类型,申请人,申请内容,办理结果,答复日期\n"
        f"{fh_dept.usci},2025/3/5,　网上申请　,自然人,王五,规划,（三）不予公开　1．属于国家秘密,2025/3/9\n"
        f"{fh_dept.usci},2025/3/5,网上申请,公民,李四,规划,已主动公开,2025/3/9\n"
        f"{fh_dept.usci},2025/3/5,网上申请,自然人,张三,规划,逾期不补正,2025/3/29\n",
        encoding="gb18030",
    )
    call_command("import_requests", str(path), stdout=io.StringIO())
    got = {
        r.applicant_name: (r.channel, r.applicant_kind, r.outcome, r.received_on)
        for r in Request.objects.filter(agency=fh_dept)
    }
    assert got == {
        "王五": ("online", "natural", "withheld_secret", dt.date(2025, 3, 5)),
        "李四": ("online", "natural", "already_public", dt.date(2025, 3, 5)),
        "张三": ("online", "natural", "no_clarification", dt.date(2025, 3, 5)),
    }
