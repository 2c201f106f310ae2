"""The labelled queries over the demo (issue 19 §5): what a citizen types on /search/ and the
results that must come first, read from the page as a person reads it; and an item in several
places shown once, "8 地实施", unless a place is chosen."""

import re

import pytest

from zhengwu.services.models import Item

# query → the titles the first results must be (in any order among themselves).
LABELLED = [
    ("营业执照", {"个体工商户设立登记", "公司设立登记"}),  # the licence is their result
    ("食品经营许可", {"食品经营许可（新办）", "食品经营许可（变更）"}),
    ("身份证", {"居民身份证申领"}),
    ("不动产登记", {"不动产登记（首次登记）", "不动产登记（转移登记）"}),
    ("社保", {"灵活就业人员如何缴纳养老保险"}),  # the 社保 window's answer; no item says 社保
]


def result_titles(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<h3><a [^>]*>(.*?)</a></h3>", html)]


@pytest.mark.parametrize("query,first", LABELLED)
def test_labelled_queries_find_the_thing_first(client, db, query, first):
    r = client.get("/search/", {"q": query})
    assert r.status_code == 200
    titles = result_titles(r.content.decode())
    assert set(titles[: len(first)]) == first, titles[:5]


def test_an_item_in_eight_places_is_one_result(client, db):
    html = client.get("/search/", {"q": "营业执照"}).content.decode()
    titles = result_titles(html)
    assert titles[:2] in (
        ["个体工商户设立登记", "公司设立登记"],
        ["公司设立登记", "个体工商户设立登记"],
    )
    assert titles.count("人力资源服务许可") == 1
    places = Item.objects.filter(name="人力资源服务许可", state=Item.ACTIVE)
    assert places.count() == 8
    card = html[html.index(">人力资源服务许可</a>") :].split("</li>")[0]
    assert "<summary>8 地实施</summary>" in card
    jishou = places.get(jurisdiction__code="433101")
    assert f'<a href="/site/433101/zwfw/guide/{jishou.pk}/">吉首市</a>' in card


def test_the_api_lists_the_places_and_a_chosen_place_its_item(client, db):
    hits = client.get("/api/v1/search", {"q": "营业执照"}).json()["hits"]
    hr = [h for h in hits if h["title"] == "人力资源服务许可"]
    assert len(hr) == 1 and len(hr[0]["places"]) == 8
    assert hr[0]["places"][0] == {
        "name": "湘西土家族苗族自治州",
        "agency": "湘西土家族苗族自治州人力资源和社会保障局",
        "url": hr[0]["url"],
    }
    luxi = Item.objects.get(name="人力资源服务许可", jurisdiction__code="433122")
    hits = client.get("/api/v1/search", {"q": "营业执照", "jurisdiction": "433122"}).json()["hits"]
    hr = [h for h in hits if h["title"] == "人力资源服务许可"]
    assert [(h["url"], h["places"]) for h in hr] == [(f"/site/433122/zwfw/guide/{luxi.pk}/", [])]


def test_the_page_with_a_place_chosen_shows_that_places_item(client, db):
    luxi = Item.objects.get(name="人力资源服务许可", jurisdiction__code="433122")
    html = client.get("/search/", {"q": "营业执照", "jurisdiction": "433122"}).content.decode()
    card = html[html.index(">人力资源服务许可</a>") - 60 :].split("</li>")[0]
    assert f"/site/433122/zwfw/guide/{luxi.pk}/" in card
    assert "地实施" not in card
