import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from zhengwu.interaction import services


class Command(BaseCommand):
    help = "生成民意汇报（每个单位及全州）：--month YYYY-MM，可重复执行（覆盖同月汇报）。"

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="月份，格式 YYYY-MM，例如 2026-10")

    def handle(self, *args, month, **options):
        try:
            first = dt.date.fromisoformat(f"{month.strip()}-01")
        except ValueError:
            raise CommandError("月份格式应为 YYYY-MM，例如 2026-10") from None
        self.stdout.write(f"正在生成 {first:%Y年%m月} 民意汇报……")
        count = services.generate_opinion_reports(first)
        self.stdout.write(self.style.SUCCESS(f"已生成 {count} 份民意汇报（含全州汇总）"))
