"""Demo 公共企事业单位 of 吉首市 and 泸溪县, named after their places as such bodies usually are
(no real school or hospital is named), each under its county's department, with a few
published items; one column of each is left empty and one stale, so the supervising
department's page has something to chase."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhengwu.disclosure.models import Column, Document
from zhengwu.disclosure.services import next_index_no
from zhengwu.org.demo import usci_for
from zhengwu.org.models import Agency, Jurisdiction

from . import services
from .models import PublicBody, Sector

# (county code, serial, registry, name, sector, supervising department's name ending)
BODIES = [
    ("433101", 88001, "91", "吉首市自来水公司", "gs", "住房和城乡建设局"),
    ("433101", 88002, "91", "吉首市公共交通公司", "gj", "住房和城乡建设局"),
    ("433122", 88003, "91", "泸溪县自来水公司", "gs", "住房和城乡建设局"),
]
# (column position in the sector's set, title, days ago); position 5 is left empty.
ITEMS = [
    (0, "{name}基本情况", 40),
    (1, "{name}用户报装办理流程及时限", 75),
    (2, "{name}现行价格及收费标准", 20),
    (3, "{name}第三季度服务质量情况", 500),
    (4, "{name}计划停止服务及抢修安排公告", 6),
]


@transaction.atomic
def build(stdout=None) -> None:
    say = stdout.write if stdout else (lambda s: None)
    today = timezone.localdate()
    made = 0
    for code, serial, registry, name, sector_code, dept in BODIES:
        j = Jurisdiction.objects.filter(code=code).first()
        sector = Sector.objects.filter(code=sector_code).first()
        supervisor = Agency.objects.filter(
            jurisdiction__code=code, kind=Agency.DEPARTMENT, name__endswith=dept
        ).first()
        usci = usci_for(code, serial, registry=registry)
        if j is None or sector is None or supervisor is None:
            continue
        if PublicBody.objects.filter(agency__usci=usci).exists():
            continue
        fields = {
            "usci": usci,
            "name": name,
            "jurisdiction": j,
            "sector": sector,
            "supervisor": supervisor,
            "contact_person": "",
            "contact_phone": "",
        }
        body = services.register_body({}, by=None, fields=fields)
        made += 1
        columns = list(
            Column.objects.filter(agency=body.agency, parent__code=services.GROUP_CODE).order_by(
                "order"
            )
        )
        for position, title, days in ITEMS:
            if position >= len(columns):
                continue
            day = today - dt.timedelta(days=days)
            Document.objects.create(
                agency=body.agency,
                scope_path=body.scope_path,
                column=columns[position],
                index_no=next_index_no(body.agency, day.year),
                title=title.format(name=name),
                summary=f"{name}按照公共企事业单位信息公开有关规定公开。",
                created_on=day,
                published_on=day,
                topic="城乡建设、环境保护",
                genre="通知公告",
                body=f"{title.format(name=name)}\n\n（演示数据）",
                status=Document.PUBLISHED,
            )
    say(f"公共企事业单位：新登记 {made} 个（共 {PublicBody.objects.count()} 个）")
