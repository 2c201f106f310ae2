"""Staff sessions: idle timeout, absolute lifetime, second factor, password expiry (等保 L3-CES1-02/04).

The API is covered too: a staff session that has not passed the second factor gets 401 there,
so password alone never reaches staff data by any route.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect

from .passwords import password_expired

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz")
# The last request's time is written to the session at most once a minute: writing it on every
# request made each page an UPDATE and a COMMIT (a disk flush). The idle time is therefore
# counted from up to this much before the real last request: a session ends early, never late.
TOUCH_SECONDS = 60


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff":
            api = request.path.startswith("/api/")
            now = time.time()
            last = request.session.get("zw_last_seen", now)
            started = request.session.get("zw_login_at", now)
            if (
                now - last > settings.SESSION_IDLE_SECONDS
                or now - started > settings.SESSION_ABSOLUTE_SECONDS
            ):
                logout(request)
                if api:
                    return JsonResponse(
                        {"code": "session_expired", "message": "会话已超时，请重新登录"}, status=401
                    )
                return redirect(f"{settings.LOGIN_URL}?expired=1&next={request.path}")
            if now - last >= TOUCH_SECONDS or "zw_last_seen" not in request.session:
                request.session["zw_last_seen"] = now
            if not request.path.startswith(EXEMPT_PREFIXES):
                if settings.REQUIRE_STAFF_TOTP and not request.session.get("zw_otp_ok"):
                    if api:
                        return JsonResponse(
                            {"code": "totp_required", "message": "请先完成动态口令验证"}, status=401
                        )
                    return redirect("/accounts/totp/")
                if password_expired(user):
                    if api:
                        return JsonResponse(
                            {"code": "password_expired", "message": "密码已过期，请先修改密码"},
                            status=401,
                        )
                    return redirect("/accounts/password/?expired=1")
        return self.get_response(request)
