"""API tokens under the controls of a staff session (issue 18 §1): issued only from a session that
passed the second factor, with an expiry and a scope, refused once the password expired, the
account is locked or deactivated or holds no role; issuing, revoking and a new address audited;
the pages and the API to manage them. And the TOTP secret encrypted at rest (§7)."""

import datetime as dt
import io
import json

import pytest
from django.contrib.auth.signals import user_login_failed
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from zhengwu.cases import queries as case_queries
from zhengwu.cases.models import Case, CaseFee
from zhengwu.core.errors import Invalid, NotAllowed, NotFound
from zhengwu.core.models import AuditEvent
from zhengwu.org import tokens
from zhengwu.org.models import ApiToken, Jurisdiction, Role, RoleAssignment, User

pytestmark = pytest.mark.django_db

STAFF_API = "/api/v1/org/staff"


def bearer(key: str, ip: str = "10.7.0.1") -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}", "REMOTE_ADDR": ip}


def issue(username: str = "supervisor", scope: str = ApiToken.WRITE, **kw):
    return tokens.issue(
        User.objects.get(username=username), name="对接", scope=scope, verified=True, **kw
    )


def refused(response, code: str, status: int = 401) -> bool:
    body = response.json()
    return response.status_code == status and body["code"] == code and body["message"]


def open_case_of(user: User) -> Case:
    return next(c for c in case_queries.visible_to(user).order_by("id") if c.is_open)


def fee(client, case: Case, key: str):
    return client.post(
        f"/api/v1/cases/{case.pk}/fees",
        {"name": "工本费", "amount": "10"},
        content_type="application/json",
        **bearer(key),
    )


# --- the probe of the issue ---------------------------------------------------------------------


@override_settings(REQUIRE_STAFF_TOTP=True, PASSWORD_POLICY="dengbao")
def test_the_token_of_an_expired_password_is_refused_like_the_session(client):
    """Issue 18's probe: ZHENGWU_REQUIRE_TOTP=1 and the password 400 days old. The session API
    answers 401; the token used to get 200 on reading a case and on charging a fee."""
    window = User.objects.get(username="window")
    case = open_case_of(window)
    _, key = issue("window")
    assert client.get(f"/api/v1/cases/{case.pk}", **bearer(key)).status_code == 200
    User.objects.filter(pk=window.pk).update(
        password_changed_at=timezone.now() - dt.timedelta(days=400)
    )
    fees = CaseFee.objects.filter(case=case).count()
    assert refused(client.get(f"/api/v1/cases/{case.pk}", **bearer(key)), "password_expired")
    assert refused(fee(client, case, key), "password_expired")
    assert CaseFee.objects.filter(case=case).count() == fees
    session = Client()
    session.force_login(window, backend="django.contrib.auth.backends.ModelBackend")
    assert session.get(f"/api/v1/cases/{case.pk}").status_code == 401


# --- each rule ---------------------------------------------------------------------------------


def test_an_expired_token_is_refused(client):
    token, key = issue(days=1)
    assert client.get(STAFF_API, **bearer(key)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(STAFF_API, **bearer(key))
    assert refused(response, "token_expired") and "过期" in response.json()["message"]


def test_a_new_token_expires_after_the_configured_days(settings):
    settings.ZHENGWU_TOKEN_DAYS = 30
    token, _ = issue()
    assert token.expires_at - timezone.now() == pytest.approx(
        dt.timedelta(days=30), abs=dt.timedelta(minutes=1)
    )
    settings.ZHENGWU_TOKEN_MAX_DAYS = 60
    with pytest.raises(Invalid) as e:
        issue(days=61)
    assert e.value.field == "days" and "60" in e.value.message


def test_a_revoked_token_is_refused_and_the_revocation_audited(client):
    supervisor = User.objects.get(username="supervisor")
    token, key = issue()
    tokens.revoke(token.pk, by=supervisor)
    response = client.get(STAFF_API, **bearer(key))
    assert refused(response, "token_revoked") and "撤销" in response.json()["message"]
    event = AuditEvent.objects.get(action="account.token_revoked", object_id=str(token.pk))
    assert event.actor == supervisor and event.after["name"] == "对接"


def test_a_read_only_token_reads_but_does_not_change(client):
    window = User.objects.get(username="window")
    case = open_case_of(window)
    _, key = issue("window", scope=ApiToken.READ)
    assert client.get(f"/api/v1/cases/{case.pk}", **bearer(key)).status_code == 200
    fees = CaseFee.objects.filter(case=case).count()
    response = fee(client, case, key)
    assert refused(response, "token_read_only", status=403)
    assert "只有读取权限" in response.json()["message"]
    assert CaseFee.objects.filter(case=case).count() == fees
    _, writer = issue("window", scope=ApiToken.WRITE)
    assert fee(client, case, writer).status_code == 200


def test_the_token_of_a_deactivated_account_is_refused(client):
    _, key = issue()
    User.objects.filter(username="supervisor").update(is_active=False)
    assert refused(client.get(STAFF_API, **bearer(key)), "account_inactive")


def fail_login(username: str, ip: str) -> None:
    """A failed log in as axes hears it (Django's signal), whatever form the log in takes."""
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=ip)
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def test_the_token_of_a_locked_account_is_refused_until_it_is_unlocked(client, settings):
    """Locked as a log in is (org/lockout.py): the account at the address the failures came
    from. The same token from another address keeps working, so a stranger guessing the
    password elsewhere cannot switch an integration off."""
    from axes.utils import reset

    _, key = issue()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_login("supervisor", "10.6.1.1")
    response = client.get(STAFF_API, **bearer(key, ip="10.6.1.1"))
    assert refused(response, "account_locked") and "锁定" in response.json()["message"]
    assert client.get(STAFF_API, **bearer(key, ip="10.6.2.2")).status_code == 200
    reset(username="supervisor")
    assert client.get(STAFF_API, **bearer(key, ip="10.6.1.1")).status_code == 200


