from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengwu.core import backup


class Command(BaseCommand):
    help = (
        "恢复：用 DIR 中的备份替换数据库与上传文件，然后核对行数、文件哈希与审计链；"
        "任一项不符时以非0退出。请先停止平台的全部进程。"
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", help="某次备份的目录（含 manifest.json）")
        parser.add_argument(
            "--yes", action="store_true", help="确认用备份覆盖当前数据库（数据库非空时必需）"
        )

    def handle(self, *args, dir, yes, **options):
        checks = backup.restore(Path(dir), yes=yes, say=self.stdout.write)
        self.stdout.write("恢复后的校验：")
        for check in checks:
            self.stdout.write(f"  {'通过' if check.ok else '未通过'}  {check.name}：{check.detail}")
        failed = [check.name for check in checks if not check.ok]
        if failed:
            raise CommandError(f"恢复后的校验未通过：{'、'.join(failed)}")
        self.stdout.write("恢复完成，校验全部通过")
