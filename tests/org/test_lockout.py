"""Failed log ins (issue 18 §3; 等保 登录失败处理) through the real login form: an account is
locked only at the address the failures came from, and told for how long, its owner notified;
an address or an account that failed often must pass the CAPTCHA instead of being refused; a
stranger cannot keep anybody else out. /admin/login/ is the same log in."""

import pytest
from django.test import Client

from zhengwu.core import captcha
from zhengwu.core.models import AuditEvent, Notice
from zhengwu.org.models import User

pytestmark = pytest.mark.django_db


def login(client, username, password, ip, **extra):
    data = {"username": username, "password": password} | extra
    return client.post("/accounts/login/", data, REMOTE_ADDR=ip)


def solved(client, ip: str | None = None) -> dict:
    """The answer to the CAPTCHA the client's last page showed (what a person would read);
    with `ip`, of the login page opened again from there."""
    if ip:
        client.get("/accounts/login/", REMOTE_ADDR=ip)
    token = list(client.session[captcha.SESSION_KEY])[-1]
    return {"captcha_token": token, "captcha": captcha.peek_answer(client.session, token)}


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_failures_for_one_account_lock_only_that_account_at_that_address(settings, password):
    """Five wrong passwords for `window` from one address (the CAPTCHA solved after the third):
    `window` is locked there, told for how long, and its owner told; `officer` still logs in
    from that address (with the CAPTCHA), and `window` from another address."""
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        extra = solved(client) if i >= settings.ZHENGWU_LOGIN_CAPTCHA_AFTER else {}
        assert login(client, "window", "wrong", "10.2.0.1", **extra).status_code == 400
    locked = login(client, "window", "wrong", "10.2.0.1", **solved(client))
    assert locked.status_code == 429
    # the right password at that address is refused now, and the page says for how long
    again = login(client, "window", password, "10.2.0.1", **solved(client, "10.2.0.1"))
    assert again.status_code == 429 and not logged_in(client)
    text = again.content.decode()
    assert "登录已暂时锁定" in text and f"请 {30} 分钟后再试" in text
    # another account from the same address: the right password works, with the CAPTCHA
    colleague = Client()
    assert "验证码" in colleague.get("/accounts/login/", REMOTE_ADDR="10.2.0.1").content.decode()
    ok = login(colleague, "officer", password, "10.2.0.1", **solved(colleague))
    assert ok.status_code == 302 and logged_in(colleague)
    # the same account from another address: not locked, no CAPTCHA
    elsewhere = Client()
    assert login(elsewhere, "window", password, "10.2.9.9").status_code == 302
    assert logged_in(elsewhere)


def test_the_owner_is_told_once_and_the_lock_is_audited(settings, password):
    owner = User.objects.get(username="window")
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT + 2):
        extra = solved(client, "203.0.113.8") if i >= settings.ZHENGWU_LOGIN_CAPTCHA_AFTER else {}
        login(client, "window", "wrong", "203.0.113.8", **extra)
    notices = Notice.objects.filter(recipient=owner, title="账户登录已暂时锁定")
    assert notices.count() == 1
    body = notices.get().body
    assert "203.0.113.*" in body and "203.0.113.8" not in body and "30分钟" in body
    event = AuditEvent.objects.get(action="account.locked", object_id="window")
    assert event.after == {"address": "203.0.113.8", "minutes": 30} and not event.success


def test_after_failures_from_an_address_the_form_asks_for_the_captcha(settings, password):
    client = Client()
    assert "验证码" not in client.get("/accounts/login/", REMOTE_ADDR="10.3.0.1").content.decode()
    for i in range(settings.ZHENGWU_LOGIN_CAPTCHA_AFTER):
        login(client, f"nobody{i}", "wrong", "10.3.0.1")
    page = Client().get("/accounts/login/", REMOTE_ADDR="10.3.0.1").content.decode()
    assert "您所在网络地址近期登录失败次数较多" in page and 'name="captcha_token"' in page
    # without the CAPTCHA, or with a wrong answer, the password is not even checked
    person = Client()
    person.get("/accounts/login/", REMOTE_ADDR="10.3.0.1")
    missing = login(person, "head", password, "10.3.0.1")
    assert missing.status_code == 400 and "请填写验证码" in missing.content.decode()
    assert 'value="head"' in missing.content.decode()  # what was typed is kept
    wrong = login(person, "head", password, "10.3.0.1", **(solved(person) | {"captcha": "ZZZZZ"}))
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    assert not logged_in(person)
    # with it, the right password works
    ok = login(person, "head", password, "10.3.0.1", **solved(person))
    assert ok.status_code == 302 and logged_in(person)
    # other addresses are not asked
    assert login(Client(), "disclosure", password, "10.3.0.2").status_code == 302


