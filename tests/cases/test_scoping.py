"""Who sees what: officers of another agency, fh-supervisor, another citizen, anonymous —
nothing visible, 403/404, in HTML and API. The public tracking page masks personal data."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.cases import services
from zhengwu.cases.models import Case
from zhengwu.org.models import Agency, Role, RoleAssignment, User

from .conftest import file_online, person, required_files

D = dt.date


@pytest.fixture
def online_case(item, citizen):
    return file_online(item, citizen, "o1", D(2025, 9, 26))


@pytest.fixture
def foreign_officer(db):
    """An officer of 吉首市住房和城乡建设局: same county, another agency."""
    agency = Agency.objects.get(jurisdiction__code="433101", short_name="住建")
    user = User.objects.create(
        username="zj-officer",
        kind=User.STAFF,
        real_name="住建经办",
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=user, role=Role.DEPT_OFFICER, agency=agency)
    return user


@pytest.mark.django_db
def test_outsiders_see_nothing_in_html_and_api(online_case, as_user, foreign_officer):
    case = online_case
    outsiders = [
        as_user("fh-supervisor"),
        as_user("433123199511020171"),
        as_user(foreign_officer.username),
    ]
    for client in outsiders:
        assert client.get(f"/workbench/cases/{case.pk}/").status_code == 404
        assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404
        assert client.get("/api/v1/cases/").json() == []
        assert client.get("/api/v1/cases/", {"view": "todo"}).json() == []
        doc = case.materials.first()
        assert client.get(f"/workbench/cases/{case.pk}/files/material/{doc.pk}/").status_code == 404
        r = client.post(f"/api/v1/cases/{case.pk}/accept", {}, content_type="application/json")
        assert r.status_code == 404
        assert Case.objects.get(pk=case.pk).status == Case.SUBMITTED
    other_citizen = outsiders[1]
    assert other_citizen.get(f"/zwfw/my/{case.pk}/").status_code == 404
    assert case.number not in other_citizen.get("/my/").text
    assert case.number not in outsiders[0].get("/workbench/cases/").text
    anon = Client()
    assert anon.get(f"/workbench/cases/{case.pk}/").status_code == 302
    assert anon.get(f"/api/v1/cases/{case.pk}").status_code == 401
    assert anon.get("/api/v1/cases/").status_code == 401
    assert anon.get(f"/zwfw/my/{case.pk}/").status_code == 302
    assert (
        as_user("fh-supervisor")
        .get("/api/v1/cases/measures", {"jurisdiction": "433101"})
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_insiders_see_the_case(online_case, as_user):
    case = online_case
    for username in ["window", "officer", "head", "supervisor"]:
        client = as_user(username)
        assert client.get(f"/workbench/cases/{case.pk}/").status_code == 200
        assert [c["id"] for c in client.get("/api/v1/cases/").json()] == [case.pk]
    # the supervisor sees but cannot act
    r = as_user("supervisor").post(
        f"/api/v1/cases/{case.pk}/accept", {}, content_type="application/json"
    )
    assert r.status_code == 403 and "权限" in r.json()["message"]
    # another village's agent does not see a case filed online
    agent = RoleAssignment.objects.filter(role=Role.VILLAGE_AGENT).first().user
    assert as_user(agent.username).get(f"/api/v1/cases/{case.pk}").status_code == 404


@pytest.mark.django_db
def test_staff_pages_refuse_the_public_and_the_public_page_refuses_staff(item, as_user, citizen):
    assert as_user(citizen.username).get("/workbench/cases/").status_code == 404
    assert as_user(citizen.username).get("/workbench/cases/window/").status_code == 404
    assert as_user("supervisor").get("/workbench/cases/window/").status_code == 403
    assert as_user("officer").get("/workbench/cases/agent/").status_code == 403
    assert as_user("window").get(f"/zwfw/apply/{item.pk}/").status_code == 403
    assert Client().get(f"/zwfw/apply/{item.pk}/").status_code == 302
    assert as_user(citizen.username).get("/zwfw/apply/999999/").status_code == 404


@pytest.mark.django_db
def test_tracking_masks_personal_data(item, staff):
    case, _ = services.submit(
        item,
        by=staff["window"],
        channel=Case.WINDOW,
        applicant=person(),
        materials=required_files(item),
        idempotency_key="t",
    )
    anon = Client()
    r = anon.get("/zwfw/track/", {"number": case.number, "code": case.query_code})
    assert r.status_code == 200
    assert "龙**" in r.text and "龙秀兰" not in r.text
    assert case.applicant_id_number not in r.text and "433101********" in r.text
    assert "13974300011" not in r.text and "139****0011" in r.text
    r = anon.get("/api/v1/cases/track", {"number": case.number, "code": case.query_code})
    assert r.status_code == 200 and r.json()["applicant_name"] == "龙**"
    assert case.applicant_id_number not in r.text
    wrong = "000000" if case.query_code != "000000" else "111111"
    r = anon.get("/zwfw/track/", {"number": case.number, "code": wrong})
    assert (
        r.status_code == 404
        and "办件编号或查询码不正确" in r.text
        and "龙" not in r.text.split("</form>")[1]
    )
    assert (
        anon.get("/api/v1/cases/track", {"number": case.number, "code": wrong}).status_code == 404
    )
    # sub-sites have the page too
    assert anon.get("/site/433101/zwfw/track/").status_code == 200
    assert anon.get("/zwfw/verify/", {"code": "NOPE"}).status_code == 404
