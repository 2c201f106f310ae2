import time

from django.core.management.base import BaseCommand

from zhengwu.core import schedule


class Command(BaseCommand):
    help = "定时任务调度：按间隔把到期的定时任务（时限扫描、提醒、统计快照）放入任务队列。"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=30.0, help="检查间隔（秒）")
        parser.add_argument("--once", action="store_true", help="只检查一次后退出")

    def handle(self, *args, interval, once, **options):
        names = ", ".join(j.name for j in schedule.jobs())
        self.stdout.write(f"调度器已启动，定时任务：{names}")
        while True:
            for name in schedule.run_due():
                self.stdout.write(f"已入队：{name}")
            if once:
                return
            time.sleep(interval)
