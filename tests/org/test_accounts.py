"""Accounts and sessions (等保 身份鉴别, ASVS V6/V7): timeouts, TOTP, password policy,
password expiry, and public registration through the page and the API."""

import datetime as dt
import time

import pyotp
import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import timezone

from zhengwu.core.errors import Invalid
from zhengwu.org import services
from zhengwu.org.demo import id_number, usci_for
from zhengwu.org.models import User

pytestmark = pytest.mark.django_db


def login(client, username, password, ip="10.1.1.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


# Lockout: tests/org/test_lockout.py.


# --- idle timeout and absolute lifetime ---------------------------------------------------------


def test_idle_staff_session_expires(as_user, settings):
    client = as_user("window")
    assert client.get("/workbench/").status_code == 200
    session = client.session
    session["zw_last_seen"] = time.time() - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get("/workbench/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?expired=1")
    assert client.get("/workbench/").status_code == 302  # logged out for good


def test_active_session_expires_at_its_absolute_lifetime(as_user, settings):
    client = as_user("window")
    session = client.session
    session["zw_login_at"] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 5
    session["zw_last_seen"] = time.time()
    session.save()
    response = client.get("/workbench/")
    assert response.status_code == 302 and "expired=1" in response["Location"]


def test_session_within_limits_stays(as_user, settings):
    client = as_user("window")
    session = client.session
    session["zw_login_at"] = time.time() - settings.SESSION_ABSOLUTE_SECONDS + 60
    session["zw_last_seen"] = time.time() - settings.SESSION_IDLE_SECONDS + 60
    session.save()
    assert client.get("/workbench/").status_code == 200


def test_expired_login_page_says_why(client):
    assert "请重新登录" in client.get("/accounts/login/?expired=1").content.decode()


# --- TOTP second factor -----------------------------------------------------------------------


def wrong_code(secret: str) -> str:
    totp = pyotp.TOTP(secret)
    valid = {totp.at(time.time() + k * 30) for k in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


@override_settings(REQUIRE_STAFF_TOTP=True)
def test_totp_is_required_for_staff_when_the_setting_is_on(password):
    client = Client()
    response = login(client, "officer", password)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/totp/")
    # Password alone does not open the workbench.
    assert client.get("/workbench/")["Location"].startswith("/accounts/totp/")
    page = client.get("/accounts/totp/")
    assert page.status_code == 200 and "动态口令" in page.content.decode()
    secret = User.objects.get(username="officer").totp_secret
    assert secret
    refused = client.post("/accounts/totp/", {"code": wrong_code(secret)})
    assert refused.status_code == 400
    assert "动态口令不正确" in refused.content.decode()
    assert client.get("/workbench/").status_code == 302
    ok = client.post("/accounts/totp/", {"code": pyotp.TOTP(secret).now()})
    assert ok.status_code == 302 and ok["Location"] == "/workbench/"
    assert client.get("/workbench/").status_code == 200
    assert User.objects.get(username="officer").totp_confirmed


@override_settings(REQUIRE_STAFF_TOTP=True)
def test_malformed_totp_code_is_refused(password):
    client = Client()
    login(client, "officer", password)
    client.get("/accounts/totp/")
    response = client.post("/accounts/totp/", {"code": "12ab"})
    assert response.status_code == 400 and "6位数字" in response.content.decode()


@override_settings(REQUIRE_STAFF_TOTP=True)
def test_totp_does_not_apply_to_citizens(password):
    client = Client()
    response = login(client, "433101198803140228", password)
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert client.get("/my/").status_code == 200


@override_settings(REQUIRE_STAFF_TOTP=False)
def test_without_the_setting_staff_log_in_with_a_password(password):
    client = Client()
    response = login(client, "window", password)
    assert response["Location"] == "/workbench/"
    assert client.get("/workbench/").status_code == 200


# --- password policy and expiry ---------------------------------------------------------------


def test_dengbao_policy_needs_three_character_classes_and_12_for_staff(settings):
    settings.PASSWORD_POLICY = "dengbao"
    staff, citizen = User(kind=User.STAFF), User(kind=User.CITIZEN)
    with pytest.raises(ValidationError, match="至少三类"):
        validate_password("lowercase only words", citizen)
    validate_password("Qingshan#2026", citizen)
    with pytest.raises(ValidationError, match="至少需要12个字符"):
        validate_password("Qs#20261x", staff)
    validate_password("Qingshan#2026x", staff)


def test_modern_policy_is_length_without_composition(settings):
    settings.PASSWORD_POLICY = "modern"
    staff, citizen = User(kind=User.STAFF), User(kind=User.CITIZEN)
    validate_password("lowercase only words", citizen)
    validate_password("river lamp tabletop", staff)
    with pytest.raises(ValidationError, match="至少需要15个字符"):
        validate_password("Qingshan#2026", staff)


def test_staff_password_expires_under_dengbao(as_user, settings):
    settings.PASSWORD_POLICY = "dengbao"
    User.objects.filter(username="window").update(
        password_changed_at=timezone.now() - dt.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 1)
    )
    client = as_user("window")
    response = client.get("/workbench/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/?expired=1"
    assert "定期更换" in client.get(response["Location"]).content.decode()
    settings.PASSWORD_POLICY = "modern"
    assert client.get("/workbench/").status_code == 200


def test_changing_an_expired_password_opens_the_workbench(as_user, settings, password):
    settings.PASSWORD_POLICY = "dengbao"
    User.objects.filter(username="window").update(
        password_changed_at=timezone.now() - dt.timedelta(days=400)
    )
    client = as_user("window")
    weak = client.post(
        "/accounts/password/", {"old_password": password, "new_password": "short1A!"}
    )
    assert weak.status_code == 422 and "至少需要12个字符" in weak.content.decode()
    ok = client.post(
        "/accounts/password/", {"old_password": password, "new_password": "Fenghuang#2027new"}
    )
    assert ok.status_code == 302
    assert client.get("/workbench/").status_code == 200


def test_public_passwords_do_not_expire(settings, password):
    settings.PASSWORD_POLICY = "dengbao"
    User.objects.filter(username="433101198803140228").update(
        password_changed_at=timezone.now() - dt.timedelta(days=400)
    )
    client = Client()
    login(client, "433101198803140228", password)
    assert client.get("/my/").status_code == 200


def test_wrong_old_password_is_refused(as_user):
    with pytest.raises(Invalid) as e:
        services.change_password(
            User.objects.get(username="window"), old="nope", new="Fenghuang#2027new"
        )
    assert e.value.field == "old_password"


# --- registration -----------------------------------------------------------------------------

NEW_CITIZEN = id_number("433124", dt.date(1992, 6, 18), 35)
NEW_ENTERPRISE = usci_for("433101", 88001, registry="91")


def good(**changes):
    data = {
        "name": "彭小兰",
        "id_number": NEW_CITIZEN,
        "usci": "",
        "phone": "13974300123",
        "password": "Laershan#2026",
    }
    data.update(changes)
    return data


def register(client, data):
    return client.post("/api/v1/accounts/register", data, content_type="application/json")


def test_api_registers_a_citizen(client):
    response = register(client, good())
    assert response.status_code == 201
    assert response.json() == {"username": NEW_CITIZEN, "kind": "citizen", "name": "彭小兰"}
    user = User.objects.get(username=NEW_CITIZEN)
    assert user.kind == User.CITIZEN and user.check_password("Laershan#2026")


def test_api_registers_an_enterprise(client):
    response = register(
        client, good(name="湘西某某食品有限公司", id_number="", usci=NEW_ENTERPRISE)
    )
    assert response.status_code == 201 and response.json()["kind"] == "enterprise"


def with_bad_check(number: str) -> str:
    return number[:17] + ("1" if number[17] != "1" else "2")


def impossible_birth_date() -> str:
    from zhengwu.core.identity import id_number_check_char

    body = "433101" + "19900230" + "123"
    return body + id_number_check_char(body)


BAD = [
    ("bad ID check digit", good(id_number=with_bad_check(NEW_CITIZEN)), "id_number", "校验码"),
    ("impossible birth date", good(id_number=impossible_birth_date()), "id_number", "出生日期"),
    (
        "bad credit code",
        good(id_number="", usci=NEW_ENTERPRISE[:17] + ("0" if NEW_ENTERPRISE[17] != "0" else "1")),
        "usci",
        "校验码",
    ),
    ("duplicate", good(id_number="433101198803140228"), "id_number", "已注册"),
    ("weak password", good(password="abc12345"), "password", "密码"),
    ("bad phone", good(phone="12345"), "phone", "手机"),
    ("neither number", good(id_number="", usci=""), "id_number", "其中之一"),
    ("both numbers", good(usci=NEW_ENTERPRISE), "id_number", "其中之一"),
    ("no name", good(name="  "), "name", "姓名"),
]


@pytest.mark.parametrize("case,data,field,words", BAD, ids=[b[0] for b in BAD])
def test_api_refuses_bad_registration_with_the_field(client, case, data, field, words):
    response = register(client, data)
    assert response.status_code == 422
    body = response.json()
    assert set(body) >= {"code", "message", "field"}
    assert body["field"] == field
    assert words in body["message"]
    assert not User.objects.filter(real_name=data["name"].strip() or "x").exists()


def test_api_refuses_a_body_that_is_not_json(client):
    response = client.post("/api/v1/accounts/register", "nope", content_type="application/json")
    assert response.status_code in (400, 422)
    assert "message" in response.json()


def test_registration_page_registers_and_logs_in(client):
    page = client.get("/accounts/register/")
    assert page.status_code == 200 and 'for="id_id_number"' in page.content.decode()
    response = client.post("/accounts/register/", good(kind="citizen"))
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert "彭小兰" in client.get("/my/").content.decode()


# The page sends only the number of the chosen kind, so "both numbers" is an API-only case.
PAGE_BAD = [b for b in BAD if b[0] != "both numbers"]


@pytest.mark.parametrize("case,data,field,words", PAGE_BAD, ids=[b[0] for b in PAGE_BAD])
def test_registration_page_keeps_the_input_and_says_what_is_wrong(client, case, data, field, words):
    kind = "enterprise" if data["usci"] and not data["id_number"] else "citizen"
    response = client.post("/accounts/register/", {**data, "kind": kind})
    assert response.status_code == 422
    text = response.content.decode()
    assert words in text
    if data["name"].strip():
        assert f'value="{data["name"]}"' in text


# --- the client address ------------------------------------------------------------------------


def test_x_real_ip_is_ignored_without_a_proxy(settings, client):
    from zhengwu.core.models import AuditEvent

    settings.ZHENGWU_BEHIND_PROXY = False
    client.post(
        "/accounts/login/",
        {"username": "window", "password": "wrong"},
        REMOTE_ADDR="10.9.0.1",
        HTTP_X_REAL_IP="203.0.113.7",
    )
    assert AuditEvent.objects.order_by("-id").first().client_ip == "10.9.0.1"


def test_the_last_request_is_written_to_the_session_at_most_once_a_minute(
    as_user, django_assert_max_num_queries
):
    from zhengwu.org.middleware import TOUCH_SECONDS

    client = as_user("window")
    client.get("/workbench/")
    first = client.session["zw_last_seen"]
    with django_assert_max_num_queries(20) as captured:
        assert client.get("/workbench/").status_code == 200
    assert not [
        q
        for q in captured.captured_queries
        if "django_session" in q["sql"] and "UPDATE" in q["sql"]
    ]
    assert client.session["zw_last_seen"] == first
    session = client.session
    session["zw_last_seen"] = time.time() - TOUCH_SECONDS - 1
    session.save()
    assert client.get("/workbench/").status_code == 200
    assert time.time() - client.session["zw_last_seen"] < 5
