import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import ServiceError
from zhengwu.supervision import services, stats


class Command(BaseCommand):
    help = "电子监察巡检：更新所有在办时限的监察状态（正常/预警/黄牌/红牌）并亮牌；可选事项检查和统计快照。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期巡检（YYYY-MM-DD，默认今天）")
        parser.add_argument("--items", action="store_true", help="同时检查应网上可办而未开通的事项")
        parser.add_argument("--snapshot", action="store_true", help="同时生成当日统计快照")

    def handle(self, *args, date=None, items=False, snapshot=False, **options):
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError("日期格式应为YYYY-MM-DD") from None
        try:
            result = services.sweep(day)
            self.stdout.write(f"状态变化：{result['changed']}；新亮牌 {result['cards']} 张")
            if items:
                self.stdout.write(f"事项检查：新亮牌 {services.check_items()} 张")
            if snapshot:
                self.stdout.write(f"统计快照：{stats.snapshot_all(day)} 项")
        except ServiceError as e:
            raise CommandError(e.message) from e
