"""GET /api/v1/search and the search page of the 州 and of a county sub-site."""

import pytest

from zhengwu.org.models import Jurisdiction


@pytest.fixture
def published(library, agency, fh_agency):
    library.publish(
        "js",
        "吉首市2024年财政预算执行情况",
        "全市财政预算执行平稳。",
        where="433101",
        agency=agency,
        column="财政预决算",
        year=2024,
    )
    library.publish(
        "fh",
        "凤凰县财政预算公开",
        "凤凰县2023年财政预算。",
        where="433123",
        agency=fh_agency,
        column="财政预决算",
        year=2023,
    )
    library.publish(
        "xss",
        "<script>alert('x')</script>预算说明",
        "<img src=x onerror=alert(1)>预算",
        where="433100",
        year=2024,
    )
    return library


def test_api_search(client, published):
    r = client.get("/api/v1/search", {"q": "财政 预算"})
    assert r.status_code == 200
    data = r.json()
    assert data["total"] == 2
    assert data["page"] == 1
    assert data["words"] == ["财政", "预算"]
    hit = {h["url"]: h for h in data["hits"]}["/xxgk/doc/js/"]
    assert (
        "<mark>财政</mark><mark>预算</mark>" in hit["title"]
        or "<mark>财政预算</mark>" in hit["title"]
    )
    assert hit["kind"] == "testdoc" and hit["kind_label"] == "测试文件"
    assert hit["agency"] == "吉首市市场监督管理局"
    assert hit["year"] == 2024 and hit["column"] == "财政预决算"


def test_api_search_with_trailing_slash_and_filters(client, published, agency):
    r = client.get("/api/v1/search/", {"q": "预算", "jurisdiction": "433101"})
    assert [h["url"] for h in r.json()["hits"]] == ["/xxgk/doc/js/"]
    r = client.get("/api/v1/search", {"q": "预算", "agency": agency.usci})
    assert [h["url"] for h in r.json()["hits"]] == ["/xxgk/doc/js/"]
    r = client.get("/api/v1/search", {"q": "预算", "year": "2023"})
    assert [h["url"] for h in r.json()["hits"]] == ["/xxgk/doc/fh/"]
    r = client.get("/api/v1/search", {"q": "预算", "kind": "testdoc", "column": "财政预决算"})
    assert r.json()["total"] == 2


def test_api_escapes_markup(client, published):
    hits = client.get("/api/v1/search", {"q": "预算说明"}).json()["hits"]
    assert hits[0][
        "title"
    ] == "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<mark>预算</mark><mark>说明</mark>" or (
        hits[0]["title"].startswith("&lt;script&gt;") and "<script>" not in hits[0]["title"]
    )
    assert "<img" not in hits[0]["snippet"]


@pytest.mark.parametrize(
    "params,status,code",
    [
        ({"q": ""}, 422, "query_required"),
        ({}, 422, "query_required"),
        ({"q": "！？。"}, 422, "query_no_words"),
        ({"q": "预" * 1000}, 422, "query_too_long"),
        ({"q": "预算", "year": "二〇二四"}, 422, "year_invalid"),
        ({"q": "预算", "year": "1900"}, 422, "year_invalid"),
        ({"q": "预算", "page": "0"}, 422, "page_invalid"),
        ({"q": "预算", "page": "abc"}, 422, "page_invalid"),
        ({"q": "预算", "jurisdiction": "999999"}, 404, "unknown_jurisdiction"),
        ({"q": "预算", "agency": "91430000XXXXXXXXXX"}, 404, "unknown_agency"),
        ({"q": "预算", "kind": "nosuchkind"}, 422, "unknown_kind"),
    ],
)
def test_api_bad_input_is_a_chinese_4xx(client, published, params, status, code):
    r = client.get("/api/v1/search", params)
    assert r.status_code == status
    assert r.json()["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["message"])


@pytest.mark.parametrize(
    "q", ['"预算"', "预算 NEAR 决算", "预算*", "-预算", "^预算", "(预算))", "预算 OR 1=1"]
)
def test_api_fts_syntax_is_harmless(client, published, q):
    assert client.get("/api/v1/search", {"q": q}).status_code == 200


def test_page_on_the_prefecture_finds_everything(client, published):
    r = client.get("/search/", {"q": "财政预算"})
    assert r.status_code == 200
    html = r.content.decode()
    assert '<span id="total">2</span>' in html
    assert "吉首市2024年<mark>财政预算</mark>执行情况" in html
    assert 'href="/xxgk/doc/fh/"' in html


def test_page_on_a_county_subsite_keeps_to_its_subtree(client, published):
    r = client.get("/site/433101/search/", {"q": "财政预算"})
    assert r.status_code == 200
    html = r.content.decode()
    assert '<span id="total">1</span>' in html
    assert 'href="/xxgk/doc/js/"' in html
    assert 'href="/xxgk/doc/fh/"' not in html
    assert 'action="/site/433101/search/"' in html
    # Asking a county site for another county's subtree does not leave the site.
    r = client.get("/site/433101/search/", {"q": "财政预算", "jurisdiction": "433123"})
    assert 'href="/xxgk/doc/fh/"' not in r.content.decode()


def test_page_filters_on_township_subsite(client, published):
    township = Jurisdiction.objects.filter(parent__code="433101").order_by("code").first()
    published.publish("town", "乡镇财政预算公示", "财政预算", where=township.code)
    r = client.get(f"/site/{township.code}/search/", {"q": "财政预算"})
    assert '<span id="total">1</span>' in r.content.decode()
    r = client.get("/site/433101/search/", {"q": "财政预算", "jurisdiction": township.code})
    assert '<span id="total">1</span>' in r.content.decode()


def test_page_shows_markup_escaped(client, published):
    html = client.get("/search/", {"q": "预算"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<img src=x" not in html


def test_page_without_query_is_the_form(client, published):
    r = client.get("/site/433123/search/")
    assert r.status_code == 200
    html = r.content.decode()
    assert '<label for="q">检索词</label>' in html
    assert "找到" not in html


@pytest.mark.parametrize(
    "params,message",
    [
        ({"q": ""}, "请输入检索词"),
        ({"q": "，，，"}, "没有可检索的文字"),
        ({"q": "预" * 1000}, "检索词过长"),
        ({"q": "预算", "year": "abcd"}, "年份应为"),
    ],
)
def test_page_bad_input_keeps_the_form_and_says_why(client, published, params, message):
    r = client.get("/search/", params)
    assert r.status_code == 422
    html = r.content.decode()
    assert message in html
    assert 'role="alert"' in html


def test_page_paging_without_javascript(client, library):
    for n in range(45):
        library.publish(f"d{n:02d}", f"第{n}期政府采购公告", "政府采购")
    html = client.get("/search/", {"q": "政府采购", "page": "2"}).content.decode()
    assert "第 2/3 页" in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert "q=%E6%94%BF%E5%BA%9C%E9%87%87%E8%B4%AD&amp;page=3" in html
    assert '<ol class="search-results" start="21">' in html


def test_unknown_subsite_is_404(client, db):
    assert client.get("/site/999999/search/", {"q": "预算"}).status_code == 404


def test_the_endpoint_is_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/search" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert params == {"q", "jurisdiction", "agency", "kind", "column", "year", "page"}
