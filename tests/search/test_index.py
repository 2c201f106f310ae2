"""The search interface through the providers contract: segmentation, ranking, AND, filters,
highlighting, removal."""

import dataclasses

import pytest

from zhengwu.core.errors import Invalid
from zhengwu.org.models import Jurisdiction
from zhengwu.search import index
from zhengwu.search.models import Entry


def titles(results):
    return [str(h.title) for h in results.hits]


def test_word_is_found_mid_sentence(library):
    library.publish(
        "a", "关于全州2024年度工作的报告", "今年全州财政预算执行情况总体良好，收支平衡。"
    )
    results = index.search("预算")
    assert results.total == 1
    assert "<mark>预算</mark>" in str(results.hits[0].snippet)


def test_long_word_is_found_inside_a_longer_term(library):
    library.publish("a", "缴费标准调整的通知", "城乡居民基本养老保险缴费档次自明年起调整。")
    library.publish("b", "城乡居民医保参保通知", "请按时参加城乡居民基本医疗保险。")
    assert [h.url for h in index.search("养老保险").hits] == ["/xxgk/doc/a/"]
    assert index.search("城乡居民").total == 2


def test_government_terms_from_the_user_dictionary(library):
    library.publish("a", "依申请公开办理情况", "本机关全年受理依申请公开12件。")
    library.publish("b", "公开申请须知", "公开申请应当写明所需信息，依法申请。")
    # 依申请公开 is one dictionary word: the query does not match its characters scattered about.
    assert [h.url for h in index.search("依申请公开").hits] == ["/xxgk/doc/a/"]


def test_place_names_are_words(library):
    """The divisions' names (data/places.txt) are dictionary words: without them jieba cuts
    十八洞村 into 十八 / 洞 / 村, and a search for the village would match scattered characters."""
    library.publish("a", "十八洞村乡村振兴示范村建设方案", "花垣县双龙镇十八洞村。")
    library.publish("b", "村级道路养护", "该村第十八号涵洞已修复。")
    assert [h.url for h in index.search("十八洞村").hits] == ["/xxgk/doc/a/"]
    assert index.search("双龙镇 十八洞村").words == ["双龙镇", "十八洞村"]


def test_title_hit_ranks_above_body_hit(library):
    library.publish("body", "工作动态", "会议研究了住房公积金缴存比例等事项，部署了下一阶段工作。")
    library.publish("title", "住房公积金缴存比例调整公告", "自7月1日起执行新的缴存比例。")
    library.publish("other", "低保标准公示", "城乡低保标准调整。")
    results = index.search("住房公积金")
    assert [h.url for h in results.hits] == ["/xxgk/doc/title/", "/xxgk/doc/body/"]
    assert results.hits[0].score > results.hits[1].score


def test_several_words_must_all_appear(library):
    library.publish("both", "政府采购公告", "本项目为涉农资金支持的政府采购项目。")
    library.publish("one", "政府采购意向", "2024年第二季度政府采购意向公开。")
    library.publish("other", "涉农资金公示", "涉农资金分配结果公示。")
    results = index.search("政府采购 涉农资金")
    assert results.total == 1
    assert results.hits[0].url == "/xxgk/doc/both/"
    assert results.words == ["政府采购", "涉农资金"]


