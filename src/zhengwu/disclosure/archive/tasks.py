"""The daily task that opens the §18 review rounds (`core.schedule`)."""

import datetime as dt

from django_tasks import task

from zhengwu.core import schedule

from .services import review


@task()
def open_review_rounds() -> int:
    """Daily, idempotent: every body with records due (the interval passed, or a secret released
    by law that day) has them in its open round. Returns how many records joined a round."""
    return sum(added for _review, added in review.open_rounds())


schedule.register("disclosure_archive.open_reviews", dt.timedelta(days=1), open_review_rounds)
