import datetime as dt

from django_tasks import task

from zhengwu.core import schedule

from . import services


@task()
def deem_accepted_overdue() -> int:
    """Daily: applications not told within 5 working days count as accepted (行政许可法 §32)."""
    return services.deem_accepted_overdue()


schedule.register("cases.deem_accepted_overdue", dt.timedelta(hours=6), deem_accepted_overdue)
