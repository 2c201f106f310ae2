from django.core.management.base import BaseCommand, CommandError

from zhengwu.org import services


class Command(BaseCommand):
    help = (
        "导入机关单位 CSV（usci,name,short_name,jurisdiction_code,kind,parent_usci），新增或更新。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            report = services.import_agencies(file)
        except FileNotFoundError:
            raise CommandError(f"文件不存在：{file}") from None
        for line, message in report.errors:
            self.stderr.write(f"第{line}行：{message}")
        self.stdout.write(f"机关单位：{report.summary()}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} 行未导入，其余已导入")
