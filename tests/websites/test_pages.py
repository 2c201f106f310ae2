"""The public pages of a site's own columns, its home and 网站地图, a department's site, the
feed and search; and the workbench pages."""

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.websites import services
from zhengwu.websites.models import Article, Site

from .conftest import DONGHE, NEWS, logged_in

pytestmark = pytest.mark.django_db
ROOT = f"/site/{DONGHE}"


def test_a_published_item_is_on_its_column_its_page_and_the_home(published):
    anon = Client()
    listing = anon.get(f"{ROOT}/lm/dtyw/")
    assert listing.status_code == 200
    assert NEWS["title"] in listing.content.decode()
    page = anon.get(f"{ROOT}/lm/dtyw/{published.pk}/").content.decode()
    assert (
        NEWS["body"] in page
        and timezone.localtime(published.published_at).strftime("%Y-%m-%d") in page
    )
    home = anon.get(f"{ROOT}/").content.decode()
    assert NEWS["title"] in home and f'href="{ROOT}/lm/tzgg/"' in home  # the nav lists columns
    county = anon.get("/site/433101/").content.decode()
    assert "/site/433101/bm/" in county  # the departments' sites are linked from the home
    sitemap = anon.get(f"{ROOT}/wzdt/").content.decode()
    assert f"{ROOT}/lm/gk/" in sitemap and "乡镇概况" in sitemap


def test_drafts_and_withdrawn_items_are_not_public(published, reviewer):
    anon = Client()
    other = services.create_article(
        published.site, "dtyw", {"title": "草稿标题", "body": "x"}, by=reviewer
    )
    assert anon.get(f"{ROOT}/lm/dtyw/{other.pk}/").status_code == 404
    assert "草稿标题" not in anon.get(f"{ROOT}/lm/dtyw/").content.decode()
    services.withdraw_article(published, "内容有误", by=reviewer)
    assert anon.get(f"{ROOT}/lm/dtyw/{published.pk}/").status_code == 404
    assert NEWS["title"] not in anon.get(f"{ROOT}/lm/dtyw/").content.decode()
    # another site's address does not show it either
    assert anon.get(f"/site/433101004/lm/dtyw/{published.pk}/").status_code == 404


def test_single_pages_leaders_and_unknown_columns():
    anon = Client()
    gk = anon.get(f"{ROOT}/lm/gk/").content.decode()
    assert "433101002" in gk and "峒河街道" in gk  # 概况 from the real divisions
    county = anon.get("/site/433101/lm/ldxx/").content.decode()
    assert "（演示）" in county and "市长" in county
    assert anon.get(f"{ROOT}/lm/nope/").status_code == 404
    assert anon.get("/lm/dtyw/").status_code == 200  # the 州's own columns at the root


def test_a_department_site_has_its_home_columns_and_its_own_site_code(db):
    from zhengwu.org.models import User

    site = Site.objects.select_related("agency").filter(agency__jurisdiction__code="433101").first()
    services.set_site_code(site, "433101A001", by=User.objects.get(username="admin"))
    base = f"/site/433101/bm/{site.agency.usci}"
    anon = Client()
    home = anon.get(f"{base}/").content.decode()
    assert site.name in home and "网站标识码：433101A001" in home
    news = Article.objects.filter(site=site, column__key="dtyw", status="published").first()
    assert news.title in home
    assert anon.get(f"{base}/lm/dtyw/{news.pk}/").status_code == 200
    assert anon.get(f"{base}/lm/jgzn/").status_code == 200
    assert anon.get(f"/site/433123/bm/{site.agency.usci}/").status_code == 404  # not 凤凰's


def test_the_atom_feed_of_news(published):
    r = Client().get(f"{ROOT}/lm/dtyw/feed/")
    assert r.status_code == 200 and "atom" in r["Content-Type"]
    assert NEWS["title"] in r.content.decode()
    assert Client().get(f"{ROOT}/lm/gk/feed/").status_code == 404


def test_a_published_item_is_found_by_search(published):
    r = Client().get(f"{ROOT}/search/", {"q": "冬季消防安全检查"})
    assert r.status_code == 200
    assert f"/lm/dtyw/{published.pk}/" in r.content.decode()


def test_the_cached_column_page_moves_with_a_publication(draft, clerk, reviewer):
    anon = Client()
    assert NEWS["title"] not in anon.get(f"{ROOT}/lm/dtyw/").content.decode()
    services.submit_article(draft, by=clerk)
    services.publish_article(draft, by=reviewer)
    assert NEWS["title"] in anon.get(f"{ROOT}/lm/dtyw/").content.decode()


def test_the_workbench_lists_my_sites_and_what_to_do(clerk, reviewer, draft):
    services.submit_article(draft, by=clerk)
    page = logged_in(reviewer).get("/workbench/websites/").content.decode()
    assert "峒河街道网站" in page and NEWS["title"] in page  # awaiting my review
    site_page = logged_in(clerk).get(f"/workbench/websites/{DONGHE}/").content.decode()
    assert "工作动态" in site_page and "每14天" in site_page
    assert logged_in(clerk).get("/workbench/websites/433101004/").status_code == 404
    workbench = logged_in(clerk).get("/workbench/").content.decode()
    assert "网站内容" in workbench


def test_a_bad_form_re_renders_with_what_was_typed(clerk):
    r = logged_in(clerk).post(
        f"/workbench/websites/{DONGHE}/new/dtyw/",
        {"column": "dtyw", "title": "", "body": "正文保留"},
    )
    assert r.status_code == 422
    body = r.content.decode()
    assert "请填写标题" in body and "正文保留" in body


def test_a_published_leader_shows_with_the_photo(donghe, clerk, reviewer):
    from .test_services import LEADER, png_upload

    leader = services.create_leader(donghe, LEADER, by=clerk, photo=png_upload())
    photo = f"{ROOT}/ldxx/photo/{leader.pk}/"
    assert Client().get(photo).status_code == 404  # a draft's photo is not public
    services.submit_leader(leader, by=clerk)
    services.publish_leader(leader, by=reviewer)
    page = Client().get(f"{ROOT}/lm/ldxx/").content.decode()
    assert LEADER["name"] in page and photo in page and LEADER["duties"] in page
    r = Client().get(photo)
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
