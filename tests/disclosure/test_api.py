"""The open API: published documents with filters, detail, columns; staff actions with scoping."""

import json

import pytest
from django.test import Client

from zhengwu.disclosure.models import Document
from zhengwu.org import tokens
from zhengwu.org.models import ApiToken, User

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure"


def test_list_filters_by_jurisdiction_agency_column_year_genre_validity(prefecture_gov, jishou_gov):
    anon = Client()
    everything = anon.get(f"{API}/documents?limit=200").json()
    assert everything["count"] == Document.objects.filter(status="published").count()
    jishou = anon.get(f"{API}/documents?jurisdiction=433101&limit=200").json()
    assert jishou["count"] > 0
    assert all(d["agency_usci"] for d in jishou["results"])
    assert (
        jishou["count"]
        == Document.objects.filter(
            status="published", scope_path__startswith="433100/433101/"
        ).count()
    )
    rules = anon.get(f"{API}/documents?agency={prefecture_gov.usci}&column=g20-01&limit=200").json()
    assert rules["count"] >= 2 and all(d["column"] == "g20-01" for d in rules["results"])
    repealed = anon.get(f"{API}/documents?validity=已废止&limit=200").json()
    assert repealed["count"] > 0 and all(
        d["validity"] == "repealed" and d["replaced_by"] for d in repealed["results"]
    )
    year = anon.get(f"{API}/documents?year=2024&genre=预决算&limit=200").json()
    assert year["count"] > 0
    assert all(
        d["created_on"].startswith("2024") and d["genre"] == "预决算" for d in year["results"]
    )


def test_detail_and_columns(published_doc):
    anon = Client()
    detail = anon.get(f"{API}/documents/{published_doc.pk}").json()
    assert detail["index_no"] == published_doc.index_no
    assert detail["doc_number"] == "吉政发〔2025〕9号"
    assert detail["validity_label"] == "现行有效" and detail["body"]
    columns = anon.get(f"{API}/agencies/{published_doc.agency.usci}/columns").json()
    codes = [c["code"] for c in columns]
    assert "g20-15" in codes and "g21-shjz" in codes and "k-snzj" in codes
    assert len([c for c in columns if c["code"].startswith("g20-")]) == 15
    assert len([c for c in columns if c["code"].startswith("k-")]) == 12  # 国有产权交易 too


@pytest.mark.parametrize(
    "query,field",
    [
        ("year=abc", "year"),
        ("year=1999", "year"),
        ("genre=小说", "genre"),
        ("validity=永久", "validity"),
        ("limit=0", "limit"),
        ("limit=5000", "limit"),
        ("offset=-1", "offset"),
        ("jurisdiction=999999", "jurisdiction"),
        ("agency=91000000000000000X", "agency"),
        ("limit=abc", "limit"),
    ],
)
def test_bad_input_is_a_4xx_with_a_chinese_message(query, field):
    response = Client().get(f"{API}/documents?{query}")
    assert 400 <= response.status_code < 500
    body = response.json()
    assert body["field"] == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])


def test_unknown_document_is_404():
    response = Client().get(f"{API}/documents/999999999")
    assert response.status_code == 404 and response.json()["code"] == "document_not_found"


