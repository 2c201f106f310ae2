from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengwu.services import transfer

from ._actor import actor


class Command(BaseCommand):
    help = (
        "从XLSX工作簿导入政务服务事项（工作表：事项、申请材料、收费项目、办理流程，以实施编码关联）。"
        "正确的行载入，错误的行按工作表和行号列出；已存在且有变化的事项生成新版本。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="XLSX 文件路径")
        parser.add_argument("--user", help="以该工作人员身份导入（默认：第一个超级管理员）")

    def handle(self, *args, file, user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        by = actor(user)
        self.stdout.write(f"正在导入 {path} …")
        report = transfer.load(path.read_bytes(), by=by)
        for sheet, line, message in report.errors:
            where = (
                f"工作表“{sheet}”第{line}行"
                if sheet and line
                else (f"工作表“{sheet}”" if sheet else "文件")
            )
            self.stderr.write(f"{where}：{message}")
        self.stdout.write(report.summary())
        if report.errors:
            raise CommandError(f"有 {len(report.errors)} 行未能导入，见上")
