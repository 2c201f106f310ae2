"""Staff sessions: idle timeout, absolute lifetime, second factor, password expiry (等保 L3-CES1-02/04)."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

from .passwords import password_expired

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/api/")


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff":
            now = time.time()
            last = request.session.get("zw_last_seen", now)
            started = request.session.get("zw_login_at", now)
            if (
                now - last > settings.SESSION_IDLE_SECONDS
                or now - started > settings.SESSION_ABSOLUTE_SECONDS
            ):
                logout(request)
                return redirect(f"{settings.LOGIN_URL}?expired=1&next={request.path}")
            request.session["zw_last_seen"] = now
            if not request.path.startswith(EXEMPT_PREFIXES):
                if settings.REQUIRE_STAFF_TOTP and not request.session.get("zw_otp_ok"):
                    return redirect("/accounts/totp/")
                if password_expired(user):
                    return redirect("/accounts/password/?expired=1")
        return self.get_response(request)
