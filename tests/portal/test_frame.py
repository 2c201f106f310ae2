"""The frame of every site: the footer from the site's 网站信息 (its own, its county's, or the
platform's), the 网站地图 and 联系我们 pages, and the 大字版 switch with and without the page
cache."""

import re

import pytest
from django.test import Client

from zhengwu.portal.models import SiteProfile

pytestmark = pytest.mark.django_db


def footer(text: str) -> str:
    return text.split('<footer class="site-footer"', 1)[1]


def test_the_main_site_footer_shows_its_own_profile(client):
    text = footer(client.get("/").content.decode())
    assert "主办单位：湘西土家族苗族自治州人民政府" in text
    assert "承办单位：湘西土家族苗族自治州人民政府办公室" in text
    assert "网站标识码：DEMO433100" in text
    assert (
        '<a href="https://beian.miit.gov.cn/" rel="noopener noreferrer">湘ICP备00000000号-1（演示）</a>'
        in text
    )
    assert (
        '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=43310000000000" '
        'rel="noopener noreferrer">湘公网安备43310000000000号（演示）</a>'
    ) in text
    assert '<a href="/wzdt/">网站地图</a>' in text and '<a href="/lxwm/">联系我们</a>' in text
    assert "邮编 416000" in text and "联系电话：0743-" in text


def test_a_county_site_footer_shows_its_own_profile(client):
    text = footer(client.get("/site/433123/").content.decode())
    assert "主办单位：凤凰县人民政府" in text and "网站标识码：DEMO433123" in text
    assert "code=43312300000000" in text and "邮编 416200" in text
    assert '<a href="/site/433123/wzdt/">网站地图</a>' in text
    assert '<a href="/site/433123/lxwm/">联系我们</a>' in text


def test_a_township_without_a_profile_shows_its_county_s(client):
    text = client.get("/site/433101002/").content.decode()
    assert '<p class="site-name"><a href="/site/433101002/">峒河街道办事处</a></p>' in text
    bottom = footer(text)
    assert "主办单位：吉首市人民政府" in bottom and "网站标识码：DEMO433101" in bottom
    assert '<a href="/site/433101002/lxwm/">联系我们</a>' in bottom


def test_without_any_profile_the_platform_s_government_and_nothing_invented(client):
    SiteProfile.objects.all().delete()
    for url in ("/", "/site/433101/", "/site/433101/lxwm/"):
        text = client.get(url).content.decode()
        bottom = footer(text)
        assert "主办单位：湘西土家族苗族自治州人民政府" in bottom
        assert "网站标识码" not in bottom and "备案" not in bottom and "联系电话" not in bottom
        assert "example" not in text
    assert "本站尚未登记联系电话和通信地址" in client.get("/site/433101/lxwm/").content.decode()


def test_a_site_name_of_its_own_replaces_the_government_s_in_the_header(client):
    SiteProfile.objects.filter(jurisdiction__code="433123").update(
        site_name="凤凰县人民政府门户网站"
    )
    text = client.get("/site/433123/").content.decode()
    assert '<p class="site-name"><a href="/site/433123/">凤凰县人民政府门户网站</a></p>' in text
    # Not inherited: a township of 凤凰 keeps its own name.
    township = client.get("/site/433123101/")
    assert township.status_code == 200
    assert "凤凰县人民政府门户网站</a></p>" not in township.content.decode()


# --- 网站地图, 联系我们 --------------------------------------------------------------------------


