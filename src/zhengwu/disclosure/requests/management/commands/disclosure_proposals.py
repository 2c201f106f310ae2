from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import NotFound
from zhengwu.disclosure.requests import queries, services
from zhengwu.disclosure.requests.models import PublicationProposal
from zhengwu.disclosure.requests.services import proposals


def describe(p: PublicationProposal) -> list[str]:
    rows = queries.proposal_rows(p)
    lines = [
        f"《{p.subject}》 {p.agency.name}，{p.get_source_display()}，{p.applicants}名申请人，"
        f"{p.proposed_on:%Y-%m-%d}提出，{p.get_status_display()}"
    ]
    for row in rows:
        lines.append(f"    {row.request.number}  {row.request.received_on:%Y-%m-%d}")
    return lines


class Command(BaseCommand):
    help = (
        "列出待决定的转为主动公开建议（《政府信息公开条例》第四十四条：多个申请人申请相同政府信息）。"
        "--scan 按检索索引查找最近一个期间（ZHENGWU_SIMILAR_REQUEST_MONTHS，默认12个月）内申请相同"
        "信息的申请，不同申请人达到 ZHENGWU_SIMILAR_REQUESTS（默认3）名的提出建议（用于此前导入的"
        "登记簿）。--agency 只看一个机关。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", default="", help="机关的统一社会信用代码")
        parser.add_argument(
            "--scan", action="store_true", help="先检查最近一个期间的申请，提出或补充建议"
        )

    def handle(self, *args, agency, scan, **options):
        body = None
        if agency:
            try:
                body = services.get_agency(agency)
            except NotFound as e:
                raise CommandError(e.message) from None
        if scan:
            months, count = proposals.period_months(), proposals.threshold()
            self.stdout.write(
                f"检查最近{months}个月的申请（{count}名以上不同申请人申请相同信息的提出建议）……"
            )
            found = proposals.scan(agency=body, progress=self.stdout.write)
            self.stdout.write(f"检查完成：{len(found)}项建议新提出或补充了申请。")
        qs = PublicationProposal.objects.filter(status=PublicationProposal.PENDING)
        if body is not None:
            qs = qs.filter(agency=body)
        rows = list(queries.with_rows(qs).order_by("proposed_on", "id"))
        if not rows:
            self.stdout.write("没有待决定的转为主动公开建议。")
            return
        self.stdout.write(f"待决定的转为主动公开建议 {len(rows)} 项：")
        for p in rows:
            for line in describe(p):
                self.stdout.write(line)
