"""The staff pages (/workbench/ggqsy/) and the public ones (/xxgk/ggqsy/), with their refusals."""

import io

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from zhengwu.core.models import AuditEvent
from zhengwu.disclosure import services as disclosure
from zhengwu.disclosure.public_bodies.models import PublicBody, Sector
from zhengwu.org import services as org_services
from zhengwu.org.models import Agency

from .conftest import JISHOU, LUXI, logged_in, school_data


def _message(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_the_office_registers_a_school_on_the_page(admin):
    client = logged_in(admin)
    page = client.get("/workbench/ggqsy/")
    assert page.status_code == 200
    assert "登记公共企事业单位" in page.content.decode()
    response = client.post("/workbench/ggqsy/register/", school_data())
    body = PublicBody.objects.get(agency__name="吉首市测试学校1")
    assert response.status_code == 302
    assert response["Location"] == f"/workbench/ggqsy/{body.agency.usci}/"
    assert "已登记“吉首市测试学校1”" in _message(response)
    detail = client.get(response["Location"]).content.decode()
    assert "招生信息" in detail and "暂无内容" in detail


def test_a_bad_code_keeps_what_was_typed(admin):
    response = logged_in(admin).post(
        "/workbench/ggqsy/register/", school_data(usci="12433101MB1234567X")
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "统一社会信用代码校验码不正确" in html
    assert 'value="吉首市测试学校1"' in html


def test_a_county_office_sees_only_its_bodies_and_cannot_open_others(admin, luxi_admin, school):
    client = logged_in(luxi_admin)
    assert "吉首市测试学校1" not in client.get("/workbench/ggqsy/").content.decode()
    assert client.get(f"/workbench/ggqsy/{school.agency.usci}/").status_code == 404
    refused = client.post("/workbench/ggqsy/register/", school_data(2))
    assert refused.status_code == 403
    assert not Agency.objects.filter(name="吉首市测试学校2").exists()
    assert client.get("/workbench/ggqsy/sectors/").status_code == 403


def test_the_office_opens_the_officer_account_who_then_publishes(admin, school):
    client = logged_in(admin)
    response = client.post(
        f"/workbench/ggqsy/{school.agency.usci}/officer/",
        {"username": "jy-officer", "real_name": "王老师", "password": "Xiangxi#2026ab"},
    )
    assert response.status_code == 302
    assert "开设信息公开工作人员账户“jy-officer”" in _message(response)
    weak = client.post(
        f"/workbench/ggqsy/{school.agency.usci}/officer/",
        {"username": "jy-officer2", "real_name": "李老师", "password": "123"},
    )
    assert weak.status_code == 422
    assert 'value="jy-officer2"' in weak.content.decode()
    from zhengwu.org.models import User

    officer = User.objects.get(username="jy-officer")
    assert officer.password_changed_at is None  # the office's password: changed at first login
    org_services.change_password(officer, old="Xiangxi#2026ab", new="Wang-Laoshi-2026")
    own = logged_in(officer).get(f"/workbench/ggqsy/{school.agency.usci}/").content.decode()
    assert "在栏目中发布信息" in own
    doc = disclosure.create_draft(
        school.agency,
        {"title": "2026年秋季招生简章", "created_on": "2026-01-05", "column": "jy-02"},
        by=officer,
    )
    disclosure.submit(doc, by=officer)
    disclosure.publish(doc, by=officer)
    public = logged_in(officer).get(f"/xxgk/ggqsy/{school.agency.usci}/").content.decode()
    assert "2026年秋季招生简章" in public
    anonymous = self_client_get(f"/xxgk/ggqsy/{school.agency.usci}/")
    assert "2026年秋季招生简章" in anonymous and "招生信息" in anonymous
    assert "139****1234" in anonymous and "13907431234" not in anonymous


def self_client_get(url: str) -> str:
    from django.test import Client

    return Client().get(url).content.decode()


def test_the_public_lists_bodies_per_sector_in_the_sites_jurisdiction(school):
    assert 'href="/xxgk/ggqsy/"' in self_client_get("/xxgk/")
    index = self_client_get("/xxgk/ggqsy/")
    assert "教育" in index and "吉首市测试学校1" in index and "吉首市自来水公司" in index
    luxi = self_client_get(f"/site/{LUXI}/xxgk/ggqsy/")
    assert "泸溪县自来水公司" in luxi and "吉首市测试学校1" not in luxi
    from django.test import Client

    assert Client().get(f"/site/{LUXI}/xxgk/ggqsy/{school.agency.usci}/").status_code == 404
    assert Client().get(f"/site/{JISHOU}/xxgk/ggqsy/{school.agency.usci}/").status_code == 200


def test_the_office_edits_a_sectors_columns_on_its_page(admin, school):
    client = logged_in(admin)
    assert "学生资助" in client.get("/workbench/ggqsy/sectors/").content.decode()
    response = client.post(
        "/workbench/ggqsy/sectors/jy/",
        {"name": "教育", "basis": "测试依据", "columns": "学校概况\n招生信息\n食品安全"},
    )
    assert response.status_code == 302
    assert "已保存“教育”的公开栏目" in _message(response)
    assert Sector.objects.get(code="jy").basis == "测试依据"
    detail = client.get(f"/workbench/ggqsy/{school.agency.usci}/").content.decode()
    assert "食品安全" in detail and "学生资助" not in detail
    empty = client.post("/workbench/ggqsy/sectors/jy/", {"name": "教育", "columns": ""})
    assert empty.status_code == 422
    assert "请至少填写一个公开栏目" in empty.content.decode()
    new = client.post(
        "/workbench/ggqsy/sectors/",
        {"name": "殡葬服务", "code": "bz", "columns": "服务项目\n收费标准"},
    )
    assert new.status_code == 302 and "已新增行业“殡葬服务”" in _message(new)
    assert AuditEvent.objects.filter(action="public_bodies.sector.save", actor=admin).count() == 2


def test_the_office_adds_a_missing_department(admin):
    client = logged_in(admin)
    from zhengwu.org.demo import usci_for

    usci = usci_for(LUXI, 99100)
    response = client.post(
        "/workbench/ggqsy/department/", {"name": "泸溪县测试局", "usci": usci, "jurisdiction": LUXI}
    )
    assert response.status_code == 302
    assert Agency.objects.get(usci=usci).kind == Agency.DEPARTMENT
    again = client.post(
        "/workbench/ggqsy/department/", {"name": "泸溪县测试局", "usci": usci, "jurisdiction": LUXI}
    )
    assert again.status_code == 422 and "已登记" in again.content.decode()


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(
        ["统一社会信用代码", "单位名称", "区划代码", "行业", "主管部门", "联系人", "联系电话"]
    )
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_import_page_loads_nothing_when_a_row_is_bad(admin):
    good = school_data(5)
    sheet = _xlsx(
        [
            [good["usci"], good["name"], JISHOU, "教育", "吉首市教育局", "", ""],
            ["12433101MB1234567X", "吉首市坏学校", JISHOU, "教育", "吉首市教育局", "", ""],
        ]
    )
    client = logged_in(admin)
    response = client.post(
        "/workbench/ggqsy/import/", {"file": SimpleUploadedFile("登记表.xlsx", sheet)}
    )
    assert response.status_code == 422
    assert "第3行：统一社会信用代码校验码不正确" in response.content.decode()
    assert not Agency.objects.filter(name=good["name"]).exists()
    partial = client.post(
        "/workbench/ggqsy/import/",
        {"file": SimpleUploadedFile("登记表.xlsx", sheet), "partial": "1"},
    )
    assert partial.status_code == 302
    assert "已登记1个公共企事业单位，1行有误" in _message(partial)
    assert PublicBody.objects.get(agency__name=good["name"]).sector.code == "jy"