def test_filters_jurisdiction_subtree_agency_kind_column_year(library, jishou, agency, fh_agency):
    township = Jurisdiction.objects.filter(parent=jishou).order_by("code").first()
    library.publish(
        "js",
        "吉首市营业执照办理指南",
        "营业执照",
        where="433101",
        agency=agency,
        column="行政许可",
        year=2024,
    )
    library.publish("town", "乡镇营业执照代办", "营业执照", where=township.code, year=2023)
    library.publish(
        "fh",
        "凤凰县营业执照办理",
        "营业执照",
        where="433123",
        agency=fh_agency,
        column="行政许可",
        year=2024,
    )
    library.publish("zhou", "全州营业执照统计", "营业执照", where="433100", year=2022)

    def urls(**filters):
        return sorted(h.url.split("/")[-2] for h in index.search("营业执照", **filters).hits)

    assert urls() == ["fh", "js", "town", "zhou"]
    assert urls(jurisdiction_path=jishou.path) == ["js", "town"]
    assert urls(jurisdiction_path=township.path) == ["town"]
    assert urls(agency_id=agency.pk) == ["js"]
    assert urls(column="行政许可") == ["fh", "js"]
    assert urls(year=2024) == ["fh", "js"]
    assert urls(year=2024, jurisdiction_path=jishou.path) == ["js"]
    assert urls(kind="testdoc") == ["fh", "js", "town", "zhou"]
    assert urls(kind="service") == []


def test_highlight_escapes_markup(library):
    library.publish("x", "<script>alert(1)</script>预算公告", "正文<b>预算</b>说明 & 附件")
    hit = index.search("预算").hits[0]
    assert str(hit.title) == "&lt;script&gt;alert(1)&lt;/script&gt;<mark>预算</mark>公告"
    assert "<b>" not in str(hit.snippet)
    assert "&lt;b&gt;<mark>预算</mark>&lt;/b&gt;" in str(hit.snippet)
    assert "&amp;" in str(hit.snippet)


def test_snippet_is_a_window_around_the_word(library):
    body = "前言" * 200 + "本年度低保标准提高到每月650元。" + "附则" * 200
    library.publish("long", "民政工作通报", body)
    snippet = str(index.search("低保").hits[0].snippet)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>低保</mark>标准" in snippet
    assert len(snippet) < 200


def test_edit_replaces_and_removal_takes_out(library):
    library.publish("a", "土地招拍挂公告", "第一批")
    library.publish("a", "国有建设用地出让结果", "第一批土地招拍挂结果")
    assert Entry.objects.filter(kind="testdoc", key="a").count() == 1
    assert titles(index.search("出让")) == ["国有建设用地<mark>出让</mark>结果"]
    library.withdraw("a")
    assert index.search("土地招拍挂").total == 0
    assert index.delete("testdoc", "a") == 0


def test_paging(library):
    for n in range(25):
        library.publish(f"d{n:02d}", f"第{n}期工程招投标信息", "工程招投标")
    first = index.search("工程招投标")
    second = index.search("工程招投标", page=2)
    assert (first.total, first.pages, len(first.hits), len(second.hits)) == (25, 2, 20, 5)
    assert not {h.url for h in first.hits} & {h.url for h in second.hits}
    assert index.search("工程招投标", page=3).hits == []


@pytest.mark.parametrize(
    "query,code",
    [
        ("", "query_required"),
        ("   ", "query_required"),
        ("，。！？……——", "query_no_words"),
        ('"*^-()', "query_no_words"),
        ("预" * 1000, "query_too_long"),
    ],
)
def test_unusable_queries_are_refused_in_chinese(library, query, code):
    with pytest.raises(Invalid) as e:
        index.search(query)
    assert e.value.code == code
    assert e.value.status == 422


@pytest.mark.parametrize(
    "query,expected",
    [
        ('"预算', 1),
        ("预算*", 1),
        ("^预算", 1),
        ("(预算", 1),
        ("预算 -决算", 1),  # "-" is not NOT: both words must appear, and they do
        ("NEAR(预算 决算)", 0),  # "near" is a word like any other, and absent
        ("预算 AND OR NOT", 0),
        ("title_tokens:预算", 0),
        ("预算' OR 1=1 --", 0),
    ],
)
def test_query_syntax_characters_are_plain_text(library, query, expected):
    library.publish("a", "财政预算公开", "预算 决算")
    assert index.search(query).total == expected


def test_a_document_must_link_to_a_page(library):
    with pytest.raises(Invalid) as e:
        index.upsert(
            dataclasses.replace(library.publish("a", "标题", "正文"), url="javascript:alert(1)")
        )
    assert e.value.code == "search_doc_url"


