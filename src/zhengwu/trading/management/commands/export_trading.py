from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import ServiceError
from zhengwu.trading import sheet_export


class Command(BaseCommand):
    help = (
        "导出一个区划（含下级）的公共资源交易项目为 XLSX：“项目”“公告”两张工作表，"
        "与 import_trading 的格式相同。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="写入的 XLSX 文件")
        parser.add_argument("--jurisdiction", required=True, help="区划代码，如 433101")
        parser.add_argument("--year", type=int, help="只导出该年登记的项目，如 2026")

    def handle(self, *args, file, jurisdiction, year=None, **options):
        try:
            j, data = sheet_export.export_jurisdiction(jurisdiction, year)
        except ServiceError as e:
            raise CommandError(e.message) from None
        try:
            Path(file).write_bytes(data)
        except OSError as e:
            raise CommandError(f"无法写入文件{file}：{e.strerror}") from None
        self.stdout.write(f"已导出{j.name}{f'{year}年' if year else ''}的交易项目：{file}")
