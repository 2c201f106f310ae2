"""The portal shell: the 州 home and every sub-site from one set of templates, in Chinese,
accessible (landmarks, skip link, labels, lang), and a Chinese 404 for an unknown site."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from zhengwu.org.models import Jurisdiction

pytestmark = pytest.mark.django_db
REGISTRIES = ("https://beian.miit.gov.cn/", "https://beian.mps.gov.cn/")


def township_and_village():
    township = Jurisdiction.objects.get(code="433101002")  # 峒河街道, 吉首市
    village = township.children.order_by("code").first()
    return township, village


def assert_accessible(text: str):
    assert '<html lang="zh-Hans">' in text
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in text, landmark
    assert '<a class="skip" href="#main">跳到正文</a>' in text and 'id="main"' in text
    for nav in ("首页", "政府信息公开", "政务服务", "互动交流", "监督"):
        assert f">{nav}</a>" in text
    # Every visible input has a label.
    for input_id in re.findall(r'<input(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', text):
        assert f'for="{input_id}"' in text, input_id
    # Nothing is loaded from another origin; the only links out are the two filing registries
    # a government site's 备案 numbers link to (the footer).
    assert "cdn" not in text.lower() and not re.search(r'src="https?:', text)
    outside = re.findall(r'href="(https?://[^"]+)"', text)
    assert all(url.startswith(REGISTRIES) for url in outside), outside


def test_prefecture_home(client):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert_accessible(text)
    assert "<h1>湘西土家族苗族自治州人民政府</h1>" in text
    assert 'aria-label="位置"' not in text  # the root has no breadcrumb
    assert "县市站点" in text
    for county in Jurisdiction.objects.filter(level="county"):
        assert f'href="/site/{county.code}/">{county.short_name}</a>' in text


def test_county_site(client):
    text = client.get("/site/433101/").content.decode()
    assert_accessible(text)
    assert "<h1>吉首市人民政府</h1>" in text
    assert '<a href="/">湘西土家族苗族自治州</a> › 吉首市' in text
    assert "乡镇（街道）站点" in text
    assert 'href="/site/433101002/">峒河街道</a>' in text
    assert 'href="/site/433101/xxgk/">政府信息公开</a>' in text  # nav stays in the sub-site
    assert "吉首市市场监督管理局" in text


def test_township_site(client):
    township, village = township_and_village()
    text = client.get(f"/site/{township.code}/").content.decode()
    assert_accessible(text)
    assert "<h1>峒河街道办事处</h1>" in text
    assert '<a href="/site/433101/">吉首市</a> › 峒河街道' in text
    assert "村（社区）站点" in text
    assert f'href="/site/{village.code}/">{village.short_name}</a>' in text


def test_village_site(client):
    township, village = township_and_village()
    text = client.get(f"/site/{village.code}/").content.decode()
    assert_accessible(text)
    assert f"<h1>{village.name}</h1>" in text
    assert (
        f'<a href="/site/{township.code}/">{township.short_name}</a> › {village.short_name}' in text
    )
    assert "站点</h2>" not in text  # a village has no children


def test_the_same_template_renders_every_level(client):
    township, village = township_and_village()
    for url in ("/", "/site/433123/", f"/site/{township.code}/", f"/site/{village.code}/"):
        response = client.get(url)
        names = [t.name for t in response.templates]
        # Apps render their home-page sections inside; the page itself is always the same pair.
        assert {"portal/home.html", "portal/base.html"} <= set(names)
        assert not any(
            n.startswith("portal/") and n not in {"portal/home.html", "portal/base.html"}
            for n in names
        )


def test_root_code_redirects_to_the_home_page(client):
    response = client.get("/site/433100/")
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize("url", ["/site/999999/", "/site/abc/", "/no-such-page/"])
def test_unknown_site_is_a_chinese_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    text = response.content.decode()
    assert "页面不存在" in text and '<html lang="zh-Hans">' in text


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["message"]


def test_login_and_register_forms_are_labelled(client):
    for url in ("/accounts/login/", "/accounts/register/", "/tools/deadline/"):
        text = client.get(url).content.decode()
        assert_accessible(text)
        if '<form method="post"' in text:
            assert "csrfmiddlewaretoken" in text


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    # ASVS 3.4.3 (object-src 'none', base-uri 'none') and 3.4.6 (frame-ancestors); no script
    # from another origin and no inline script.
    assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    # The API and error pages carry it too.
    assert client.get("/api/v1/openapi.json")["Content-Security-Policy"]
    assert client.get("/no-such-page/")["Content-Security-Policy"]


def test_a_deployment_may_set_its_own_policy_or_none(client, settings):
    settings.CONTENT_SECURITY_POLICY = "default-src 'self' https://tiles.example.cn"
    assert client.get("/")["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = ""
    assert "Content-Security-Policy" not in client.get("/")


def test_no_template_runs_an_inline_script():
    """The policy refuses inline scripts and event handlers: a template with one would break
    in the browser. Data for a script goes in json_script, the script in a static file."""
    root = Path(django_settings.BASE_DIR)
    offending = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offending.append(f"{template.relative_to(root)}: {tag}")
        for handler in re.findall(r"\son[a-z]+\s*=|javascript:", text, flags=re.IGNORECASE):
            offending.append(f"{template.relative_to(root)}: {handler.strip()}")
    assert not offending, offending


def test_openapi_schema_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/calendar/deadline" in schema["paths"]
    assert "/api/v1/org/staff" in schema["paths"]
