from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import ServiceError
from zhengwu.org import network_sheets
from zhengwu.org.models import User


class Command(BaseCommand):
    help = (
        "导入服务网络工作簿（XLSX：服务中心、窗口、工作人员三张工作表），以 --by 指定的政务公开办"
        "管理员的权限办理。任一行有误则全部不导入（--partial 只导入无误的行）。"
        "新账户的初始密码只在本次输出中出现一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="XLSX 文件")
        parser.add_argument("--by", required=True, help="办理导入的管理员用户名")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不导入")
        parser.add_argument("--partial", action="store_true", help="只导入无误的行")

    def handle(self, *args, file, by, dry_run, partial, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        user = User.objects.filter(username=by, kind=User.STAFF).first()
        if user is None:
            raise CommandError(f"工作人员账户“{by}”不存在")
        try:
            report = network_sheets.import_workbook(
                path.read_bytes(), by=user, dry_run=dry_run, partial=partial
            )
        except ServiceError as e:
            raise CommandError(e.message) from None
        for row in report.errors:
            self.stderr.write(f"{row['sheet']} 第{row['line']}行：{row['message']}")
        for p in report.passwords:
            self.stdout.write(f"新账户 {p['username']} 初始密码：{p['password']}（首次登录须修改）")
        state = "已导入" if report.loaded else ("检查完毕，未导入" if dry_run else "未导入")
        self.stdout.write(f"服务网络：{state}；{report.summary()}")
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} 行有误"
                + ("，其余已导入" if report.loaded else "，没有导入任何数据")
            )
