"""/api/v1/disclosure/requests/: submit (idempotent), track, staff actions, scoping, bad input."""

import datetime as dt
import json

from django.test import Client

from zhengwu.disclosure.requests import services
from zhengwu.disclosure.requests.models import Request

from .conftest import applicant

API = "/api/v1/disclosure/requests"
D = dt.date


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def body(gov, **extra):
    return {"agency_usci": gov.usci} | applicant() | extra


def test_submit_is_idempotent_on_the_client_key(client, gov):
    first = post(client, f"{API}/submit", body(gov, client_key="k-123"))
    assert first.status_code == 201
    data = first.json()
    assert data["query_code"] and data["applicant_name"] == "李*"
    again = post(client, f"{API}/submit", body(gov, client_key="k-123"))
    assert again.status_code == 200
    assert again.json()["number"] == data["number"]
    assert Request.objects.filter(client_key="k-123").count() == 1
    tracked = post(
        client, f"{API}/track", {"number": data["number"], "query_code": data["query_code"]}
    )
    assert tracked.status_code == 200
    assert tracked.json()["status"] == "registered" and tracked.json()["due_date"]
    assert "********" in tracked.json()["applicant_id"]


def test_bad_input_is_a_chinese_4xx(client, gov):
    r = post(client, f"{API}/submit", body(gov, applicant_kind="robot"))
    assert r.status_code == 422 and r.json()["message"] == "请选择申请人类型"
    r = post(client, f"{API}/submit", body(gov, applicant_id_number="123"))
    assert (
        r.status_code == 422
        and r.json()["field"] == "applicant_id_number"
        and "18位" in r.json()["message"]
    )
    r = post(client, f"{API}/submit", body(gov, agency_usci="11433101000000000X"))
    assert r.status_code == 404 and "机关" in r.json()["message"]
    r = post(client, f"{API}/submit", {"agency_usci": gov.usci})
    assert r.status_code == 422 and "请求参数不正确" in r.json()["message"]
    r = post(client, f"{API}/track", {"number": "YSQ0", "query_code": "x"})
    assert r.status_code == 404 and r.json()["message"] == "申请编号或查询码不正确"


def test_staff_actions_through_the_api(as_user, gov, officer, make):
    req = make(gov, officer, on=D(2025, 9, 26))
    c = as_user("disclosure")
    r = post(c, f"{API}/{req.number}/review", {})
    assert r.status_code == 200 and r.json()["status"] == "reviewing"
    assert r.json()["due_date"] == "2025-10-30"
    r = post(
        c,
        f"{API}/{req.number}/consult",
        {"kind": "third_party", "party_name": "某公司", "on": "2025-10-09"},
    )
    assert r.json()["due_date"] is None and r.json()["clock_state"] == "suspended"
    cid = req.consultations.get().pk
    r = post(
        c,
        f"{API}/{req.number}/reply",
        {"consultation_id": cid, "reply": "agree", "on": "2025-10-16"},
    )
    assert r.json()["due_date"] == "2025-11-07"
    r = post(c, f"{API}/{req.number}/answer", {"outcome": "nonsense"})
    assert r.status_code == 422 and r.json()["message"] == "请选择答复结果"
    r = post(
        c,
        f"{API}/{req.number}/answer",
        {"outcome": "disclosed", "on": "2025-10-20", "provided_otherwise": "现场查阅"},
    )
    assert r.status_code == 200 and r.json()["outcome_row"] == "（一）予以公开"
    r = post(c, f"{API}/{req.number}/fly", {})
    assert r.status_code == 404 and "没有这个操作" in r.json()["message"]
    r = post(c, f"{API}/{req.number}/remedy", {"kind": "reconsideration", "filed_on": "2025-11-10"})
    assert r.status_code == 200 and req.remedies.count() == 1


