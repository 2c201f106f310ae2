"""The platform's sweeps: requests whose 补正 or payment period has passed end as the law says."""

from __future__ import annotations

import datetime as dt

from ..models import Request
from ._common import CLARIFY_PERIOD, FEE_PAYMENT, _clock, today
from .fees import end_unpaid
from .handling import abandon_unclarified


def sweep(on: dt.date | None = None) -> dict:
    """Requests whose 补正 period or payment period has passed end as the law says."""
    on = on or today()
    done = {"abandoned": 0, "unpaid": 0}
    for req in Request.objects.filter(status=Request.CLARIFYING).select_related(
        "agency__jurisdiction"
    ):
        period = _clock(req, CLARIFY_PERIOD)
        if period and period.due_date and period.due_date < on:
            abandon_unclarified(req, on=on)
            done["abandoned"] += 1
    waiting = Request.objects.filter(
        status__in=Request.OPEN_STATUSES, fee_noticed_on__isnull=False, fee_paid_on__isnull=True
    ).select_related("agency__jurisdiction")
    for req in waiting:
        pay = _clock(req, FEE_PAYMENT)
        if pay and pay.due_date and pay.due_date < on:
            end_unpaid(req, on=on)
            done["unpaid"] += 1
    return done
