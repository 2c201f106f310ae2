"""网站信息: a 政务公开办管理员 keeps each site's footer and contact details on the workbench or
through the API, within their jurisdiction only, every change audited; the 政府信息公开指南
takes its contact from the agency, else from the site's 网站信息, never an invented address."""

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.core.models import AuditEvent
from zhengwu.disclosure import services as disclosure
from zhengwu.disclosure.models import GuideRevision
from zhengwu.org.models import Agency, Jurisdiction, Role, RoleAssignment, User
from zhengwu.portal.models import SiteProfile

pytestmark = pytest.mark.django_db

FORM = {
    "site_name": "",
    "site_code": "DEMO433101",
    "icp_number": "湘ICP备00000000号-2（演示）",
    "police_number": "湘公网安备43310100000000号（演示）",
    "sponsor": "吉首市人民政府",
    "organiser": "吉首市人民政府办公室",
    "phone": "0743-8211234",
    "email": "",
    "address": "吉首市人民南路1号",
    "postcode": "416000",
    "contact_note": "工作日受理。",
}


@pytest.fixture
def fenghuang_admin(db):
    """政务公开办管理员 of 凤凰县 only."""
    user = User.objects.create_user(
        "fh-admin",
        password="Fenghuang#2026x",
        kind=User.STAFF,
        real_name="凤凰县政务公开办 田芳",
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(
        user=user, role=Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code="433123")
    )
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_the_administrator_edits_a_county_site_and_the_change_is_audited(as_user):
    admin = as_user("admin")
    workbench = admin.get("/workbench/").content.decode()
    assert '<a href="/workbench/sites/">网站信息</a>' in workbench
    listing = admin.get("/workbench/sites/").content.decode()
    assert '<a href="/workbench/sites/433101/">吉首市</a>' in listing
    assert '<a href="/workbench/sites/433100/">湘西土家族苗族自治州</a>' in listing
    form = admin.get("/workbench/sites/433101/").content.decode()
    assert '<label for="f-site_code">网站标识码</label>' in form
    assert 'value="DEMO433101"' in form
    saved = admin.post("/workbench/sites/433101/", FORM)
    assert saved.status_code == 302 and saved["Location"] == "/workbench/sites/433101/"
    assert "吉首市网站信息已保存" in admin.get(saved["Location"]).content.decode()
    profile = SiteProfile.objects.get(jurisdiction__code="433101")
    assert profile.address == "吉首市人民南路1号" and profile.updated_by.username == "admin"
    event = AuditEvent.objects.filter(action="portal.site_profile.save").last()
    assert event.actor.username == "admin" and event.object_id == str(profile.pk)
    assert event.before["address"] == "吉首市人民政府大院"
    assert event.after["address"] == "吉首市人民南路1号"
    bottom = Client().get("/site/433101/").content.decode()
    assert "地址：吉首市人民南路1号" in bottom and "联系电话：0743-8211234" in bottom


def test_a_township_site_is_opened_by_its_code_and_inherits_until_it_has_its_own(as_user):
    admin = as_user("admin")
    opened = admin.get("/workbench/sites/", {"code": "433101002"})
    assert opened["Location"] == "/workbench/sites/433101002/"
    form = admin.get("/workbench/sites/433101002/").content.decode()
    assert "现沿用吉首市：DEMO433101" in form
    # A workbench page, in the main portal's frame (not the township site's it edits).
    assert '<p class="site-name"><a href="/">湘西土家族苗族自治州人民政府</a></p>' in form
    admin.post("/workbench/sites/433101002/", {"phone": "0743-8500001"})
    text = Client().get("/site/433101002/").content.decode()
    assert "联系电话：0743-8500001" in text and "网站标识码：DEMO433101" in text
    listing = admin.get("/workbench/sites/").content.decode()
    assert '<a href="/workbench/sites/433101002/">峒河街道</a>' in listing


def test_a_wrong_value_is_refused_in_chinese_and_what_was_typed_stays(as_user):
    admin = as_user("admin")
    before = AuditEvent.objects.count()
    for field, value, words in [
        ("site_code", "43310", "网站标识码应为10位数字或字母"),
        ("police_number", "湘公网安备123号", "14位数字"),
        ("email", "not-an-address", "电子邮箱格式不正确"),
        ("postcode", "41600", "邮政编码应为6位数字"),
        ("phone", "请拨打 12345", "联系电话只能包含"),
        ("sponsor", "政" * 101, "主办单位不能超过100个字"),
    ]:
        response = admin.post("/workbench/sites/433101/", FORM | {field: value})
        text = response.content.decode()
        assert response.status_code == 422, field
        assert words in text and 'aria-invalid="true"' in text
        assert 'value="吉首市人民南路1号"' in text  # the other fields as typed
    assert AuditEvent.objects.count() == before
    assert SiteProfile.objects.get(jurisdiction__code="433101").site_code == "DEMO433101"


