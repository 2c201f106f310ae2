"""Search finds the thing, once (issue 19 §5): an item implemented in several places is one
result listing the places, its result name weighs as its title, snippets start at a word."""

from zhengwu.org.models import Jurisdiction
from zhengwu.search import index, snippets

HR = "人力资源服务许可"
HR_BODY = "申请材料：人力资源服务许可申请表、营业执照、专职工作人员名单及其学历证明"


def publish_hr(library, places=("433100", "433101", "433122")):
    for code in places:
        library.publish(
            f"hr-{code}", HR, HR_BODY, where=code, keywords="人力资源服务许可证", group="XK01 hr"
        )


def test_one_item_in_several_places_is_one_result(library):
    publish_hr(library)
    library.publish("other", "人力资源市场年度报告", "人力资源服务许可情况")
    results = index.search("人力资源服务许可")
    assert results.total == 2
    first = results.hits[0]
    assert first.url == "/xxgk/doc/hr-433100/"  # the highest level's item stands for the group
    assert [(p.name, p.url) for p in first.places] == [
        ("湘西土家族苗族自治州", "/xxgk/doc/hr-433100/"),
        ("吉首市", "/xxgk/doc/hr-433101/"),
        ("泸溪县", "/xxgk/doc/hr-433122/"),
    ]
    assert results.hits[1].places == ()


def test_a_chosen_place_shows_that_places_item(library):
    publish_hr(library)
    luxi = Jurisdiction.objects.get(code="433122")
    results = index.search("人力资源服务许可", jurisdiction_path=luxi.path)
    assert [(h.url, h.places) for h in results.hits] == [("/xxgk/doc/hr-433122/", ())]


def test_groups_page_as_results(library):
    for n in range(23):
        library.publish(f"one-{n}", f"低保审核第{n}号", "低保", where="433101", group=f"g{n}")
        library.publish(f"two-{n}", f"低保审核第{n}号", "低保", where="433122", group=f"g{n}")
    first, second = index.search("低保"), index.search("低保", page=2)
    assert (first.total, first.pages, len(first.hits), len(second.hits)) == (23, 2, 20, 3)
    assert all(len(h.places) == 2 for h in first.hits + second.hits)
    assert len({h.url for h in first.hits + second.hits}) == 23


def test_result_name_ranks_above_a_material(library):
    publish_hr(library, places=("433101",))
    library.publish(
        "gt",
        "个体工商户设立登记",
        "申请材料：个体工商户登记（备案）申请书、经营者身份证明",
        keywords="营业执照",
    )
    hits = index.search("营业执照").hits
    assert [h.url for h in hits] == ["/xxgk/doc/gt/", "/xxgk/doc/hr-433101/"]
    assert "<mark>营业执照</mark>" in str(hits[1].snippet)


MATERIALS = (
    "本事项依据《中华人民共和国食品安全法》第三十五条设定。申请人应当提交食品经营许可申请书、"
    "法定代表人身份证明、营业执照复印件、与食品经营相适应的主要设备设施布局和操作流程等文件。"
)


def test_snippet_starts_and_ends_at_a_word():
    # 24 characters before the word would start inside 法定代表 (at 代表), and 40 after the
    # start would end inside 流程.
    assert str(snippets.snippet(MATERIALS, ["营业执照"], size=40)) == (
        "…法定代表人身份证明、<mark>营业执照</mark>复印件、与食品经营相适应的主要设备设施布局"
        "和操作流程…"
    )


def test_snippet_of_a_hit_starts_at_a_word(library):
    library.publish("fs", "食品经营许可（新办）", MATERIALS * 3)
    snippet = str(index.search("营业执照").hits[0].snippet)
    assert snippet.startswith(
        "…应当提交食品经营许可申请书、法定代表人身份证明、<mark>营业执照</mark>"
    )