def test_the_token_stops_when_the_roles_are_withdrawn(client):
    _, key = issue()
    assert client.get(STAFF_API, **bearer(key)).status_code == 200
    RoleAssignment.objects.filter(user__username="supervisor").delete()
    assert refused(client.get(STAFF_API, **bearer(key)), "no_roles")


@override_settings(PASSWORD_POLICY="dengbao", PASSWORD_MAX_AGE_DAYS=90)
def test_the_token_stops_when_the_password_expires_and_works_after_the_change(client):
    _, key = issue()
    supervisor = User.objects.get(username="supervisor")
    supervisor.password_changed_at = timezone.now() - dt.timedelta(days=91)
    supervisor.save(update_fields=["password_changed_at"])
    assert refused(client.get(STAFF_API, **bearer(key)), "password_expired")
    supervisor.password_changed_at = timezone.now()
    supervisor.save(update_fields=["password_changed_at"])
    assert client.get(STAFF_API, **bearer(key)).status_code == 200


def test_an_unknown_key_is_the_generic_401(client):
    response = client.get(STAFF_API, **bearer("zw_not-a-token"))
    assert refused(response, "unauthenticated") and "令牌" in response.json()["message"]


# --- issuing ----------------------------------------------------------------------------------


@override_settings(REQUIRE_STAFF_TOTP=True)
def test_issuing_needs_the_second_factor_when_it_is_required(as_user):
    officer = User.objects.get(username="officer")
    with pytest.raises(NotAllowed) as e:
        tokens.issue(officer, name="对接", verified=False, by=officer)
    assert e.value.code == "totp_required"
    client = as_user("officer")  # password only
    response = client.post("/workbench/tokens/", {"name": "对接", "scope": "read", "days": 30})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/totp/")
    api = client.post("/api/v1/org/tokens", {"name": "对接"}, content_type="application/json")
    assert refused(api, "totp_required")
    assert not ApiToken.objects.filter(user=officer).exists()
    session = client.session
    session["zw_otp_ok"] = True
    session.save()
    ok = client.post("/workbench/tokens/", {"name": "对接", "scope": "read", "days": 30})
    assert ok.status_code == 200 and ApiToken.objects.filter(user=officer).count() == 1


@override_settings(REQUIRE_STAFF_TOTP=False)
def test_a_member_who_bound_a_device_needs_it_to_issue_even_without_the_setting(as_user):
    User.objects.filter(username="officer").update(totp_confirmed=True)
    client = as_user("officer")
    form = {"name": "监管平台对接", "scope": "write", "days": 30}
    response = client.post("/workbench/tokens/", form)
    text = response.content.decode()
    assert response.status_code == 422 and "动态口令" in text
    assert 'value="监管平台对接"' in text  # the input is kept
    assert not ApiToken.objects.filter(user__username="officer").exists()


@override_settings(PASSWORD_POLICY="dengbao")
def test_issuing_is_refused_once_the_password_expired():
    officer = User.objects.get(username="officer")
    officer.password_changed_at = timezone.now() - dt.timedelta(days=400)
    with pytest.raises(NotAllowed) as e:
        tokens.issue(officer, name="对接", verified=True, by=officer)
    assert e.value.code == "password_expired"


def test_public_accounts_get_no_tokens(as_user):
    citizen = User.objects.get(username="433101198803140228")
    with pytest.raises(NotAllowed) as e:
        tokens.issue(citizen, name="对接", verified=True, by=citizen)
    assert e.value.code == "public_account"
    page = as_user("433101198803140228").get("/workbench/tokens/")
    assert page.status_code == 403 and "工作人员" in page.content.decode()


