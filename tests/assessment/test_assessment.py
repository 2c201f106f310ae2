"""考核: scheme, automatic and manual indicators, scores, grades, ranking, reports."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from zhengwu.assessment import services
from zhengwu.assessment.models import Result, Scheme
from zhengwu.core import measures
from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.org.models import Jurisdiction, User

pytestmark = pytest.mark.django_db


def u(name):
    return User.objects.get(username=name)


@pytest.fixture
def providers():
    """Two automatic indicators with known values per county; the others have no provider."""
    on_time = {"433101": (90, 100), "433122": (50, 100), "433123": (100, 100)}

    def cases_on_time(j, agency=None, year=None):
        n, d = on_time.get(j.code, (0, 0)) if agency is None else (80, 100)
        return {"numerator": n, "denominator": d}

    def good_rate(j, agency=None, year=None):
        return {"numerator": 95, "denominator": 100}

    real = {
        p: measures.provider(p) for *_, p in services.DEFAULT_INDICATORS if measures.registered(p)
    }
    for p in real:
        measures.unregister(p)
    measures.register("cases.on_time", cases_on_time)
    measures.register("ratings.good_rate", good_rate)
    yield
    measures.unregister("cases.on_time")
    for p in real.values():
        measures.register(p.name, p.fn, label=p.label)


def test_scheme_scores_grades_and_ranking(providers, start):
    s = services.create_scheme(2030, by=u("admin"))
    start(s)
    assert sum(i.weight for i in s.indicators.all()) == 100
    with pytest.raises(Conflict):
        services.create_scheme(2030, by=u("admin"))
    watchers = s.indicators.get(code="watchers")
    jishou = Jurisdiction.objects.get(code="433101")
    services.evaluate(
        watchers, score=70, comment="栏目更新慢", jurisdiction=jishou, by=u("watcher")
    )
    results = {
        r.jurisdiction.code: r
        for r in services.compute(s, by=u("supervisor"))
        if r.group == "county"
    }
    # 吉首: cases 90 (weight 15), ratings 95 (10), watchers 70 (10); the rest without data
    # are left out: (15×90 + 10×95 + 10×70) / 35 = 3000 / 35 = 85.7 → 良好.
    js = results["433101"]
    assert js.total == Decimal("85.7") and js.grade == "良好"
    assert js.scores["watchers"] == {"value": 70.0, "score": 70.0, "evaluations": 1}
    assert js.scores["requests_on_time"] == {"value": None, "score": None}
    # 凤凰: (15×100 + 10×95) / 25 = 98.0 → 优秀; 泸溪: (15×50 + 10×95) / 25 = 68.0 → 合格.
    assert (results["433123"].total, results["433123"].grade) == (Decimal("98.0"), "优秀")
    assert (results["433122"].total, results["433122"].grade) == (Decimal("68.0"), "合格")
    # A county with no finished case (0 of 0) has no case figure: only ratings count, 95.0.
    assert (results["433130"].total, results["433130"].grade) == (Decimal("95.0"), "优秀")
    # 凤凰 98.0 first; the five counties at 95.0 share second place; 吉首 7th, 泸溪 8th.
    ranks = {c: r.rank for c, r in results.items()}
    assert ranks["433123"] == 1 and ranks["433130"] == 2
    assert sorted(ranks.values()) == [1, 2, 2, 2, 2, 2, 7, 8]
    assert (ranks["433101"], ranks["433122"]) == (7, 8)
    departments = Result.objects.filter(scheme=s, group="department")
    # 州 departments: cases 80 (15) and ratings 95 (10): (1200 + 950) / 25 = 86.0, all tied first.
    assert departments.exists() and {r.rank for r in departments} == {1}
    assert {r.total for r in departments} == {Decimal("86.0")}


def test_thresholds_are_configurable(providers):
    s = services.create_scheme(2031, by=u("admin"), excellent=95, good=85, passing=70)
    assert [s.grade(Decimal(x)) for x in ("95", "94.9", "85", "70", "69.9")] == [
        "优秀",
        "良好",
        "良好",
        "合格",
        "不合格",
    ]
    with pytest.raises(Invalid) as e:
        services.create_scheme(2032, by=u("admin"), excellent=80, good=85, passing=60)
    assert "分数线" in e.value.message


def test_who_may_do_what(providers, start):
    with pytest.raises(NotAllowed):
        services.create_scheme(2030, by=u("officer"))
    with pytest.raises(NotAllowed):
        services.create_scheme(2030, by=u("fh-supervisor"))
    s = start(services.create_scheme(2030, by=u("admin")))
    with pytest.raises(NotAllowed):
        services.evaluate(
            s.indicators.get(code="watchers"),
            score=80,
            jurisdiction=Jurisdiction.objects.get(code="433101"),
            by=u("officer"),
        )
    with pytest.raises(Invalid):
        services.evaluate(
            s.indicators.get(code="cases_on_time"),
            score=80,
            jurisdiction=Jurisdiction.objects.get(code="433101"),
            by=u("watcher"),
        )
    with pytest.raises(Invalid) as e:
        services.evaluate(
            s.indicators.get(code="watchers"),
            score=120,
            jurisdiction=Jurisdiction.objects.get(code="433101"),
            by=u("watcher"),
        )
    assert e.value.message == "评分超出上限（最大 100 分）"
    with pytest.raises(NotAllowed):
        services.compute(s, by=u("watcher"))


def test_pages_reports_and_public_results(as_user, client, providers, start):
    admin = as_user("admin")
    r = admin.post("/workbench/assessment/", {"year": "abc"})
    assert r.status_code == 422 and "年度应为四位数字" in r.text
    assert admin.post("/workbench/assessment/", {"year": "2030"}).status_code == 302
    s = start(Scheme.objects.get(year=2030))
    watcher = as_user("watcher")
    ind = s.indicators.get(code="watchers")
    jishou = Jurisdiction.objects.get(code="433101")
    r = watcher.post(
        "/workbench/assessment/2030/evaluate/",
        {"indicator": ind.pk, "target": f"j:{jishou.pk}", "score": "x"},
    )
    assert r.status_code == 422 and "评分格式不正确，应为数字" in r.text
    r = watcher.post(
        "/workbench/assessment/2030/evaluate/",
        {"indicator": ind.pk, "target": f"j:{jishou.pk}", "score": "88", "comment": "好"},
    )
    assert r.status_code == 302
    assert admin.post("/workbench/assessment/2030/compute/").status_code == 302
    pdf = admin.get("/workbench/assessment/2030/report.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    x = admin.get("/workbench/assessment/2030/report.xlsx")
    sheet = load_workbook(BytesIO(x.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["类别", "名次", "被考核单位", "总分", "等次"]
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "凤凰县" in names
    assert client.get("/jd/assessment/2030/").status_code == 404  # not yet published
    assert admin.post("/workbench/assessment/2030/publish/").status_code == 302
    page = client.get("/jd/assessment/")
    assert page.status_code == 200 and "凤凰县" in page.text and "优秀" in page.text
    county = client.get("/site/433123/jd/assessment/")
    assert "凤凰县" in county.text and "吉首市" not in county.text.split("<tbody>")[1]
    api = client.get("/api/v1/assessment/results/2030").json()
    assert api["results"][0]["rank"] == 1
    assert client.get("/api/v1/assessment/results/2019").status_code == 404
    assert as_user("433101198803140228").get("/workbench/assessment/").status_code == 403
    assert as_user("officer").get("/workbench/assessment/2030/").status_code == 403


@pytest.mark.parametrize("score", ["NaN", "sNaN", "Infinity", "85.55", "1e999"])
def test_scores_and_thresholds_refuse_nonsense_in_words(as_user, score, start):
    admin = as_user("admin")
    r = admin.post("/workbench/assessment/", {"year": "2033", "excellent": score, "good": "80"})
    assert r.status_code == 422 and "优秀分数线" in r.text
    assert f'value="{score}"' in r.text  # the input is kept
    assert not Scheme.objects.filter(year=2033).exists()
    s = start(services.create_scheme(2034, by=u("admin")))
    ind = s.indicators.get(code="watchers")
    jishou = Jurisdiction.objects.get(code="433101")
    r = as_user("watcher").post(
        "/workbench/assessment/2034/evaluate/",
        {"indicator": ind.pk, "target": f"j:{jishou.pk}", "score": score},
    )
    assert r.status_code == 422 and "评分" in r.text
    assert not ind.evaluations.exists()
