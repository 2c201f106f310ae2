"""manage.py import_documents: bad rows reported by line, good rows loaded, non-zero exit."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from zhengwu.core import audit
from zhengwu.core.models import AuditEvent, Clock
from zhengwu.disclosure import imports, services
from zhengwu.disclosure.models import Document, DocumentVersion
from zhengwu.search import index

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


@pytest.mark.parametrize("batch", [2000, 2])
def test_csv_import_reports_bad_rows_by_line_and_loads_the_rest(tmp_path, fenghuang_gov, batch):
    path = tmp_path / "catalogue.csv"
    write_csv(path, ROWS)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_documents",
            str(path),
            agency=fenghuang_gov.usci,
            batch=batch,
            partial=True,
            stdout=out,
            stderr=err,
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
    assert "校验完成：共 8 行，5 行有误，3 行待导入" in out.getvalue()
    assert "已处理 8/8 行（成功 3，失败 5）" in out.getvalue()  # progress, with the rate
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


def row(title, created, published="", index_no="", column="g20-04"):
    return [index_no, title, "", created, "", published, "", "", "", "", column, "正文"]


def test_generated_index_numbers_are_those_of_one_by_one_creation(
    tmp_path, fenghuang_gov, settings
):
    settings.ZHENGWU_DISCLOSURE_INDEX_SCHEME = "FH{jurisdiction}-{year}-{seq:04d}"
    years = [2023, 2024, 2023, 2023, 2024, 2022, 2023]
    with transaction.atomic():  # what next_index_no gives one by one, then forgotten
        skipped = services.next_index_no(fenghuang_gov, 2023)
        transaction.set_rollback(True)
    # A document already holds the next 2023 number: both paths must skip it.
    write_csv(tmp_path / "held.csv", [row("已占用索引号的文件", "2023-01-05", index_no=skipped)])
    call_command(
        "import_documents",
        str(tmp_path / "held.csv"),
        agency=fenghuang_gov.usci,
        stdout=io.StringIO(),
    )
    with transaction.atomic():
        expected = [services.next_index_no(fenghuang_gov, y) for y in years]
        transaction.set_rollback(True)
    assert skipped not in expected and expected[0] != expected[2]
    path = tmp_path / "years.csv"
    write_csv(path, [row(f"索引号测试{k}", f"{y}-03-0{k % 5 + 1}") for k, y in enumerate(years)])
    call_command(
        "import_documents", str(path), agency=fenghuang_gov.usci, batch=3, stdout=io.StringIO()
    )
    got = [Document.objects.get(title=f"索引号测试{k}").index_no for k in range(len(years))]
    assert got == expected
    assert got[0].startswith("FH433123-2023-")


def test_import_keeps_the_audit_chain_and_reaches_search(tmp_path, fenghuang_gov):
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    rows = [
        row("凤凰县沱江河道治理工程公示", "2024-05-06", "2024-05-08"),
        row("凤凰县南方长城景区票价调整听证公告", "2024-06-03", "2024-08-30"),
        row("凤凰县苗绣非遗传承计划（草稿）", "2025-01-06"),
    ]
    path = tmp_path / "ok.csv"
    write_csv(path, rows)
    call_command(
        "import_documents", str(path), agency=fenghuang_gov.usci, batch=2, stdout=io.StringIO()
    )
    docs = list(Document.objects.filter(title__in=[r[1] for r in rows]).order_by("id"))
    assert [d.status for d in docs] == ["published", "published", "draft"]
    assert [d.published_late for d in docs] == [False, True, False]
    events = list(AuditEvent.objects.filter(id__gt=last).order_by("id"))
    assert [(e.action, e.object_id) for e in events] == [
        ("disclosure.document.import", str(d.pk)) for d in docs
    ]
    assert events[0].actor_label == "import_documents"
    assert events[1].after["index_no"] == docs[1].index_no
    verdict = audit.verify()
    assert verdict.ok, verdict.problem
    for doc in docs:
        version = DocumentVersion.objects.get(document=doc)
        assert version.number == 1 and version.note == "导入"
        assert version.data["title"] == doc.title
        running = services.publication_clock(doc)
        assert running.due_date is not None
        assert (running.state == Clock.STOPPED) == (doc.status == "published")
        if doc.published_on:
            assert running.stopped_on == doc.published_on
    found = index.search("沱江河道", agency_id=fenghuang_gov.pk)
    assert [h.url for h in found.hits] == [f"/xxgk/doc/{docs[0].pk}/"]
    assert index.search("票价调整", agency_id=fenghuang_gov.pk).total == 1
    assert index.search("苗绣", agency_id=fenghuang_gov.pk).total == 0  # drafts stay out


def test_an_import_shows_at_once_on_the_cached_catalogue(tmp_path, fenghuang_gov):
    """The anonymous catalogue page is cached; an import moves the agency's pages, in one write
    for the batch, and the next visitor sees the imported documents."""
    url = f"/site/433123/xxgk/{fenghuang_gov.usci}/catalogue/"
    anonymous = Client()
    assert "凤凰县古城消防通道整治公告" not in anonymous.get(url).content.decode()
    with CaptureQueriesContext(connection) as ctx:
        assert anonymous.get(url).status_code == 200
    assert len(ctx.captured_queries) == 0  # served from the page cache
    path = tmp_path / "new.csv"
    # published today: first on the catalogue, before the demo's (trading notices among them)
    today = timezone.localdate()
    made = (today - dt.timedelta(days=2)).isoformat()
    write_csv(path, [row("凤凰县古城消防通道整治公告", made, today.isoformat())])
    call_command("import_documents", str(path), agency=fenghuang_gov.usci, stdout=io.StringIO())
    assert "凤凰县古城消防通道整治公告" in anonymous.get(url).content.decode()


def test_a_batch_refused_by_the_database_leaves_nothing_half_written(tmp_path, fenghuang_gov):
    """Another writer takes a 索引号 of the file between validation and its batch: that batch is
    rolled back whole (its reserved numbers too) and its rows retried one by one."""
    titles = [f"并发导入测试{k}" for k in range(6)]
    rows = [row(t, "2024-04-01") for t in titles]
    rows[4][0] = "FH-CONCURRENT-1"  # line 6, in the third batch of two
    with transaction.atomic():
        expected = [services.next_index_no(fenghuang_gov, 2024) for _ in range(5)]
        transaction.set_rollback(True)

    def other_writer(report):
        if report.loaded == 2:  # after the first batch, before the third
            imports.import_rows(
                fenghuang_gov,
                [
                    (
                        2,
                        {
                            "名称": "抢先的文件",
                            "生成日期": "2024-04-01",
                            "索引号": "FH-CONCURRENT-1",
                        },
                    )
                ],
            )

    versions, clocks = DocumentVersion.objects.count(), Clock.objects.count()
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    report = imports.import_rows(
        fenghuang_gov,
        [(n, dict(zip(HEADER, r, strict=True))) for n, r in enumerate(rows, start=2)],
        batch=2,
        progress=other_writer,
        partial=True,
    )
    assert report.errors == [(6, "索引号“FH-CONCURRENT-1”已存在")]
    assert report.loaded == 5
    loaded = Document.objects.filter(title__startswith="并发导入测试")
    assert sorted(d.title for d in loaded) == sorted(titles[:4] + titles[5:])  # each once
    # No gap left by the rolled-back reservation: the numbers of one-by-one creation. The
    # other writer's row kept its own 索引号, so it took none of them.
    assert [d.index_no for d in loaded.order_by("id")] == expected
    new = Document.objects.filter(title__in=[*titles, "抢先的文件"])
    assert DocumentVersion.objects.count() - versions == new.count() == 6
    assert Clock.objects.count() - clocks == 6
    assert AuditEvent.objects.filter(id__gt=last).count() == 6
    assert audit.verify().ok


def test_help_documents_the_columns():
    from zhengwu.disclosure.management.commands.import_documents import Command

    assert "索引号" in Command.help and "生成日期" in Command.help and "有效性" in Command.help


def test_a_register_with_excel_dates_and_loose_headers_loads_whole_or_not_at_all(
    tmp_path, fenghuang_gov
):
    """Issue 21 §1: headers with stray spaces and full-width brackets, dates as registers write
    them; a bad row stops the whole file unless --partial, --dry-run loads nothing."""
    book = Workbook()
    book.active.append(["索引号", " 名 称 ", "成文日期", "发布日期", "有效性", "体裁"])
    book.active.append(
        [
            "",
            "凤凰县2024年第一号通告",
            dt.datetime(2024, 3, 1),
            "2024年3月5日",
            "现行有效",
            "通知公告",
        ]
    )
    book.active.append(
        ["", "凤凰县2024年第二号通告", "2024/3/2", dt.date(2024, 3, 6), " 已废止 ", "通知公告"]
    )
    book.active.append(
        ["", "凤凰县2024年第三号通告", "２０２４－０３－０３", "", "作废", "通知公告"]
    )
    path = tmp_path / "目录.xlsx"
    book.save(path)
    titles = Document.objects.filter(title__startswith="凤凰县2024年第")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 行有误"):
        call_command(
            "import_documents",
            str(path),
            agency=fenghuang_gov.usci,
            dry_run=True,
            stdout=out,
            stderr=err,
        )
    assert "第4行：有效性“作废”无法识别，最接近的有效值：" in err.getvalue()
    assert "试运行（未导入）：共 3 行，2 行正确，1 行有误" in out.getvalue()
    assert not titles.exists()
    with pytest.raises(CommandError, match="整个文件未导入.*--partial"):
        call_command(
            "import_documents",
            str(path),
            agency=fenghuang_gov.usci,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert not titles.exists()
    with pytest.raises(CommandError, match="1 行未能导入"):
        call_command(
            "import_documents",
            str(path),
            agency=fenghuang_gov.usci,
            partial=True,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    got = {d.title: (d.created_on, d.published_on, d.validity) for d in titles}
    assert got == {
        "凤凰县2024年第一号通告": (dt.date(2024, 3, 1), dt.date(2024, 3, 5), "valid"),
        "凤凰县2024年第二号通告": (dt.date(2024, 3, 2), dt.date(2024, 3, 6), "repealed"),
    }