@pytest.mark.parametrize("site", ["", "/site/433101"])
def test_every_page_of_the_sitemap_opens(client, site):
    response = client.get(f"{site}/wzdt/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>网站地图</h1>" in text
    main = text.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    for heading in ("政府信息公开", "政务服务", "互动交流", "监督", "网站服务", "机构信息公开"):
        assert f">{heading}</h2>" in main
    links = re.findall(r'<li><a href="([^"]+)">', main)
    columns = [u for u in links if not re.search(r"/xxgk/[0-9A-Z]{18}/$|^/site/\d+/$", u)]
    agencies = [u for u in links if re.search(r"/xxgk/[0-9A-Z]{18}/$", u)]
    children = [u for u in links if re.match(r"^/site/\d+/$", u) and u != f"{site}/"]
    assert len(columns) >= 25 and agencies and children
    assert all(
        u.startswith(f"{site}/") for u in columns if u not in ("/tools/deadline/", "/api/v1/docs")
    )
    for url in [*columns, agencies[0], children[0]]:
        status = Client().get(url).status_code
        assert status == 200 or (status == 302 and url.endswith("/hdjl/complain/")), (url, status)


def test_the_contact_page_of_a_township_shows_its_county_s_details(client):
    text = client.get("/site/433101002/lxwm/").content.decode()
    assert "<h1>联系我们</h1>" in text
    assert "<dt>主办单位</dt><dd>吉首市人民政府</dd>" in text
    assert "<dt>通信地址</dt><dd>吉首市人民政府大院</dd>" in text
    assert "<dt>邮政编码</dt><dd>416000</dd>" in text and "<dt>联系电话</dt><dd>0743-" in text
    assert "<dt>公安机关备案号</dt><dd>湘公网安备43310100000000号（演示）</dd>" in text
    assert "本页联系方式受理对本网站内容和运行维护的意见建议" in text
    assert 'href="/site/433101002/hdjl/write/">我要写信</a>' in text


# --- 大字版 ---------------------------------------------------------------------------------


def test_large_text_is_a_link_that_remembers_and_returns_without_script():
    visitor = Client()
    before = visitor.get("/xxgk/").content.decode()
    assert '<html lang="zh-Hans">' in before
    assert 'name="size" value="large" class="link" aria-pressed="false"' in before
    assert '<input type="hidden" name="next" value="/xxgk/">' in before
    switched = visitor.get("/tools/text-size/", {"size": "large", "next": "/xxgk/"})
    assert switched.status_code == 302 and switched["Location"] == "/xxgk/"
    cookie = switched.cookies["zw_text_size"]
    assert cookie.value == "large" and cookie["max-age"] == 365 * 24 * 3600
    assert not cookie["httponly"]  # the script switches it in place too
    after = visitor.get("/xxgk/").content.decode()
    assert '<html lang="zh-Hans" class="large-text">' in after
    assert 'name="size" value="standard" class="link" aria-pressed="true"' in after
    back = visitor.get("/tools/text-size/", {"size": "standard", "next": "/xxgk/"})
    assert back.cookies["zw_text_size"]["max-age"] == 0
    assert '<html lang="zh-Hans">' in visitor.get("/xxgk/").content.decode()


def test_large_text_returns_only_to_our_own_pages():
    away = Client().get("/tools/text-size/", {"size": "large", "next": "https://evil.example/"})
    assert away["Location"] == "/"


def test_the_page_cache_keeps_each_text_size_apart():
    standard, large = Client(), Client()
    large.cookies["zw_text_size"] = "large"
    for _ in range(2):  # the second round comes from the cache
        plain = standard.get("/wzdt/")
        big = large.get("/wzdt/")
        assert plain["ETag"] and big["ETag"] and plain["ETag"] != big["ETag"]
        assert 'class="large-text"' not in plain.content.decode()
        assert '<html lang="zh-Hans" class="large-text">' in big.content.decode()


def test_a_profile_change_reaches_the_cached_pages_at_once(as_user):
    visitor = Client()
    assert "DEMO433101" in visitor.get("/site/433101/wzdt/").content.decode()
    from zhengwu.org.models import Jurisdiction, User
    from zhengwu.portal import sites

    admin = User.objects.get(username="admin")
    data = {
        n: getattr(SiteProfile.objects.get(jurisdiction__code="433101"), n) for n in sites.FIELDS
    }
    sites.save(
        Jurisdiction.objects.get(code="433101"), data | {"site_code": "NEW4331010"}, by=admin
    )
    text = visitor.get("/site/433101/wzdt/").content.decode()
    assert "NEW4331010" in text and "DEMO433101" not in text
