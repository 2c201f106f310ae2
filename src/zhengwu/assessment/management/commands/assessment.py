from django.core.management.base import BaseCommand, CommandError

from zhengwu.assessment import editing, services
from zhengwu.assessment.history import total_weight
from zhengwu.assessment.models import Scheme
from zhengwu.core.errors import ServiceError
from zhengwu.org.models import User


class Command(BaseCommand):
    help = (
        "年度考核：显示考核方案的指标和权重合计；--create 新建方案（默认指标体系），"
        "--start-scoring 开始评分（冻结指标体系），--compute 按当前数据计算结果，"
        "--publish 公开结果。每项操作以 --user 指定的工作人员名义记录。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="考核年度，如 2026")
        parser.add_argument("--user", required=True, help="执行操作的工作人员用户名")
        parser.add_argument("--create", action="store_true", help="新建该年度考核方案")
        parser.add_argument("--start-scoring", action="store_true", help="开始评分，冻结指标")
        parser.add_argument("--compute", action="store_true", help="计算考核结果")
        parser.add_argument("--publish", action="store_true", help="公开考核结果")

    def handle(self, *args, year, user, create, start_scoring, compute, publish, **options):
        by = User.objects.filter(username=user, is_active=True).first()
        if by is None:
            raise CommandError(f"用户“{user}”不存在或已停用")
        try:
            if create:
                services.create_scheme(year, by=by)
                self.stdout.write(f"已新建{year}年度考核方案（默认指标体系）")
            scheme = Scheme.objects.filter(year=year).first()
            if scheme is None:
                raise CommandError(f"{year}年度考核方案不存在，请先用 --create 新建")
            if start_scoring:
                editing.start_scoring(scheme, by=by)
                self.stdout.write(f"{year}年度考核方案已开始评分，指标体系已冻结")
            if compute:
                results = services.compute(scheme, by=by)
                self.stdout.write(f"已计算 {len(results)} 个被考核单位的结果")
            if publish:
                services.publish(scheme, by=by)
                self.stdout.write(f"{year}年度考核结果已公开")
        except ServiceError as e:
            raise CommandError(e.message) from None
        self.stdout.write(
            f"{scheme.name}：{scheme.get_state_display()}，指标体系第{scheme.revision}版，"
            f"{scheme.indicators.count()} 项指标，权重合计 {total_weight(scheme)} 分"
        )