def test_counting_stops_at_the_cap(library, monkeypatch, client):
    monkeypatch.setattr(index, "COUNT_CAP", 3)
    for n in range(5):
        library.publish(f"c{n}", f"第{n}号森林防火通告", "森林防火")
    results = index.search("森林防火")
    assert (results.total, results.total_capped, len(results.hits)) == (3, True, 5)
    assert client.get("/api/v1/search", {"q": "森林防火"}).json()["total_capped"] is True
    assert (
        '<span id="total">3+</span>' in client.get("/search/", {"q": "森林防火"}).content.decode()
    )


def test_many_matches_rank_only_the_newest(library, monkeypatch, client):
    """Beyond CANDIDATES matches, relevance orders the newest CANDIDATES: an old document
    with every word in its title does not push out the newest ones, and paging ends there."""
    monkeypatch.setattr(index, "CANDIDATES", 3)
    library.publish("old", "河长制巡河工作通报", "河长制 巡河", year=2019)
    for n, year in enumerate((2021, 2022, 2023, 2024)):
        library.publish(f"new{n}", f"第{n}期工作动态", "本期开展河长制巡河。", year=year)
    library.publish("title", "河长制巡河情况公示", "河长制 巡河", year=2023, month=6)
    results = index.search("河长制 巡河")
    assert results.total == 6 and not results.total_estimated
    assert results.pages == 1
    assert [h.url for h in results.hits] == [
        "/xxgk/doc/title/",  # every word in the title: first among the newest three
        "/xxgk/doc/new3/",
        "/xxgk/doc/new2/",
    ]
    html = client.get("/search/", {"q": "河长制 巡河"}).content.decode()
    assert "第3期工作动态" in html and "河长制巡河工作通报" not in html
    assert index.search("河长制 巡河", page=2).hits == []


def test_estimated_total_and_the_newest_months(library, monkeypatch, client):
    """PostgreSQL: when the query's rarest word is in more documents than EXACT_UP_TO, the
    newest matches are looked up in the newest months or years (here widened once: the first
    window holds only two) and the total is estimated from them, shown as 约. SQLite counts
    exactly and ranks the same newest documents."""
    from django.db import connection

    monkeypatch.setattr(index, "CANDIDATES", 3)
    monkeypatch.setattr(index, "EXACT_UP_TO", 0)
    for n in range(30):  # 2010–2014, one a month or so
        library.publish(
            f"old{n:02d}",
            f"第{n}期森林防火通告",
            "森林防火",
            year=2010 + n // 6,
            month=1 + 2 * (n % 6),
        )
    library.publish("jan", "一月森林防火工作", "森林防火", year=2020, month=1)
    library.publish("may", "五月森林防火检查", "森林防火", year=2023, month=5)
    library.publish("oct", "十月森林防火通报", "森林防火", year=2024, month=10)
    library.publish("other", "防汛通知", "防汛抗旱", year=2024, month=11)
    with connection.cursor() as cur:
        cur.execute("ANALYZE search_entry")  # the statistics the planner's estimate comes from
    results = index.search("森林防火")
    assert sorted(h.url for h in results.hits) == [
        "/xxgk/doc/jan/",
        "/xxgk/doc/may/",
        "/xxgk/doc/oct/",
    ]
    api = client.get("/api/v1/search", {"q": "森林防火"}).json()
    html = client.get("/search/", {"q": "森林防火"}).content.decode()
    if connection.vendor == "postgresql":
        assert results.total_estimated and results.total > 0
        assert api["total_estimated"] is True and api["total"] == results.total
        assert f'找到约 <span id="total">{results.total}</span> 条结果' in html
    else:
        assert (results.total, results.total_estimated) == (33, False)
        assert api["total_estimated"] is False
        assert '找到 <span id="total">33</span> 条结果' in html
