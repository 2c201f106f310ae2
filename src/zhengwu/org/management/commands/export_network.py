from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import ServiceError
from zhengwu.org import network, network_sheets


class Command(BaseCommand):
    help = "导出一个区划（含下级）的服务网络为 XLSX：服务中心、窗口、工作人员三张工作表。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="写入的 XLSX 文件")
        parser.add_argument("--jurisdiction", required=True, help="区划代码，如 433101")

    def handle(self, *args, file, jurisdiction, **options):
        try:
            j = network.jurisdiction(jurisdiction)
        except ServiceError as e:
            raise CommandError(e.message) from None
        Path(file).write_bytes(network_sheets.export_workbook(j))
        self.stdout.write(f"已导出{j.name}的服务网络：{file}")
