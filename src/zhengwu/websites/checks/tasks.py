import datetime as dt

from django_tasks import task

from zhengwu.core.times import now_in_beijing

from . import services
from .models import SiteCheck


@task()
def check_websites(day: str = "", crawl: bool = False) -> int:
    """Check every site on `day` (YYYY-MM-DD, default today) and store the quarter's results."""
    on = dt.date.fromisoformat(day) if day else None
    return len(services.run(day=on, crawl=crawl))


@task()
def quarterly_check() -> int:
    """Scheduled daily: the first run in a quarter checks every site for that quarter (the
    provinces' quarterly 抽查, domain rules §2.1); the other days do nothing."""
    today = now_in_beijing().date()
    if SiteCheck.objects.filter(year=today.year, quarter=services.quarter_of(today)).exists():
        return 0
    return len(services.run(day=today))
