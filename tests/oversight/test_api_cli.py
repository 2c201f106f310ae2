"""The API (scoped, refusals as JSON codes) and the roster import (XLSX through the page, CSV
through the CLI: per-row errors by line, nothing half-loaded)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from zhengwu.core.models import AuditEvent
from zhengwu.org.demo import DEMO_PASSWORD
from zhengwu.oversight.models import Item, Supervisor

from .conftest import logged_in, member

API = "/api/v1/oversight"


def post(client, path, data):
    return client.post(f"{API}{path}", data, content_type="application/json")


def test_the_life_through_the_api(npc, market, office, officer):
    supervisor = logged_in(npc.user)
    r = post(
        supervisor,
        "/findings",
        {"agency": market.usci, "kind": "suggestion", "title": "建议公开抽检结果", "text": "内容"},
    )
    assert r.status_code == 201, r.content
    item = r.json()
    assert (item["state_label"], item["supervisor"]) == ("待交办", "彭秀英")
    # confirm before anything was rectified: 409 in words
    r = post(supervisor, f"/items/{item['id']}/confirm", {})
    assert r.status_code == 409 and r.json()["code"] == "wrong_state"
    r = post(logged_in(office), f"/items/{item['id']}/assign", {"version": item["version"]})
    assert r.status_code == 200 and r.json()["due_on"]
    assigned = r.json()
    # a stale version is refused
    r = post(logged_in(officer), f"/items/{item['id']}/rectify", {"version": 1, "text": "x"})
    assert r.status_code == 409 and r.json()["code"] == "stale_version"
    r = post(
        logged_in(officer),
        f"/items/{item['id']}/rectify",
        {"version": assigned["version"], "text": "已在网站公开抽检结果"},
    )
    assert r.status_code == 200 and r.json()["state_label"] == "待确认"
    r = post(supervisor, f"/items/{item['id']}/confirm", {"note": "满意"})
    assert r.json()["state_label"] == "已办结"


def test_api_refusals(office, market, officer, luxi_office):
    old = member(office, username="rd-old", start=dt.date(2021, 1, 1), end=dt.date(2025, 12, 31))
    r = post(
        logged_in(old.user),
        "/findings",
        {"agency": market.usci, "kind": "clue", "title": "标题", "text": "内容"},
    )
    assert r.status_code == 403 and r.json()["code"] == "term_expired"
    # a body cannot keep the roster; a county office does not see the 州's
    assert logged_in(officer).get(f"{API}/supervisors").status_code == 403
    assert logged_in(luxi_office).get(f"{API}/supervisors").json() == []
    r = post(
        logged_in(luxi_office),
        "/supervisors",
        {"name": "张三", "category": "npc", "jurisdiction": "433100",
         "term_start": "2026-01-01", "term_end": "2030-12-31"},
    )  # fmt: skip
    assert r.status_code == 403
    r = post(logged_in(office), "/media", {"agency": market.usci, "outlet": "", "title": "t",
                                           "text": "x", "reported_on": "2026-12-01"})  # fmt: skip
    assert r.status_code == 422 and r.json()["field"] == "outlet"


def test_the_office_adds_and_changes_through_the_api(office):
    r = post(
        logged_in(office),
        "/supervisors",
        {"name": "龙秀兰", "category": "群众代表", "phone": "13807431111", "jurisdiction": "433101",
         "term_start": "2026-01-01", "term_end": "2028-12-31", "username": "qz-long",
         "password": DEMO_PASSWORD},
    )  # fmt: skip
    assert r.status_code == 201, r.content
    s = r.json()
    assert (s["category_label"], s["username"], s["term_label"]) == ("群众代表", "qz-long", "在任")
    r = logged_in(office).patch(
        f"{API}/supervisors/{s['id']}",
        {"version": s["version"], "term_end": "2025-12-31", "term_start": "2023-01-01"},
        content_type="application/json",
    )
    assert r.json()["term_label"] == "已期满"
    assert AuditEvent.objects.filter(
        action="oversight.supervisor_changed", object_id=str(s["id"])
    ).exists()


def xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "类别", "工作单位及职务", "联系电话", "监督范围区划代码", "聘任起始日",
                  "聘任截止日"])  # fmt: skip
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("名册.xlsx", out.getvalue())


def test_the_xlsx_import_loads_nothing_when_a_row_is_wrong(office):
    client = logged_in(office)
    rows = [
        ["向天明", "人大代表", "泸溪县人大代表", "13907430001", "433122", "2026-01-01", "2030-12-31"],
        ["石翠兰", "政协常委", "", "", "433122", "2026年1月1日", "2030年12月31日"],
        ["杨建国", "群众代表", "", "123", "433199", "2026-01-01", "2030-12-31"],
    ]  # fmt: skip
    r = client.post("/workbench/oversight/supervisors/import/", {"file": xlsx(rows)})
    assert r.status_code == 422
    page = r.content.decode()
    assert "第3行" in page and "第4行：区划代码“433199”不存在" in page
    assert not Supervisor.objects.filter(name="向天明").exists()
    rows[1][1], rows[2][3], rows[2][4] = "政协委员", "", "433122"
    r = client.post("/workbench/oversight/supervisors/import/", {"file": xlsx(rows)}, follow=True)
    assert "导入完成：新增3名、更新0名监督员" in r.content.decode()
    assert Supervisor.objects.get(name="石翠兰").term_end == dt.date(2030, 12, 31)


def test_the_cli_import(office, tmp_path):
    path = tmp_path / "名册.csv"
    path.write_text(
        "姓名,类别,工作单位及职务,联系电话,监督范围区划代码,聘任起始日,聘任截止日\n"
        "滕建新,特约监督员,凤凰县退休教师,13907439999,433123,2026-01-01,2028-12-31\n"
        "麻小红,人大代表,,,433123,2026-01-01,2025-12-31\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何一行"):
        call_command("import_supervisors", str(path), "--by", "admin", stderr=err)
    assert "第3行：聘任截止日不能早于起始日" in err.getvalue()
    assert not Supervisor.objects.filter(name="滕建新").exists()
    out = io.StringIO()
    with pytest.raises(CommandError, match="有1行有误"):
        call_command("import_supervisors", str(path), "--by", "admin", "--partial", stdout=out)
    assert "新增1名" in out.getvalue()
    assert Supervisor.objects.get(name="滕建新").get_category_display() == "特约监督员"
    assert not Item.objects.filter(supervisor__name="滕建新").exists()


def test_out_of_scope_items_are_not_found_through_the_api(npc, market, office, luxi_office):
    from zhengwu.org.models import Role

    from .conftest import staff, u

    r = post(
        logged_in(npc.user),
        "/findings",
        {"agency": market.usci, "kind": "clue", "title": "标题", "text": "内容"},
    )
    item = r.json()
    # a county office may not assign the 州's (吉首's body is not under 泸溪县)
    r = post(logged_in(luxi_office), f"/items/{item['id']}/assign", {})
    assert r.status_code == 404
    post(logged_in(office), f"/items/{item['id']}/assign", {})
    other = staff("api-other", Role.DEPT_OFFICER, agency=u("handler").roles.get().agency)
    r = post(logged_in(other), f"/items/{item['id']}/rectify", {"text": "已整改"})
    assert r.status_code == 404
    assert Item.objects.get(pk=item["id"]).state == Item.ASSIGNED_
