"""The one way to change a record (core/workflow.py) in 依申请公开: the request's table of 条例
§45, its consultations and remedies; a stale version is a 409 that changes nothing, and an
action the state does not allow is refused in the table's words."""

import datetime as dt
import json

from zhengwu.core.models import AuditEvent
from zhengwu.disclosure.requests import services
from zhengwu.disclosure.requests.models import Consultation, Remedy, Request

API = "/api/v1/disclosure/requests"
D = dt.date


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def refused(action, obj):
    return AuditEvent.objects.filter(action=action, object_id=str(obj.pk), success=False)


def test_the_requests_table_reads_in_words():
    rows = {r["action"]: r for r in Request.workflow.table(Request)}
    assert (rows["disclosure_request.review"]["from"], rows["disclosure_request.review"]["to"]) == (
        ["登记"],
        "审核",
    )
    assert rows["disclosure_request.answer"]["from"] == ["登记", "审核", "办理"]
    assert rows["disclosure_request.extend"]["to"] == "不变"


def test_a_stale_request_version_is_a_409_and_changes_nothing(gov, officer, make, as_user):
    req = make(gov, officer, on=D(2025, 9, 26))
    c = as_user("disclosure")
    read = c.get(f"{API}/{req.number}").json()
    assert read["version"] == 1
    r = post(c, f"{API}/{req.number}/review", {"version": 1})
    assert r.status_code == 200 and r.json()["version"] == 2
    # a second officer who read the request at version 1 sends it to 办理
    late = post(c, f"{API}/{req.number}/handle", {"version": 1})
    assert late.status_code == 409
    assert late.json()["message"] == "该政府信息公开申请已被他人处理，请刷新后查看最新状态"
    req.refresh_from_db()
    assert (req.status, req.version) == (Request.REVIEWING, 2)
    assert refused("disclosure_request.handle", req).count() == 1
    # the audit event of the change carries what changed, before and after
    event = AuditEvent.objects.get(action="disclosure_request.review", object_id=str(req.pk))
    assert event.before["status"] == "registered" and event.after["status"] == "reviewing"


def test_the_page_sends_the_version_and_refuses_a_wrong_state_in_words(gov, officer, make, as_user):
    req = make(gov, officer, on=D(2025, 9, 26))
    c = as_user("disclosure")
    page = c.get(f"/workbench/requests/{req.number}/").content.decode()
    assert '<input type="hidden" name="version" value="1">' in page
    r = c.post(f"/workbench/requests/{req.number}/archive/", {"version": "1"})
    assert r.status_code == 409
    assert "该政府信息公开申请当前状态为“登记”，不能归档" in r.content.decode()
    stale = c.post(f"/workbench/requests/{req.number}/review/", {"version": "7"})
    assert stale.status_code == 409 and "已被他人处理" in stale.content.decode()
    req.refresh_from_db()
    assert (req.status, req.version) == (Request.REGISTERED, 1)


def test_a_consultation_reply_follows_its_own_table(gov, officer, make, as_user):
    req = make(gov, officer, on=D(2025, 9, 26))
    services.handle(req, by=officer)
    services.consult(
        req, kind=Consultation.THIRD_PARTY, party_name="某公司", sent_on=D(2025, 10, 9), by=officer
    )
    c = as_user("disclosure")
    [consultation] = c.get(f"{API}/{req.number}").json()["consultations"]
    assert consultation["version"] == 1 and consultation["reply"] is None
    reply = {"consultation_id": consultation["id"], "reply": "agree", "on": "2025-10-16"}
    stale = post(c, f"{API}/{req.number}/reply", reply | {"version": 5})
    assert stale.status_code == 409
    assert stale.json()["message"] == "该征求意见已被他人处理，请刷新后查看最新状态"
    assert Consultation.objects.get(pk=consultation["id"]).reply == ""
    assert post(c, f"{API}/{req.number}/reply", reply | {"version": 1}).status_code == 200
    again = c.post(
        f"/workbench/requests/{req.number}/reply/",
        {"consultation": consultation["id"], "reply": "object", "on": "2025-10-17"},
    )
    assert again.status_code == 409 and "该征求意见已登记答复" in again.content.decode()
    assert Consultation.objects.get(pk=consultation["id"]).reply == Consultation.AGREE


def test_a_stale_remedy_version_is_a_409(gov, officer, make, as_user):
    req = make(gov, officer, on=D(2025, 2, 3))
    services.answer(req, outcome="withheld_process", reason="过程稿", on=D(2025, 2, 20), by=officer)
    c = as_user("disclosure")
    r = post(c, f"{API}/{req.number}/remedy", {"kind": "reconsideration", "filed_on": "2025-03-10"})
    [filed] = r.json()["remedies"]
    assert filed["version"] == 1
    decide = {"remedy_id": filed["id"], "result": "upheld", "decided_on": "2025-05-20"}
    stale = post(c, f"{API}/{req.number}/remedy-decide", decide | {"version": 2})
    assert stale.status_code == 409
    assert stale.json()["message"] == "该行政复议、行政诉讼已被他人处理，请刷新后查看最新状态"
    assert Remedy.objects.get(pk=filed["id"]).result == Remedy.PENDING
    done = post(c, f"{API}/{req.number}/remedy-decide", decide | {"version": 1})
    assert done.status_code == 200 and done.json()["remedies"][0]["version"] == 2
    page = c.get(f"/workbench/requests/{req.number}/").content.decode()
    assert "登记审结结果</legend>" not in page
