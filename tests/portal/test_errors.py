"""Every 400/403/404/429/500 of a page is a Chinese page in the frame of the site its URL
belongs to, with the ways back (the site's home, its search, the previous page), never
Django's English debug page; the API stays JSON; the demo runs with DEBUG off."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from zhengwu.org.models import Agency, User

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

# Where an error happens: the URL prefix, the site's home, its search, its name in the header.
WHERE = {
    "main": ("", "/", "/search/", "湘西土家族苗族自治州人民政府"),
    "county": ("/site/433101", "/site/433101/", "/site/433101/search/", "吉首市人民政府"),
    "workbench": ("/workbench", "/", "/search/", "湘西土家族苗族自治州人民政府"),
}
TITLES = {400: "请求有误", 403: "无权访问", 404: "页面不存在", 429: "操作过于频繁", 500: "系统繁忙"}
DEBUG_PAGE = ("You're seeing this error", "Traceback", "Page not found", "DEBUG = True", "Django")


def visitor(staff: str | None = None) -> Client:
    client = Client(raise_request_exception=False)
    if staff:
        client.force_login(
            User.objects.get(username=staff), backend="django.contrib.auth.backends.ModelBackend"
        )
    return client


def assert_error_page(response, status: int, where: str, title: str | None = None) -> str:
    """The page a person reads: the status, a Chinese heading, the site's frame, the way back."""
    prefix, home, search, name = WHERE[where]
    assert response.status_code == status
    text = response.content.decode()
    assert '<html lang="zh-Hans"' in text and "<footer" in text
    assert f'<h1 id="error-title">{title or TITLES[status]}</h1>' in text
    assert f'<p class="site-name"><a href="{home}">{name}</a></p>' in text
    assert f'<a href="{home}">返回首页</a>' in text
    assert ">返回上一页</a>" in text
    assert f'action="{search}"' in text and ">站内搜索</label>" in text
    assert ('<a href="/workbench/">返回工作台</a>' in text) == (where == "workbench")
    assert ("门户首页</a>" in text) == (where == "county")
    for english in DEBUG_PAGE:
        assert english not in text, english
    return text


# --- every status, on the main site, a sub-site and the workbench ----------------------------


@pytest.mark.urls("tests.portal.frame_urls")
@pytest.mark.parametrize("where", WHERE)
def test_400_page(where):
    prefix = WHERE[where][0]
    text = assert_error_page(visitor().get(f"{prefix}/", {"q": "营业\x00执照"}), 400, where)
    assert "空字符" in text


@pytest.mark.urls("tests.portal.frame_urls")
@pytest.mark.parametrize("where", WHERE)
def test_403_page(where):
    prefix = WHERE[where][0]
    assert_error_page(visitor("officer").get(f"{prefix}/refused/"), 403, where)


@pytest.mark.urls("tests.portal.frame_urls")
@pytest.mark.parametrize("where", WHERE)
def test_404_page(where):
    prefix = WHERE[where][0]
    text = assert_error_page(visitor("officer").get(f"{prefix}/xxgk/doc/99999/"), 404, where)
    assert "请检查网址是否正确，或通过站内搜索查找" in text


@pytest.mark.urls("tests.portal.frame_urls")
@pytest.mark.parametrize("where", WHERE)
def test_429_page_says_how_long_to_wait(where):
    prefix = WHERE[where][0]
    response = visitor().get(f"{prefix}/limited/")
    text = assert_error_page(response, 429, where)
    assert response["Retry-After"] == "180" and "请3分钟后再试" in text


@pytest.mark.urls("tests.portal.frame_urls")
@pytest.mark.parametrize("where", WHERE)
def test_500_page(where):
    prefix = WHERE[where][0]
    text = assert_error_page(visitor("officer").get(f"{prefix}/broken/"), 500, where)
    assert "an unexpected failure" not in text


@pytest.mark.urls("tests.portal.frame_urls")
def test_the_500_page_needs_no_database(monkeypatch):
    """The database down: the frame that reads nothing but the URL, still with the way back."""

    def down(*args, **kwargs):
        raise OperationalError("the database is down")

    client = visitor()
    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", down)
    response = client.get("/site/433101/broken/")
    monkeypatch.undo()
    assert response.status_code == 500
    text = response.content.decode()
    assert '<h1 id="error-title">系统繁忙</h1>' in text and '<html lang="zh-Hans">' in text
    assert '<a href="/site/433101/">返回首页</a>' in text and ">返回上一页</a>" in text
    assert 'action="/site/433101/search/"' in text
    assert "database" not in text and "Traceback" not in text