def test_a_token_cannot_mint_tokens(client):
    _, key = issue()
    response = client.post(
        "/api/v1/org/tokens", {"name": "再来一个"}, content_type="application/json", **bearer(key)
    )
    assert response.status_code == 401
    assert ApiToken.objects.filter(user__username="supervisor").count() == 1


def test_issuing_is_audited_and_the_key_appears_nowhere_but_the_answer(client):
    token, key = issue(scope=ApiToken.READ)
    event = AuditEvent.objects.get(action="account.token_issued", object_id=str(token.pk))
    assert event.after["scope"] == "read" and event.after["name"] == "对接"
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    client.get(STAFF_API, **bearer(key))
    events = AuditEvent.objects.filter(object_type="org.apitoken", object_id=str(token.pk))
    assert events.count() == 2  # issued, first use from an address
    assert all(key not in json.dumps([e.before, e.after], ensure_ascii=False) for e in events)


# --- using: last use and new addresses ----------------------------------------------------------


def test_each_new_address_is_audited_once_and_the_last_use_kept(client):
    token, key = issue()
    new_address = AuditEvent.objects.filter(action="account.token_new_address")
    assert client.get(STAFF_API, **bearer(key, ip="10.8.0.1")).status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and token.last_used_ip == "10.8.0.1"
    event = new_address.get(object_id=str(token.pk))
    assert event.client_ip == "10.8.0.1" and event.actor.username == "supervisor"
    # Within a minute from the same address: nothing is written.
    client.get(STAFF_API, **bearer(key, ip="10.8.0.1"))
    token.refresh_from_db()
    assert token.last_used_at == first and new_address.count() == 1
    # A minute later the time moves; no new event.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    client.get(STAFF_API, **bearer(key, ip="10.8.0.1"))
    token.refresh_from_db()
    assert token.last_used_at > first - dt.timedelta(minutes=2) and new_address.count() == 1
    # Another address is audited; coming back to the first one is not new.
    client.get(STAFF_API, **bearer(key, ip="10.8.0.2"))
    client.get(STAFF_API, **bearer(key, ip="10.8.0.1"))
    token.refresh_from_db()
    assert token.last_used_ip == "10.8.0.1"
    assert sorted(new_address.values_list("client_ip", flat=True)) == ["10.8.0.1", "10.8.0.2"]


# --- pages --------------------------------------------------------------------------------------


def test_own_tokens_page_issues_lists_and_revokes(as_user, settings):
    client = as_user("window")
    assert "访问令牌" in client.get("/workbench/").content.decode()
    page = client.get("/workbench/tokens/")
    assert page.status_code == 200 and "您还没有访问令牌" in page.content.decode()
    response = client.post(
        "/workbench/tokens/", {"name": "窗口叫号系统", "scope": "write", "days": 30}
    )
    text = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user__username="window")
    key = text.split('<code id="token-key">')[1].split("</code>")[0]
    assert key.startswith("zw_") and token.key_hash == ApiToken.hash_key(key)
    assert "只显示这一次" in text
    assert token.scope == ApiToken.WRITE
    assert token.expires_at - timezone.now() == pytest.approx(
        dt.timedelta(days=30), abs=dt.timedelta(minutes=1)
    )
    Client().get(STAFF_API, **bearer(key, ip="10.9.9.9"))
    listing = client.get("/workbench/tokens/").content.decode()
    beijing = timezone.localtime(token.created_at, dt.timezone(dt.timedelta(hours=8)))
    assert "窗口叫号系统" in listing and "读取和写入" in listing and "有效" in listing
    assert f"{beijing:%Y-%m-%d %H:%M}" in listing and "10.9.9.9" in listing
    assert key not in listing  # shown once only
    revoked = client.post(f"/workbench/tokens/{token.pk}/revoke/")
    assert revoked.status_code == 302 and revoked["Location"] == "/workbench/tokens/"
    token.refresh_from_db()
    assert (
        token.revoked_at is not None
        and "已撤销" in client.get("/workbench/tokens/").content.decode()
    )


def test_the_issue_form_refuses_too_many_days_and_keeps_the_input(as_user, settings):
    settings.ZHENGWU_TOKEN_MAX_DAYS = 180
    response = as_user("window").post(
        "/workbench/tokens/", {"name": "窗口叫号系统", "scope": "read", "days": 181}
    )
    text = response.content.decode()
    assert response.status_code == 422 and "有效天数应为1至180天" in text
    assert 'value="窗口叫号系统"' in text and not ApiToken.objects.exists()


