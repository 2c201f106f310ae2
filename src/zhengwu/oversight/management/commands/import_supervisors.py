"""manage.py import_supervisors FILE --by USERNAME [--partial]: the roster from XLSX or CSV."""

from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import ServiceError
from zhengwu.org.models import User
from zhengwu.oversight import importer


class Command(BaseCommand):
    help = (
        "从表格（.xlsx 或 .csv）导入社会监督员名册。列："
        + "、".join(importer.TEMPLATE_HEADER)
        + "。任一行有误时不导入任何一行（--partial 导入无误的行）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="表格文件路径")
        parser.add_argument("--by", required=True, help="办理人（政务公开办管理员）的用户名")
        parser.add_argument("--partial", action="store_true", help="只导入无误的行")

    def handle(self, *args, file, by, partial, **options):
        user = User.objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"用户“{by}”不存在")
        try:
            report = importer.load(file, by=user, suffix="", partial=partial)
        except ServiceError as e:
            raise CommandError(e.message) from None
        for line, message in report.errors:
            self.stderr.write(f"第{line}行：{message}")
        if report.errors and not partial:
            raise CommandError(f"有{len(report.errors)}行有误，未导入任何一行")
        self.stdout.write(f"导入完成：{report.summary}。")
        if report.errors:
            raise CommandError(f"有{len(report.errors)}行有误，未导入")
