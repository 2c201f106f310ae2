"""Who sees and does what: officers act only in their agency, supervisors read their subtree,
the public sees published documents only — in HTML and the API alike."""

import json

import pytest
from django.test import Client

from zhengwu.core.errors import NotAllowed
from zhengwu.disclosure import services
from zhengwu.disclosure.queries import visible_to

pytestmark = pytest.mark.django_db


def test_officer_of_another_agency_cannot_act_on_or_see_drafts(make_doc, fh_officer, as_user):
    doc = make_doc()
    for act in (
        lambda: services.submit(doc, by=fh_officer),
        lambda: services.edit_draft(doc, {"title": "改"}, by=fh_officer),
        lambda: services.withdraw(doc, "理由", by=fh_officer),
    ):
        with pytest.raises(NotAllowed):
            act()
    assert not visible_to(fh_officer).filter(pk=doc.pk).exists()
    client = as_user("fh-disclosure")
    assert client.get(f"/workbench/disclosure/{doc.pk}/").status_code == 404
    assert client.post(f"/workbench/disclosure/{doc.pk}/submit/").status_code == 404
    assert client.get(f"/api/v1/disclosure/staff/documents/{doc.pk}").status_code == 404
    assert client.post(f"/api/v1/disclosure/staff/documents/{doc.pk}/submit").status_code == 404


def test_officer_of_another_agency_cannot_publish(make_doc, officer, fh_officer):
    doc = services.submit(make_doc(), by=officer)
    with pytest.raises(NotAllowed):
        services.publish(doc, by=fh_officer)
    doc.refresh_from_db()
    assert doc.status == "review"


def test_department_officer_without_disclosure_role_cannot_draft(jishou_gov, agency):
    from zhengwu.org.models import User

    with pytest.raises(NotAllowed):
        services.create_draft(
            agency,
            {"title": "x", "created_on": "2025-01-02"},
            by=User.objects.get(username="officer"),
        )


def test_fh_supervisor_cannot_see_jishou_drafts_but_supervisor_of_the_prefecture_can(
    make_doc, as_user
):
    doc = make_doc(title="吉首市尚未发布的草稿")
    from zhengwu.org.models import User

    assert not visible_to(User.objects.get(username="fh-supervisor")).filter(pk=doc.pk).exists()
    assert visible_to(User.objects.get(username="supervisor")).filter(pk=doc.pk).exists()
    fh = as_user("fh-supervisor")
    assert fh.get(f"/workbench/disclosure/{doc.pk}/").status_code == 404
    assert "吉首市尚未发布的草稿" not in fh.get("/workbench/disclosure/").content.decode()
    listed = fh.get("/api/v1/disclosure/staff/documents?limit=200").json()
    assert doc.pk not in [d["id"] for d in listed["results"]]
    assert fh.get(f"/api/v1/disclosure/staff/documents/{doc.pk}").status_code == 404
    state = as_user("supervisor").get(f"/workbench/disclosure/{doc.pk}/")
    assert (
        state.status_code == 200 and "提交保密审查" not in state.content.decode()
    )  # reads, cannot act


def test_public_sees_only_published(make_doc, published_doc, officer):
    draft = make_doc(title="吉首市内部草稿不应公开")
    review = services.submit(make_doc(title="吉首市审查中的文件"), by=officer)
    anon = Client()
    assert anon.get(f"/xxgk/doc/{draft.pk}/").status_code == 404
    assert anon.get(f"/xxgk/doc/{review.pk}/").status_code == 404
    assert anon.get(f"/xxgk/doc/{published_doc.pk}/").status_code == 200
    assert anon.get(f"/api/v1/disclosure/documents/{draft.pk}").status_code == 404
    catalogue = anon.get(f"/xxgk/{draft.agency.usci}/catalogue/?year=2025").content.decode()
    assert "吉首市内部草稿不应公开" not in catalogue and published_doc.title in catalogue
    listed = anon.get(f"/api/v1/disclosure/documents?agency={draft.agency.usci}&limit=200").json()
    ids = [d["id"] for d in listed["results"]]
    assert published_doc.pk in ids and draft.pk not in ids and review.pk not in ids
    services.withdraw(published_doc, "误发", by=officer)
    assert anon.get(f"/xxgk/doc/{published_doc.pk}/").status_code == 404


def test_anonymous_and_citizens_cannot_use_staff_pages_or_endpoints(make_doc, as_user):
    doc = make_doc()
    anon = Client()
    assert anon.get("/workbench/disclosure/").status_code == 302
    assert anon.get("/api/v1/disclosure/staff/documents").status_code == 401
    response = anon.post(
        "/api/v1/disclosure/staff/documents",
        data=json.dumps({"agency": doc.agency.usci, "title": "x", "created_on": "2025-01-02"}),
        content_type="application/json",
    )
    assert response.status_code == 401
    citizen = as_user("433101198803140228")
    assert citizen.get("/workbench/disclosure/").status_code == 403
    assert citizen.get(f"/api/v1/disclosure/staff/documents/{doc.pk}").status_code == 404
