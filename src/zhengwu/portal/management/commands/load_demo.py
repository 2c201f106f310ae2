import time
from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand

from zhengwu.core import calendar, holidays
from zhengwu.core.models import CalendarDay, CalendarYear
from zhengwu.org import demo

# Each app may contribute demo data with demo.build(stdout); run in dependency order.
APP_DEMOS = [
    "portal",  # first: the guides of the disclosure demo fall back to the 网站信息
    "disclosure",
    "disclosure.requests",
    "disclosure.archive",
    "disclosure.interpretation",
    "disclosure.public_bodies",
    "services",
    "cases",
    "interaction",
    "ratings",
    "trading",  # before supervision: its sweep cards the trading clocks left late
    "supervision",
    "assessment",
    "websites",  # before search: its articles are indexed with the rest
    "oversight",
    "programmes",  # after assessment: 以奖代补 reads its results
    "search",
]


class Command(BaseCommand):
    help = "载入湘西演示数据（基于真实行政区划），可重复执行；最后打印各角色的演示账户。"

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账户")

    def handle(self, *args, quiet_logins=False, **options):
        started = time.monotonic()
        if not CalendarYear.objects.exists():
            # A flushed database (e.g. after a transactional test) lost the migration's seed.
            seeded = holidays.seed(CalendarDay, CalendarYear)
            calendar.invalidate()
            self.stdout.write(f"官方日历：已载入 {seeded} 个节假日与调休日")
        call_command("import_divisions", stdout=self.stdout)
        result = demo.build(self.stdout)
        for app in APP_DEMOS:
            try:
                module = import_module(f"zhengwu.{app}.demo")
            except ModuleNotFoundError as e:
                if e.name != f"zhengwu.{app}.demo":
                    raise
                continue
            module.build(self.stdout)
        self.stdout.write(f"演示数据就绪，用时 {time.monotonic() - started:.1f} 秒")
        if not quiet_logins:
            print_logins(self.stdout, result)


def print_logins(out, result):
    out.write("")
    out.write(f"演示账户（密码均为 {result['password']}）：")
    for role, username, over in result["logins"]:
        out.write(f"  {role:<14} {username:<22} {over}")
