"""Irregularities reported by the business apps through core.signals.irregularity."""

from django.dispatch import receiver

from zhengwu.core.signals import irregularity

from . import services


@receiver(irregularity, dispatch_uid="supervision.irregularity_card")
def irregularity_card(sender, *, kind, subject, agency_id=None, scope_path="", detail="", **kw):
    services.issue_irregularity(
        kind=kind,
        subject=subject,
        agency_id=agency_id,
        scope_path=scope_path,
        detail=detail,
        by=kw.get("by"),
    )
