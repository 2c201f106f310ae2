"""/api/v1/public-bodies/: the public catalogue, registering (one or a spreadsheet), the sectors,
with their refusals."""

import io
import json

from django.test import Client
from openpyxl import Workbook

from zhengwu.disclosure.public_bodies.models import PublicBody

from .conftest import JISHOU, logged_in, school_data

API = "/api/v1/public-bodies"


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_register_then_read_it_publicly(admin):
    response = _post(logged_in(admin), f"{API}/", school_data())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sector"] == "教育" and body["supervisor"] == "吉首市教育局"
    assert [c["name"] for c in body["columns"]][:2] == ["学校概况", "招生信息"]
    assert body["contact_phone"] == "139****1234"
    found = Client().get(f"{API}/{body['usci']}").json()
    assert found["columns"][0]["state"] == "暂无内容"
    listed = Client().get(f"{API}/", {"jurisdiction": JISHOU, "sector": "jy"}).json()
    assert [b["name"] for b in listed] == ["吉首市测试学校1"]


def test_refusals_are_json_with_a_code(admin, luxi_admin):
    bad = _post(logged_in(admin), f"{API}/", school_data(usci="123"))
    assert bad.status_code == 422 and bad.json()["code"] == "usci_length"
    refused = _post(logged_in(luxi_admin), f"{API}/", school_data())
    assert refused.status_code == 403
    anonymous = _post(Client(), f"{API}/", school_data())
    assert anonymous.status_code == 401
    assert Client().get(f"{API}/91433101MA4L000000").status_code == 404
    sector = Client().put(
        f"{API}/sectors/jy",
        json.dumps({"name": "教育", "columns": ["x"]}),
        content_type="application/json",
    )
    assert sector.status_code == 401
    county = logged_in(luxi_admin).put(
        f"{API}/sectors/jy",
        json.dumps({"name": "教育", "columns": ["x"]}),
        content_type="application/json",
    )
    assert county.status_code == 403


def test_the_office_sets_a_sectors_columns(admin):
    response = logged_in(admin).put(
        f"{API}/sectors/gs",
        json.dumps({"name": "供水", "basis": "实施办法", "columns": ["企业基本信息", "水质信息"]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["columns"] == ["企业基本信息", "水质信息"]
    sectors = {s["code"]: s for s in Client().get(f"{API}/sectors").json()}
    assert sectors["gs"]["columns"] == ["企业基本信息", "水质信息"]


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "单位名称", "区划代码", "行业", "主管部门"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_import_reports_rows_and_loads_all_or_nothing(admin):
    one, two = school_data(7), school_data(8)
    sheet = _xlsx(
        [
            [one["usci"], one["name"], JISHOU, "教育", "吉首市教育局"],
            [two["usci"], two["name"], JISHOU, "殡葬", "吉首市教育局"],
            [one["usci"], "重复", JISHOU, "教育", "吉首市教育局"],
        ]
    )
    client = logged_in(admin)
    bad = client.post(f"{API}/import", {"file": io.BytesIO(sheet)})
    assert bad.status_code == 422
    message = bad.json()["message"]
    assert (
        "第3行：行业“殡葬”不存在" in message and "第4行：与第2行的统一社会信用代码重复" in message
    )
    assert not PublicBody.objects.filter(agency__usci=one["usci"]).exists()
    checked = client.post(f"{API}/import?dry_run=true", {"file": io.BytesIO(sheet)})
    assert checked.json() | {"errors": []} == {"total": 3, "loaded": 0, "errors": []}
    partial = client.post(f"{API}/import?partial=true", {"file": io.BytesIO(sheet)})
    assert partial.status_code == 200 and partial.json()["loaded"] == 1
    headerless = client.post(f"{API}/import", {"file": io.BytesIO(_xlsx([])[:10])})
    assert headerless.status_code == 422


def test_the_command_line_import(db, tmp_path):
    from django.core.management import CommandError, call_command

    one = school_data(9)
    path = tmp_path / "登记表.csv"
    path.write_text(
        "统一社会信用代码,单位名称,区划代码,行业,主管部门\n"
        f"{one['usci']},{one['name']},{JISHOU},教育,吉首市教育局\n"
        f"{one['usci'][:-1]}0,吉首市坏学校,{JISHOU},教育,吉首市教育局\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    try:
        call_command("import_public_bodies", str(path), stdout=out, stderr=io.StringIO())
    except CommandError as e:
        assert "未登记任何单位" in str(e)
    else:
        raise AssertionError("a bad row must fail the command")
    assert not PublicBody.objects.filter(agency__usci=one["usci"]).exists()
    call_command("import_public_bodies", str(path), "--partial", stdout=out, stderr=io.StringIO())
    assert "共2行，登记1个，有误1行" in out.getvalue()
    assert PublicBody.objects.get(agency__usci=one["usci"]).supervisor.name == "吉首市教育局"
