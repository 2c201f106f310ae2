import datetime as dt

from django_tasks import task

from zhengwu.core import schedule


@task()
def sweep_requests() -> dict:
    """Daily: requests whose 补正 period (条例 §30) or payment period has passed are closed."""
    from . import services

    return services.sweep()


@task()
def open_annual_reports() -> int:
    """Daily, idempotent: every agency has last year's report row and its 条例 §49 clock."""
    from django.utils import timezone

    from zhengwu.org.models import Agency

    from . import services

    year = timezone.localdate().year - 1
    n = 0
    for agency in Agency.objects.filter(is_active=True).select_related("jurisdiction"):
        services.ensure_report(agency, year)
        n += 1
    return n


schedule.register("disclosure_requests.sweep", dt.timedelta(hours=6), sweep_requests)
schedule.register("disclosure_requests.open_reports", dt.timedelta(days=1), open_annual_reports)
