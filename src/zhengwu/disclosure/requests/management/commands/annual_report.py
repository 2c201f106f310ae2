import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from zhengwu.core.errors import ServiceError
from zhengwu.disclosure.requests import annual, render, services
from zhengwu.disclosure.requests.models import AnnualReport
from zhengwu.org.models import User


class Command(BaseCommand):
    help = "生成政府信息公开工作年度报告（国办公开办函〔2021〕30号格式）：json、html、pdf 或 xlsx。"

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="机关的统一社会信用代码")
        parser.add_argument("--year", required=True, type=int, help="年度，如 2025")
        parser.add_argument("--format", default="json", choices=["json", "html", "pdf", "xlsx"])
        parser.add_argument("--output", help="输出文件；不填则写到标准输出")
        parser.add_argument(
            "--penalties", help="填报表二“行政处罚”本年处理决定数量（本平台不掌握，取自执法系统）"
        )
        parser.add_argument(
            "--enforcement", help="填报表二“行政强制”本年处理决定数量（本平台不掌握，取自执法系统）"
        )
        parser.add_argument(
            "--user", help="填报数量时：以该工作人员身份填报（须有编辑年度报告权限）"
        )

    def handle(self, *args, agency, year, format, output, **options):
        try:
            a = services.get_agency(agency)
        except ServiceError as e:
            raise CommandError(e.message) from None
        if not 2008 <= year <= 2100:
            raise CommandError("年度不正确")
        if options["penalties"] is not None or options["enforcement"] is not None:
            self.enter_figures(a, year, options)
        data = annual.build(a, year)
        if format == "json":
            body = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
        elif format == "html":
            c2, n2, _ = annual.layout2(data["table2"])
            c3, n3, _ = annual.layout3(data["table3"])
            c4, n4, _ = annual.layout4(data["table4"])
            body = render_to_string(
                "disclosure_requests/report_standalone.html",
                {
                    "data": data,
                    "rows2": annual.html_rows(c2, n2),
                    "rows3": annual.html_rows(c3, n3),
                    "rows4": annual.html_rows(c4, n4),
                },
            ).encode()
        elif format == "pdf":
            body = render.report_pdf(data)
        else:
            body = render.report_xlsx(data)
        if output:
            Path(output).write_bytes(body)
            self.stdout.write(f"已写入 {output}（{len(body)} 字节）")
            if data["checks"]["failures"]:
                self.stderr.write("勾稽校验未通过：" + "；".join(data["checks"]["failures"]))
            if data["prompts"]:
                self.stderr.write("尚有待填写的提示文字：" + "；".join(data["prompts"]))
        else:
            sys.stdout.buffer.write(body) if format in ("pdf", "xlsx") else self.stdout.write(
                body.decode()
            )

    def enter_figures(self, agency, year: int, options) -> None:
        """行政处罚 and 行政强制 of table 二, saved on the report (the sections as they are)."""
        name = options["user"]
        by = User.objects.filter(username=name, is_active=True).first() if name else None
        if by is None:
            raise CommandError("填报行政处罚、行政强制数量须用 --user 指定有效的工作人员账户")
        report = AnnualReport.objects.filter(agency=agency, year=year).first()
        try:
            services.save_report(
                agency,
                year,
                overview=report.overview if report else "",
                problems=report.problems if report else "",
                other_matters=report.other_matters if report else "",
                by=by,
                penalty_decisions=options["penalties"],
                enforcement_decisions=options["enforcement"],
            )
        except ServiceError as e:
            raise CommandError(e.message) from None
        self.stderr.write("已填报表二行政处罚、行政强制本年处理决定数量")
