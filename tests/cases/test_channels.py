"""The three channels end to end to a result: a villager's application filed by an agent, a
citizen's online application, a window application — through the pages and through the API."""

import re

import pytest
from django.test import Client

from zhengwu.cases.models import Case, CaseDocument, Delivery
from zhengwu.core.models import AuditEvent, Notice

from .conftest import pdf, person


def run_workbench_flow(case, as_user):
    """Accept at the window, two reviews, the head decides, the window delivers: via pages."""
    url = f"/workbench/cases/{case.pk}/"
    window, officer, head = as_user("window"), as_user("officer"), as_user("head")
    page = window.get(url)
    assert page.status_code == 200 and "受理（出具受理通知书）" in page.text
    r = window.post(url + "accept/", {"version": case.version})
    assert r.status_code == 302, r.text
    for _ in range(2):
        case.refresh_from_db()
        r = officer.post(
            url + "advance/", {"version": case.version, "opinion": "材料真实，符合条件"}
        )
        assert r.status_code == 302, r.text
    case.refresh_from_db()
    assert case.current_step.name == "决定"
    r = head.post(url + "decide/", {"version": case.version, "approve": "1", "reason": ""})
    assert r.status_code == 302, r.text
    case.refresh_from_db()
    assert case.status == Case.DECIDED and case.result.approved
    r = window.post(url + "deliver/", {"version": case.version, "method": "window"})
    assert r.status_code == 302, r.text
    case.refresh_from_db()
    assert case.status == Case.COMPLETED
    assert case.delivery.method == Delivery.WINDOW
    assert case.on_time is True and case.handling_workdays == 0
    return case


@pytest.mark.django_db
def test_citizen_online_application_to_result(item, citizen, as_user):
    client = as_user(citizen.username)
    page = client.get(f"/zwfw/apply/{item.pk}/")
    assert page.status_code == 200
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', page.text).group(1)
    files = {f"material_{m.pk}": pdf() for m in item.materials.filter(required=True)}
    data = {
        "idempotency_key": key,
        "applicant_phone": "13907430001",
        "summary": "新开一家小吃店",
        **files,
    }
    r = client.post(f"/zwfw/apply/{item.pk}/", data)
    assert r.status_code == 302
    case = Case.objects.get(filed_by=citizen)
    assert case.channel == Case.ONLINE and case.applicant_user == citizen
    assert case.applicant_id_number == citizen.id_number
    assert r.url == f"/zwfw/my/{case.pk}/"
    run_workbench_flow(case, as_user)
    mine = client.get(f"/zwfw/my/{case.pk}/")
    assert mine.status_code == 200 and "已办结" in mine.text and case.result.number in mine.text
    doc = client.get(f"/workbench/cases/{case.pk}/files/result/{case.result.pk}/")
    assert doc.status_code == 200 and b"".join(doc.streaming_content).startswith(b"%PDF")
    assert Notice.objects.filter(recipient=citizen, title="办件已办结").exists()
    my_page = client.get("/my/")
    assert case.number in my_page.text
    # the result verifies publicly, holder masked
    v = Client().get("/zwfw/verify/", {"code": case.result.verification_code})
    assert v.status_code == 200 and "文书真实有效" in v.text and citizen.real_name not in v.text
    assert AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).count() == 6


@pytest.mark.django_db
def test_window_application_registered_by_the_clerk(item, as_user):
    window = as_user("window")
    page = window.get(f"/workbench/cases/window/?item={item.pk}")
    assert page.status_code == 200 and "为申请人登记" in page.text
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', page.text).group(1)
    files = {f"material_{m.pk}": pdf() for m in item.materials.filter(required=True)}
    r = window.post(
        "/workbench/cases/window/",
        {"item": item.pk, "idempotency_key": key, "channel": "window", **person(), **files},
    )
    assert r.status_code == 302, r.text
    case = Case.objects.get(idempotency_key=key)
    assert case.channel == Case.WINDOW and case.applicant_user is None
    queue = window.get("/workbench/cases/window/")
    assert case.number in queue.text
    run_workbench_flow(case, as_user)


