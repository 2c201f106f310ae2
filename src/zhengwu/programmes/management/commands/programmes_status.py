from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhengwu.org.models import Jurisdiction
from zhengwu.programmes import conf, queries
from zhengwu.programmes.models import CountyPlan


class Command(BaseCommand):
    help = (
        "某年度的年度工作情况：各县市中心标准化建设计划（已达标、本年计划、逾期、预计完成年度）、"
        "政务公开工作方案备案（已备案、未备案、逾期）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="年度，默认今年")
        parser.add_argument("--jurisdiction", default="", help="区划代码，默认全部县市")

    def handle(self, *args, year=None, jurisdiction="", **options):
        today = timezone.localdate()
        year = year or today.year
        counties = Jurisdiction.objects.filter(level=Jurisdiction.COUNTY)
        if jurisdiction:
            j = Jurisdiction.objects.filter(code=jurisdiction).first()
            if j is None:
                raise CommandError(f"区划代码“{jurisdiction}”不存在")
            counties = counties.filter(path__startswith=j.path) | counties.filter(
                pk__in=[a.pk for a in j.ancestors() if a.level == Jurisdiction.COUNTY]
            )
        due = conf.plan_due(year)
        plans = {
            p.jurisdiction_id: p
            for p in CountyPlan.objects.filter(year=year, jurisdiction__in=counties)
        }
        self.stdout.write(f"{year}年度工作（截至{today:%Y-%m-%d}；工作方案备案截止{due:%m月%d日}）")
        for r in queries.county_rows(counties, year, today=today):
            plan = plans.get(r.county.pk)
            if plan is None:
                filed = "工作方案未上传"
            elif plan.state == CountyPlan.FILED:
                filed = f"工作方案已备案（{plan.filing_number}）"
            else:
                filed = f"工作方案{plan.get_state_display()}"
            if (plan is None or plan.state != CountyPlan.FILED) and today > due:
                filed += "，已逾期"
            mark = "" if r.on_plan else "【未落实】"
            self.stdout.write(
                f"{r.county.name}{mark}：中心{r.centres}个，全部达标{r.done}个，本年计划{r.planned}个，"
                f"逾期{r.late}个；{r.outlook(year)}；{filed}"
            )
