"""The platform's URLs plus three pages that fail on purpose, on the main site, a sub-site and
the workbench: an unexpected exception (500), a refusal (403) and a rate limit no view
catches (429). Everything else, the error handlers included, is the platform's own."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from zhengwu.core.throttle import RateLimited
from zhengwu.urls import handler400, handler403, handler404, handler500  # noqa: F401
from zhengwu.urls import urlpatterns as platform


def broken(request, code=None):
    raise RuntimeError("an unexpected failure")


def refused(request, code=None):
    raise PermissionDenied


def limited(request, code=None):
    raise RateLimited("查询过于频繁，请3分钟后再试。", retry_after=180)


urlpatterns = [
    path(f"{where}{name}/", view)
    for where in ("", "site/<str:code>/", "workbench/")
    for name, view in (("broken", broken), ("refused", refused), ("limited", limited))
] + platform
