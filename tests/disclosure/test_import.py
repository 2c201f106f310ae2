"""manage.py import_documents: bad rows reported by line, good rows loaded, non-zero exit."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from zhengwu.disclosure.models import Document

pytestmark = pytest.mark.django_db

HEADER = [
    "索引号",
    "名称",
    "内容概述",
    "生成日期",
    "文号",
    "发布日期",
    "主题分类",
    "体裁",
    "有效性",
    "关键词",
    "栏目",
    "正文",
]


def write_csv(path, rows, encoding="utf-8-sig"):
    with open(path, "w", newline="", encoding=encoding) as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)


ROWS = [
    # line 2: good, published on time
    [
        "",
        "凤凰县2024年财政预算执行情况",
        "预算执行",
        "2024-03-01",
        "",
        "2024-03-05",
        "财政、金融、审计",
        "预决算",
        "现行有效",
        "预算",
        "k-czyjs",
        "正文",
    ],
    # line 3: no title
    ["", "", "", "2024-03-01", "", "", "", "", "", "", "", ""],
    # line 4: bad date
    ["", "凤凰县古城保护规定", "", "2024-02-30", "", "", "", "", "", "", "", ""],
    # line 5: good, published late (2024-01-02 + 20 working days is long before 2024-04-01), column by name
    [
        "FH-2024-0005",
        "凤凰县关于印发《凤凰县农村人居环境整治实施方案》的通知",
        "",
        "2024-01-02",
        "凤政发〔2024〕3号",
        "2024-04-01",
        "城乡建设、环境保护",
        "行政规范性文件",
        "已废止",
        "人居环境",
        "行政法规、规章和规范性文件",
        "",
    ],
    # line 6: unknown validity
    ["", "凤凰县旅游发展规划", "", "2024-05-06", "", "", "", "规划计划", "作废", "", "", ""],
    # line 7: duplicate index number of line 5
    ["FH-2024-0005", "重复索引号的文件", "", "2024-05-06", "", "", "", "", "", "", "", ""],
    # line 8: published before created
    ["", "凤凰县错误日期文件", "", "2024-05-06", "", "2024-05-01", "", "", "", "", "", ""],
    # line 9: good draft, no 发布日期
    [
        "",
        "凤凰县2025年重点项目计划（征求意见稿）",
        "",
        "2025-06-01",
        "",
        "",
        "",
        "规划计划",
        "",
        "",
        "k-zdjsxm",
        "",
    ],
]


def test_csv_import_reports_bad_rows_by_line_and_loads_the_rest(tmp_path, fenghuang_gov):
    path = tmp_path / "catalogue.csv"
    write_csv(path, ROWS)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_documents", str(path), agency=fenghuang_gov.usci, stdout=out, stderr=err
        )
    errors = err.getvalue()
    for line, words in [
        (3, "名称"),
        (4, "生成日期"),
        (6, "有效性"),
        (7, "索引号"),
        (8, "发布日期"),
    ]:
        assert f"第{line}行" in errors and words in errors, (line, errors)
    for line in (2, 5, 9):
        assert f"第{line}行" not in errors
    assert "成功 3 行，失败 5 行" in out.getvalue()
    on_time = Document.objects.get(title="凤凰县2024年财政预算执行情况")
    assert (
        on_time.status == "published"
        and not on_time.published_late
        and on_time.column.code == "k-czyjs"
    )
    late = Document.objects.get(index_no="FH-2024-0005")
    assert late.published_late and late.validity == "repealed" and late.column.code == "g20-01"
    assert late.published_on == dt.date(2024, 4, 1)
    draft = Document.objects.get(title__startswith="凤凰县2025年重点项目计划")
    assert draft.status == "draft" and draft.index_no.startswith(fenghuang_gov.usci)


def test_gb18030_csv_and_xlsx_load_cleanly(tmp_path, fenghuang_gov):
    path = tmp_path / "gbk.csv"
    write_csv(path, [ROWS[0]], encoding="gb18030")
    out = io.StringIO()
    call_command(
        "import_documents", str(path), agency=fenghuang_gov.usci, stdout=out, stderr=io.StringIO()
    )
    assert "成功 1 行，失败 0 行" in out.getvalue()
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(
        [
            "",
            "凤凰县2023年旅游接待统计快报",
            "",
            dt.datetime(2023, 4, 3),
            "",
            dt.datetime(2023, 4, 10),
            "",
            "统计信息",
            "",
            "",
            "g20-04",
            "",
        ]
    )
    book.active.append(["", "", "", "", "", "", "", "", "", "", "", ""])  # blank rows are skipped
    xlsx = tmp_path / "catalogue.xlsx"
    book.save(xlsx)
    out = io.StringIO()
    call_command(
        "import_documents", str(xlsx), agency=fenghuang_gov.usci, stdout=out, stderr=io.StringIO()
    )
    assert "成功 1 行，失败 0 行" in out.getvalue()
    assert Document.objects.get(title="凤凰县2023年旅游接待统计快报").published_on == dt.date(
        2023, 4, 10
    )


def test_unknown_agency_file_and_format_are_errors(tmp_path, fenghuang_gov):
    with pytest.raises(CommandError, match="单位不存在"):
        call_command("import_documents", str(tmp_path / "x.csv"), agency="91000000000000000X")
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import_documents", str(tmp_path / "none.csv"), agency=fenghuang_gov.usci)
    other = tmp_path / "x.txt"
    other.write_text("a")
    with pytest.raises(CommandError, match="xlsx"):
        call_command("import_documents", str(other), agency=fenghuang_gov.usci)


def test_help_documents_the_columns():
    from zhengwu.disclosure.management.commands.import_documents import Command

    assert "索引号" in Command.help and "生成日期" in Command.help and "有效性" in Command.help
