"""Who may apply (服务对象) and which materials an application needs (情形): through the apply
page, the window's registration form, the API and the service functions."""

import datetime as dt
import re

import pytest

from zhengwu.cases import services
from zhengwu.cases.models import Case
from zhengwu.core.errors import Invalid
from zhengwu.core.signals import irregularity
from zhengwu.services.models import Item, Material

from .conftest import make_item, pdf, person

PROXY = "委托他人办理的"
ENTERPRISE = "914331010007700136"  # the demo's legal-person account
COMPANY = {
    "applicant_kind": "legal",
    "applicant_name": "吉首峒河茶业有限公司",
    "applicant_usci": ENTERPRISE,
    "applicant_phone": "0743-8210000",
}


@pytest.fixture
def proxy_item(agency):
    """An item whose 授权委托书 is required only of an application made through someone else."""
    item = make_item(agency, name="食品经营许可（新办）")
    Material.objects.create(item=item, name="授权委托书", situation=PROXY, required=True, order=4)
    return item


def basic_files(item):
    return {f"material_{m.pk}": pdf() for m in item.materials.filter(required=True, situation="")}


def file_input(html: str, name: str) -> str:
    return re.search(rf'<input type="file"[^>]*name="{name}"[^>]*>', html).group(0)


# ---------------------------------------------------------------- 情形


@pytest.mark.django_db
def test_a_situations_material_is_required_only_when_the_situation_is_declared(
    proxy_item, citizen, as_user
):
    client = as_user(citizen.username)
    proxy = proxy_item.materials.get(situation=PROXY)
    page = client.get(f"/zwfw/apply/{proxy_item.pk}/").text
    assert f'value="{PROXY}"' in page  # the situation is offered as a tick box
    assert " required" not in file_input(page, f"material_{proxy.pk}")
    basic = proxy_item.materials.get(name="申请书")
    assert " required" in file_input(page, f"material_{basic.pk}")

    # applying in person: the basic materials are enough
    r = client.post(
        f"/zwfw/apply/{proxy_item.pk}/",
        {"idempotency_key": "self", "applicant_phone": "13907430001", **basic_files(proxy_item)},
    )
    assert r.status_code == 302
    case = Case.objects.get(filed_by=citizen, idempotency_key="self")
    assert case.situations == ""

    # declared, its material is required: the tick and the text stay on the page
    r = client.post(
        f"/zwfw/apply/{proxy_item.pk}/",
        {
            "idempotency_key": "proxy",
            "applicant_phone": "13907430001",
            "summary": "代父亲申请",
            "situations": PROXY,
            **basic_files(proxy_item),
        },
    )
    assert r.status_code == 422
    assert "以下必要材料尚未上传：授权委托书" in r.text
    assert f'value="{PROXY}" checked' in r.text and "代父亲申请" in r.text
    assert not Case.objects.filter(idempotency_key="proxy").exists()

    r = client.post(
        f"/zwfw/apply/{proxy_item.pk}/",
        {
            "idempotency_key": "proxy",
            "applicant_phone": "13907430001",
            "situations": PROXY,
            f"material_{proxy.pk}": pdf("授权委托书.pdf"),
            **basic_files(proxy_item),
        },
    )
    assert r.status_code == 302
    case = Case.objects.get(filed_by=citizen, idempotency_key="proxy")
    assert case.situations == PROXY
    assert case.materials.filter(material=proxy).exists()
    # the window sees what the applicant declared
    detail = as_user("window").get(f"/workbench/cases/{case.pk}/").text
    assert "申报情形" in detail and PROXY in detail


@pytest.mark.django_db
def test_situations_through_the_api(proxy_item, as_user):
    window = as_user("window")
    proxy = proxy_item.materials.get(situation=PROXY)

    def post(key, **extra):
        fields = {"item": proxy_item.pk, "channel": "window", "idempotency_key": key}
        return window.post(
            "/api/v1/cases/", {**fields, **person(), **basic_files(proxy_item), **extra}
        )

    r = post("a", situations="代办的")
    assert r.status_code == 422
    assert r.json()["field"] == "situations" and "代办的" in r.json()["message"]
    r = post("b", situations=PROXY)
    assert r.status_code == 422 and "授权委托书" in r.json()["message"]
    r = post("c", situations=PROXY, **{f"material_{proxy.pk}": pdf()})
    assert r.status_code == 201 and r.json()["situations"] == [PROXY]
    r = post("d")
    assert r.status_code == 201 and r.json()["situations"] == []
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_refusing_an_application_complete_for_its_situations_is_irregular(proxy_item, staff):
    got = []

    def receiver(sender, **kw):
        got.append(kw["kind"])

    irregularity.connect(receiver)
    try:
        files = {m.pk: pdf() for m in proxy_item.materials.filter(required=True, situation="")}
        case, _ = services.submit(
            proxy_item,
            by=staff["window"],
            channel=Case.WINDOW,
            applicant=person(),
            materials=files,
            idempotency_key="k",
            on=dt.date(2025, 9, 26),
        )
        services.refuse(
            case, reason="缺少授权委托书", basis="行政许可法第三十二条", by=staff["window"]
        )
    finally:
        irregularity.disconnect(receiver)
    # the applicant applied in person: nothing was missing, so supervision hears of it
    assert got == ["refused_acceptance"]


