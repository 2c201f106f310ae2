"""Irregularities reported by the business apps through core.signals.irregularity."""

from django.dispatch import receiver

from zhengwu.core.signals import irregularity

from . import services
from .models import Card


@receiver(irregularity, dispatch_uid="supervision.irregularity_card")
def irregularity_card(sender, *, kind, subject, agency_id=None, scope_path="", detail="", **kw):
    # A kind supervision does not know yet is still a breach to follow up, never a reason to
    # make the reporting app's action fail: it becomes 其他不规范审批行为 with its code kept.
    if kind not in Card.KINDS or kind == Card.OVERDUE:
        kind, detail = "other", f"[{kind}] {detail}"
    services.issue_irregularity(
        kind=kind,
        subject=subject,
        agency_id=agency_id,
        scope_path=scope_path,
        detail=detail,
        by=kw.get("by"),
    )
