"""A works tender brought to its candidates' 公示 running today, through the services (the
pages test, the success-message table and the browser test share it)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhengwu.trading import services
from zhengwu.trading.models import Notice, Project


def live_candidates(by, owner, supervisor=None, name="吉首市乾州片区排水管网改造工程"):
    """The tender was published 40 days ago, opened 18 days ago, its report received 2 days ago
    and its candidates published yesterday, the 公示 running to 3 days from today."""
    today = timezone.localdate()

    def ago(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    p = services.create_project(
        {"kind": "engineering", "method": "open_tender", "owner": owner.pk, "name": name,
         "budget": "3860000", "supervisor": supervisor.pk if supervisor else ""},
        by=by, today=ago(45))  # fmt: skip

    def step(action, on, **data):
        p.refresh_from_db()
        return services.take_step(p, f"trading.{action}", {"on": on, **data}, by=by, today=today)

    step("tender_published", ago(40), bid_deadline=ago(18).isoformat())
    bidders = [{"name": n} for n in ("湘西路桥建设有限公司", "吉首市城建工程有限公司",
                                     "湖南武陵建设有限公司")]  # fmt: skip
    step("bids_opened", ago(18), facts={"bidders": bidders})
    step("report_received", ago(2))
    _, notice, _ = step("candidates_published", ago(1),
                        publicity_ends=(today + dt.timedelta(days=3)).isoformat(),
                        facts={"candidates": bidders})  # fmt: skip
    assert isinstance(notice, Notice)
    return Project.objects.get(pk=p.pk), notice
