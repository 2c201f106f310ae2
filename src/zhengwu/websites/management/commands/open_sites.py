from django.core.management.base import BaseCommand

from zhengwu.portal import pagecache
from zhengwu.websites.models import Site, SiteColumn
from zhengwu.websites.opening import open_sites


class Command(BaseCommand):
    help = (
        "为每个区划（州、县市、乡镇、村）开通政府门户网站，为州和县市的每个部门开通部门网站，"
        "并按网站类型的栏目模板开通栏目；已开通的网站和栏目保持不变，可重复执行。"
    )

    def handle(self, *args, **options):
        columns_before = SiteColumn.objects.count()
        opened = open_sites()
        columns = SiteColumn.objects.count() - columns_before
        if opened or columns:
            pagecache.bump(pagecache.ORG_TAG)  # every site's 网站地图 and navigation
        self.stdout.write(
            f"新开通网站 {opened} 个、栏目 {columns} 个；现有网站 {Site.objects.count()} 个、"
            f"栏目 {SiteColumn.objects.count()} 个"
        )
