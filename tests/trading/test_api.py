"""The staff API of trading projects: register, take steps, scoped, versioned, in Chinese."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.org.models import Agency, Role

from .conftest import logged_in, staff


def new_project(client, body, **extra):
    return client.post(
        "/api/v1/trading/projects",
        {
            "kind": "procurement",
            "method": "inquiry",
            "name": "吉首市第一中学实验室设备采购",
            "owner": body.usci,
            "budget": "480000",
            **extra,
        },
        content_type="application/json",
    )


@pytest.mark.django_db
def test_register_and_take_a_step_through_the_api(buyer, body):
    client = logged_in(buyer)
    response = new_project(client, body)
    assert response.status_code == 201, response.content.decode()
    project = response.json()
    assert project["state_label"] == "待发布公告" and project["owner_name"] == body.name
    assert {s["action"] for s in project["next_steps"]} >= {"tender_published", "intent_published"}
    today = timezone.localdate()
    url = f"/api/v1/trading/projects/{project['id']}/steps/tender_published"
    # 询价: 3 个工作日 from the documents to the first response (74号令)
    short = client.post(url, {"version": project["version"], "on": today.isoformat(),
                              "dates": {"bid_deadline": today.isoformat()}},
                        content_type="application/json")  # fmt: skip
    assert short.status_code == 422
    assert short.json()["code"] == "schedule_violation" and "3个工作日" in short.json()["message"]
    later = (today + dt.timedelta(days=30)).isoformat()
    done = client.post(url, {"version": project["version"], "dates": {"bid_deadline": later}},
                       content_type="application/json")  # fmt: skip
    assert done.status_code == 200, done.content.decode()
    assert done.json()["project"]["state"] == "notice" and done.json()["notice_id"]
    stale = client.post(url.replace("tender_published", "amendment_published"),
                        {"version": project["version"]}, content_type="application/json")  # fmt: skip
    assert stale.status_code == 409 and "已被他人处理" in stale.json()["message"]


@pytest.mark.django_db
def test_projects_are_scoped_to_their_body(buyer, body):
    project = new_project(logged_in(buyer), body).json()
    other = Agency.objects.filter(jurisdiction__code="433122").first()
    stranger = logged_in(staff("lx-buyer", Role.DEPT_OFFICER, agency=other))
    assert stranger.get(f"/api/v1/trading/projects/{project['id']}").status_code == 404
    assert stranger.get("/api/v1/trading/projects").json() == []
    refused = new_project(stranger, body)
    assert refused.status_code == 403 and "登记交易项目" in refused.json()["message"]


@pytest.mark.django_db
def test_bad_input_is_a_422_in_chinese(buyer, body):
    client = logged_in(buyer)
    wrong = new_project(client, body, method="auction")
    assert wrong.status_code == 422 and wrong.json()["field"] == "method"
    unknown = new_project(client, body, dates={"opening": "2026-12-01"})
    assert unknown.status_code == 422 and "不是政府采购的日期名称" in unknown.json()["message"]
    assert new_project(client, body, budget="-5").status_code == 422
