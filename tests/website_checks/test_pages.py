"""The check through the CLI, the API and the pages: the openness office's glance and drill-down,
scope (a county's office sees only its sites), the staff's 待办, the 年度报表, and the veto in
the body's 考核."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from tests.conftest import login
from tests.test_success_messages import staff, u
from zhengwu.assessment import services as assessment
from zhengwu.org.models import Jurisdiction, Role
from zhengwu.portal import workbench
from zhengwu.websites.checks import annual, indicators, services
from zhengwu.websites.checks.models import AnnualReport, SiteCheck
from zhengwu.websites.models import Site

from .conftest import DAY


@pytest.fixture
def checked(sites, township, county):
    services.run(day=DAY)
    return SiteCheck.objects


def county_admin() -> str:
    return staff(
        "wc_fenghuang", Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code="433123")
    )


def test_cli_checks_one_site_and_prints_a_summary(sites, township):
    out = io.StringIO()
    call_command("check_websites", "--site", "433101002", "--date", "2026-11-16", stdout=out)
    text = out.getvalue()
    assert "网站1个" in text and "不合格1个" in text and "峒河街道网站" in text
    # each indicator is named as the check table names it, never by the code's words
    assert "已检查：单项否决：首页不更新" in text and "扣分：政策文件未解读" in text
    assert text.count("已检查：") == len(indicators.ALL) == len(indicators.NAMES)
    assert SiteCheck.objects.get(site=township).quarter == 4


def test_cli_refuses_an_unknown_site(sites):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有这个网站"):
        call_command("check_websites", "--site", "999999", stdout=io.StringIO())


def test_api_gives_the_latest_result(checked, township):
    r = Client().get("/api/v1/websites/433101002/check")
    assert r.status_code == 200
    body = r.json()
    assert body["result"] == "不合格" and "首页不更新" in body["vetoes"]
    assert body["score"] is None and body["period"] == "2026年第4季度"
    assert any(f["page"] == "/site/433101002/" for f in body["findings"])


def test_api_department_site_by_credit_code_and_unknown(checked):
    site = Site.objects.filter(agency__isnull=False).select_related("agency").first()
    r = Client().get(f"/api/v1/websites/{site.agency.usci}/check")
    assert r.status_code == 200 and r.json()["site"] == site.name
    assert Client().get("/api/v1/websites/000000/check").status_code == 404


def test_glance_and_drill_down(checked, township):
    c = login("admin")
    page = c.get("/workbench/website-checks/?level=township&result=fail")
    assert page.status_code == 200
    text = page.content.decode()
    assert "峒河街道网站" in text and "2026年第4季度" in text and "首页不更新" in text
    check = SiteCheck.objects.get(site=township)
    detail = c.get(f"/workbench/website-checks/{check.pk}/").content.decode()
    assert "单项否决" in detail and "/site/433101002/" in detail


def test_county_staff_see_only_their_sites(checked, township):
    c = login(county_admin())
    text = c.get("/workbench/website-checks/").content.decode()
    assert "凤凰县" in text and "峒河街道" not in text
    check = SiteCheck.objects.get(site=township)
    assert c.get(f"/workbench/website-checks/{check.pk}/").status_code == 404
    assert c.get(f"/workbench/website-checks/reports/{township.pk}/2025/").status_code == 404
    assert login("window").get("/workbench/website-checks/").status_code == 403


def test_run_from_the_page_checks_the_office_sites(sites):
    c = login(county_admin())
    r = c.post("/workbench/website-checks/run/", follow=True)
    assert "已检查网站" in r.content.decode()
    paths = set(SiteCheck.objects.values_list("scope_path", flat=True))
    assert paths and all(p.startswith("433100/433123/") for p in paths)


def test_findings_are_the_staff_todo(checked):
    panels = [p for p in workbench.panels(u(county_admin())) if p["title"].startswith("网站检查")]
    assert panels and "2026年第4季度" in panels[0]["title"] and panels[0]["todo"] > 0


def test_annual_report_generate_fill_publish(sites, county):
    c = login("admin")
    url = f"/workbench/website-checks/reports/{county.pk}/2025/"
    r = c.post(url, {"action": "generate"}, follow=True)
    assert "年度报表已根据平台数据生成" in r.content.decode()
    report = AnnualReport.objects.get(site=county, year=2025)
    assert report.data["header"]["网站名称"] == county.name
    assert "信息公开目录信息更新量" in report.data["信息发布"]
    bad = c.post(url, {"action": "save", "visits": "很多", "visitors": "12"})
    assert bad.status_code == 422 and "应为不小于0的整数" in bad.content.decode()
    assert 'value="12"' in bad.content.decode()  # what was typed is kept
    c.post(url, {"action": "save", "visits": "120000", "monitoring": "是"})
    with override_settings(ZHENGWU_SITE_REPORT_DUE="01-29"):  # 湖南
        assert annual.due_on(2025) == dt.date(2026, 1, 29)
    assert Client().get("/site/433101/wzndbb/2025/").status_code == 404  # not yet public
    r = c.post(url, {"action": "publish"}, follow=True)
    assert "年度报表已在网站公开" in r.content.decode()
    public = Client().get("/site/433101/wzndbb/2025/").content.decode()
    assert county.name in public and "120000" in public
    report.refresh_from_db()
    assert report.published_late  # published after 31 January 2026
    home = Client().get("/site/433101/").content.decode()
    assert 'href="/site/433101/wzndbb/2025/"' in home  # prominently on the home page


def test_a_veto_fails_the_body_in_its_assessment(sites, county):
    from zhengwu.assessment import editing
    from zhengwu.assessment.models import Scheme
    from zhengwu.interaction.models import Mailbox

    scheme = Scheme.objects.filter(year=2026).first() or assessment.create_scheme(
        2026, by=u("admin")
    )
    if scheme.state == Scheme.DRAFTING:  # the demo's current year is still being drawn up
        editing.start_scoring(scheme, by=u("admin"))
    Mailbox.objects.filter(agency__jurisdiction=county.jurisdiction).update(is_active=False)
    services.run(site_ids=[county.pk], day=DAY)
    assert SiteCheck.objects.get(site=county).vetoes
    results = {
        r.jurisdiction.code: r for r in assessment.compute(scheme, by=u("admin")) if not r.agency
    }
    assert results["433101"].grade == "不合格"
    assert results["433101"].scores["websites_veto"]["veto"] is True
    assert "websites_veto" not in results["433122"].scores  # not checked: no veto


def test_openapi_lists_the_check(db):
    spec = json.loads(Client().get("/api/v1/openapi.json").content)
    assert "/api/v1/websites/{code}/check" in spec["paths"]


def test_the_scheduled_task_checks_once_a_quarter(sites):
    from zhengwu.core import schedule
    from zhengwu.websites.checks.tasks import quarterly_check

    assert "website_checks.quarterly" in {j.name for j in schedule.jobs()}
    assert quarterly_check.call() == Site.objects.exclude(level=Site.VILLAGE).count()
    assert quarterly_check.call() == 0  # this quarter is done


def test_a_department_officer_sees_their_own_site(checked):
    site = Site.objects.filter(agency__isnull=False, jurisdiction__code="433101").first()
    name = staff("wc_dept", Role.DISCLOSURE_OFFICER, agency=site.agency)
    text = login(name).get("/workbench/website-checks/").content.decode()
    assert site.name in text and "吉首市人民政府门户网站" not in text


def test_village_sites_are_not_government_sites(checked):
    assert not SiteCheck.objects.filter(site__level=Site.VILLAGE).exists()
    levels = set(SiteCheck.objects.values_list("site__level", flat=True))
    assert levels == {Site.PREFECTURE, Site.COUNTY, Site.TOWNSHIP, Site.DEPARTMENT}


def test_the_report_counts_the_site_letters(sites, county):
    from zhengwu.interaction.models import Message

    from .test_vetoes import _consult

    m = _consult(county, dt.date(2025, 3, 3))
    m.state, m.accepted_on, m.replied_on = (
        Message.REPLIED,
        dt.date(2025, 3, 3),
        dt.date(2025, 3, 13),
    )
    m.save()
    Message.objects.filter(
        agency__jurisdiction=county.jurisdiction, submitted_at__year=2025
    ).exclude(pk=m.pk).delete()
    data = annual.generate(county, 2025, by=u("admin")).data["互动交流"]
    assert data["收到留言数量（条）"] == 1 and data["平均办理时间（天）"] == 10