def test_extension_needs_the_head(as_user, agency, admin, make):
    req = make(agency, admin, on=D(2025, 9, 26))
    r = post(as_user("officer"), f"{API}/{req.number}/extend", {"days": 20, "reason": "量大"})
    assert r.status_code == 404  # a 经办人 of the department does not even see requests
    r = post(as_user("admin"), f"{API}/{req.number}/extend", {"days": 20, "reason": "量大"})
    assert r.status_code == 403 and "批准延期答复" in r.json()["message"]
    r = post(as_user("head"), f"{API}/{req.number}/extend", {"days": 20, "reason": "量大"})
    assert r.status_code == 200 and r.json()["due_date"] == "2025-11-27"
    assert r.json()["extended_days"] == 20


def test_list_and_detail_scoping(as_user, gov, agency, officer, admin, make):
    mine = make(gov, officer, on=D(2026, 11, 2), n=51)
    theirs = make(agency, admin, on=D(2026, 11, 2), n=52)
    numbers = [
        x["number"]
        for x in as_user("disclosure").get(f"{API}/?status=all&limit=200").json()["results"]
    ]
    assert mine.number in numbers and theirs.number not in numbers
    assert as_user("disclosure").get(f"{API}/{theirs.number}").status_code == 404
    assert as_user("fh-supervisor").get(f"{API}/").json()["count"] == 0
    assert as_user("fh-supervisor").get(f"{API}/{mine.number}").status_code == 404
    assert as_user("433123199511020171").get(f"{API}/").json()["count"] == 0
    assert as_user("433123199511020171").get(f"{API}/{mine.number}").status_code == 404
    assert Client().get(f"{API}/").status_code == 401
    sup = as_user("supervisor").get(f"{API}/{mine.number}").json()
    assert sup["applicant_name"] == "李*" and "********" in sup["applicant_id"]
    assert (
        as_user("disclosure").get(f"{API}/{mine.number}").json()["applicant_id"]
        == mine.applicant_id_number
    )
    assert as_user("disclosure").get(f"{API}/?status=bogus").status_code == 422


def test_register_through_the_api(as_user, gov):
    data = body(gov, channel="mail", arrived_on="2026-11-02", confirmed_on="2026-11-02")
    r = post(as_user("disclosure"), f"{API}/register", data)
    assert r.status_code == 201 and r.json()["received_on"] == "2026-11-02"
    r = post(as_user("fh-supervisor"), f"{API}/register", data)
    assert r.status_code == 403
    r = post(as_user("disclosure"), f"{API}/register", data | {"confirmed_on": "2026-11-03"})
    assert r.status_code == 422 and "当日" in r.json()["message"]


def test_annual_report_json(client, as_user, fh_dept, admin, make):
    req = make(fh_dept, admin, on=D(2025, 3, 3), n=53)
    services.answer(req, outcome="withheld_secret", reason="密", on=D(2025, 3, 20), by=admin)
    url = f"{API}/annual-report?agency={fh_dept.usci}&year=2025"
    assert client.get(url).status_code == 404  # not published yet
    draft = as_user("admin").get(url).json()
    assert draft["table3"]["三、本年度办理结果/（三）不予公开/1.属于国家秘密"]["自然人"] == 1
    services.save_report(
        fh_dept,
        2025,
        overview="",
        problems="问题与改进",
        other_matters="",
        by=admin,
        penalty_decisions=0,
        enforcement_decisions=0,
    )
    services.publish_report(fh_dept, 2025, by=admin)
    data = client.get(url).json()
    assert data["checks"] == {"passed": True, "failures": []}
    assert list(data["table4"]) == ["行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"]
    assert client.get(f"{API}/annual-report?agency={fh_dept.usci}&year=1999").status_code == 422
    assert client.get(f"{API}/annual-report?agency={fh_dept.usci}&year=abc").status_code == 422


def test_lists_do_not_query_per_row(as_user, fh_dept, admin, make):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = as_user("admin")

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    make(fh_dept, admin, on=D(2026, 11, 2), n=60)
    count("/workbench/")  # the session's last-seen time is written once a minute, on the first
    api_one, page_one = count(f"{API}/?limit=200"), count("/workbench/requests/")
    for i in range(5):
        make(fh_dept, admin, on=D(2026, 11, 3), n=61 + i)
    assert count(f"{API}/?limit=200") == api_one
    assert count("/workbench/requests/") == page_one
