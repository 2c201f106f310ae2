"""The citizen's 补正 on their page, token access to the API, the demo."""

import io

import pytest
from django.test import Client

from zhengwu.cases import demo, services
from zhengwu.cases.models import Case
from zhengwu.core.models import Notice
from zhengwu.org import tokens
from zhengwu.org.models import ApiToken
from zhengwu.services.models import Item

from .conftest import file_online, pdf, required_files


@pytest.mark.django_db
def test_citizen_supplements_on_their_page(item, citizen, staff, as_user):
    case = file_online(item, citizen, "s")
    services.request_supplement(case, missing="营业执照须加盖公章", by=staff["window"])
    assert Notice.objects.filter(recipient=citizen, title="请补正申请材料").exists()
    client = as_user(citizen.username)
    page = client.get(f"/zwfw/my/{case.pk}/")
    assert "营业执照须加盖公章" in page.text and "提交补正材料" in page.text
    case.refresh_from_db()
    r = client.post(f"/zwfw/my/{case.pk}/", {"version": case.version - 1})
    assert r.status_code == 409  # stale version
    r = client.post(f"/zwfw/my/{case.pk}/", {"version": case.version})
    assert r.status_code == 422 and "请上传补正材料" in r.text
    licence = item.materials.get(name="营业执照")
    r = client.post(
        f"/zwfw/my/{case.pk}/", {"version": case.version, f"material_{licence.pk}": pdf()}
    )
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.SUBMITTED and case.materials.count() == 3
    # another citizen cannot supplement it
    assert as_user("433123199511020171").post(f"/zwfw/my/{case.pk}/", {}).status_code == 404


@pytest.mark.django_db
def test_bearer_token_reaches_the_same_actions(item, staff):
    case, _ = services.submit(
        item,
        by=staff["window"],
        channel=Case.WINDOW,
        applicant={
            "applicant_name": "龙秀兰",
            "applicant_id_number": "433101198803140228",
            "applicant_phone": "13974300011",
        },
        materials=required_files(item),
        idempotency_key="tok",
    )
    _, key = tokens.issue(staff["window"], name="窗口系统对接", scope=ApiToken.WRITE, verified=True)
    client = Client()
    headers = {"Authorization": f"Bearer {key}"}
    r = client.get("/api/v1/cases/", {"view": "window"}, headers=headers)
    assert r.status_code == 200 and [c["id"] for c in r.json()] == [case.pk]
    r = client.post(
        f"/api/v1/cases/{case.pk}/accept",
        {"version": case.version},
        content_type="application/json",
        headers=headers,
    )
    assert r.status_code == 200 and r.json()["status"] == "handling"
    r = client.get(f"/api/v1/cases/{case.pk}", headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401


@pytest.mark.django_db
def test_demo_builds_once_and_skips_without_items(item, monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(demo, "FINISHED", 8)
    monkeypatch.setattr(demo, "OPEN", 10)
    assert demo.build(out)["cases"] == 18
    assert Case.objects.filter(status=Case.COMPLETED).count() >= 6
    assert Case.objects.filter(status=Case.SUPPLEMENT).count() == 1
    assert set(Case.objects.values_list("channel", flat=True)) >= {"online", "window"}
    assert demo.build(out)["cases"] == 18  # idempotent
    assert Case.objects.count() == 18
    Case.objects.all().update(current_step=None)
    Case.objects.all().delete()
    # Without any active item (the catalogue's demo included) the demo builds nothing.
    Item.objects.filter(state="active").update(state="cancelled")
    assert demo.build(io.StringIO()) == {"cases": 0}
