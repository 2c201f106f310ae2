"""The service network through the API (/api/v1/org/…) and the workbook (XLSX import/export,
page, API and CLI): the same rules, the same refusals, errors by sheet and line."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from tests.org.test_network import DONGHE, JISHOU, LUXI, a_village, admin_of, logged_in, new_agency
from zhengwu.core.models import AuditEvent
from zhengwu.org import network_sheets
from zhengwu.org.models import Jurisdiction, Role, RoleAssignment, ServiceCentre, User, Window

STRONG = "Chushi-Mima-2026"


@pytest.fixture
def jishou(db):
    return logged_in(admin_of(JISHOU, "jishou-office"))


@pytest.fixture
def luxi(db):
    return logged_in(admin_of(LUXI, "luxi-office"))


def test_centres_windows_and_agents_through_the_api(jishou):
    made = jishou.post(
        "/api/v1/org/centres",
        {
            "jurisdiction": DONGHE,
            "name": "峒河街道新便民服务中心",
            "kind": "township",
            "floor_area": 320,
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["kind_label"] == "乡镇（街道）便民服务中心" and body["floor_area"] == 320.0
    agency = new_agency(JISHOU, 92001, "吉首市接口测试局")
    window = jishou.post(
        f"/api/v1/org/centres/{body['id']}/windows",
        {"number": "01", "name": "综合窗口", "agencies": [agency.usci]},
        content_type="application/json",
    )
    assert window.status_code == 422  # 吉首市's agency is not 峒河街道's
    assert window.json()["code"] == "agency_outside"
    centre = ServiceCentre.objects.get(name="吉首市政务服务中心")
    window = jishou.post(
        f"/api/v1/org/centres/{centre.pk}/windows",
        {"number": "77", "name": "综合窗口", "agencies": [agency.usci]},
        content_type="application/json",
    )
    assert window.status_code == 201 and window.json()["agencies"] == [agency.usci]
    bad_kind = jishou.post(
        "/api/v1/org/centres",
        {"jurisdiction": JISHOU, "name": "吉首市便民服务室", "kind": "room"},
        content_type="application/json",
    )
    assert bad_kind.status_code == 422 and bad_kind.json()["code"] == "kind_level_mismatch"
    village = a_village()
    room = ServiceCentre.objects.filter(
        jurisdiction=village
    ).first() or ServiceCentre.objects.create(
        jurisdiction=village, name="接口测试便民服务室", kind="room"
    )
    RoleAssignment.objects.filter(centre=room).delete()
    agent = jishou.post(
        "/api/v1/org/staff",
        {
            "username": "api-agent",
            "real_name": "田代办",
            "password": STRONG,
            "role": Role.VILLAGE_AGENT,
            "jurisdiction": village.code,
            "centre_id": room.pk,
        },
        content_type="application/json",
    )
    assert agent.status_code == 201 and agent.json()["must_change_password"] is True
    detail = jishou.get(f"/api/v1/org/centres/{room.pk}").json()
    assert detail["agents"] == 1 and detail["agents_flagged"] is False


def test_a_county_office_is_refused_another_countys_network(luxi):
    refused = luxi.post(
        "/api/v1/org/centres",
        {"jurisdiction": JISHOU, "name": "越界中心", "kind": "centre"},
        content_type="application/json",
    )
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    centre = ServiceCentre.objects.get(name="吉首市政务服务中心")
    assert luxi.get(f"/api/v1/org/centres/{centre.pk}").status_code == 404
    outside = luxi.post(
        "/api/v1/org/staff",
        {
            "username": "api-outside",
            "real_name": "越界",
            "password": STRONG,
            "role": Role.SUPERVISOR,
            "jurisdiction": JISHOU,
        },
        content_type="application/json",
    )
    assert outside.status_code == 403
    assert not User.objects.filter(username="api-outside").exists()
    assert luxi.get("/api/v1/org/network/export?jurisdiction=433101").status_code == 403


def test_roles_granted_and_revoked_through_the_api(jishou):
    member = User.objects.get(username="officer")  # 吉首市市场监管局
    granted = jishou.post(
        f"/api/v1/org/staff/{member.pk}/roles",
        {"role": Role.DISCLOSURE_OFFICER, "jurisdiction": DONGHE},
        content_type="application/json",
    )
    assert granted.status_code == 201
    gone = jishou.delete(f"/api/v1/org/staff/{member.pk}/roles/{granted.json()['id']}")
    assert gone.status_code == 204
    assert not member.roles.filter(role=Role.DISCLOSURE_OFFICER).exists()
    assert AuditEvent.objects.filter(
        action="account.role_revoked", object_id=str(granted.json()["id"])
    ).exists()


def workbook(centres=(), windows=(), staff=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "服务中心"
    ws.append(["名称", "类型", "区划代码", "面积（平方米）", "负责人", "场地标准化"])
    for row in centres:
        ws.append(row)
    ws = wb.create_sheet("窗口")
    ws.append(["服务中心名称", "区划代码", "窗口号", "窗口名称", "进驻单位统一社会信用代码"])
    for row in windows:
        ws.append(row)
    ws = wb.create_sheet("工作人员")
    ws.append(
        ["用户名", "姓名", "手机号", "角色", "范围（区划代码或统一社会信用代码）", "所在服务中心"]
    )
    for row in staff:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_bad_row_is_reported_by_line_and_nothing_is_loaded(db):
    admin = admin_of(JISHOU, "xlsx-office")
    data = workbook(
        centres=[
            ["峒河街道表格便民服务中心", "便民服务中心", DONGHE, 300, "张主任", "是"],
            ["吉首市表格便民服务室", "便民服务室", JISHOU, 40, "李主任", "否"],
            ["泸溪县表格中心", "政务服务中心", LUXI, 5000, "", "是"],
        ],
        staff=[["xlsx-agent", "杨代办", "13907430077", "村级代办员", DONGHE, ""]],
    )
    report = network_sheets.import_workbook(data, by=admin)
    assert not report.loaded and report.passwords == []
    by_line = {(e["sheet"], e["line"]): e["message"] for e in report.errors}
    assert "只设在村（社区）" in by_line[("服务中心", 3)]
    assert "没有在该单位或辖区进行新建服务中心的权限" in by_line[("服务中心", 4)]
    assert "代办员须填写所在服务中心" in by_line[("工作人员", 2)]
    assert not ServiceCentre.objects.filter(name="峒河街道表格便民服务中心").exists()
    partial = network_sheets.import_workbook(data, by=admin, partial=True)
    assert partial.loaded and partial.created == 1 and len(partial.errors) == 3
    assert ServiceCentre.objects.get(name="峒河街道表格便民服务中心").std_site is True


def test_an_import_makes_accounts_with_a_password_shown_once(db):
    admin = admin_of(JISHOU, "xlsx-office")
    village = a_village()
    agency = new_agency(JISHOU, 92002, "吉首市表格测试局")
    data = workbook(
        centres=[["表格测试便民服务室", "村（社区）便民服务室", village.code, 35, "王书记", "否"]],
        windows=[["吉首市政务服务中心", JISHOU, "66", "表格窗口", agency.usci]],
        staff=[
            [
                "xlsx-agent",
                "杨代办",
                "13907430077",
                "村级代办员",
                village.code,
                "表格测试便民服务室",
            ],
            ["xlsx-clerk", "彭窗口", "", "窗口工作人员", agency.usci, ""],
        ],
    )
    checked = network_sheets.import_workbook(data, by=admin, dry_run=True)
    assert not checked.loaded and checked.errors == [] and checked.created == 4
    assert not User.objects.filter(username="xlsx-agent").exists()
    report = network_sheets.import_workbook(data, by=admin)
    assert report.loaded and report.created == 4, report.errors
    passwords = {p["username"]: p["password"] for p in report.passwords}
    assert set(passwords) == {"xlsx-agent", "xlsx-clerk"}
    agent = User.objects.get(username="xlsx-agent")
    assert agent.check_password(passwords["xlsx-agent"]) and agent.password_changed_at is None
    assert passwords["xlsx-agent"] not in agent.password
    held = agent.roles.get()
    assert held.centre.name == "表格测试便民服务室" and held.jurisdiction == village
    window = Window.objects.get(centre__name="吉首市政务服务中心", number="66")
    assert list(window.agencies.values_list("usci", flat=True)) == [agency.usci]
    event = AuditEvent.objects.filter(action="org.network_imported").latest("id")
    assert event.after["created"] == 4 and event.after["passwords"] == 2
    assert all(p not in str(event.after) for p in passwords.values())


def test_export_then_import_changes_nothing(db):
    admin = admin_of(JISHOU, "xlsx-office")
    donghe = Jurisdiction.objects.get(code=DONGHE)
    data = network_sheets.export_workbook(donghe)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["服务中心", "窗口", "工作人员"]
    rows = list(wb["服务中心"].iter_rows(values_only=True))
    assert rows[0][:3] == ("名称", "类型", "区划代码") and len(rows) > 1
    before = AuditEvent.objects.count()
    report = network_sheets.import_workbook(data, by=admin)
    assert report.loaded and report.errors == []
    assert (
        report.created == 0
        and report.updated == 0
        and report.unchanged
        == len(rows)
        - 1
        + len(list(wb["工作人员"].iter_rows()))
        - 1
        + len(list(wb["窗口"].iter_rows()))
        - 1
    )
    assert AuditEvent.objects.count() == before + 1  # only the import's own event


def test_the_page_the_api_and_the_cli_import_the_same_workbook(db, tmp_path, jishou):
    User.objects.get(username="jishou-office")
    data = workbook(centres=[["峒河街道页面便民服务中心", "便民服务中心", DONGHE, 300, "", "否"]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = jishou.post(
        "/workbench/org/network/import/",
        {"file": SimpleUploadedFile("n.xlsx", data), "dry_run": "1"},
    )
    assert page.status_code == 200 and "检查通过，未导入" in page.content.decode()
    api = jishou.post("/api/v1/org/network/import", {"file": SimpleUploadedFile("n.xlsx", data)})
    assert api.status_code == 200 and api.json()["loaded"] is True
    assert api.json()["created"] == 1
    bad = workbook(centres=[["坏行中心", "不存在的类型", DONGHE, "", "", ""]])
    page = jishou.post(
        "/workbench/org/network/import/", {"file": SimpleUploadedFile("b.xlsx", bad)}
    )
    assert page.status_code == 422
    assert (
        "第2行" in page.content.decode() and "类型“不存在的类型”无法识别" in page.content.decode()
    )
    path = tmp_path / "bad.xlsx"
    path.write_bytes(bad)
    err = io.StringIO()
    with pytest.raises(CommandError, match="没有导入任何数据"):
        call_command("import_network", str(path), "--by", "jishou-office", stderr=err)
    assert "服务中心 第2行" in err.getvalue()
    out_file = tmp_path / "out.xlsx"
    call_command("export_network", str(out_file), "--jurisdiction", DONGHE, stdout=io.StringIO())
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook(staff=[["cli-agent", "龙代办", "", "政务公开办管理员", DONGHE, ""]]))
    out = io.StringIO()
    call_command("import_network", str(good), "--by", "jishou-office", stdout=out)
    assert "新账户 cli-agent 初始密码：" in out.getvalue() and "已导入" in out.getvalue()
    exported = load_workbook(io.BytesIO(out_file.read_bytes()))
    names = [r[0] for r in exported["服务中心"].iter_rows(values_only=True)]
    assert "峒河街道页面便民服务中心" in names
