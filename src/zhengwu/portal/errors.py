"""Error pages: every 400/403/404/429/500 of a page is a Chinese page in the frame of the site
its URL belongs to (a sub-site's header and footer under /site/<code>/, the workbench's way
back under /workbench/), saying what happened in plain words and offering the ways back: the
site's home, its search, the previous page. The API (/api/) answers JSON instead.

`page()` is the one way to answer with an error page; Django's handlers (urls.py: handler404
…, CSRF_FAILURE_VIEW) and `ServiceErrorMiddleware` (a refusal no view caught) come here. The
500 page is rendered in the full frame when it can be, else (the database down) in a frame
that reads nothing but the URL.
"""

from __future__ import annotations

import logging
import re

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from zhengwu.core.errors import ServiceError
from zhengwu.core.throttle import minutes

from .context_processors import SITE_PATH

logger = logging.getLogger(__name__)

# The status's title and what it means for the visitor.
WORDS = {
    400: ("请求有误", "您的请求无法处理，可能是网址不完整或提交的内容有误，请检查后重试。"),
    403: (
        "无权访问",
        "您没有访问该页面的权限。如需查看，请使用有权限的账户登录，或联系本单位政务公开办。",
    ),
    404: (
        "页面不存在",
        "您访问的页面不存在、已被移除或尚未公开。请检查网址是否正确，或通过站内搜索查找。",
    ),
    409: ("操作未完成", "该记录已被他人处理，请刷新页面后重试。"),
    422: ("填写内容有误", "提交的内容未通过检查，请返回上一页修改后重新提交。"),
    429: ("操作过于频繁", "您的操作过于频繁，请稍后再试。"),
    500: ("系统繁忙", "系统暂时无法处理您的请求，我们已记录该问题，请稍后再试。"),
}
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def page(
    request,
    status: int,
    *,
    title: str | None = None,
    text: str | None = None,
    retry_after: int | None = None,
    template: str = "portal/error.html",
    context: dict | None = None,
) -> HttpResponse:
    """The error page for `status`; `retry_after` seconds (a 429) go in Retry-After and, when
    `text` does not say it, in the words."""
    default_title, default_text = WORDS.get(status, WORDS[400])
    if text is None and retry_after:
        text = f"{default_text[:-1]}：请{minutes(retry_after)}后再试。"
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"code": str(status), "message": text or default_text}, status=status
        )
    else:
        ctx = {"title": title or default_title, "text": text or default_text, "status": status}
        response = render(request, template, ctx | (context or {}), status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _said(exception) -> str | None:
    """What an exception says, when it says it in Chinese (Http404("没有这个站点")); Django's
    own messages are English and stay out of the page."""
    args = getattr(exception, "args", ())
    if args and isinstance(args[0], str) and _CHINESE.search(args[0]):
        return args[0]
    return None


def not_found(request, exception=None):
    said = _said(exception)
    text = f"{said.rstrip('。')}。请检查网址是否正确，或通过站内搜索查找。" if said else None
    return page(request, 404, text=text)


def forbidden(request, exception=None):
    return page(request, 403, text=_said(exception))


def bad_request(request, exception=None):
    return page(request, 400, text=_said(exception))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a page that expired or from another site."""
    return page(
        request,
        403,
        title="页面已过期",
        text="页面已过期或来源无法确认，提交未成功。请返回上一页，刷新页面后重新提交。",
    )


def server_error(request):
    try:
        return page(request, 500)
    except Exception:  # the database or the cache is down: nothing but the URL is read
        logger.exception("the 500 page could not be rendered in the site's frame")
    title, text = WORDS[500]
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "500", "message": text}, status=500)
    found = SITE_PATH.match(request.path_info or "")
    prefix = f"/site/{found.group(1)}" if found else ""
    html = render_to_string(
        "portal/error_minimal.html",
        {"title": title, "text": text, "home": f"{prefix}/", "search_url": f"{prefix}/search/"},
    )
    return HttpResponse(html, status=500)


class ServiceErrorMiddleware:
    """A service's refusal (core.errors: 403, 404, 409, 422, 429…) that reached no view's
    handler is still the error page with its status and message, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ServiceError) and not request.path.startswith("/api/"):
            return page(
                request,
                exception.status,
                text=exception.message,
                retry_after=getattr(exception, "retry_after", None),
            )
        return None
