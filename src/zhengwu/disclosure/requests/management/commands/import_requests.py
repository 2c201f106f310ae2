from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import Invalid
from zhengwu.disclosure.requests import importer


class Command(BaseCommand):
    help = (
        "导入历史政府信息公开申请登记簿（CSV 或 XLSX，首行为表头）。表头可用中文（收到申请日期、"
        "申请方式、申请人类型、申请人、所需信息的内容描述、办理结果、答复日期、收费金额（元）、"
        "统一社会信用代码）或英文列名（" + ",".join(importer.COLUMNS) + "）；其他列忽略。"
        "申请方式如当面申请、传真申请、网上申请、网络申请、信函申请、其他；办理结果为年报表三"
        "“三、本年度办理结果”下的行，可带或不带编号和注释，留空表示未办结；日期可写作2025-03-05、"
        "2025/3/5、2025年3月5日或Excel日期。先逐行校验，错误按行号报告；有错误行时整个文件不导入"
        "（退出码为1），加 --partial 则导入正确的行；--dry-run 只校验不导入。详见 docs/data-import.md。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV（UTF-8 或 GB18030）或 XLSX 文件")
        parser.add_argument(
            "--agency", default="", help="受理机关的统一社会信用代码（表中没有该列时必填）"
        )
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告，不导入")
        parser.add_argument("--partial", action="store_true", help="有错误行时仍导入其余正确的行")

    def handle(self, *args, file, agency, dry_run, partial, **options):
        try:
            report = importer.import_file(
                file,
                agency=agency,
                dry_run=dry_run,
                partial=partial,
                progress=lambda s: self.stdout.write(s),
            )
        except Invalid as e:
            raise CommandError(e.message) from None
        for line in report.errors:
            self.stderr.write(line)
        bad = len(report.errors)
        good = report.total - bad
        if dry_run:
            self.stdout.write(
                f"试运行（未导入）：共 {report.total} 行，{good} 行正确，{bad} 行有错误"
            )
            if bad:
                raise CommandError(f"{bad} 行有错误，见上方逐行说明")
            return
        if bad and not partial:
            raise CommandError(
                f"{bad} 行有错误，整个文件未导入（0 行）。请改正后重新导入，"
                f"或加 --partial 只导入正确的 {good} 行"
            )
        self.stdout.write(f"导入完成：{report.loaded} 行导入，{bad} 行有错误")
        if report.proposals:
            self.stdout.write(
                f"其中相同内容的申请达到规定件数，有 {len(report.proposals)} 项转为主动公开建议"
                "待决定（条例第四十四条），见 manage.py disclosure_proposals"
            )
        if bad:
            raise CommandError(f"{bad} 行未导入，见上方错误")
