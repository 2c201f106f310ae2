"""County plans filed (备案): uploaded by the county, returned and resubmitted, filed by the 州
with its number, public on the register; late after the configured day; scoped."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.core.models import AuditEvent
from zhengwu.programmes import queries
from zhengwu.programmes.models import CountyPlan
from zhengwu.programmes.services import plans

from .conftest import logged_in, pdf

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
FORM = {"year": str(YEAR), "title": "古丈县政务公开工作要点", "summary": "推进基层政务公开标准化。"}


def test_returned_resubmitted_and_filed(guzhang, guzhang_admin, office):
    plan = plans.create(guzhang, FORM, pdf(), by=guzhang_admin)
    assert plan.state == CountyPlan.DRAFT and plan.file_name == "方案.pdf"
    plans.submit(plan, by=guzhang_admin)
    assert plan.state == CountyPlan.SUBMITTED and plan.submitted_on == timezone.localdate()
    with pytest.raises(NotAllowed, match="退回政务公开工作方案"):
        plans.return_(plan, "不全", by=guzhang_admin)  # a county does not review itself
    with pytest.raises(NotAllowed, match="备案政务公开工作方案"):
        plans.file(plan, by=guzhang_admin)
    with pytest.raises(Invalid, match="请填写退回理由"):
        plans.return_(plan, " ", by=office)
    plans.return_(plan, "请补充政策解读任务分工", by=office)
    assert (plan.state, plan.return_reason) == (CountyPlan.RETURNED, "请补充政策解读任务分工")
    plans.edit(
        plan, FORM | {"summary": "推进基层政务公开标准化，补充政策解读分工。"}, by=guzhang_admin
    )
    plans.submit(plan, by=guzhang_admin)
    with pytest.raises(Conflict, match="已被他人处理"):
        plans.file(plan, by=office, version=plan.version - 1)
    plans.file(plan, by=office, version=plan.version)
    assert plan.state == CountyPlan.FILED and plan.filed_on == timezone.localdate()
    assert plan.filing_number.startswith(f"州政务公开备〔{plan.filed_on.year}〕")
    assert plan.filing_number.endswith("号") and plan.return_reason == ""
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(plan.pk), object_type="programmes.countyplan", success=True
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert [a for a in actions if "county_plan" in a] == [
        "programmes.county_plan.create",
        "programmes.county_plan.submit",
        "programmes.county_plan.return",
        "programmes.county_plan.edit",
        "programmes.county_plan.submit",
        "programmes.county_plan.file",
    ]
    page = logged_in(guzhang_admin).get("/xxgk/bagl/").content.decode()
    public = Client().get("/xxgk/bagl/")
    assert public.status_code == 200
    assert "古丈县政务公开工作要点" in public.content.decode()
    assert plan.filing_number in public.content.decode() and plan.filing_number in page
    assert public.content.decode().count("推进基层政务公开标准化，补充政策解读分工") == 1
    f = Client().get(f"/xxgk/bagl/{plan.pk}/file/")
    assert f.status_code == 200 and b"".join(f.streaming_content).startswith(b"%PDF")


def test_a_plan_not_filed_is_not_public(guzhang, guzhang_admin):
    plan = plans.create(guzhang, FORM, pdf(), by=guzhang_admin)
    assert "古丈县政务公开工作要点" not in Client().get("/xxgk/bagl/").content.decode()
    assert Client().get(f"/xxgk/bagl/{plan.pk}/file/").status_code == 404


def test_late_after_the_configured_day(settings, guzhang_admin, guzhang, office):
    late = queries.late_counties(guzhang_admin, YEAR, today=dt.date(YEAR, 4, 1))
    assert [j.name for j in late] == ["古丈县"]
    assert queries.late_counties(guzhang_admin, YEAR, today=dt.date(YEAR, 3, 31)) == []
    settings.ZHENGWU_COUNTY_PLAN_DUE = "04-15"
    assert queries.late_counties(guzhang_admin, YEAR, today=dt.date(YEAR, 4, 10)) == []
    plan = plans.create(guzhang, FORM, pdf(), by=guzhang_admin)
    plans.submit(plan, by=guzhang_admin)
    plans.file(plan, by=office)
    assert queries.late_counties(guzhang_admin, YEAR, today=dt.date(YEAR, 5, 1)) == []
    # the 州 sees every county not filed: the demo filed 吉首市 only
    names = [j.name for j in queries.late_counties(office, YEAR, today=dt.date(YEAR, 5, 1))]
    assert "吉首市" not in names and "古丈县" not in names and "凤凰县" in names


def test_one_plan_a_county_a_year_and_a_real_file(guzhang, guzhang_admin):
    with pytest.raises(Invalid, match="只能上传PDF"):
        plans.create(guzhang, FORM, SimpleUploadedFile("a.pdf", b"hello"), by=guzhang_admin)
    plans.create(guzhang, FORM, pdf(), by=guzhang_admin)
    with pytest.raises(Conflict, match="已上传"):
        plans.create(guzhang, FORM, pdf(), by=guzhang_admin)


def test_pages_scope_and_bad_input(guzhang, guzhang_admin, yongshun_admin, office):
    client = logged_in(guzhang_admin)
    r = client.post(
        "/workbench/programmes/county-plans/", FORM | {"county": "433126", "file": pdf()}
    )
    plan = CountyPlan.objects.get(jurisdiction=guzhang, year=YEAR)
    assert (
        r.status_code == 302 and r["Location"] == f"/workbench/programmes/county-plans/{plan.pk}/"
    )
    bad = client.post(
        "/workbench/programmes/county-plans/",
        FORM | {"county": "433126", "title": "", "year": str(YEAR + 1), "file": pdf()},
    )
    assert bad.status_code == 422 and "请填写标题" in bad.content.decode()
    assert "推进基层政务公开标准化。" in bad.content.decode()
    # another county cannot upload for 古丈, nor see its plan
    assert (
        logged_in(yongshun_admin)
        .post("/workbench/programmes/county-plans/", FORM | {"county": "433126", "file": pdf()})
        .status_code
        == 404
    )
    url = f"/workbench/programmes/county-plans/{plan.pk}/"
    assert logged_in(yongshun_admin).get(url).status_code == 404
    r = client.post(url + "act/", {"action": "submit", "version": plan.version}, follow=True)
    assert "已报送备案" in r.content.decode()
    r = client.post(url + "act/", {"action": "file"})
    assert r.status_code == 403 and "备案政务公开工作方案的权限" in r.content.decode()
    r = logged_in(office).post(url + "act/", {"action": "file"}, follow=True)
    plan.refresh_from_db()
    assert f"已备案，备案号{plan.filing_number}" in r.content.decode()
    # the API: the county's list; another county sees nothing of it
    api = client.get(f"/api/v1/programmes/county-plans?year={YEAR}").json()
    assert [p["filing_number"] for p in api] == [plan.filing_number]
    assert logged_in(yongshun_admin).get("/api/v1/programmes/county-plans").json() == []
    r = logged_in(yongshun_admin).post(
        f"/api/v1/programmes/county-plans/{plan.pk}/submit", {}, content_type="application/json"
    )
    assert r.status_code == 404
    public = client.get("/api/v1/programmes/register?county=433126").json()
    assert public[0]["title"] == "古丈县政务公开工作要点"
