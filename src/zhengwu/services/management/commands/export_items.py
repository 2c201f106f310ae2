from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengwu.org.models import Jurisdiction
from zhengwu.services import transfer


class Command(BaseCommand):
    help = "把某区划（含下级）在用的政务服务事项导出为XLSX工作簿，格式与 import_items 相同。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="输出的 XLSX 文件路径")
        parser.add_argument("--jurisdiction", required=True, help="区划代码，如 433101")

    def handle(self, *args, file, jurisdiction, **options):
        j = Jurisdiction.objects.filter(code=jurisdiction.strip()).first()
        if j is None:
            raise CommandError(f"区划代码“{jurisdiction}”不存在")
        self.stdout.write(f"正在导出{j.name}的事项 …")
        data = transfer.export(j)
        Path(file).write_bytes(data)
        self.stdout.write(f"已写入 {file}（{len(data)} 字节）")
