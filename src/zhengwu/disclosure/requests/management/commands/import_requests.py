from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import Invalid
from zhengwu.disclosure.requests import importer


class Command(BaseCommand):
    help = (
        "导入历史政府信息公开申请（CSV 或 XLSX），列为："
        + ",".join(importer.COLUMNS)
        + "。outcome 留空表示未办结，否则为“三、本年度办理结果”下的统计行，如“（三）不予公开/1.属于国家秘密”。"
        "错误行按行号报告，正确行照常导入；有错误行时退出码为1。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV（UTF-8）或 XLSX 文件")

    def handle(self, *args, file, **options):
        try:
            loaded, errors = importer.import_file(file, progress=lambda s: self.stdout.write(s))
        except Invalid as e:
            raise CommandError(e.message) from None
        for line in errors:
            self.stderr.write(line)
        self.stdout.write(f"导入完成：{loaded} 行导入，{len(errors)} 行有错误")
        if errors:
            raise CommandError(f"{len(errors)} 行未导入，见上方错误")
