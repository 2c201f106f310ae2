from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import ServiceError
from zhengwu.org.models import User
from zhengwu.trading import sheets


class Command(BaseCommand):
    help = (
        "导入公共资源交易工作簿（XLSX：“项目”“公告”两张工作表，表头用全国公共资源交易平台数据"
        "规范的字段名或其中文名称，见 docs/data-import.md），以 --by 指定的工作人员的权限逐行办理，"
        "每个日期都按交易期限规则校验。任一行有误则全部不导入（--partial 只导入无误的行）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="XLSX 文件")
        parser.add_argument("--by", required=True, help="办理导入的工作人员用户名")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不导入")
        parser.add_argument("--partial", action="store_true", help="只导入无误的行")

    def handle(self, *args, file, by, dry_run, partial, **options):
        path = Path(file)
        if not path.is_file() or path.suffix.lower() != ".xlsx":
            raise CommandError(f"文件不存在或不是 .xlsx 工作簿：{file}")
        user = User.objects.filter(username=by, kind=User.STAFF).first()
        if user is None:
            raise CommandError(f"工作人员账户“{by}”不存在")

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"已处理 {done}/{total} 行")

        try:
            report = sheets.import_workbook(
                path.read_bytes(), by=user, dry_run=dry_run, partial=partial, progress=progress
            )
        except ServiceError as e:
            raise CommandError(e.message) from None
        for row in report.errors:
            self.stderr.write(f"{row['sheet']} 第{row['line']}行：{row['message']}")
        state = "已导入" if report.loaded else ("检查完毕，未导入" if dry_run else "未导入")
        self.stdout.write(f"公共资源交易：{state}；{report.summary()}")
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} 行有误"
                + ("，其余已导入" if report.loaded else "，没有导入任何数据")
            )
