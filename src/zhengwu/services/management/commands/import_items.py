from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengwu.services import transfer

from ._actor import actor


class Command(BaseCommand):
    help = (
        "从XLSX工作簿导入政务服务事项（工作表：事项、申请材料、收费项目、办理流程，以实施编码关联）。"
        "先逐行校验，错误的行按工作表和行号列出；有错误时整个工作簿不导入（退出码非零），"
        "加 --partial 则载入正确的事项；--dry-run 只校验不导入。已存在且有变化的事项生成新版本。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="XLSX 文件路径")
        parser.add_argument("--user", help="以该工作人员身份导入（默认：第一个超级管理员）")
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告，不导入")
        parser.add_argument("--partial", action="store_true", help="有错误行时仍载入其余正确的事项")

    def handle(self, *args, file, user=None, dry_run=False, partial=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        by = actor(user)
        self.stdout.write(f"正在导入 {path} …")
        report = transfer.load(path.read_bytes(), by=by, dry_run=dry_run, partial=partial)
        for sheet, line, message in report.errors:
            where = (
                f"工作表“{sheet}”第{line}行"
                if sheet and line
                else (f"工作表“{sheet}”" if sheet else "文件")
            )
            self.stderr.write(f"{where}：{message}")
        self.stdout.write(("试运行，" if dry_run else "") + report.summary())
        if report.errors and not partial and not dry_run:
            raise CommandError(
                f"有 {len(report.errors)} 行有误，整个工作簿未导入。请改正后重新导入，"
                "或加 --partial 只载入正确的事项"
            )
        if report.errors:
            raise CommandError(f"有 {len(report.errors)} 行未能导入，见上")
