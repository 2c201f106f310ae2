"""XLSX import and export: bad rows reported by sheet and line, good rows loaded, round trip."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from zhengwu.services import services, transfer
from zhengwu.services.models import Item

pytestmark = pytest.mark.django_db


def _two_items(make_item, village):
    a = make_item(
        "食品经营许可（导入测试）",
        jurisdiction=village,
        result_name="食品经营许可证",
        themes="食品药品,开办企业",
        fees=[
            {
                "name": "工本费",
                "standard": "10元/证",
                "amount_yuan": "10",
                "basis": "发改价格〔2004〕2831号",
            }
        ],
        materials=[
            {"name": "申请书"},
            {"name": "授权委托书", "situation": "委托他人办理的", "required": False},
        ],
    )
    b = make_item(
        "残疾人两项补贴（导入测试）",
        jurisdiction=village,
        visits=0,
        visit_reason="",
        online=True,
        by_agent=True,
    )
    return a, b


def _snapshot(item):
    return (
        {f: getattr(item, f) for f in services.EDITABLE},
        item.item_type_id,
        item.agency_id,
        item.jurisdiction_id,
        item.basic_code,
        services.material_rows(item),
        services.fee_rows(item),
        services.step_rows(item),
    )


def test_export_import_round_trip(make_item, village, admin_user):
    a, b = _two_items(make_item, village)
    before = {i.implementation_code: _snapshot(i) for i in (a, b)}
    data = transfer.export(village)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["事项", "申请材料", "收费项目", "办理流程"]
    assert wb["事项"].max_row == 3 and wb["申请材料"].max_row == 5 and wb["收费项目"].max_row == 2
    # Unchanged catalogue: nothing to do.
    report = transfer.load(data, by=admin_user)
    assert (report.created, report.revised, report.unchanged, report.errors) == (0, 0, 2, [])
    # Into an empty place: the same items come back.
    Item.objects.filter(pk__in=[a.pk, b.pk]).delete()
    report = transfer.load(data, by=admin_user)
    assert (report.created, report.errors) == (2, [])
    after = {i.implementation_code: _snapshot(i) for i in Item.objects.filter(jurisdiction=village)}
    assert after == before


def test_changed_row_makes_a_new_version(make_item, village, admin_user):
    a, _ = _two_items(make_item, village)
    wb = load_workbook(io.BytesIO(transfer.export(village)))
    ws = wb["事项"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == a.implementation_code:
            row[head.index("承诺办结时限")].value = 4
    out = io.BytesIO()
    wb.save(out)
    report = transfer.load(out.getvalue(), by=admin_user)
    assert (report.revised, report.unchanged) == (1, 1)
    new = Item.objects.get(implementation_code=a.implementation_code, state=Item.ACTIVE)
    assert (new.version, new.promised_limit) == (2, 4)


def _bad_workbook(make_item, village):
    _two_items(make_item, village)
    data = transfer.export(village)
    Item.objects.filter(jurisdiction=village).delete()
    wb = load_workbook(io.BytesIO(data))
    items, steps, materials = wb["事项"], wb["办理流程"], wb["申请材料"]
    head = [c.value for c in items[1]]
    good = [c.value for c in items[2]]
    bad_unit = list(good)
    bad_unit[0], bad_unit[head.index("法定时限单位")] = "BAD-UNIT-1", "周"
    no_reason = list(good)
    no_reason[0], no_reason[head.index("必须现场办理原因")] = "BAD-REASON-2", ""
    no_reason[head.index("到办事现场次数")] = 2
    items.append(bad_unit)  # line 4
    items.append(no_reason)  # line 5
    materials.append(["NOWHERE", "", 1, "", "身份证", "是", "是", 1, "", ""])  # line 6
    second = items[3][0].value
    steps.append([second, "", 9, "x", "送达", "清洁工", 1])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), second


def test_bad_rows_are_reported_by_sheet_and_line_and_good_rows_load(make_item, village, admin_user):
    data, second = _bad_workbook(make_item, village)
    report = transfer.load(data, by=admin_user, partial=True)
    assert report.created == 1
    errors = {(sheet, line): message for sheet, line, message in report.errors}
    assert "不在代码表中" in errors[("事项", 4)]
    assert "必须现场办理的原因" in errors[("事项", 5)]
    assert "整项未导入" in errors[("事项", 3)]  # the item whose step row is bad
    assert "NOWHERE" in errors[("申请材料", 6)]
    assert any(sheet == "办理流程" and "不在代码表中" in m for sheet, _, m in report.errors)
    assert not Item.objects.filter(implementation_code=second).exists()


def test_import_command_reports_and_fails_on_errors(make_item, village, tmp_path):
    data, _ = _bad_workbook(make_item, village)
    path = tmp_path / "items.xlsx"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_items", str(path), "--user", "admin", stdout=out, stderr=err)
    assert "工作表“事项”第4行" in err.getvalue()
    assert "工作表“事项”第5行" in err.getvalue()  # found by trying the item, then undone
    assert "未导入：校验可新增 1 项" in out.getvalue()
    assert not Item.objects.filter(implementation_code__startswith="BAD-").exists()
    count = Item.objects.count()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_items", str(path), "--user", "admin", "--dry-run", stdout=out, stderr=err
        )
    assert "试运行，未导入" in out.getvalue() and Item.objects.count() == count
    out = io.StringIO()
    with pytest.raises(CommandError, match="未能导入"):
        call_command(
            "import_items", str(path), "--user", "admin", "--partial", stdout=out, stderr=err
        )
    assert "新增 1 项" in out.getvalue() and Item.objects.count() == count + 1


def test_headers_with_full_width_and_stray_spaces_are_matched(make_item, village, admin_user):
    _two_items(make_item, village)
    data = transfer.export(village)
    Item.objects.filter(jurisdiction=village).delete()
    wb = load_workbook(io.BytesIO(data))
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            if cell.value == "金额（元）":
                cell.value = " 金额(元) "
            elif cell.value == "实施编码":
                cell.value = "实施 编码"
    out = io.BytesIO()
    wb.save(out)
    report = transfer.load(out.getvalue(), by=admin_user)
    assert report.errors == [] and report.created == 2


def test_import_command_bad_file_and_user(tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import_items", str(tmp_path / "none.xlsx"), stdout=io.StringIO())
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_items", str(junk), stdout=io.StringIO(), stderr=err)
    assert "xlsx" in err.getvalue()
    with pytest.raises(CommandError, match="不存在或已停用"):
        call_command("import_items", str(junk), "--user", "nobody", stdout=io.StringIO())


def test_export_and_cleanup_commands(tmp_path):
    path = tmp_path / "jishou.xlsx"
    out = io.StringIO()
    call_command("export_items", "--jurisdiction", "433101", str(path), stdout=out)
    assert path.stat().st_size > 0 and "已写入" in out.getvalue()
    with pytest.raises(CommandError, match="不存在"):
        call_command("export_items", "--jurisdiction", "999", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "item_cleanup_report",
        "--year",
        "2025",
        "--jurisdiction",
        "433101",
        "--xlsx",
        str(tmp_path / "r.xlsx"),
        stdout=out,
    )
    text = out.getvalue()
    # The demo's 2025 clean-up at 吉首: 1 merged, 2 cancelled, 3 revised, 1 fee cut.
    assert "吉首市\t0\t1\t2\t3\t1" in text
    with pytest.raises(CommandError):
        call_command("item_cleanup_report", "--year", "1800", stdout=io.StringIO())


@pytest.mark.parametrize(
    "amount,message",
    [
        ("NaN", "“金额（元）”须为有限的数字"),
        ("0.001", "“金额（元）”最多保留两位小数"),
        ("1e30", "“金额（元）”超出上限（最大 99,999,999.99 元）"),
    ],
)
def test_a_nonsense_fee_amount_is_a_row_error(make_item, village, admin_user, amount, message):
    _two_items(make_item, village)
    data = transfer.export(village)
    Item.objects.filter(jurisdiction=village).delete()
    wb = load_workbook(io.BytesIO(data))
    fees = wb["收费项目"]
    head = [c.value for c in fees[1]]
    fees.cell(row=2, column=head.index("金额（元）") + 1).value = amount
    out = io.BytesIO()
    wb.save(out)
    report = transfer.load(out.getvalue(), by=admin_user, partial=True)
    assert ("收费项目", 2, message) in report.errors
    assert report.created == 1  # the item without fees loads; the one with the bad fee does not
