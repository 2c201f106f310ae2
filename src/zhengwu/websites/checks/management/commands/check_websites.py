import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import ServiceError
from zhengwu.websites.checks import services
from zhengwu.websites.checks.models import SiteCheck


class Command(BaseCommand):
    help = (
        "政府网站检查（国办秘函〔2019〕19号）：单项否决、扣分、加分，按季度保存每个网站的结果；"
        "--crawl 同时逐页检查错链。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", help="只检查这个网站（区划代码，或部门的统一社会信用代码）")
        parser.add_argument("--crawl", action="store_true", help="同时抓取网站页面检查错链")
        parser.add_argument("--date", help="检查日（YYYY-MM-DD，默认今天）")
        parser.add_argument("--base-url", help="抓取页面的平台地址（默认 ZHENGWU_SITE_BASE_URL）")

    def handle(self, *args, site=None, crawl=False, date=None, base_url=None, **options):
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError("日期格式应为YYYY-MM-DD") from None
        try:
            ids = [services.find_site(site).pk] if site else None
            checks = services.run(
                site_ids=ids, day=day, crawl=crawl, base_url=base_url, progress=self.stdout.write
            )
        except ServiceError as e:
            raise CommandError(e.message) from e
        failed = [c for c in checks if c.result == SiteCheck.FAIL]
        if checks:
            c = checks[0]
            self.stdout.write(
                f"{c.year}年第{c.quarter}季度：检查网站{len(checks)}个，"
                f"合格{len(checks) - len(failed)}个，不合格{len(failed)}个"
            )
        names = dict(
            SiteCheck.objects.filter(pk__in=[c.pk for c in failed[:20]]).values_list(
                "pk", "site__name"
            )
        )
        for c in failed[:20]:
            why = "、".join(c.vetoes) if c.vetoes else f"得分{c.score}"
            self.stdout.write(f"  不合格：{names.get(c.pk, '')}（{why}）")
        if len(failed) > 20:
            self.stdout.write(f"  ……另有{len(failed) - 20}个不合格网站，详见工作台“网站检查”")
