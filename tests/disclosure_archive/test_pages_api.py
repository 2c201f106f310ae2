"""The workbench pages and the API: register, refuse with the form kept, scope, files."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhengwu.disclosure.archive.models import OfficialDocument
from zhengwu.disclosure.archive.services import records

from .conftest import PDF, docx_bytes, elements, secret

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure/archive"


def client_of(user) -> Client:
    c = Client()
    c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return c


def test_register_through_the_page(gov, officer):
    c = client_of(officer)
    form = c.get("/workbench/archive/new/")
    assert form.status_code == 200 and "版头" in form.text and "版记" in form.text
    r = c.post("/workbench/archive/new/", elements(agency=gov.usci))
    record = OfficialDocument.objects.get(agency=gov, doc_number="吉政办发〔2025〕12号")
    assert r.status_code == 302 and r["Location"] == f"/workbench/archive/{record.pk}/"
    page = c.get(r["Location"])
    assert "吉政办发〔2025〕12号" in page.text and "依申请公开" in page.text
    assert "登记公文" in page.text  # the audit trail in words


def test_a_refused_form_keeps_what_was_typed(gov, officer):
    c = client_of(officer)
    r = c.post("/workbench/archive/new/", elements(agency=gov.usci, doc_type="请示"))
    assert r.status_code == 422
    assert "请示是上行文，应填写签发人" in r.text
    assert 'value="吉首市人民政府办公室关于做好2025年防汛工作的通知"' in r.text
    assert 'value="吉政办发〔2025〕12号"' in r.text


def test_the_detail_shows_the_mark_and_no_upload_on_a_secret(gov, officer):
    record = records.register(gov, secret(secrecy_years="20"), by=officer)
    c = client_of(officer)
    page = c.get(f"/workbench/archive/{record.pk}/")
    assert "机密★20年" in page.text and "涉密公文不在本系统存储文件" in page.text
    r = c.post(
        f"/workbench/archive/{record.pk}/files/",
        {"file": SimpleUploadedFile("正文.pdf", PDF)},
    )
    assert r.status_code == 409 and "涉密信息不得在非涉密信息系统中" in r.text


def test_upload_and_download_a_file_on_the_page(gov, officer):
    record = records.register(gov, elements(), by=officer)
    c = client_of(officer)
    r = c.post(
        f"/workbench/archive/{record.pk}/files/",
        {"file": SimpleUploadedFile("正文.docx", docx_bytes("防汛"))},
    )
    assert r.status_code == 302
    item = record.files.get()
    got = c.get(f"/workbench/archive/{record.pk}/files/{item.pk}/")
    assert got.status_code == 200 and got["Cache-Control"] == "private, no-store"


def test_edit_page_with_a_stale_version_is_409(gov, officer):
    record = records.register(gov, elements(), by=officer)
    c = client_of(officer)
    assert c.get(f"/workbench/archive/{record.pk}/edit/").status_code == 200
    data = elements(remarks="此件公开发布", version="1")
    assert c.post(f"/workbench/archive/{record.pk}/edit/", data).status_code == 302
    r = c.post(f"/workbench/archive/{record.pk}/edit/", data)
    assert r.status_code == 409 and "已被他人处理" in r.text


def test_scope_another_county_sees_nothing_the_prefecture_sees_all(gov, officer, admin, fh_officer):
    record = records.register(gov, elements(), by=officer)
    other = client_of(fh_officer)
    assert other.get(f"/workbench/archive/{record.pk}/").status_code == 404
    assert record.title not in other.get("/workbench/archive/").text
    assert other.get(f"{API}/{record.pk}").status_code == 404
    assert all(i["id"] != record.pk for i in other.get(f"{API}/?limit=200").json()["items"])
    r = other.post(f"{API}/", elements(agency_usci=gov.usci), content_type="application/json")
    assert r.status_code == 403
    prefecture = client_of(admin)
    assert prefecture.get(f"/workbench/archive/{record.pk}/").status_code == 200
    assert record.title in prefecture.get("/workbench/archive/?year=2025&doc_type=通知").text


def test_a_citizen_is_not_let_in(gov, officer):
    record = records.register(gov, elements(), by=officer)
    anonymous = Client()
    assert anonymous.get(f"{API}/{record.pk}").status_code == 401
    assert anonymous.get(f"/workbench/archive/{record.pk}/").status_code == 302


def test_register_edit_and_file_through_the_api(gov, officer):
    c = client_of(officer)
    r = c.post(f"{API}/", elements(agency_usci=gov.usci), content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["doc_number"] == "吉政办发〔2025〕12号" and body["version"] == 1
    bad = c.post(
        f"{API}/",
        elements(agency_usci=gov.usci, doc_number="吉政办发〔2025〕第1号"),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["field"] == "doc_number"
    assert "不加“第”字" in bad.json()["message"]
    url = f"{API}/{body['id']}"
    patch = c.patch(url, json.dumps({"version": 1, "remarks": "此件发至乡镇"}), "application/json")
    assert patch.status_code == 200 and patch.json()["remarks"] == "此件发至乡镇"
    assert patch.json()["title"] == body["title"]
    stale = c.patch(url, json.dumps({"version": 1, "remarks": "x"}), "application/json")
    assert stale.status_code == 409
    up = c.post(f"{url}/files", {"file": SimpleUploadedFile("正文.pdf", PDF)})
    assert up.status_code == 201 and up.json()["content_type"] == "application/pdf"
    assert c.get(url).json()["files"][0]["name"] == "正文.pdf"


def test_the_api_refuses_a_file_on_a_secret(gov, officer):
    record = records.register(gov, secret(), by=officer)
    c = client_of(officer)
    r = c.post(f"{API}/{record.pk}/files", {"file": SimpleUploadedFile("正文.pdf", PDF)})
    assert r.status_code == 409 and "涉密" in r.json()["message"]
    detail = c.get(f"{API}/{record.pk}").json()
    assert detail["secrecy_mark"] == "机密★20年" and detail["release_date"] == "2045-03-05"
    assert "法定最长保密期限" in detail["secrecy_note"]


def test_the_disclosure_workbench_links_the_archive(officer):
    assert 'href="/workbench/archive/"' in client_of(officer).get("/workbench/disclosure/").text
