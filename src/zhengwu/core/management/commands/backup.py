from pathlib import Path

from django.core.management.base import BaseCommand

from zhengwu.core import backup


class Command(BaseCommand):
    help = (
        "备份：在 DIR 下新建以时间命名的目录，写入数据库、上传文件与同一时刻的审计链头，"
        "最后写清单（各表行数、各文件 SHA-256）；失败时以非0退出且不留半成品。"
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", help="备份存放的目录（不存在时创建）")

    def handle(self, *args, dir, **options):
        backup.make(Path(dir), say=self.stdout.write)
