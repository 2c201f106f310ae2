import datetime as dt

from django.utils import timezone
from django_tasks import task

from . import services


@task()
def opinion_reports(month: str) -> int:
    """民意汇报 for the month `YYYY-MM` (per agency and for the 州)."""
    return services.generate_opinion_reports(dt.date.fromisoformat(f"{month}-01"))


@task()
def monthly_opinion_reports() -> int:
    """Scheduled daily; on the first days of a month it (re)builds last month's reports, and it
    keeps the current month's up to date so the page is never more than a day old."""
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    count = services.generate_opinion_reports(today.replace(day=1))
    if today.day <= 5:
        count += services.generate_opinion_reports(last_month)
    return count


@task()
def close_consultations() -> int:
    """Scheduled daily: consultations whose 征集期 has ended read 已截止 (services)."""
    return services.close_expired_consultations()
