"""Sites for the check: the demo's, opened with their columns (websites.opening), a healthy
county site given fresh content, and a deliberately neglected township site."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.core.times import BEIJING
from zhengwu.interaction.models import Mailbox
from zhengwu.org.models import Agency, Jurisdiction
from zhengwu.services.models import Item
from zhengwu.websites.models import Article, Leader, Site, SiteColumn
from zhengwu.websites.opening import open_sites

DAY = dt.date(2026, 11, 16)  # the check day of most tests (a Monday)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=BEIJING)


def publish(site: Site, key: str, title: str, day: dt.date, body: str = "正文。") -> Article:
    col = SiteColumn.objects.get(site=site, key=key)
    return Article.objects.create(
        site=site,
        column=col,
        scope_path=site.scope_path,
        title=title,
        body=body,
        status=Article.PUBLISHED,
        published_at=at(day),
    )


def leader(site: Site, name="张示例", post="县长", day=DAY) -> Leader:
    return Leader.objects.create(
        site=site,
        scope_path=site.scope_path,
        name=name,
        post=post,
        cv="示例简历。",
        duties="主持全面工作。",
        status=Leader.PUBLISHED,
        published_at=at(day - dt.timedelta(days=30)),
    )


def fill(site: Site, day: dt.date = DAY) -> None:
    """Every column of the site freshly updated."""
    for col in site.columns.all():
        if col.kind == SiteColumn.LEADERS:
            leader(site)
        else:
            publish(site, col.key, f"{col.name}示例信息", day - dt.timedelta(days=2))


@pytest.fixture
def sites(db):
    open_sites(on=dt.date(2026, 1, 1))
    return Site.objects


@pytest.fixture
def county(sites):
    """吉首市's government site, kept as the rules want."""
    return Site.objects.get(jurisdiction__code="433101", agency__isnull=True)


@pytest.fixture
def township(sites):
    """峒河街道's site, deliberately neglected: its content taken away (no mailbox, no services)."""
    site = Site.objects.get(jurisdiction__code="433101002", agency__isnull=True)
    Article.objects.filter(site=site).delete()
    Leader.objects.filter(site=site).delete()
    return site


def complete_item(j: Jurisdiction, agency: Agency, **fields) -> Item:
    from zhengwu.services.models import ItemType

    t, _ = ItemType.objects.get_or_create(code="01", defaults={"name": "行政许可"})
    n = Item.objects.count()
    values = {
        "name": "示例事项",
        "basic_code": f"WC{n:06d}0000",
        "implementation_code": f"WCI{n:08d}",
        "item_type": t,
        "agency": agency,
        "jurisdiction": j,
        "scope_path": j.path,
        "legal_basis": "《示例法》",
        "conditions": "符合条件",
        "procedure": "申请、受理、决定",
        "location": "政务服务中心",
        "hours": "工作日",
        "consult": "0743-8000000",
        "effective_on": dt.date(2025, 1, 1),
    }
    values.update(fields)
    item = Item.objects.create(**values)
    item.materials.create(name="申请书")
    return item


def mailbox(agency: Agency) -> Mailbox:
    return Mailbox.objects.get_or_create(
        agency=agency, defaults={"name": f"{agency.name}信箱", "scope_path": agency.scope_path}
    )[0]


def now_utc():
    return timezone.now()