def test_the_previous_page_is_where_the_visitor_came_from_when_it_is_ours():
    came = visitor().get("/xxgk/doc/99999/", HTTP_REFERER="http://testserver/xxgk/")
    assert '<a href="http://testserver/xxgk/" data-history-back>返回上一页</a>' in (
        came.content.decode()
    )
    elsewhere = visitor().get("/xxgk/doc/99999/", HTTP_REFERER="https://evil.example/x")
    assert '<a href="/" data-history-back>返回上一页</a>' in elsewhere.content.decode()


# --- the URLs of the issue, and the other ways to an error -----------------------------------


def test_an_unknown_document_and_an_unknown_site():
    assert_error_page(visitor().get("/xxgk/doc/99999/"), 404, "main")
    text = assert_error_page(visitor().get("/site/999999/"), 404, "main")
    assert "没有这个站点" in text
    assert_error_page(visitor().get("/site/433101/no-such-page/"), 404, "county")
    assert_error_page(visitor("window").get("/workbench/no-such-page/"), 404, "workbench")


def test_an_annual_report_not_yet_published():
    usci = Agency.objects.get(jurisdiction__code="433101", kind=Agency.GOVERNMENT).usci
    page = visitor().get(f"/site/433101/xxgk/{usci}/annual-report/2010/")
    assert page.status_code == 404
    text = page.content.decode()
    assert "2010年度报告尚未发布" in text and '<a href="/site/433101/">返回首页</a>' in text
    assert ">返回上一页</a>" in text and ">站内搜索</label>" in text
    text = assert_error_page(
        visitor().get(f"/site/433101/xxgk/{usci}/annual-report/2010/pdf/"), 404, "county"
    )
    assert "该年度报告尚未发布" in text


def test_pages_that_refuse_by_themselves_use_the_same_frame():
    # 行政投诉 is for the public: a staff account is refused on the sub-site it asked.
    assert_error_page(
        visitor("window").get("/site/433101/hdjl/complain/"), 403, "county", title="无法投诉"
    )
    # 人员名录 is for administrators and supervisors only.
    assert_error_page(visitor("window").get("/workbench/org/staff/"), 403, "workbench")


def test_a_host_we_do_not_serve_and_an_expired_form():
    assert_error_page(visitor().get("/", HTTP_HOST="evil.example"), 400, "main")
    client = Client(enforce_csrf_checks=True)
    expired = client.post("/accounts/login/", {"username": "officer", "password": "x"})
    text = assert_error_page(expired, 403, "main", title="页面已过期")
    assert "重新提交" in text and "CSRF" not in text


def test_a_refusal_no_view_caught_is_still_its_status_not_a_500():
    """A rate limit on a page keeps the visitor's words (the page says how long to wait)."""
    from django.test import override_settings

    with override_settings(ZHENGWU_MESSAGE_RATE_ACCOUNT="0/3600"):
        citizen = User.objects.get(username="433101198803140228")
        client = visitor()
        client.force_login(citizen, backend="django.contrib.auth.backends.ModelBackend")
        response = client.post("/site/433101/hdjl/write/", {"kind": "suggest"})
    text = assert_error_page(response, 429, "county")
    assert "提交过于频繁" in text and "分钟后再试" in text and response["Retry-After"]
    assert '<a href="/site/433101/hdjl/">返回互动交流</a>' in text


def test_the_api_stays_json():
    response = visitor().get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.json()["message"]
    response = visitor().get("/api/v1/portal/sites/999999/profile")
    assert response.status_code == 404 and response.json()["code"] == "unknown_site"


# --- DEBUG: off unless a developer asks for it -----------------------------------------------


def debug_setting(tmp_path, **env) -> str:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "ZHENGWU_ENV", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(ZHENGWU_VAR=str(tmp_path), DJANGO_SETTINGS_MODULE="zhengwu.settings", **env)
    environment["PYTHONPATH"] = str(ROOT / "src")
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_debug_is_off_as_the_demo_runs_and_on_when_a_developer_asks(tmp_path):
    assert debug_setting(tmp_path) == "False"  # `make run`: no DEBUG in the environment
    assert debug_setting(tmp_path, DEBUG="1") == "True"
