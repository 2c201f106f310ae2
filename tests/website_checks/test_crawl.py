"""错链: the bounded crawl over HTTP — the platform's own pages served by Django's live_server,
and a loopback server for links elsewhere: one that answers 404 for a path, one that never
answers within the timeout. live_server makes its tests transactional (the tables are flushed
after each): `reload_demo` puts the demo back first."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from zhengwu.websites.checks import services
from zhengwu.websites.checks.context import SiteRow
from zhengwu.websites.checks.crawl import Crawler
from zhengwu.websites.checks.models import Finding

from .conftest import DAY


class _Outside(BaseHTTPRequestHandler):
    """Another server: /ok answers, /gone is 404, HEAD is refused on /nohead (GET works)."""

    def _answer(self, body: bool):
        if self.path == "/gone":
            self.send_response(404)
        elif self.path == "/nohead" and self.command == "HEAD":
            self.send_response(405)
        else:
            self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):  # noqa: N802
        self.server.seen.append(("HEAD", self.path))  # type: ignore[attr-defined]
        self._answer(False)

    def do_GET(self):  # noqa: N802
        self.server.seen.append(("GET", self.path))  # type: ignore[attr-defined]
        self._answer(True)

    def log_message(self, *args):
        pass


class _Site(BaseHTTPRequestHandler):
    """A site of three pages under /site/433101/, linking inside and outside."""

    outside = ""
    silent = ""

    def do_GET(self):  # noqa: N802
        pages = {
            "/site/433101/": [
                "/site/433101/a/",
                "/site/433101/missing/",
                f"{self.outside}/ok",
                f"{self.outside}/gone",
                f"{self.outside}/nohead",
                f"{self.silent}/never",
                "mailto:office@example.gov.cn",
                "https://beian.miit.gov.cn/",  # the footer's registry: not asked by default
            ],
            "/site/433101/a/": ["/site/433101/", "/site/433101/b/", f"{self.outside}/gone"],
            "/site/433101/b/": ["/site/433101/c/"],
            "/site/433101/c/": [],
        }
        links = pages.get(self.path)
        if links is None:
            self.send_response(404)
            self.end_headers()
            return
        html = "".join(f'<a href="{u}">链接</a>' for u in links)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(f"<html><body>{html}</body></html>".encode())

    do_HEAD = do_GET  # noqa: N815

    def log_message(self, *args):
        pass


def _serve(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.seen = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def servers():
    outside = _serve(_Outside)
    silent = socket.socket()  # accepts connections, never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    _Site.outside = f"http://127.0.0.1:{outside.server_address[1]}"
    _Site.silent = f"http://127.0.0.1:{silent.getsockname()[1]}"
    site = _serve(_Site)
    yield f"http://127.0.0.1:{site.server_address[1]}", outside
    for s in (site, outside):
        s.shutdown()
        s.server_close()
    silent.close()


ROW = SiteRow(1, "吉首市人民政府门户网站", "county", 1, None, "433100/433101/", "433101", False, "")


def test_the_crawl_reports_each_broken_link_with_its_page(servers):
    base, outside = servers
    crawler = Crawler(base, max_pages=10, rate=50, timeout=0.5)
    result = crawler.crawl(ROW)
    broken = {
        (b.page.removeprefix(base), b.url.removeprefix(base), b.status) for b in result.broken
    }
    gone = f"{_Site.outside}/gone"
    assert broken == {
        ("/site/433101/", "/site/433101/missing/", "404"),
        ("/site/433101/", gone, "404"),  # on two pages: reported once, asked once
        ("/site/433101/", f"{_Site.silent}/never", "超时"),
    }
    assert {b.url.removeprefix(base): b.pages for b in result.broken}[gone] == 2
    assert result.pages == 5  # home, a, missing, b, c
    assert outside.seen.count(("HEAD", "/gone")) == 1
    assert ("GET", "/nohead") in outside.seen  # HEAD refused: asked again with GET


def test_the_crawl_stops_at_its_page_bound(servers):
    base, _ = servers
    result = Crawler(base, max_pages=2, rate=50, timeout=0.5).crawl(ROW)
    assert result.pages == 2


def test_the_platform_pages_over_live_server(reload_demo, live_server, county):
    """The county's own pages on the running platform: the probe passes, the crawl stays within
    /site/433101/, and every broken link found is stored with its page."""
    with override_settings(
        ZHENGWU_SITE_BASE_URL=live_server.url,
        ZHENGWU_SITE_CRAWL_PAGES=5,
        ZHENGWU_SITE_CRAWL_RATE=50,
        ZHENGWU_SITE_CRAWL_TIMEOUT=5,
    ):
        c = services.run(site_ids=[county.pk], day=DAY, crawl=True)[0]
    assert c.probe_ok and c.crawled and 1 <= c.pages_crawled <= 5
    for f in c.findings.filter(kind=Finding.LINK):
        assert f.page.startswith("/site/433101/") and f.target


def test_cli_with_the_crawl(reload_demo, live_server, county):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    with override_settings(ZHENGWU_SITE_CRAWL_PAGES=3, ZHENGWU_SITE_CRAWL_RATE=50):
        call_command(
            "check_websites",
            "--site",
            "433101",
            "--crawl",
            "--base-url",
            live_server.url,
            "--date",
            "2026-11-16",
            stdout=out,
        )
    text = out.getvalue()
    assert "健康探测通过" in text and "链接检查 1/1：吉首市人民政府门户网站，3个页面" in text


def test_the_demo_sites_have_no_broken_link(reload_demo, live_server):
    """The 州 portal and a department's site of the demo, crawled on the running platform,
    pass with no broken link. The footer's 备案 links (beian.miit.gov.cn, beian.mps.gov.cn)
    are not asked: the test machine has no internet."""
    from zhengwu.core.times import now_in_beijing
    from zhengwu.websites.models import Site
    from zhengwu.websites.opening import open_sites

    open_sites()
    portal = Site.objects.get(jurisdiction__code="433100", agency__isnull=True)
    dept = Site.objects.filter(agency__isnull=False, jurisdiction__code="433101").first()
    with override_settings(
        ZHENGWU_SITE_BASE_URL=live_server.url,
        ZHENGWU_SITE_CRAWL_PAGES=25,
        ZHENGWU_SITE_CRAWL_RATE=100,
    ):
        checks = services.run(
            site_ids=[portal.pk, dept.pk], day=now_in_beijing().date(), crawl=True
        )
    for c in checks:
        assert c.pages_crawled > 1
        assert list(c.findings.filter(kind=Finding.LINK).values_list("page", "target")) == []
        assert c.result == "pass", c.vetoes
