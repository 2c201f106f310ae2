"""The landing page's tasks, the API's standardization, training and case paths, and the
workbench files kept to their scope."""

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.org.models import Agency
from zhengwu.programmes.models import BestCase, TrainingSession

from .conftest import logged_in, pdf

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def test_the_landing_page_says_what_to_do_next(office, guzhang_admin):
    page = logged_in(office).get(f"/workbench/programmes/?year={YEAR}").content.decode()
    # the demo: 凤凰县's plan awaits review, 泸溪县's was returned, 古丈县 has no centre planned
    assert f"凤凰县报送的《凤凰县{YEAR}年政务公开工作要点》" in page and "待审核备案" in page
    assert "退回修改，请修改后报送备案" in page
    assert "古丈县：本年未安排计划，尚有7个中心未达标" in page
    assert "2025年度以奖代补" not in page  # the page is this year's
    county = logged_in(guzhang_admin).get("/workbench/programmes/").content.decode()
    assert "古丈县：本年未安排计划" in county and "凤凰县" not in county
    assert logged_in(guzhang_admin).get("/workbench/").status_code == 200


def test_the_api_for_plans_and_inspections(gz_township, guzhang_admin, ys_centre):
    client = logged_in(guzhang_admin)
    base = f"/api/v1/programmes/centres/{gz_township.pk}/plans/{YEAR}"
    r = client.post(
        base,
        {"task_std_site": "调整布局", "due_std_site": f"{YEAR}-12-31"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["standards"][0]["name"] == "场地"
    r = client.post(
        base + "/inspections",
        {
            "held_on": timezone.localdate().isoformat(),
            "inspectors": "县验收组",
            "met_std_site": "1",
        },
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["plan"]["standards"][0]["met"] is True
    bad = client.post(
        base, {"task_std_rules": "x", "due_std_rules": "明天"}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["field"] == "due_std_rules"
    assert "格式不正确" in bad.json()["message"]
    met = client.post(
        base,
        {"task_std_site": "x", "due_std_site": f"{YEAR}-12-31"},
        content_type="application/json",
    )
    assert met.status_code == 422 and met.json()["code"] == "already_met"
    other = client.post(
        f"/api/v1/programmes/centres/{ys_centre.pk}/plans/{YEAR}",
        {"task_std_site": "x", "due_std_site": f"{YEAR}-12-31"},
        content_type="application/json",
    )
    assert other.status_code == 404
    view = client.get(f"/api/v1/programmes/standardization?year={YEAR}").json()
    assert [(c["name"], c["planned"], c["on_plan"]) for c in view["counties"]] == [
        ("古丈县", 1, True)
    ]
    assert Client().get("/api/v1/programmes/standardization").status_code == 401


def test_the_api_for_training_and_cases(guzhang_admin, office):
    gov = Agency.objects.get(jurisdiction__code="433126", kind=Agency.GOVERNMENT)
    client = logged_in(guzhang_admin)
    r = client.post(
        "/api/v1/programmes/training",
        {
            "held_on": "2026-06-01",
            "subject": "政务公开条例解读",
            "organiser": "j:433126",
            "trainers": "田芳",
            "attendee_count": 25,
            "bodies": [gov.usci],
        },
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["organiser"] == "古丈县政务公开办"
    assert r.json()["bodies"] == [gov.name]
    assert TrainingSession.objects.get(pk=r.json()["id"]).scope_path == gov.scope_path
    r = client.post(
        "/api/v1/programmes/training",
        {
            "held_on": "2026-06-01",
            "subject": "越权",
            "organiser": "j:433127",
            "trainers": "甲",
            "attendee_count": 1,
        },
        content_type="application/json",
    )
    assert r.status_code == 403
    r = client.post(
        "/api/v1/programmes/staff/cases",
        {"jurisdiction": "433126", "title": "古丈县公开栏", "body": "统一样式"},
        content_type="application/json",
    )
    case_id = r.json()["id"]
    assert (
        client.post(
            f"/api/v1/programmes/staff/cases/{case_id}/submit", {}, content_type="application/json"
        ).json()["state"]
        == BestCase.SUBMITTED
    )
    refused = client.post(
        f"/api/v1/programmes/staff/cases/{case_id}/publish", {}, content_type="application/json"
    )
    assert refused.status_code == 403
    done = logged_in(office).post(
        f"/api/v1/programmes/staff/cases/{case_id}/publish", {}, content_type="application/json"
    )
    assert done.json()["state_label"] == "已发布"
    assert "古丈县公开栏" in [c["title"] for c in Client().get("/api/v1/programmes/cases").json()]


def test_files_stay_in_their_scope(guzhang, guzhang_admin, yongshun_admin):
    from zhengwu.programmes.services import plans

    plan = plans.create(
        guzhang, {"year": YEAR, "title": "要点", "summary": "要点"}, pdf(), by=guzhang_admin
    )
    url = f"/workbench/programmes/county-plans/{plan.pk}/file/"
    r = logged_in(guzhang_admin).get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    assert logged_in(yongshun_admin).get(url).status_code == 404
    assert Client().get(f"/xxgk/bagl/{plan.pk}/file/").status_code == 404  # not filed
