from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhengwu.org import services


class Command(BaseCommand):
    help = "导入行政区划 CSV（code,name,level,parent_code），可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default=None,
            help="CSV 文件，默认随代码提供的湘西州区划（org/data/xiangxi-divisions.csv）",
        )

    def handle(self, *args, file=None, **options):
        path = file or settings.ZHENGWU_DIVISIONS_FILE
        try:
            report = services.import_divisions(path)
        except FileNotFoundError:
            raise CommandError(f"文件不存在：{path}") from None
        for line, message in report.errors:
            self.stderr.write(f"第{line}行：{message}")
        self.stdout.write(f"行政区划：{report.summary()}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} 行未导入")
