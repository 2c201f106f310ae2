"""The demo's sites are such that each passes the site check's freshness rules: 动态要闻 within
10 days, 通知公告 within 3 months, 概况 and 机构职能 filled, leaders for the governments."""

import datetime as dt

import pytest
from django.db.models import Max, Q
from django.utils import timezone

from zhengwu.websites.models import Article, Leader, Site, SiteColumn

pytestmark = pytest.mark.django_db


def newest(key: str) -> dict[int, dt.datetime | None]:
    return dict(
        SiteColumn.objects.filter(key=key)
        .exclude(site__level=Site.VILLAGE)
        .annotate(last=Max("articles__published_at", filter=Q(articles__status="published")))
        .values_list("site_id", "last")
    )


def test_every_site_is_fresh_and_filled():
    now = timezone.now()
    sites = Site.objects.exclude(level=Site.VILLAGE)
    assert sites.filter(level=Site.TOWNSHIP).count() == 116
    assert sites.filter(level=Site.DEPARTMENT).count() > 0
    news, notices = newest("dtyw"), newest("tzgg")
    assert len(news) == sites.count()
    assert all(last and now - last <= dt.timedelta(days=10) for last in news.values())
    assert all(last and now - last <= dt.timedelta(days=90) for last in notices.values())
    for key in ("jgzn", "gk"):
        column_sites = set(SiteColumn.objects.filter(key=key).values_list("site_id", flat=True))
        filled = set(
            Article.objects.filter(column__key=key, status="published").values_list(
                "site_id", flat=True
            )
        )
        assert column_sites <= filled, key
    governments = Site.objects.filter(level__in=[Site.PREFECTURE, Site.COUNTY])
    assert set(governments.values_list("pk", flat=True)) <= set(
        Leader.objects.filter(status="published").values_list("site_id", flat=True)
    )


def test_villages_have_their_overview_and_a_recent_village_affairs_item():
    villages = Site.objects.filter(level=Site.VILLAGE).count()
    assert Article.objects.filter(column__key="gk", site__level=Site.VILLAGE).count() == villages
    recent = timezone.now() - dt.timedelta(days=31)
    assert (
        Article.objects.filter(column__key="cwgk", published_at__gte=recent)
        .values("site_id")
        .distinct()
        .count()
        == villages
    )