# ---------------------------------------------------------------- 服务对象


@pytest.fixture
def company_item(agency):
    return make_item(agency, name="人力资源服务许可", for_person=False, for_legal_person=True)


@pytest.mark.django_db
def test_a_citizen_is_told_before_filling_in_that_an_item_is_for_legal_persons(
    company_item, citizen, as_user
):
    client = as_user(citizen.username)
    r = client.get(f"/zwfw/apply/{company_item.pk}/")
    assert r.status_code == 422
    assert "服务对象为法人或其他组织" in r.text and "法人账户" in r.text
    assert 'enctype="multipart/form-data"' not in r.text  # no form to fill in for nothing
    assert f"/zwfw/guide/{company_item.pk}/" in r.text
    r = client.post(
        f"/zwfw/apply/{company_item.pk}/",
        {"idempotency_key": "k", "applicant_phone": "13907430001", **basic_files(company_item)},
    )
    assert r.status_code == 422 and not Case.objects.exists()
    r = client.post(
        "/api/v1/cases/",
        {
            "item": company_item.pk,
            "channel": "online",
            "idempotency_key": "k",
            "applicant_phone": "13907430001",
            **basic_files(company_item),
        },
    )
    assert r.status_code == 422 and r.json()["field"] == "applicant_kind"
    assert not Case.objects.exists()

    enterprise = as_user(ENTERPRISE)
    r = enterprise.post(
        f"/zwfw/apply/{company_item.pk}/",
        {"idempotency_key": "k", "applicant_phone": "13907430001", **basic_files(company_item)},
    )
    assert r.status_code == 302
    case = Case.objects.get()
    assert case.applicant_kind == Case.LEGAL and case.applicant_usci == ENTERPRISE


@pytest.mark.django_db
def test_an_item_not_online_says_so_before_the_form(agency, citizen, as_user):
    item = make_item(agency, name="户外广告设施设置审批")
    Item.objects.filter(pk=item.pk).update(online=False)
    r = as_user(citizen.username).get(f"/zwfw/apply/{item.pk}/")
    assert r.status_code == 422 and "暂不支持网上申请" in r.text
    assert 'enctype="multipart/form-data"' not in r.text


@pytest.mark.django_db
def test_the_window_registers_only_the_applicants_an_item_serves(company_item, item, as_user):
    window = as_user("window")
    form = window.get(f"/workbench/cases/window/?item={company_item.pk}").text
    assert '<option value="legal" selected>' in form  # the kind the item serves comes first
    r = window.post(
        "/workbench/cases/window/",
        {
            "item": company_item.pk,
            "idempotency_key": "k",
            "channel": "window",
            **person(),
            **basic_files(company_item),
        },
    )
    assert r.status_code == 422 and "服务对象为法人或其他组织" in r.text
    assert "龙秀兰" in r.text  # what the clerk typed is kept
    r = window.post(
        "/workbench/cases/window/",
        {
            "item": company_item.pk,
            "idempotency_key": "k",
            "channel": "window",
            **COMPANY,
            **basic_files(company_item),
        },
    )
    assert r.status_code == 302
    # an item for natural persons only (the fixture's default) refuses an enterprise
    r = window.post(
        "/api/v1/cases/",
        {
            "item": item.pk,
            "idempotency_key": "e",
            "channel": "window",
            **COMPANY,
            **basic_files(item),
        },
    )
    assert r.status_code == 422 and r.json()["field"] == "applicant_kind"
    assert "服务对象为自然人" in r.json()["message"]
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_an_item_marked_for_neither_is_open_to_both(agency, staff):
    item = make_item(agency, name="证明事项", for_person=False, for_legal_person=False)
    assert services.serves(item, Case.PERSON) and services.serves(item, Case.LEGAL)
    for key, applicant in (("p", person()), ("l", COMPANY)):
        case, created = services.submit(
            item,
            by=staff["window"],
            channel=Case.WINDOW,
            applicant=applicant,
            materials={m.pk: pdf() for m in item.materials.filter(required=True)},
            idempotency_key=key,
        )
        assert created
    with pytest.raises(Invalid) as e:
        services.submit(
            make_item(agency, name="个体工商户登记", for_person=True, for_legal_person=False),
            by=staff["window"],
            channel=Case.WINDOW,
            applicant=COMPANY,
            materials={},
            idempotency_key="x",
        )
    assert e.value.code == "not_for_legal_person"
