"""manage.py import_documents FILE.xlsx|csv --agency USCI"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengwu.disclosure import imports
from zhengwu.org.models import Agency

HELP_COLUMNS = "、".join(imports.COLUMNS)


class Command(BaseCommand):
    help = (
        "导入一个单位已有的政府信息公开目录（XLSX 或 CSV，首行为表头）。"
        f"可用列：{HELP_COLUMNS}。名称、生成日期必填；索引号为空时按规则生成；"
        "有发布日期的行作为已发布文件导入（并按条例第二十六条标记逾期发布），否则作为草稿；"
        "栏目填栏目代码（如 g20-01、k-czyjs）或栏目名称；有效性填现行有效、已修改、已废止或已失效。"
        "先逐行校验并报告错误（带行号），再将其余行分批导入（每批一个事务）；有错误时退出码非零。"
        "详见 docs/data-import.md。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="XLSX 或 CSV 文件（CSV 可为 UTF-8 或 GB18030 编码）")
        parser.add_argument("--agency", required=True, help="单位的统一社会信用代码")
        parser.add_argument(
            "--batch", type=int, default=imports.BATCH, help=f"每批行数（默认 {imports.BATCH}）"
        )

    def handle(self, *args, file, agency, batch, **options):
        target = (
            Agency.objects.filter(usci=agency.strip().upper())
            .select_related("jurisdiction")
            .first()
        )
        if target is None:
            raise CommandError(f"统一社会信用代码为 {agency} 的单位不存在")
        path = Path(file)
        if not path.exists():
            raise CommandError(f"文件不存在：{file}")
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

        report = imports.import_rows(
            target,
            read_rows(path),
            batch=batch,
            on_error=lambda line, reason: self.stderr.write(f"第{line}行：{reason}"),
            progress=progress,
        )
        self.stdout.write(
            f"导入完成：成功 {report.loaded} 行，失败 {report.failed} 行（{target.name}），"
            f"用时 {time.perf_counter() - t0:.1f} 秒"
        )
        if report.failed:
            raise CommandError(f"{report.failed} 行未能导入，见上方逐行说明")


def read_rows(path: Path):
    """(line number, {header: value}) for each data row; the header is line 1."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as e:  # not a workbook at all
            raise CommandError(f"无法读取XLSX文件：{e}") from e
        rows = book.active.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
        for number, values in enumerate(rows, start=2):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            yield (
                number,
                {h: ("" if v is None else v) for h, v in zip(header, values, strict=False) if h},
            )
        book.close()
        return
    if path.suffix.lower() != ".csv":
        raise CommandError("只支持 .xlsx 或 .csv 文件")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    reader = csv.DictReader(io.StringIO(text))
    reader.fieldnames = [f.strip() for f in reader.fieldnames or []]
    for row in reader:
        if not any(str(v or "").strip() for v in row.values()):
            continue
        yield reader.line_num, row
