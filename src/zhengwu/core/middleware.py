import uuid

from django.conf import settings

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
