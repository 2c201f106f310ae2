from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import ServiceError
from zhengwu.org.models import User
from zhengwu.programmes import imports


class Command(BaseCommand):
    help = (
        "从 XLSX 或 CSV 导入培训记录（表头：培训日期、培训主题、主办单位、授课人、参训人数、参训单位）。"
        "先逐行校验，错误的行按行号列出；有错误时整个文件不导入（退出码非零），加 --partial 则载入正确的行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="XLSX 或 CSV 文件路径")
        parser.add_argument("--user", required=True, help="以该政务公开办管理员身份导入")
        parser.add_argument("--partial", action="store_true", help="有错误行时仍载入其余正确的行")

    def handle(self, *args, file, user, partial=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        by = User.objects.filter(username=user, is_active=True).first()
        if by is None:
            raise CommandError(f"用户“{user}”不存在或已停用")
        self.stdout.write(f"正在导入 {path} …")
        try:
            done = imports.import_training(
                path.read_bytes(), suffix=path.suffix, by=by, partial=partial
            )
        except imports.SheetErrors as e:
            for line in e.errors:
                self.stderr.write(line)
            raise CommandError(
                f"有 {len(e.errors)} 行有误，整个文件未导入。请改正后重新导入，或加 --partial 只载入正确的行"
            ) from None
        except ServiceError as e:
            raise CommandError(e.message) from None
        self.stdout.write(f"已导入 {len(done)} 期培训")
