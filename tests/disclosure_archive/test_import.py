"""import_archive: a register as offices keep it; a bad row loads nothing and is reported."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from zhengwu.disclosure.archive.models import OfficialDocument

from .conftest import PDF, docx_bytes

pytestmark = pytest.mark.django_db

HEADER = [
    "序号", "发文字号", "文件标题", "文种", "密级", "保密期限", "紧急程度", "签发人", "主送机关",
    "抄送机关", "成文日期", "印发机关", "印发日期", "份号", "公开属性", "不予公开理由/依据",
    "附注", "文件名",
]  # fmt: skip


def row(n, **v):
    base = {
        "序号": n,
        "发文字号": f"吉政办发〔2024〕{n}号",
        "文件标题": f"关于第{n}项工作的通知",
        "文种": "通知",
        "成文日期": dt.datetime(2024, 3, n),  # an Excel date cell
        "公开属性": "依申请公开",
    }
    return [(base | v).get(h, "") for h in HEADER]


def xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(tmp_path, rows):
    path = tmp_path / "登记簿.xlsx"
    path.write_bytes(xlsx(rows))
    return str(path)


def ours(gov):
    return OfficialDocument.objects.filter(agency=gov, doc_number__startswith="吉政办发〔2024〕")


GOOD = [
    row(1, 文件标题="关于做好防汛工作的通知", 文件名="防汛.docx"),
    row(2, 文种="请示", 签发人="张三", 成文日期="2024年3月2日", 公开属性="主动公开"),
    row(3, 密级="机密★20年", 份号=7, 公开属性="不予公开", **{"不予公开理由/依据": "国家秘密"}),
    row(
        4,
        密级="秘密",
        保密期限=dt.datetime(2030, 6, 30),
        份号="000008",
        公开属性="不公开",
        **{"不予公开理由/依据": "第十四条：国家秘密"},
    ),
    row(
        5, 公开属性="不予公开", **{"不予公开理由/依据": "过程性信息"}, 发文字号="吉政办发[2024]5号"
    ),
]
BAD = [
    row(6, 文种="指示"),
    row(7, 发文字号="吉政办发〔2024〕第7号"),
    row(8, 密级="机密", 公开属性="不予公开", **{"不予公开理由/依据": "国家秘密"}),
    row(9, 公开属性="不予公开"),
    row(10, 成文日期="2024年13月1日"),
]


def test_a_register_with_bad_rows_loads_nothing_and_reports_each_line(tmp_path, gov):
    path = write(tmp_path, GOOD + BAD)
    err = io.StringIO()
    with pytest.raises(CommandError, match="5 行有错误，整个文件未导入"):
        call_command("import_archive", path, agency=gov.usci, stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("第7行：文种“指示”无法识别")
    assert lines[1].startswith("第8行：发文字号") and "不加“第”字" in lines[1]
    assert lines[2] == "第9行：机密公文应标注份号（6位数字，如 000001）"
    assert lines[3].startswith("第10行：不予公开的公文应选择不予公开依据")
    assert lines[4].startswith("第11行：成文日期“2024年13月1日”不是有效日期")
    assert not ours(gov).exists()


def test_partial_loads_the_good_rows_and_parses_as_offices_write(tmp_path, gov):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "防汛.docx").write_bytes(docx_bytes("防汛抢险物资"))
    path = write(tmp_path, GOOD + BAD)
    with pytest.raises(CommandError, match="5 行未导入"):
        call_command(
            "import_archive", path, agency=gov.usci, partial=True, files=str(folder),
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    got = {r.doc_number: r for r in ours(gov)}
    assert len(got) == 5
    first = got["吉政办发〔2024〕1号"]
    assert first.written_on == dt.date(2024, 3, 1) and "防汛抢险物资" in first.files.get().text
    assert got["吉政办发〔2024〕2号"].written_on == dt.date(2024, 3, 2)
    assert got["吉政办发〔2024〕2号"].attribute == OfficialDocument.PROACTIVE
    third = got["吉政办发〔2024〕3号"]
    assert (third.secrecy, third.secrecy_years, third.copy_number) == ("confidential", 20, "000007")
    fourth = got["吉政办发〔2024〕4号"]
    assert fourth.secrecy == "secret" and fourth.secrecy_until == dt.date(2030, 6, 30)
    assert got["吉政办发〔2024〕5号"].withheld_ground == "s16_process"


def test_dry_run_checks_only(tmp_path, gov):
    out = io.StringIO()
    call_command(
        "import_archive", write(tmp_path, GOOD[1:]), agency=gov.usci, dry_run=True, stdout=out
    )
    assert "试运行（未导入）：共 4 行，4 行正确，0 行有错误" in out.getvalue()
    assert not ours(gov).exists()


def test_a_file_for_a_secret_row_is_refused(tmp_path, gov):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "密.pdf").write_bytes(PDF)
    rows = [row(3, 密级="机密★20年", 份号="000007", 公开属性="不予公开", 文件名="密.pdf",
                **{"不予公开理由/依据": "国家秘密"})]  # fmt: skip
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_archive", write(tmp_path, rows), agency=gov.usci, files=str(folder), stderr=err
        )
    assert "第2行：涉密公文不能附文件" in err.getvalue()


def test_the_import_page_reports_the_same(tmp_path, gov, officer):
    c = Client()
    c.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    upload = SimpleUploadedFile("登记簿.xlsx", xlsx(GOOD[1:] + BAD[:1]))
    r = c.post("/workbench/archive/import/", {"agency": gov.usci, "file": upload})
    assert r.status_code == 422 and "第6行：文种“指示”无法识别" in r.text
    assert not ours(gov).exists()
    upload = SimpleUploadedFile("登记簿.xlsx", xlsx(GOOD[1:]))
    r = c.post("/workbench/archive/import/", {"agency": gov.usci, "file": upload})
    assert r.status_code == 200 and "导入 4 件" in r.text
    assert ours(gov).count() == 4
