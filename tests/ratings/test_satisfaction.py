"""满意度 (R6.3): 好评率 by month and year, per county, body and window, 同比, and the province's
published figures with Xiangxi's rank; pages, API and XLSX with their refusals. The ratings are
made in 2020 and 2021, years the demo does not rate, so every number is the test's own."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook

from zhengwu.core.errors import Invalid, NotAllowed
from zhengwu.core.models import AuditEvent
from zhengwu.org.demo import DEMO_PASSWORD
from zhengwu.org.models import Agency, Jurisdiction, Role, RoleAssignment, User
from zhengwu.ratings import province, satisfaction
from zhengwu.ratings.models import ProvinceFigure, Rating

JISHOU, LUXI = "433101", "433122"
CITIES = ["长沙市", "株洲市", "湘潭市", "衡阳市", "邵阳市", "岳阳市", "常德市", "张家界市",
          "益阳市", "郴州市", "永州市", "怀化市", "娄底市"]  # fmt: skip


def _agency(code: str) -> Agency:
    return Agency.objects.get(
        jurisdiction__code=code, kind=Agency.DEPARTMENT, name__endswith="市场监督管理局"
    )


def _rate(agency: Agency, level: int, day: dt.date, state=Rating.VALID) -> Rating:
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    return Rating.objects.create(
        agency=agency, scope_path=agency.scope_path, channel=Rating.ONLINE, level=level,
        rated_at=at, state=state,
    )  # fmt: skip


@pytest.fixture
def ratings(db):
    jishou, luxi = _agency(JISHOU), _agency(LUXI)
    for level, day in [(5, "2021-01-10"), (4, "2021-01-20"), (3, "2021-02-03"), (1, "2021-02-04")]:
        _rate(jishou, level, dt.date.fromisoformat(day))
    _rate(jishou, 5, dt.date(2021, 2, 5), state=Rating.SET_ASIDE)  # set aside: counts nowhere
    _rate(luxi, 5, dt.date(2021, 3, 1))
    _rate(luxi, 5, dt.date(2021, 3, 2))
    _rate(jishou, 5, dt.date(2020, 1, 15))
    _rate(jishou, 1, dt.date(2020, 2, 15))
    return jishou, luxi


def staff(username: str, role: str, **where) -> User:
    user = User.objects.create_user(
        username=username, password=DEMO_PASSWORD, kind=User.STAFF, real_name=username,
        password_changed_at=timezone.now(),
    )  # fmt: skip
    RoleAssignment.objects.create(user=user, role=role, **where)
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["zw_otp_ok"] = True
    session.save()
    return client


def test_good_rate_by_year_month_county_and_body_with_year_on_year(ratings):
    jishou, luxi = ratings
    r = satisfaction.report(Jurisdiction.objects.get(code="433100"), 2021)
    assert (r["total"], r["good"], r["rate"]) == (6, 4, Decimal("66.67"))
    assert r["last"] == Decimal("50.00") and r["change"] == Decimal("16.67")
    months = {m["month"]: m for m in r["months"]}
    assert (months[1]["rate"], months[1]["last"], months[1]["change"]) == (
        Decimal("100.00"), Decimal("100.00"), Decimal("0.00"),
    )  # fmt: skip
    assert (months[2]["total"], months[2]["rate"], months[2]["last"]) == (
        2, Decimal("0.00"), Decimal("0.00"),
    )  # fmt: skip
    assert months[3]["rate"] == Decimal("100.00") and months[3]["last"] is None
    assert months[4]["rate"] is None
    counties = {c["name"]: c for c in r["counties"]}
    assert counties["泸溪县"]["rate"] == Decimal("100.00")
    assert (counties["吉首市"]["rate"], counties["吉首市"]["change"]) == (Decimal("50.00"), 0)
    assert [c["name"] for c in r["counties"]][:2] == ["泸溪县", "吉首市"]
    agencies = {a["name"]: a for a in r["agencies"]}
    assert agencies[jishou.name]["total"] == 4 and agencies[luxi.name]["good"] == 2
    only = satisfaction.report(jishou.jurisdiction, 2021, jishou.pk)
    assert (only["total"], only["rate"], only["counties"]) == (4, Decimal("50.00"), [])


def _fourteen(year=2021, home="99.10"):
    for i, city in enumerate(CITIES):
        province.save(
            {
                "year": year,
                "region": city,
                "good_rate": f"{99.9 - i * 0.1:.2f}",
                "source": "演示数据",
            },
            by=None,
        )
    province.save(
        {"year": year, "region": "湘西州", "good_rate": home, "source": "演示数据"}, by=None
    )
    province.save(
        {"year": year, "region": "湖南省", "good_rate": "99.50", "source": "演示数据"}, by=None
    )


def test_xiangxis_rank_among_the_fourteen(db):
    assert province.standing(2021) is None
    province.save(
        {"year": 2021, "region": "长沙市", "good_rate": "99.9", "source": "演示数据"}, by=None
    )
    province.save(
        {"year": 2021, "region": "湘西州", "good_rate": "99.5%", "source": "演示数据"}, by=None
    )
    partial = province.standing(2021)
    assert partial["rank"] == 2
    assert partial["words"] == "已录入的2个市州中排第2位（全省共14个，其余尚未录入）"
    _fourteen()
    full = province.standing(2021)
    # 99.9 … 98.7 for the 13 others: eight (99.9 … 99.2) above 99.10; 怀化市 at 99.10 shares its rank.
    assert full["words"] == "全省14个市州中排第9位"
    assert full["province"].good_rate == Decimal("99.50")


def test_bad_figures_are_refused(admin_user_like):
    with pytest.raises(Invalid) as e:
        province.save(
            {"year": 2021, "region": "湘西州", "good_rate": "101", "source": "x"}, by=None
        )
    assert e.value.code == "rate_invalid"
    for nonsense in ["NaN", "Infinity", "很好"]:
        with pytest.raises(Invalid) as e:
            province.save(
                {"year": 2021, "region": "湘西州", "good_rate": nonsense, "source": "x"}, by=None
            )
        assert e.value.message == "好评率应为百分数，如99.85"
    with pytest.raises(Invalid) as e:
        province.save({"year": 2021, "region": "湘西州", "good_rate": "99", "source": ""}, by=None)
    assert e.value.code == "source_required"
    luxi = staff("luxi-sat", Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code=LUXI))
    with pytest.raises(NotAllowed):
        province.save({"year": 2021, "region": "湘西州", "good_rate": "99", "source": "x"}, by=luxi)


@pytest.fixture
def admin_user_like(db):
    return User.objects.get(username="admin")


def test_the_public_page_shows_the_rate_the_change_and_the_rank(ratings):
    _fourteen()
    html = Client().get("/jd/satisfaction/?year=2021").content.decode()
    assert "66.67%" in html and "上升16.67个百分点" in html
    assert "全省14个市州中排第9位" in html and "来源：演示数据" in html
    assert "satisfaction-chart.js" in html and "echarts-5.6.0.min.js" in html
    county = Client().get(f"/site/{LUXI}/jd/satisfaction/?year=2021").content.decode()
    assert "泸溪县政务服务满意度（2021年）" in county and "100.00%" in county
    assert "全省14个市州" not in county
    assert Client().get("/jd/satisfaction/?year=1999").status_code == 422


def test_the_staff_page_is_scoped(ratings, admin_user_like):
    luxi = staff("luxi-sat2", Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code=LUXI))
    client = logged_in(luxi)
    own = client.get("/workbench/ratings/satisfaction/?year=2021")
    assert own.status_code == 200 and "泸溪县政务服务满意度" in own.content.decode()
    assert client.get(f"/workbench/ratings/satisfaction/?jurisdiction={JISHOU}").status_code == 404
    body_only = staff("jishou-sat", Role.DEPT_HEAD, agency=ratings[0])
    page = logged_in(body_only).get("/workbench/ratings/satisfaction/?year=2021").content.decode()
    assert "50.00%" in page and "各县市" not in page
    citizen = User.objects.filter(kind=User.CITIZEN).first()
    assert logged_in(citizen).get("/workbench/ratings/satisfaction/").status_code == 403
    office = logged_in(admin_user_like).get("/workbench/ratings/satisfaction/?year=2021")
    assert "请录入全省公布的数据" in office.content.decode()


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_the_office_enters_corrects_and_deletes_figures_on_its_page(admin_user_like):
    client = logged_in(admin_user_like)
    form = {
        "year": "2024",
        "region": "湘西州",
        "good_rate": "99.62",
        "source": "演示数据：省政务服务中心通报",
    }
    saved = client.post("/workbench/ratings/province/", form)
    assert saved.status_code == 302 and "已录入2024年湘西州好评率99.62%" in _messages(saved)
    client.post("/workbench/ratings/province/", form | {"good_rate": "99.70"})
    figure = ProvinceFigure.objects.get(year=2024, region="湘西州")
    assert figure.good_rate == Decimal("99.70")
    events = AuditEvent.objects.filter(action="ratings.province_figure.save", actor=admin_user_like)
    assert events.count() == 2 and events.latest("id").before["good_rate"] == "99.62"
    bad = client.post("/workbench/ratings/province/", form | {"good_rate": "很好"})
    assert bad.status_code == 422 and 'value="演示数据：省政务服务中心通报"' in bad.content.decode()
    gone = client.post(f"/workbench/ratings/province/{figure.pk}/delete/")
    assert gone.status_code == 302 and not ProvinceFigure.objects.filter(pk=figure.pk).exists()
    luxi = staff("luxi-sat3", Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code=LUXI))
    assert logged_in(luxi).post("/workbench/ratings/province/", form).status_code == 403


def _xlsx(rows) -> bytes:
    wb = Workbook()
    wb.active.append(["年度", "地区", "好评率", "来源", "链接"])
    for r in rows:
        wb.active.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_import_loads_all_or_nothing(admin_user_like):
    sheet = _xlsx(
        [
            [2023, "湖南省", 99.8, "演示数据", ""],
            [2023, "湘西州", "99.9%", "演示数据", "ftp://x"],
        ]
    )
    client = logged_in(admin_user_like)
    bad = client.post(
        "/workbench/ratings/province/import/", {"file": SimpleUploadedFile("表.xlsx", sheet)}
    )
    assert (
        bad.status_code == 422
        and "第3行：链接应以 http:// 或 https:// 开头" in bad.content.decode()
    )
    assert not ProvinceFigure.objects.filter(year=2023).exists()
    api = client.post(
        "/api/v1/ratings/province-figures/import?partial=true", {"file": io.BytesIO(sheet)}
    )
    assert api.status_code == 200 and api.json()["loaded"] == 1
    assert ProvinceFigure.objects.get(year=2023).region == "湖南省"


def test_the_api(ratings, admin_user_like):
    _fourteen()
    r = (
        Client()
        .get("/api/v1/ratings/satisfaction", {"jurisdiction": "433100", "year": "2021"})
        .json()
    )
    assert (r["total"], r["good_rate"], r["change"]) == (6, 66.67, 16.67)
    assert r["province"]["words"] == "全省14个市州中排第9位"
    assert Client().get("/api/v1/ratings/satisfaction", {"year": "1999"}).status_code == 422
    assert (
        Client().get("/api/v1/ratings/satisfaction", {"jurisdiction": "433101002"}).status_code
        == 422
    )
    body = {"year": 2022, "region": "湘西州", "good_rate": 99.4, "source": "演示数据"}
    made = logged_in(admin_user_like).post(
        "/api/v1/ratings/province-figures", json.dumps(body), content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["good_rate"] == 99.4
    luxi = staff("luxi-sat4", Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code=LUXI))
    refused = logged_in(luxi).post(
        "/api/v1/ratings/province-figures", json.dumps(body), content_type="application/json"
    )
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert [
        f["region"] for f in Client().get("/api/v1/ratings/province-figures?year=2022").json()
    ] == ["湘西州"]


def test_the_api_deletes_a_figure_for_the_office_only(admin_user_like):
    figure = province.save(
        {"year": 2022, "region": "湖南省", "good_rate": "99.5", "source": "演示数据"}, by=None
    )
    luxi = staff("luxi-sat5", Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code=LUXI))
    url = f"/api/v1/ratings/province-figures/{figure.pk}"
    assert logged_in(luxi).delete(url).status_code == 403
    assert logged_in(admin_user_like).delete(url).status_code == 204
    assert not ProvinceFigure.objects.filter(pk=figure.pk).exists()
    assert AuditEvent.objects.filter(action="ratings.province_figure.delete").count() == 1
    assert logged_in(admin_user_like).delete(url).status_code == 404
