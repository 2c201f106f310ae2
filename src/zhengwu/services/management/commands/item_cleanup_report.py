from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhengwu.org.models import Jurisdiction
from zhengwu.services import queries
from zhengwu.services.reports import cleanup_xlsx


class Command(BaseCommand):
    help = "年度政务服务事项清理报告：新增、合并、取消、修订的事项和取消的收费，按县市和部门统计。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2025")
        parser.add_argument(
            "--jurisdiction", default="433100", help="区划代码（默认 433100，全州）"
        )
        parser.add_argument("--xlsx", help="另存为 XLSX 文件")

    def handle(self, *args, year, jurisdiction, xlsx=None, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("年度应在2000至2100之间")
        j = Jurisdiction.objects.filter(code=jurisdiction.strip()).first()
        if j is None:
            raise CommandError(f"区划代码“{jurisdiction}”不存在")
        r = queries.cleanup_report(year, j)
        labels = [label for _, label in r["kinds"]]
        self.stdout.write(f"{j.name}{year}年度政务服务事项清理报告")
        self.stdout.write("区划\t" + "\t".join(labels))
        for c in r["per_county"]:
            self.stdout.write(c["county"] + "\t" + "\t".join(str(c[k]) for k, _ in r["kinds"]))
        self.stdout.write("合计\t" + "\t".join(str(r["totals"][k]) for k, _ in r["kinds"]))
        self.stdout.write("")
        self.stdout.write("实施主体\t县市\t" + "\t".join(labels))
        for a in r["per_agency"]:
            self.stdout.write(
                f"{a['agency']}\t{a['county']}\t" + "\t".join(str(a[k]) for k, _ in r["kinds"])
            )
        if xlsx:
            Path(xlsx).write_bytes(cleanup_xlsx(r))
            self.stdout.write(f"已写入 {xlsx}")