def test_staff_cannot_revoke_each_others_tokens(as_user):
    token, _ = issue("officer")
    assert as_user("window").post(f"/workbench/tokens/{token.pk}/revoke/").status_code == 404
    with pytest.raises(NotFound):
        tokens.revoke(token.pk, by=User.objects.get(username="window"))
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.fixture
def fenghuang_admin():
    """政务公开办管理员 of 凤凰县 only."""
    user = User.objects.create(
        username="fh-admin",
        kind=User.STAFF,
        real_name="凤凰县政务公开办 田",
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(
        user=user, role=Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code="433123")
    )
    return user


def test_an_administrator_revokes_in_scope_and_gets_404_out_of_scope(fenghuang_admin):
    in_scope, _ = issue("fh-supervisor")  # 凤凰县监察人员
    out_of_scope, _ = issue("window")  # 吉首
    client = Client()
    client.force_login(fenghuang_admin, backend="django.contrib.auth.backends.ModelBackend")
    assert "工作人员访问令牌" in client.get("/workbench/").content.decode()
    page = client.get("/workbench/org/tokens/").content.decode()
    assert "麻建平" in page and "（window）" not in page
    response = client.post(f"/workbench/tokens/{in_scope.pk}/revoke/", {"back": "staff"})
    assert response.status_code == 302 and response["Location"] == "/workbench/org/tokens/"
    in_scope.refresh_from_db()
    assert in_scope.revoked_by == fenghuang_admin
    assert client.post(f"/workbench/tokens/{out_of_scope.pk}/revoke/").status_code == 404
    api = client.post(f"/api/v1/org/tokens/{out_of_scope.pk}/revoke")
    assert refused(api, "token_not_found", status=404)
    out_of_scope.refresh_from_db()
    assert out_of_scope.revoked_at is None
    listed = client.get("/api/v1/org/tokens/staff").json()
    assert [t["id"] for t in listed] == [in_scope.pk]


def test_the_administrators_page_is_for_administrators_only(as_user):
    page = as_user("supervisor").get("/workbench/org/tokens/")
    assert page.status_code == 403 and "政务公开办管理员" in page.content.decode()
    assert as_user("supervisor").get("/api/v1/org/tokens/staff").status_code == 403
    assert as_user("admin").get("/workbench/org/tokens/").status_code == 200


def test_the_revoke_form_needs_its_csrf_token():
    token, _ = issue("window")
    client = Client(enforce_csrf_checks=True)
    client.force_login(
        User.objects.get(username="window"), backend="django.contrib.auth.backends.ModelBackend"
    )
    assert client.post(f"/workbench/tokens/{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    page = client.get("/workbench/tokens/").content.decode()
    csrf = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(f"/workbench/tokens/{token.pk}/revoke/", {"csrfmiddlewaretoken": csrf})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


# --- the API and the command ---------------------------------------------------------------------


def test_the_api_issues_to_a_session_lists_and_revokes(as_user):
    client = as_user("officer")
    response = client.post(
        "/api/v1/org/tokens",
        {"name": "监管平台", "scope": "write", "days": 10},
        content_type="application/json",
    )
    assert response.status_code == 201 and response["Cache-Control"] == "no-store"
    issued = response.json()
    assert issued["key"].startswith("zw_") and issued["scope_label"] == "读取和写入"
    mine = Client().get("/api/v1/org/tokens", **bearer(issued["key"])).json()
    assert [t["id"] for t in mine] == [issued["id"]] and "key" not in mine[0]
    assert mine[0]["last_used_ip"] == "10.7.0.1"
    bad = client.post("/api/v1/org/tokens", {"name": " "}, content_type="application/json")
    assert refused(bad, "name_required", status=422) and bad.json()["field"] == "name"
    revoked = client.post(f"/api/v1/org/tokens/{issued['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["state_label"] == "已撤销"


def test_operators_issue_and_revoke_from_the_command_line():
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token",
        "issue",
        "window",
        "--name",
        "叫号系统",
        "--scope",
        "write",
        "--days",
        "7",
        stdout=out,
        stderr=err,
    )
    key = out.getvalue().strip()
    token = ApiToken.objects.get(key_hash=ApiToken.hash_key(key))
    assert token.scope == ApiToken.WRITE and "只显示这一次" in err.getvalue()
    assert (
        AuditEvent.objects.get(action="account.token_issued", object_id=str(token.pk)).after["via"]
        == "command"
    )
    listing = io.StringIO()
    call_command("api_token", "list", "window", stdout=listing)
    assert "叫号系统" in listing.getvalue() and key not in listing.getvalue()
    call_command("api_token", "revoke", str(token.pk), stdout=io.StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
    with pytest.raises(CommandError, match="公众账户"):
        call_command("api_token", "issue", "433101198803140228", "--name", "x")
