"""错链: a bounded crawl of each site's own pages over HTTP (ZHENGWU_SITE_BASE_URL). From the
site's home it follows the links within the site (its address prefix) up to
ZHENGWU_SITE_CRAWL_PAGES pages, at most ZHENGWU_SITE_CRAWL_RATE requests a second, each with a
timeout; every other link (another site of the platform, a static file, another server) is
checked once per address with HEAD (GET when HEAD is refused). Each broken link is reported
once per site, with the first page it is on and how many pages carry it (a footer link broken
on every page is one finding, not fifty). Also the platform's health probe (/healthz) for 站点无法访问."""

from __future__ import annotations

import contextlib
import http.client
import time
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.conf import settings

from .context import SiteRow

USER_AGENT = "zhengwu-site-check/1"
# Pages of the platform that are nobody's site: never crawled as a site's own pages.
NOT_SITE_PAGES = ("/workbench", "/admin", "/accounts", "/api/", "/my/", "/captcha/", "/static/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        wanted = {"a": "href", "img": "src", "link": "href", "script": "src", "iframe": "src"}
        name = wanted.get(tag)
        if not name:
            return
        for key, value in attrs:
            if key == name and value:
                self.links.append(value.strip())


def links_of(html: str, page_url: str) -> list[str]:
    parser = _Links()
    with contextlib.suppress(Exception):  # a broken page still gives the links read so far
        parser.feed(html)
    out = []
    for raw in parser.links:
        if raw.startswith(("mailto:", "tel:", "javascript:", "data:", "#")):
            continue
        url, _ = urldefrag(urljoin(page_url, raw))
        if urlsplit(url).scheme in ("http", "https"):
            out.append(url)
    return list(dict.fromkeys(out))


@dataclass
class Broken:
    page: str  # the page the link is on
    url: str
    status: str  # "404", "超时", "无法连接"
    pages: int = 1  # the pages of the site that carry it


@dataclass
class SiteCrawl:
    pages: int = 0
    broken: list[Broken] = field(default_factory=list)


class Crawler:
    def __init__(
        self,
        base_url: str | None = None,
        *,
        max_pages: int | None = None,
        rate: float | None = None,
        timeout: float | None = None,
    ):
        self.base = (base_url or settings.ZHENGWU_SITE_BASE_URL).rstrip("/")
        self.max_pages = max_pages or settings.ZHENGWU_SITE_CRAWL_PAGES
        self.interval = 1.0 / (rate or settings.ZHENGWU_SITE_CRAWL_RATE)
        self.timeout = timeout or settings.ZHENGWU_SITE_CRAWL_TIMEOUT
        self.skip_hosts = set(settings.ZHENGWU_SITE_CRAWL_SKIP_HOSTS)
        self.checked: dict[str, str | None] = {}  # other links: URL → problem (None = fine)
        self.requests = 0
        self._last = 0.0

    def _wait(self):
        delay = self._last + self.interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._last = time.monotonic()
        self.requests += 1

    def _open(self, url: str, method: str = "GET"):
        """(status or problem, content type, body) — body only for a page read with GET."""
        self._wait()
        if urlsplit(url).scheme not in ("http", "https"):
            return "无法连接", "", b""
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310 — http(s) only, checked above
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:  # noqa: S310
                ctype = resp.headers.get("Content-Type", "")
                body = resp.read(2_000_000) if method == "GET" and "html" in ctype else b""
                return str(resp.status), ctype, body
        except urllib.error.HTTPError as e:
            return str(e.code), "", b""
        except TimeoutError:
            return "超时", "", b""
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                return "超时", "", b""
            return "无法连接", "", b""
        except (ValueError, http.client.HTTPException):  # a malformed address or answer
            return "无法连接", "", b""

    def probe(self) -> bool:
        status, _, _ = self._open(f"{self.base}/healthz", "HEAD")
        return status == "200"

    def _check_other(self, url: str) -> str | None:
        if url not in self.checked:
            status, _, _ = self._open(url, "HEAD")
            if status in ("405", "501", "403"):  # HEAD refused: ask with GET
                status, _, _ = self._open(url, "GET")
            self.checked[url] = None if status.isdigit() and int(status) < 400 else status
        return self.checked[url]

    def in_site(self, site: SiteRow, path: str) -> bool:
        if not path.startswith(site.home) or path.startswith(NOT_SITE_PAGES):
            return False
        rest = path[len(site.home) :]
        if site.agency_id:
            return True
        if rest.startswith("bm/"):  # a department's site under its government's
            return False
        return not (site.is_root and path.startswith("/site/"))

    def crawl(self, site: SiteRow) -> SiteCrawl:
        out = SiteCrawl()
        start = f"{self.base}{site.home}"
        queue: deque[tuple[str, str]] = deque([(start, "")])
        seen = {start}
        reported: dict[str, Broken] = {}
        while queue and out.pages < self.max_pages:
            url, came_from = queue.popleft()
            status, ctype, body = self._open(url)
            out.pages += 1
            if not status.isdigit() or int(status) >= 400:
                out.broken.append(Broken(came_from or url, url, status))
                continue
            if not body:
                continue
            for link in links_of(body.decode("utf-8", "replace"), url):
                parts = urlsplit(link)
                own = link.startswith(self.base) and self.in_site(site, parts.path)
                if own:
                    if link not in seen:
                        seen.add(link)
                        queue.append((link, url))
                    continue
                if (parts.hostname or "").lower() in self.skip_hosts:
                    continue
                problem = self._check_other(link)
                if problem and link in reported:
                    reported[link].pages += 1
                elif problem:
                    reported[link] = Broken(url, link, problem)
                    out.broken.append(reported[link])
        return out
