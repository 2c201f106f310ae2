import datetime as dt

from django_tasks import task

from zhengwu.core import schedule

from . import services, stats


@task()
def sweep_clocks() -> dict:
    """Every 10 minutes: 正常/预警/黄牌/红牌 for every running clock, and the cards they call for."""
    return services.sweep()


@task()
def check_items() -> int:
    """Hourly: items that must be online but are not (domain-rules §4 trigger 6)."""
    return services.check_items()


@task()
def snapshot_measures() -> int:
    """Daily: the heavy statistics of the 州 and each county, kept as Snapshot rows."""
    return stats.snapshot_all()


schedule.register("supervision.sweep_clocks", dt.timedelta(minutes=10), sweep_clocks)
schedule.register("supervision.check_items", dt.timedelta(hours=1), check_items)
schedule.register("supervision.snapshot_measures", dt.timedelta(days=1), snapshot_measures)
