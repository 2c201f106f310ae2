"""Log in, log out, failed log in and lockout go into the audit chain (等保 L3-CES1-12)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from zhengwu.core import audit

from . import lockout


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    if request is not None and user.kind == user.STAFF:
        request.session["zw_login_at"] = timezone.now().timestamp()
    audit.record("account.login", user, actor=user)


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record("account.logout", user, actor=user)


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit.record("account.login_failed", success=False, object_type="org.user", object_id=username)


@receiver(user_locked_out)
def locked(sender, request, username, ip_address, **kwargs):
    """axes locked an account at an address (ip_address is core.middleware.client_ip's)."""
    lockout.pair_locked(str(username or "")[:150], ip_address)
