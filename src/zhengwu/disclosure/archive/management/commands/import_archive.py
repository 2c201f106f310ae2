from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import Invalid, NotAllowed
from zhengwu.disclosure.archive import importer
from zhengwu.org.models import User


class Command(BaseCommand):
    help = (
        "导入单位现有的公文登记簿（XLSX 或 CSV，首行为表头）。表头按公文处理登记簿的写法："
        "序号、发文字号、标题（或文件标题）、文种、密级、保密期限、紧急程度、发文机关、签发人、"
        "主送机关、抄送机关、成文日期、印发机关、印发日期、份号、公开属性、不予公开理由/依据、附注、"
        "文件名；其他列忽略。密级可写作“机密★20年”“秘密★2030年6月30日”，或密级与保密期限分两列；"
        "日期可写作2025-03-05、2025/3/5、2025年3月5日或Excel日期。先逐行校验，错误按行号报告并给出"
        "最接近的有效值；有错误行时整个文件不导入（退出码为1），加 --partial 则导入正确的行；"
        "--dry-run 只校验不导入；--files 目录中与“文件名”列同名的文件（PDF、OFD、DOCX）随公文导入，"
        "涉密公文不附文件。详见 docs/data-import.md。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="XLSX 或 CSV（UTF-8 或 GB18030）文件")
        parser.add_argument("--agency", required=True, help="登记单位的统一社会信用代码或编号")
        parser.add_argument("--files", default="", help="公文文件所在目录（按“文件名”列匹配）")
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告，不导入")
        parser.add_argument("--partial", action="store_true", help="有错误行时仍导入其余正确的行")
        parser.add_argument("--user", default="", help="以该工作人员的名义导入（检查其权限）")

    def handle(self, *args, file, agency, files, dry_run, partial, user, **options):
        by = None
        if user:
            by = User.objects.filter(username=user, is_active=True).first()
            if by is None:
                raise CommandError(f"找不到用户“{user}”")
        try:
            report = importer.import_file(
                file,
                agency=agency,
                by=by,
                files_dir=files or None,
                dry_run=dry_run,
                partial=partial,
                progress=lambda s: self.stdout.write(s),
            )
        except (Invalid, NotAllowed) as e:
            raise CommandError(e.message) from None
        for line in report.errors:
            self.stderr.write(line)
        bad = len(report.errors)
        if dry_run:
            self.stdout.write(
                f"试运行（未导入）：共 {report.total} 行，{report.good} 行正确，{bad} 行有错误"
            )
            if bad:
                raise CommandError(f"{bad} 行有错误，见上方逐行说明")
            return
        if bad and not partial:
            raise CommandError(
                f"{bad} 行有错误，整个文件未导入（0 行）。请改正后重新导入，"
                f"或加 --partial 只导入正确的 {report.good} 行"
            )
        self.stdout.write(
            f"导入完成：{report.loaded} 件公文导入（附文件 {report.files} 件），{bad} 行有错误"
        )
        if bad:
            raise CommandError(f"{bad} 行未导入，见上方错误")