def test_failures_from_many_addresses_make_the_account_ask_for_the_captcha(settings, password):
    """Guessing one official's password from many addresses locks nothing: from the account's
    threshold on, every log in to it needs the CAPTCHA, from anywhere; its owner is told."""
    owner = User.objects.get(username="head")
    for i in range(settings.ZHENGWU_ACCOUNT_CAPTCHA_AFTER):
        assert login(Client(), "head", "wrong", f"10.4.{i}.1").status_code == 400
    person = Client()
    page = login(person, "head", password, "10.4.200.1")
    assert page.status_code == 400 and "该账户近期登录失败次数较多" in page.content.decode()
    assert not logged_in(person)
    ok = login(person, "head", password, "10.4.200.1", **solved(person))
    assert ok.status_code == 302 and logged_in(person)
    # other accounts are not asked
    assert login(Client(), "officer", password, "10.4.200.2").status_code == 302
    notice = Notice.objects.get(recipient=owner, title="账户登录失败次数较多")
    assert f"登录失败{settings.ZHENGWU_ACCOUNT_CAPTCHA_AFTER}次" in notice.body
    assert "10.4.9.*" in notice.body
    assert (
        AuditEvent.objects.filter(action="account.captcha_required", object_id="head").count() == 1
    )


def test_a_success_before_the_limit_resets_the_count(settings, password):
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        extra = solved(client) if i >= settings.ZHENGWU_LOGIN_CAPTCHA_AFTER else {}
        login(client, "disclosure", "wrong", "10.5.0.1", **extra)
    assert login(client, "disclosure", password, "10.5.0.1", **solved(client)).status_code == 302
    client.post("/accounts/logout/")
    # the address's failures were this account's, reset by its success: no CAPTCHA now
    assert login(client, "disclosure", "wrong", "10.5.0.1").status_code == 400
    assert login(client, "disclosure", password, "10.5.0.1").status_code == 302


def test_admin_login_follows_the_same_rules(settings, password):
    client = Client()
    page = client.get("/admin/login/?next=/admin/", REMOTE_ADDR="10.6.0.1")
    assert page.status_code == 302 and page["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    # a password posted to the admin's own form is never checked
    posted = client.post(
        "/admin/login/", {"username": "root", "password": password}, REMOTE_ADDR="10.6.0.1"
    )
    assert posted.status_code == 302 and not logged_in(client)
    for _ in range(settings.ZHENGWU_LOGIN_CAPTCHA_AFTER):
        login(client, "root", "wrong", "10.6.0.1")
    form = client.get("/accounts/login/?next=/admin/", REMOTE_ADDR="10.6.0.1").content.decode()
    assert 'name="captcha_token"' in form and 'value="/admin/"' in form
    refused = login(client, "root", password, "10.6.0.1", next="/admin/")
    assert refused.status_code == 400 and not logged_in(client)
    ok = login(client, "root", password, "10.6.0.1", next="/admin/", **solved(client))
    assert ok.status_code == 302 and ok["Location"] == "/admin/"
    assert client.get("/admin/", REMOTE_ADDR="10.6.0.1").status_code == 200


def test_behind_the_proxy_the_real_address_counts(settings, password):
    settings.ZHENGWU_BEHIND_PROXY = True
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    client = Client()
    for i in range(settings.ZHENGWU_LOGIN_CAPTCHA_AFTER):
        client.post(
            "/accounts/login/",
            {"username": f"nobody{i}", "password": "wrong"},
            HTTP_X_REAL_IP="203.0.113.8",
            **proxy,
        )
    assert AuditEvent.objects.order_by("-id").first().client_ip == "203.0.113.8"
    flagged = client.post(
        "/accounts/login/",
        {"username": "window", "password": password},
        HTTP_X_REAL_IP="203.0.113.8",
        **proxy,
    )
    assert flagged.status_code == 400 and "验证码" in flagged.content.decode()
    # another citizen behind the same proxy is not asked
    other = Client().post(
        "/accounts/login/",
        {"username": "window", "password": password},
        HTTP_X_REAL_IP="203.0.113.9",
        **proxy,
    )
    assert other.status_code == 302
