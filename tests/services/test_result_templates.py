"""审批结果文书模板: the item's agency edits the fields its licence carries (scoped, audited,
said back); another agency's head cannot; bad input is refused with the form as entered."""

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from tests.cases.conftest import make_item
from zhengwu.core.models import AuditEvent
from zhengwu.org.models import Agency, Role, RoleAssignment, User
from zhengwu.services import result_templates


@pytest.fixture
def market(db):
    return Agency.objects.get(jurisdiction__code="433101", short_name="市场监管")


@pytest.fixture
def licence_item(market):
    return make_item(market, name="个体工商户设立登记", result_name="营业执照")


def head_of(agency: Agency, username: str) -> User:
    user = User.objects.create(
        username=username,
        kind=User.STAFF,
        real_name="泸溪县市场监管局局长",
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=user, role=Role.DEPT_HEAD, agency=agency)
    return user


@pytest.mark.django_db
def test_the_agency_head_edits_the_template(licence_item, as_user):
    url = f"/workbench/services/{licence_item.pk}/result-template/"
    head = as_user("head")
    page = head.get(url)
    # no template yet: the national 营业执照 fields for a 个体工商户 are offered
    assert page.status_code == 200 and 'value="经营范围"' in page.text
    assert 'value="法定代表人"' not in page.text  # that is a company's licence
    labels = [f["label"] for f in result_templates.NATIONAL["个体工商户营业执照"]["fields"]]
    form = {
        "title": "营业执照",
        "rows": str(len(labels) + 1),
        "fixed_text": "副本与正本具有同等法律效力。",
    }
    form |= {f"label-{i}": label for i, label in enumerate(labels)}
    form |= {f"required-{i}": "on" for i in range(len(labels)) if labels[i] != "组成形式"}
    form[f"label-{len(labels)}"] = "登记机关"
    r = head.post(url, form)
    assert r.status_code == 302
    assert "审批结果文书模板已保存" in [m.message for m in get_messages(r.wsgi_request)][0]
    template = result_templates.template_for(licence_item)
    assert [f["label"] for f in template.fields] == [*labels, "登记机关"]
    assert {f["label"] for f in template.fields if not f["required"]} == {"组成形式", "登记机关"}
    event = AuditEvent.objects.filter(action="services.result_template.save").latest("id")
    assert event.object_id == str(template.pk) and event.actor.username == "head"
    item_page = head.get(f"/workbench/services/{licence_item.pk}/")
    assert "营业执照：统一社会信用代码、名称" in item_page.text

    # a label twice: refused, the form kept as entered
    r = head.post(url, form | {"label-1": "统一社会信用代码", "title": "营业执照（改）"})
    assert r.status_code == 422 and "字段“统一社会信用代码”重复" in r.text
    assert 'value="营业执照（改）"' in r.text
    assert result_templates.template_for(licence_item).title == "营业执照"


@pytest.mark.django_db
def test_another_agencys_head_and_an_officer_cannot_edit(licence_item, client):
    luxi = Agency.objects.get(jurisdiction__code="433122", short_name="市场监管")
    outsider = head_of(luxi, "lx-head")
    client.force_login(outsider, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/workbench/services/{licence_item.pk}/result-template/"
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"title": "营业执照", "rows": "0"}).status_code in (403, 404)
    officer = User.objects.get(username="officer")  # 部门经办人 of the same agency
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    r = client.post(url, {"title": "营业执照", "rows": "0"})
    assert r.status_code == 403 and "没有编辑该事项审批结果文书模板的权限" in r.text
    assert result_templates.template_for(licence_item) is None
    assert not AuditEvent.objects.filter(action="services.result_template.save").exists()