@pytest.mark.django_db
def test_villager_application_filed_by_an_agent(item, village_agent, as_user):
    agent_user, village = village_agent
    client = as_user(agent_user.username)
    page = client.get(f"/workbench/cases/agent/?item={item.pk}")
    assert page.status_code == 200 and village.name in page.text
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', page.text).group(1)
    files = {f"material_{m.pk}": pdf() for m in item.materials.filter(required=True)}
    base = {"item": item.pk, "idempotency_key": key, "origin": village.code, **person(), **files}
    r = client.post("/workbench/cases/agent/", base)
    assert r.status_code == 422 and "授权委托书" in r.text
    assert "龙秀兰" in r.text  # the input is kept
    files = {f"material_{m.pk}": pdf() for m in item.materials.filter(required=True)}
    r = client.post("/workbench/cases/agent/", base | files | {"authorisation": pdf("委托书.pdf")})
    assert r.status_code == 302, r.text
    case = Case.objects.get(idempotency_key=key)
    assert case.channel == Case.AGENT and case.agent == agent_user
    assert case.origin_path == village.path and case.authorisation
    assert case.number in client.get("/workbench/cases/agent/").text
    run_workbench_flow(case, as_user)
    assert "村级代办" in client.get("/workbench/").text
    # the agent still sees the villager's case; the window can open the authorisation
    assert client.get(f"/workbench/cases/{case.pk}/").status_code == 200
    auth = as_user("window").get(f"/workbench/cases/{case.pk}/files/authorisation/0/")
    assert auth.status_code == 200


@pytest.mark.django_db
def test_all_three_channels_through_the_api(item, citizen, village_agent, as_user):
    agent_user, village = village_agent
    filers = [
        (as_user(citizen.username), {"channel": "online", "applicant_phone": "13907430001"}),
        (as_user("window"), {"channel": "window", **person()}),
        (as_user(agent_user.username), {"channel": "agent", "origin": village.code, **person()}),
    ]
    for n, (client, extra) in enumerate(filers):
        files = {f"material_{m.pk}": pdf() for m in item.materials.filter(required=True)}
        if extra["channel"] == "agent":
            files["authorisation"] = pdf("委托书.pdf")
        r = client.post(
            "/api/v1/cases/", {"item": item.pk, "idempotency_key": f"api-{n}", **extra, **files}
        )
        assert r.status_code == 201, r.json()
        body = r.json()
        cid, v = body["id"], body["version"]
        window, officer, head = as_user("window"), as_user("officer"), as_user("head")
        ct = "application/json"
        r = window.post(f"/api/v1/cases/{cid}/accept", {"version": v}, content_type=ct)
        assert r.status_code == 200 and r.json()["status"] == "handling", r.json()
        for _ in range(2):
            v = r.json()["version"]
            r = officer.post(
                f"/api/v1/cases/{cid}/advance", {"version": v, "opinion": "同意"}, content_type=ct
            )
            assert r.status_code == 200, r.json()
        r = head.post(
            f"/api/v1/cases/{cid}/decide",
            {"version": r.json()["version"], "approve": True},
            content_type=ct,
        )
        assert r.status_code == 200 and r.json()["result_number"], r.json()
        r = window.post(
            f"/api/v1/cases/{cid}/deliver",
            {"version": r.json()["version"], "method": "post", "address": "吉首市人民北路1号"},
            content_type=ct,
        )
        assert r.status_code == 200 and r.json()["status"] == "completed", r.json()
        case = Case.objects.get(pk=cid)
        assert case.documents.filter(kind=CaseDocument.ACCEPTANCE).exists()
        code = body["query_code"]  # given once, in the answer to the submission
        t = Client().get("/api/v1/cases/track", {"number": case.number, "code": code})
        assert t.status_code == 200 and t.json()["status"] == "completed"
    assert set(
        Case.objects.filter(idempotency_key__startswith="api-").values_list("channel", flat=True)
    ) == {
        "online",
        "window",
        "agent",
    }
