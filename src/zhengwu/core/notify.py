"""Notices to people through pluggable channels (settings.ZHENGWU_NOTICE_BACKENDS).

`site` stores a 站内消息 (always available); `sms` and `email` are configured per deployment
(ZHENGWU_SMS_GATEWAY_URL for the province's SMS platform; Django's EMAIL_* settings).
Call `notify(user, title, body, url)` inside the service's transaction: the outside channels
are sent after commit, so a rolled-back change never tells anybody anything.
"""

from __future__ import annotations

import json
import logging
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .models import Notice

log = logging.getLogger(__name__)


def _site(user, title, body, url):
    Notice.objects.create(recipient=user, title=title[:200], body=body, url=url[:300])


def _sms(user, title, body, url):
    gateway = getattr(settings, "ZHENGWU_SMS_GATEWAY_URL", "")
    if not gateway or not getattr(user, "phone", ""):
        return
    payload = json.dumps({"phone": user.phone, "text": f"【政务服务】{title}"}).encode()
    if not gateway.startswith(("https://", "http://")):
        raise ValueError("ZHENGWU_SMS_GATEWAY_URL must be an http(s) URL")
    request = urllib.request.Request(
        gateway, data=payload, headers={"Content-Type": "application/json"}
    )
    transaction.on_commit(lambda: _send_quietly(lambda: urllib.request.urlopen(request, timeout=5)))


def _email(user, title, body, url):
    if not getattr(user, "email", ""):
        return
    transaction.on_commit(
        lambda: _send_quietly(lambda: send_mail(title, f"{body}\n{url}", None, [user.email]))
    )


def _send_quietly(send):
    try:
        send()
    except Exception:  # an outside channel failing must not undo the notice already stored
        log.exception("notice channel failed")


BACKENDS = {"site": _site, "sms": _sms, "email": _email}


def notify(user, title: str, body: str = "", url: str = "") -> None:
    if user is None:
        return
    for name in settings.ZHENGWU_NOTICE_BACKENDS:
        BACKENDS[name](user, title, body, url)


def unread(user):
    return Notice.objects.filter(recipient=user, read_at__isnull=True)
