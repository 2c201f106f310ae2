import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand

from zhengwu.core import uploads


class Command(BaseCommand):
    help = (
        "清理孤立的上传文件：删除存储中没有任何记录引用、且已超过宽限时间的文件"
        "（提交中途失败或进程被终止时留下的）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=None,
            help=f"宽限时间（小时），默认 ZHENGWU_ORPHAN_FILE_HOURS（{settings.ZHENGWU_ORPHAN_FILE_HOURS}）",
        )
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args, hours=None, dry_run=False, **options):
        older_than = None if hours is None else dt.timedelta(hours=max(hours, 0))
        found = uploads.sweep(older_than=older_than, dry_run=dry_run)
        for name in found:
            self.stdout.write(name)
        verb = "找到" if dry_run else "已删除"
        self.stdout.write(f"{verb} {len(found)} 个孤立的上传文件")
