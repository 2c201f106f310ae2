"""The frame of every page (portal/base.html): the site a URL belongs to, its name, navigation,
footer and the ways back from an error, and the visitor's 大字版 choice."""

import re
from functools import cached_property

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.http import url_has_allowed_host_and_scheme

from zhengwu.org.models import Jurisdiction

from . import pagecache, sites
from .pagecache import TEXT_SIZE_COOKIE

# A sub-site's pages live under /site/<区划代码>/ (also the ones no URL pattern matched); every
# other page (the workbench's too, whatever code its URL names) is in the main portal's frame.
SITE_PATH = re.compile(r"^/site/([^/]+)/")
# 大字版 (适老化): TEXT_SIZE_COOKIE remembers it; pagecache keys anonymous pages by it too.
LARGE = "large"


def site_code(request) -> str | None:
    found = SITE_PATH.match(request.path_info or "")
    return found.group(1) if found else None


def _root(request):
    root = getattr(request, "_zw_root", None)
    if root is None:
        root = Jurisdiction.objects.filter(code=settings.ZHENGWU_ROOT_JURISDICTION).first()
        request._zw_root = root
    return root


class Frame:
    """What base.html needs beyond the jurisdiction; each part read only when a page shows it."""

    def __init__(self, request, jurisdiction):
        self.request = request
        self.jurisdiction = jurisdiction

    @property
    def is_subsite(self) -> bool:
        return bool(self.jurisdiction and self.jurisdiction.parent_id)

    @property
    def prefix(self) -> str:
        return f"/site/{self.jurisdiction.code}" if self.is_subsite else ""

    @property
    def home(self) -> str:
        return f"{self.prefix}/"

    @property
    def search_url(self) -> str:
        return f"{self.prefix}/search/"

    @property
    def is_workbench(self) -> bool:
        return self.request.path_info.startswith("/workbench/")

    @cached_property
    def profile(self) -> sites.Shown:
        """The footer's 网站信息, from the cache: it moves with pagecache.ORG_TAG, which every
        change of a profile, a jurisdiction or an agency bumps, so no page queries it twice."""
        j = self.jurisdiction
        if j is None:
            return sites.Shown()
        return pagecache.fragment(f"site-profile:{j.code}", [], lambda: sites.shown(j))

    @property
    def site_name(self) -> str:
        return self.profile.site_name

    @cached_property
    def root_name(self) -> str:
        root = _root(self.request)
        return root.government_name if root else sites.PLATFORM_NAME

    @property
    def large_text(self) -> bool:
        return self.request.COOKIES.get(TEXT_SIZE_COOKIE) == LARGE

    @property
    def here(self) -> str:
        """This page's address, to come back to after switching the text size."""
        return self.request.get_full_path().replace("\x00", "")

    @cached_property
    def back_url(self) -> str:
        """The page the visitor came from when it is one of ours, else the site's home."""
        referer = self.request.META.get("HTTP_REFERER", "")
        try:
            host = self.request.get_host()
        except DisallowedHost:  # the 400 page of a request with a host we do not serve
            return self.home
        if (
            referer
            and url_has_allowed_host_and_scheme(referer, allowed_hosts={host})
            and referer.split(host, 1)[-1] != self.here
        ):
            return referer
        return self.home


def site(request):
    """The jurisdiction whose site this page belongs to (from /site/<code>/, else the root)."""
    code = site_code(request)
    jurisdiction = Jurisdiction.objects.filter(code=code).first() if code else None
    if jurisdiction is None:
        jurisdiction = _root(request)
    return {"site_jurisdiction": jurisdiction, "frame": Frame(request, jurisdiction)}