def test_staff_workflow_through_the_api_with_a_token(jishou_gov):
    _, key = tokens.issue(
        User.objects.get(username="disclosure"), name="test", scope=ApiToken.WRITE, verified=True
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    created = client.post(
        f"{API}/staff/documents",
        data=json.dumps(
            {
                "agency": jishou_gov.usci,
                "title": "吉首市2026年重点民生实事项目",
                "created_on": "2026-02-10",
                "genre": "规划计划",
                "column": "g20-03",
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    doc_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    patched = client.patch(
        f"{API}/staff/documents/{doc_id}",
        data=json.dumps({"summary": "十件民生实事"}),
        content_type="application/json",
    )
    assert patched.json()["summary"] == "十件民生实事" and patched.json()["version"] == 2
    assert client.post(f"{API}/staff/documents/{doc_id}/submit").json()["status"] == "review"
    published = client.post(f"{API}/staff/documents/{doc_id}/publish").json()
    assert published["status"] == "published"
    # 2026-02-10 + 20 working days = 2026-03-16; published today (after it) → late.
    assert published["published_late"] is True
    assert Client().get(f"{API}/documents/{doc_id}").status_code == 200
    bad = client.post(
        f"{API}/staff/documents/{doc_id}/withdraw",
        data=json.dumps({"reason": ""}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "理由" in bad.json()["message"]
    again = client.post(f"{API}/staff/documents/{doc_id}/submit")
    assert again.status_code == 409
    withdrawn = client.post(
        f"{API}/staff/documents/{doc_id}/withdraw",
        data=json.dumps({"reason": "内容有误"}),
        content_type="application/json",
    )
    assert withdrawn.json()["status"] == "withdrawn"
    assert Client().get(f"{API}/documents/{doc_id}").status_code == 404


def test_staff_create_bad_input_and_other_agency(jishou_gov, fenghuang_gov, as_user):
    client = as_user("disclosure")
    bad = client.post(
        f"{API}/staff/documents",
        data=json.dumps({"agency": jishou_gov.usci, "title": "", "created_on": "2025-01-02"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["field"] == "title"
    other = client.post(
        f"{API}/staff/documents",
        data=json.dumps({"agency": fenghuang_gov.usci, "title": "x", "created_on": "2025-01-02"}),
        content_type="application/json",
    )
    assert other.status_code == 404
    missing = client.post(
        f"{API}/staff/documents", data=json.dumps({"title": "x"}), content_type="application/json"
    )
    assert missing.status_code == 422


def test_gazette_issues_are_listed_and_made_by_the_government_only(published_doc, as_user):
    listed = Client().get(f"{API}/gazette?jurisdiction=433100").json()
    assert [i["year"] for i in listed] == [2026, 2025, 2024, 2023]
    assert listed[0]["pdf"] == "/xxgk/gazette/2026/1/pdf/"
    payload = {"jurisdiction": "433101", "year": 2025, "number": 1, "documents": [published_doc.pk]}
    made = as_user("disclosure").post(
        f"{API}/staff/gazette", data=json.dumps(payload), content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["url"] == "/site/433101/xxgk/gazette/2025/1/"
    assert Client().get("/site/433101/xxgk/gazette/2025/1/pdf/").content.startswith(b"%PDF")
    again = as_user("disclosure").post(
        f"{API}/staff/gazette", data=json.dumps(payload), content_type="application/json"
    )
    assert again.status_code == 409
    other = as_user("fh-supervisor").post(
        f"{API}/staff/gazette",
        data=json.dumps(payload | {"number": 2}),
        content_type="application/json",
    )
    assert other.status_code == 403
    wrong_place = as_user("admin").post(
        f"{API}/staff/gazette",
        data=json.dumps(payload | {"jurisdiction": "433123", "number": 3}),
        content_type="application/json",
    )
    assert wrong_place.status_code == 422 and "本辖区" in wrong_place.json()["message"]


def test_list_query_count_does_not_grow_with_rows(django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = Client().get(f"{API}/documents?limit=200")
    assert len(response.json()["results"]) == 200


def test_attachment_guide_and_rules_through_the_api(
    make_doc, jishou_gov, fenghuang_gov, as_user, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = as_user("disclosure")
    doc = make_doc()
    ok = client.post(
        f"{API}/staff/documents/{doc.pk}/attachments",
        {"file": SimpleUploadedFile("图.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32)},
    )
    assert ok.status_code == 201 and ok.json()["content_type"] == "image/png"
    bad = client.post(
        f"{API}/staff/documents/{doc.pk}/attachments",
        {"file": SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>")},
    )
    assert bad.status_code == 422 and "附件类型不允许" in bad.json()["message"]
    guide = client.post(
        f"{API}/staff/agencies/{jishou_gov.usci}/guide",
        data=json.dumps({"fax": "0743-8999999"}),
        content_type="application/json",
    )
    assert guide.status_code == 201 and guide.json()["fax"] == "0743-8999999"
    assert guide.json()["office_name"] == jishou_gov.disclosure_office  # generated from the agency
    rules = client.put(
        f"{API}/staff/agencies/{jishou_gov.usci}/rules",
        data=json.dumps({"body": "吉首市政府信息公开工作制度"}),
        content_type="application/json",
    )
    assert rules.status_code == 200
    other = client.put(
        f"{API}/staff/agencies/{fenghuang_gov.usci}/rules",
        data=json.dumps({"body": "x"}),
        content_type="application/json",
    )
    assert other.status_code == 404
