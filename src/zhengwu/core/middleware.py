import uuid

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.urls import get_resolver

from . import context


def client_ip(request) -> str | None:
    """The client's address for the audit chain and the per-address lockout (axes).

    Behind the production proxy REMOTE_ADDR is the proxy, and the proxy sets X-Real-IP. Without
    a proxy anyone could send that header, so it is read only when ZHENGWU_BEHIND_PROXY is on.
    """
    ip = request.META.get("HTTP_X_REAL_IP") if settings.ZHENGWU_BEHIND_PROXY else None
    ip = ip or request.META.get("REMOTE_ADDR")
    return ip or None


class RequestContextMiddleware:
    """Gives every request an id (echoed as X-Request-ID) and records the client address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = uuid.uuid4().hex
        request.request_id = request_id
        with context.acting(request_id, client_ip(request)):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class ContentSecurityPolicyMiddleware:
    """Sets `settings.CONTENT_SECURITY_POLICY` on every response that has no policy of its own
    (security-rules: ASVS 3.4.3, 3.4.6); empty, none is set. Inside the page cache, so a cached
    page carries it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


NUL_MESSAGE = "请求中含有不允许的空字符（NUL），请检查后重试"


def _has_nul(request) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    content_type = request.content_type or ""
    if content_type == "application/json":
        body = request.body  # JSON bodies are small (DATA_UPLOAD_MAX_MEMORY_SIZE) and cached
        return b"\x00" in body or b"\\u0000" in body
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return any("\x00" in value for _, values in request.POST.lists() for value in values)
    return False


class RejectNulMiddleware:
    """A NUL character can be stored nowhere (PostgreSQL text refuses it) and means nothing in
    a form: such a request gets a clear 400 before any view or database sees it, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "nul_character", "message": NUL_MESSAGE}, status=400)
            # The site's 400 page (urls.handler400: the Chinese page in the site's frame).
            return get_resolver().resolve_error_handler(400)(request, BadRequest(NUL_MESSAGE))
        return self.get_response(request)