def test_an_administrator_of_another_county_finds_no_such_site(fenghuang_admin):
    client = logged_in(fenghuang_admin)
    listing = client.get("/workbench/sites/").content.decode()
    assert '<a href="/workbench/sites/433123/">凤凰县</a>' in listing
    assert "/workbench/sites/433101/" not in listing and "/workbench/sites/433100/" not in listing
    assert client.get("/workbench/sites/433101/").status_code == 404
    refused = client.post("/workbench/sites/433101/", FORM)
    assert refused.status_code == 404 and "页面不存在" in refused.content.decode()
    assert client.get("/workbench/sites/433100/").status_code == 404
    assert SiteProfile.objects.get(jurisdiction__code="433101").address == "吉首市人民政府大院"
    assert client.get("/workbench/sites/433123/").status_code == 200


def test_staff_without_the_role_and_the_public_are_refused(as_user):
    for username in ("officer", "supervisor"):
        response = as_user(username).get("/workbench/sites/")
        assert response.status_code == 403 and "网站信息由政务公开办管理员维护" in (
            response.content.decode()
        )
        assert as_user(username).get("/workbench/sites/433101/").status_code == 403
        assert "/workbench/sites/" not in as_user(username).get("/workbench/").content.decode()
    anonymous = Client().get("/workbench/sites/433101/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


# --- the API -----------------------------------------------------------------------------------


def test_anyone_reads_a_site_s_profile_with_what_it_inherits():
    own = Client().get("/api/v1/portal/sites/433101/profile").json()
    assert own["own"] is True and own["site_code"] == "DEMO433101"
    assert own["jurisdiction_name"] == "吉首市"
    township = Client().get("/api/v1/portal/sites/433101002/profile").json()
    assert township["own"] is False and township["site_code"] == ""
    assert township["shown"]["site_code"] == "DEMO433101"
    assert township["shown"]["site_name"] == "峒河街道办事处"


def test_the_api_replaces_a_profile_within_scope_only(as_user, fenghuang_admin):
    admin = as_user("admin")
    url = "/api/v1/portal/sites/433101/profile"
    saved = admin.put(url, FORM | {"phone": "0743-8219999"}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["shown"]["phone"] == "0743-8219999"
    assert AuditEvent.objects.filter(action="portal.site_profile.save").last().actor == (
        User.objects.get(username="admin")
    )
    wrong = admin.put(url, FORM | {"site_code": "x"}, content_type="application/json")
    assert wrong.status_code == 422 and wrong.json()["field"] == "site_code"
    assert "网站标识码" in wrong.json()["message"]
    outside = logged_in(fenghuang_admin).put(url, FORM, content_type="application/json")
    assert outside.status_code == 404 and outside.json()["code"] == "unknown_site"
    officer = as_user("officer").put(url, FORM, content_type="application/json")
    assert officer.status_code == 404
    anonymous = Client().put(url, FORM, content_type="application/json")
    assert anonymous.status_code == 401
    assert SiteProfile.objects.get(jurisdiction__code="433101").phone == "0743-8219999"


# --- the 政府信息公开指南's contact ---------------------------------------------------------------


def test_the_demo_invents_no_address():
    assert not Agency.objects.filter(email__icontains="example").exists()
    assert not GuideRevision.objects.filter(internet__icontains="example").exists()


def test_the_guide_takes_its_contact_from_the_agency_else_the_site(client):
    officer = User.objects.get(username="disclosure")
    government = Agency.objects.get(jurisdiction__code="433101", kind=Agency.GOVERNMENT)
    url = f"/site/433101/xxgk/{government.usci}/guide/"
    # Neither the agency nor the site has an e-mail address: the way to apply online.
    disclosure.revise_guide(government, by=officer)
    text = client.get(url).content.decode()
    assert "<td>通过本网站“政府信息公开申请”栏目在线提交</td>" in text
    assert f"<td>{government.address}</td>" in text and "example" not in text
    # The site's 网站信息 has one, and the agency keeps its own address and phone.
    SiteProfile.objects.filter(jurisdiction__code="433101").update(email="xxgk@jishou.test")
    disclosure.revise_guide(government, by=officer)
    assert "<td>xxgk@jishou.test</td>" in client.get(url).content.decode()
    # The agency's own contact comes first.
    Agency.objects.filter(pk=government.pk).update(email="bgs@jishou.test", address="")
    government.refresh_from_db()
    disclosure.revise_guide(government, by=officer)
    text = client.get(url).content.decode()
    assert "<td>bgs@jishou.test</td>" in text
    site_address = SiteProfile.objects.get(jurisdiction__code="433101").address
    assert f"<td>{site_address}</td>" in text  # no address of its own: the site's
