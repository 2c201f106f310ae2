"""manage.py import_documents FILE.xlsx|csv --agency USCI"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from zhengwu.core import sheets
from zhengwu.core.errors import Invalid
from zhengwu.disclosure import imports
from zhengwu.org.models import Agency

HELP_COLUMNS = "、".join(imports.COLUMNS)


class Command(BaseCommand):
    help = (
        "导入一个单位已有的政府信息公开目录（XLSX 或 CSV，首行为表头）。"
        f"可用列：{HELP_COLUMNS}。名称、生成日期必填；索引号为空时按规则生成；"
        "有发布日期的行作为已发布文件导入（并按条例第二十六条标记逾期发布），否则作为草稿；"
        "栏目填栏目代码（如 g20-01、k-czyjs）或栏目名称；有效性填现行有效、已修改、已废止或已失效。"
        "日期可写作2025-03-05、2025/3/5、2025年3月5日或Excel日期。"
        "先逐行校验并报告错误（带行号）；有错误行时整个文件不导入（退出码非零），"
        "加 --partial 则将其余行分批导入（每批一个事务）；--dry-run 只校验不导入。"
        "详见 docs/data-import.md。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="XLSX 或 CSV 文件（CSV 可为 UTF-8 或 GB18030 编码）")
        parser.add_argument("--agency", required=True, help="单位的统一社会信用代码")
        parser.add_argument(
            "--batch", type=int, default=imports.BATCH, help=f"每批行数（默认 {imports.BATCH}）"
        )
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告，不导入")
        parser.add_argument("--partial", action="store_true", help="有错误行时仍导入其余正确的行")

    def handle(self, *args, file, agency, batch, dry_run, partial, **options):
        target = (
            Agency.objects.filter(usci=agency.strip().upper())
            .select_related("jurisdiction")
            .first()
        )
        if target is None:
            raise CommandError(f"统一社会信用代码为 {agency} 的单位不存在")
        if batch < 1:
            raise CommandError("每批行数应大于0")
        t0 = time.perf_counter()
        checked = False

        def progress(report: imports.Report) -> None:
            nonlocal checked
            seconds = time.perf_counter() - t0
            if not checked:
                checked = True
                self.stdout.write(
                    f"校验完成：共 {report.total} 行，{report.failed} 行有误，"
                    f"{report.total - report.failed} 行待导入（{seconds:.1f} 秒）"
                )
                return
            done = report.loaded + report.failed
            self.stdout.write(
                f"已处理 {done}/{report.total} 行（成功 {report.loaded}，失败 {report.failed}），"
                f"{report.loaded / seconds:.0f} 行/秒"
            )

        try:
            rows = sheets.read(file)
            next(rows, None)  # the header: the columns are matched row by row
            report = imports.import_rows(
                target,
                rows,
                batch=batch,
                on_error=lambda line, reason: self.stderr.write(f"第{line}行：{reason}"),
                progress=progress,
                dry_run=dry_run,
                partial=partial,
            )
        except Invalid as e:
            raise CommandError(e.message) from None
        good = report.total - report.failed
        if dry_run:
            self.stdout.write(
                f"试运行（未导入）：共 {report.total} 行，{good} 行正确，{report.failed} 行有误"
            )
            if report.failed:
                raise CommandError(f"{report.failed} 行有误，见上方逐行说明")
            return
        if report.failed and not partial:
            raise CommandError(
                f"{report.failed} 行有误，整个文件未导入（0 行）。请改正后重新导入，"
                f"或加 --partial 只导入正确的行"
            )
        self.stdout.write(
            f"导入完成：成功 {report.loaded} 行，失败 {report.failed} 行（{target.name}），"
            f"用时 {time.perf_counter() - t0:.1f} 秒"
        )
        if report.failed:
            raise CommandError(f"{report.failed} 行未能导入，见上方逐行说明")
