import datetime as dt

from django.utils import timezone
from django_tasks import task

from zhengwu.core import schedule

from . import annual, services


@task()
def sweep_requests() -> dict:
    """Daily: requests whose 补正 period (条例 §30) or payment period has passed are closed."""
    return services.sweep()


@task()
def open_annual_reports() -> int:
    """Daily, idempotent: every body that must publish (`annual.publishers`) has last year's
    report row and its 条例 §49 clock."""
    year = timezone.localdate().year - 1
    n = 0
    for agency in annual.publishers().select_related("jurisdiction"):
        services.ensure_report(agency, year)
        n += 1
    return n


schedule.register("disclosure_requests.sweep", dt.timedelta(hours=6), sweep_requests)
schedule.register("disclosure_requests.open_reports", dt.timedelta(days=1), open_annual_reports)
