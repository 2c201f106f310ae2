"""import_public_bodies: register 公共企事业单位 from the office's spreadsheet (XLSX or CSV)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import ServiceError
from zhengwu.disclosure.public_bodies import importer


class Command(BaseCommand):
    help = (
        "从登记表（XLSX 或 CSV）登记公共企事业单位。表头：统一社会信用代码、单位名称、区划代码、"
        "行业、主管部门（统一社会信用代码或名称）、联系人、联系电话。任一行有误时不登记任何单位，"
        "除非使用 --partial。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="登记表文件路径（.xlsx 或 .csv）")
        parser.add_argument("--partial", action="store_true", help="只登记正确的行")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不登记")

    def handle(self, *args, file, partial=False, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        if path.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError("只支持 .xlsx 和 .csv 文件")
        self.stdout.write(f"正在检查 {path.name} …")
        try:
            report = importer.import_file(
                path.read_bytes(),
                by=None,
                suffix=path.suffix.lower(),
                partial=partial,
                dry_run=dry_run,
            )
        except ServiceError as e:
            raise CommandError(e.message) from None
        for line in report.errors:
            self.stderr.write(line)
        self.stdout.write(f"共{report.total}行，登记{report.loaded}个，有误{len(report.errors)}行")
        if report.errors and not (partial and report.loaded):
            raise CommandError("登记表有误，请修改后重试" + ("" if dry_run else "；未登记任何单位"))
