"""Idempotent submission, conflicts, irregularity signals, fees, bad input in Chinese."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengwu.cases import services
from zhengwu.cases.models import Case, CaseFee
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.core.models import AuditEvent
from zhengwu.core.signals import irregularity

from .conftest import pdf, person, required_files

D = dt.date


@pytest.fixture
def signals():
    got = []

    def receiver(sender, **kw):
        got.append(kw)

    irregularity.connect(receiver)
    yield got
    irregularity.disconnect(receiver)


FILED_ON = D(2025, 9, 26)


def window_case(item, staff, key="k", on=FILED_ON, **kw):
    return services.submit(
        item,
        by=staff["window"],
        channel=Case.WINDOW,
        applicant=person(),
        materials=kw.pop("materials", None) or required_files(item),
        idempotency_key=key,
        on=on,
        **kw,
    )[0]


@pytest.mark.django_db
def test_double_submission_makes_one_case(item, citizen, as_user):
    client = as_user(citizen.username)
    for _ in range(2):
        files = {f"material_{m.pk}": pdf() for m in item.materials.filter(required=True)}
        r = client.post(
            f"/zwfw/apply/{item.pk}/",
            {"idempotency_key": "same-click", "applicant_phone": "13907430001", **files},
        )
        assert r.status_code == 302
    assert Case.objects.filter(filed_by=citizen).count() == 1
    files = {f"material_{m.pk}": pdf() for m in item.materials.filter(required=True)}
    r = client.post(
        "/api/v1/cases/",
        {
            "item": item.pk,
            "idempotency_key": "same-click",
            "applicant_phone": "13907430001",
            **files,
        },
    )
    # the form's key for another request (the API, other fields): refused, nothing made
    assert r.status_code == 422 and r.json()["code"] == "idempotency_key_reused"
    assert Case.objects.filter(filed_by=citizen).count() == 1
    case = Case.objects.get(filed_by=citizen)
    assert AuditEvent.objects.filter(action="cases.submit", object_id=str(case.pk)).count() == 1


@pytest.mark.django_db
def test_stale_version_is_a_conflict_and_writes_nothing(item, staff, as_user):
    case = window_case(item, staff)
    v = case.version
    services.accept(case, by=staff["window"], version=v, on=D(2025, 9, 26))
    with pytest.raises(Conflict):
        services.accept(case, by=staff["window"], version=v)
    r = as_user("window").post(
        f"/api/v1/cases/{case.pk}/accept", {"version": v}, content_type="application/json"
    )
    assert r.status_code == 409 and "他人" in r.json()["message"]
    r = as_user("officer").post(
        f"/workbench/cases/{case.pk}/advance/", {"version": v, "opinion": "同意"}
    )
    assert r.status_code == 409 and "他人处理" in r.text
    case.refresh_from_db()
    assert case.version == v + 1 and case.current_step.name == "审查"
    failed = AuditEvent.objects.filter(object_id=str(case.pk), success=False)
    assert sorted(failed.values_list("action", flat=True)) == [
        "cases.accept",
        "cases.accept",
        "cases.advance",
    ]


@pytest.mark.django_db
def test_refusal_needs_reasons_and_basis(item, staff, signals, as_user):
    case = window_case(item, staff)
    with pytest.raises(Invalid):
        services.refuse(case, reason="", basis="行政许可法第三十二条", by=staff["window"])
    r = as_user("window").post(
        f"/api/v1/cases/{case.pk}/refuse",
        {"reason": " ", "basis": ""},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["message"] == "不予受理必须说明理由"
    r = as_user("window").post(f"/workbench/cases/{case.pk}/refuse/", {"reason": "", "basis": ""})
    assert r.status_code == 422 and "不予受理必须说明理由" in r.text
    assert Case.objects.get(pk=case.pk).status == Case.SUBMITTED
    services.refuse(
        case,
        reason="不属于本机关职权范围",
        basis="行政许可法第三十二条第一款第二项",
        by=staff["window"],
    )
    case.refresh_from_db()
    assert case.status == Case.REFUSED and case.documents.filter(kind="refusal").exists()
    # all required materials were present: supervision must hear of it
    assert [s["kind"] for s in signals] == ["refused_acceptance"]
    assert signals[0]["subject"].pk == case.pk and signals[0]["agency_id"] == item.agency_id


@pytest.mark.django_db
def test_refusal_of_incomplete_application_is_not_irregular(item, staff, signals):
    case = window_case(item, staff)
    services.request_supplement(case, missing="缺少营业执照", by=staff["window"], on=D(2025, 9, 29))
    case.materials.filter(name="营业执照").delete()
    services.refuse(case, reason="逾期未补正", basis="行政许可法第三十二条", by=staff["window"])
    assert signals == []


@pytest.mark.django_db
def test_step_over_its_limit_is_irregular(item, staff, signals):
    case = window_case(item, staff)
    services.accept(case, by=staff["window"], on=D(2025, 9, 26))
    # 审查 has 3 working days: 9-28 (Sunday, 调休上班), 9-29, 9-30; after 国庆 10-09 is late.
    case.refresh_from_db()
    assert case.current_step.clock.due_date == D(2025, 9, 30)
    services.advance(case, opinion="同意", by=staff["officer"], on=D(2025, 9, 30))
    assert signals == []
    services.advance(case, opinion="同意", by=staff["officer"], on=D(2025, 10, 13))
    assert [s["kind"] for s in signals] == ["step_overdue"]


@pytest.mark.django_db
def test_fee_outside_the_list_is_irregular(item, staff, signals, as_user):
    case = window_case(item, staff)
    services.charge_fee(case, name="工本费", amount="10", by=staff["window"])
    assert signals == []
    r = as_user("window").post(
        f"/api/v1/cases/{case.pk}/fees",
        {"name": "加急费", "amount": "200"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["listed"] is False
    assert [s["kind"] for s in signals] == ["fee_not_in_list"]
    assert CaseFee.objects.filter(case=case).count() == 2
    r = as_user("window").post(
        f"/api/v1/cases/{case.pk}/fees",
        {"name": "工本费", "amount": "abc"},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert r.json()["message"] == "金额格式不正确，应为数字，如 120 或 35.50"


@pytest.mark.django_db
def test_decision_refusal_needs_reasons_and_order_is_kept(item, staff):
    case = window_case(item, staff)
    services.accept(case, by=staff["window"], on=D(2025, 9, 26))
    with pytest.raises(Invalid) as e:
        services.decide(case, approve=True, reason="", by=staff["head"])
    assert e.value.code == "not_decision_step"
    case = to_decision_after_accept(case, staff)
    with pytest.raises(Invalid):
        services.decide(case, approve=False, reason="", by=staff["head"])
    with pytest.raises(services.NotAllowed):
        services.decide(case, approve=True, reason="", by=staff["officer"])
    services.decide(case, approve=False, reason="经营场所不符合要求", by=staff["head"])
    case.refresh_from_db()
    assert case.result.approved is False and case.result.title == "不予行政许可决定书"


def to_decision_after_accept(case, staff):
    for _ in range(2):
        services.advance(case, opinion="同意", by=staff["officer"], on=D(2025, 9, 26))
    return Case.objects.get(pk=case.pk)


@pytest.mark.django_db
def test_missing_required_material_and_bad_files_in_chinese(item, citizen, as_user):
    client = as_user(citizen.username)
    first = item.materials.filter(required=True).first()
    r = client.post(
        f"/zwfw/apply/{item.pk}/",
        {
            "idempotency_key": "k",
            "applicant_phone": "13907430001",
            "summary": "开店",
            f"material_{first.pk}": pdf(),
        },
    )
    assert r.status_code == 422 and "以下必要材料尚未上传：营业执照" in r.text
    assert "开店" in r.text  # the user's input is kept
    files = {
        f"material_{m.pk}": SimpleUploadedFile(
            "a.pdf", b"MZ\x90\x00evil", content_type="application/pdf"
        )
        for m in item.materials.filter(required=True)
    }
    r = client.post(
        f"/zwfw/apply/{item.pk}/",
        {"idempotency_key": "k", "applicant_phone": "13907430001", **files},
    )
    assert r.status_code == 422 and "文件格式不支持" in r.text
    files = {f"material_{m.pk}": pdf() for m in item.materials.filter(required=True)}
    r = client.post(
        f"/zwfw/apply/{item.pk}/", {"idempotency_key": "k", "applicant_phone": "12345", **files}
    )
    assert r.status_code == 422 and "联系电话" in r.text
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_bad_applicant_identity_and_input_via_api(item, as_user):
    window = as_user("window")
    files = {f"material_{m.pk}": pdf() for m in item.materials.filter(required=True)}
    bad = person() | {"applicant_id_number": "433101196502110020"}
    r = window.post(
        "/api/v1/cases/",
        {"item": item.pk, "idempotency_key": "x", "channel": "window", **bad, **files},
    )
    assert r.status_code == 422
    assert r.json()["field"] == "applicant_id_number" and "校验码" in r.json()["message"]
    r = window.post("/api/v1/cases/", {"item": "abc", "idempotency_key": "x"})
    assert r.status_code == 422 and r.json()["message"] == "请指定事项ID"
    r = window.post("/api/v1/cases/", {"item": 999999, "idempotency_key": "x"})
    assert r.status_code == 404
    r = window.get("/api/v1/cases/", {"view": "nonsense"})
    assert r.status_code == 422 and "view" in r.json()["message"]
    r = window.get("/api/v1/cases/measures", {"jurisdiction": "999999"})
    assert r.status_code == 404
    legal = {
        "applicant_kind": "legal",
        "applicant_name": "某公司",
        "applicant_usci": "91433101MA4L0000XX",
        "applicant_phone": "13900000000",
    }
    r = window.post(
        "/api/v1/cases/",
        {"item": item.pk, "idempotency_key": "y", "channel": "window", **legal, **files},
    )
    assert r.status_code == 422 and r.json()["field"] == "applicant_usci"


@pytest.mark.django_db
def test_agent_needs_the_villagers_authorisation_and_the_item_in_scope(
    item, staff, village_agent, other_agency
):
    agent_user, village = village_agent
    with pytest.raises(Invalid) as e:
        services.submit(
            item,
            by=agent_user,
            channel=Case.AGENT,
            applicant=person(),
            materials=required_files(item),
            idempotency_key="a",
            origin=village,
        )
    assert e.value.code == "authorisation_required"
    from .conftest import make_item

    fh_item = make_item(other_agency, name="凤凰县的事项")
    with pytest.raises(Invalid) as e:
        services.submit(
            fh_item,
            by=agent_user,
            channel=Case.AGENT,
            applicant=person(),
            materials=required_files(fh_item),
            idempotency_key="b",
            origin=village,
            authorisation=pdf(),
        )
    assert e.value.code == "item_not_here"
    with pytest.raises(services.NotAllowed):
        services.submit(
            fh_item,
            by=staff["window"],
            channel=Case.WINDOW,
            applicant=person(),
            materials=required_files(fh_item),
            idempotency_key="c",
        )


@pytest.mark.django_db
def test_steps_after_the_decision_run_in_order(item, staff, as_user):
    case = window_case(item, staff)
    services.accept(case, by=staff["window"], on=FILED_ON)
    for _ in range(2):
        services.advance(case, opinion="同意", by=staff["officer"], on=FILED_ON)
    services.decide(case, approve=True, reason="", by=staff["head"], on=FILED_ON)
    case.refresh_from_db()
    assert case.current_step.name == "制证" and case.step_role == "dept_officer"
    page = as_user("officer").get(f"/workbench/cases/{case.pk}/")
    assert "完成“制证”" in page.text
    services.advance(case, opinion="已制证", by=staff["officer"], on=FILED_ON)
    case.refresh_from_db()
    assert case.current_step.name == "送达" and case.status == Case.DECIDED
    with pytest.raises(Invalid) as e:
        services.advance(case, opinion="送达", by=staff["window"], on=FILED_ON)
    assert e.value.code == "deliver_here"
    services.deliver(case, method="online", by=staff["window"], on=FILED_ON)
    case.refresh_from_db()
    assert case.status == Case.COMPLETED
    assert not case.steps.exclude(state="done").exists()


@pytest.mark.django_db
def test_a_result_is_worded_for_its_item_type(agency, staff):
    """行政许可 is granted or refused as such (行政许可法 §38); an item of another type (here
    行政确认) is 办理, in the title, the decision and the document number."""
    from zhengwu.services.models import ItemType

    from .conftest import make_item

    confirming, _ = ItemType.objects.get_or_create(code="07", defaults={"name": "行政确认"})
    results = {}
    for approve in (True, False):
        item = make_item(agency, name="出生登记")
        item.item_type, item.result_name = confirming, ""
        item.save()
        case = window_case(item, staff, key=f"k{approve}")
        services.accept(case, by=staff["window"], on=FILED_ON)
        case = to_decision_after_accept(case, staff)
        services.decide(
            case, approve=approve, reason="" if approve else "材料不实", by=staff["head"]
        )
        results[approve] = Case.objects.get(pk=case.pk).result
    body = {approve: "".join(r.text["body"]) for approve, r in results.items()}
    assert results[True].title == "准予办理决定书" and "决定：准予办理。" in body[True]
    assert results[False].title == "不予办理决定书" and "决定：不予办理。" in body[False]
    assert "行政许可" not in body[False]
    assert "不办〔" in results[False].number and "办〔" in results[True].number
