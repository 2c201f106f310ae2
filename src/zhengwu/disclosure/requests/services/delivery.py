"""The answer by e-mail: the letter and the files, after the answer commits."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage

from .. import render
from ..models import Request
from ..released import download_name

log = logging.getLogger(__name__)


def send_by_email(req_pk: int) -> None:
    """The letter (PDF) and the files, to the e-mail address the applicant gave, after the answer
    commits; files beyond ZHENGWU_MAX_UPLOAD_BYTES in all stay for download. A failure is
    logged: the answer stands, and the files stay downloadable."""
    try:
        req = Request.objects.select_related("agency").get(pk=req_pk)
        message = EmailMessage(
            subject=f"政府信息公开申请答复书（{req.number}）",
            body=f"{req.applicant_name}：\n\n{req.agency.name}对您的政府信息公开申请"
            f"（申请编号：{req.number}）的答复书见附件。\n",
            to=[req.applicant_email],
        )
        message.attach(f"{req.number}-答复书.pdf", render.letter_pdf(req), "application/pdf")
        room = settings.ZHENGWU_MAX_UPLOAD_BYTES
        for item in req.released_items.filter(document__isnull=True):
            if item.size > room:
                continue
            room -= item.size
            with item.file.open("rb") as f:
                message.attach(download_name(item), f.read(), item.content_type)
        message.send()
    except Exception:  # the mail server down: the answer stands, the files stay online
        log.exception("答复书电子邮件发送失败（%s）", req_pk)
