from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhengwu.disclosure.models import Document
from zhengwu.org import queries as org_queries

from ... import queries, rules
from ...models import ConcernResponse


class Command(BaseCommand):
    help = (
        "解读回应情况：一个区划（含下级）已发布而尚无已发布解读的规章、行政规范性文件及解读应发布日期"
        "（文件发布之日起 ZHENGWU_INTERPRETATION_WORKDAYS 个工作日，默认3），超时未回应的关切事项，"
        "以及各级政府本年召开新闻发布会场次（每年至少 ZHENGWU_PRESS_CONFERENCES_PER_YEAR 场，默认4）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--jurisdiction", default="433100", help="区划代码，默认湘西州")
        parser.add_argument("--year", type=int, default=None, help="发布会统计年度，默认本年")

    def handle(self, *args, jurisdiction, year, **options):
        j = org_queries.jurisdiction_or_none(jurisdiction)
        if j is None:
            raise CommandError(f"区划代码“{jurisdiction}”不存在")
        today, year = timezone.localdate(), year or timezone.localdate().year
        docs = list(
            queries.uninterpreted(Document.objects.filter(scope_path__startswith=j.path))
            .select_related("agency__jurisdiction")
            .order_by("published_on", "id")
        )
        self.stdout.write(f"{j.name}：待解读的政策文件 {len(docs)} 件")
        for d in docs:
            due = rules.interpretation_due(d.published_on, d.agency.jurisdiction.code)
            flag = "（逾期）" if today > due else ""
            self.stdout.write(
                f"    《{d.title}》 {d.agency.name}，{d.published_on:%Y-%m-%d}发布，"
                f"解读应于{due:%Y-%m-%d}前发布{flag}"
            )
        late = list(
            queries.overdue_concerns(
                ConcernResponse.objects.filter(
                    scope_path__startswith=j.path, status=ConcernResponse.OPEN
                )
            ).select_related("agency")
        )
        self.stdout.write(f"超时未回应的关切事项 {len(late)} 件")
        for c in late:
            self.stdout.write(
                f"    {c.title} {c.agency.name}，应于"
                f"{timezone.localtime(c.due_at):%Y-%m-%d %H:%M}（北京时间）前回应"
            )
        rows = queries.yearly_counts(queries.governments_under(j.path), year)
        short = [a for a in rows if not a.enough]
        self.stdout.write(
            f"{year}年新闻发布会：{len(rows) - len(short)}/{len(rows)}个政府达到"
            f"{rules.press_per_year()}场"
        )
        for a in short[:50]:
            self.stdout.write(f"    {a.name}：已召开{a.held}场")
        if len(short) > 50:
            self.stdout.write(f"    ……另有{len(short) - 50}个政府未达到")
