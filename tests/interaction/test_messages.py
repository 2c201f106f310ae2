"""网民留言 end to end: write, handle on the legal clock, moderate, publish, rate."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client, override_settings

from zhengwu.core import audit, clock
from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.core.masking import mask_name
from zhengwu.core.models import AuditEvent, Clock
from zhengwu.interaction import services, signals
from zhengwu.interaction.models import Extension, Message, Transfer
from zhengwu.org.models import Agency, Role, User

from .conftest import BODY, solve, staff

D = dt.date.fromisoformat


def test_citizen_letter_is_answered_moderated_published_and_rated(
    as_user, citizen, mailbox, handler
):
    writer = as_user(citizen.username)
    page = writer.get("/hdjl/write/")
    assert page.status_code == 200 and "我要写信" in page.content.decode()
    response = writer.post(
        "/hdjl/write/",
        {
            "mailbox": mailbox.pk,
            "kind": "complain",
            "title": "超市销售过期食品",
            "body": BODY,
            "allow_publish": "1",
        },
    )
    assert response.status_code == 201
    message = Message.objects.filter(writer=citizen).latest("submitted_at")
    assert message.number in response.content.decode() and message.title == "超市销售过期食品"
    assert message.state == Message.SUBMITTED and message.publication == Message.PRIVATE

    staff_client = Client()
    staff_client.force_login(handler)
    todo = staff_client.get("/workbench/interaction/")
    assert message.number in todo.content.decode()
    url = f"/workbench/interaction/messages/{message.pk}/"
    assert staff_client.post(url, {"action": "accept"}).status_code == 302
    reply = "经查，该超市确有销售过期食品行为，已立案调查并责令下架，依法处以罚款。"
    assert staff_client.post(url, {"action": "reply", "text": reply}).status_code == 302
    message.refresh_from_db()
    assert message.state == Message.REPLIED and message.on_time is True
    assert message.publication == Message.PENDING
    # Nothing is public before moderation.
    assert Client().get(f"/hdjl/messages/{message.number}/").status_code == 404
    assert message.number not in Client().get("/hdjl/messages/").content.decode()

    assert staff_client.post(url, {"action": "publish"}).status_code == 302
    public = Client().get(f"/hdjl/messages/{message.number}/").content.decode()
    for label in ("受理日期", "答复日期", "答复部门", "答复内容"):
        assert label in public
    assert reply in public and mailbox.agency.name in public
    assert citizen.real_name not in public

    received = []
    signals.reply_rated.connect(lambda **kw: received.append(kw["satisfaction"]), weak=False)
    rated = writer.post(f"/hdjl/my/{message.number}/", {"satisfaction": "satisfied"})
    assert rated.status_code == 200 and "感谢您的评价" in rated.content.decode()
    message.refresh_from_db()
    assert message.satisfaction == Message.SATISFIED and received == ["satisfied"]
    again = writer.post(f"/hdjl/my/{message.number}/", {"satisfaction": "unsatisfied"})
    assert again.status_code == 409 and "已评价" in again.content.decode()


def test_reply_clock_is_7_working_days_over_national_day_and_15_with_approval(
    frozen, mailbox, citizen, handler, as_user
):
    head = as_user("head")  # 吉首市市场监督管理局 dept_head, logged in before the clock is set
    # 2025 国庆+中秋 10-01..10-08 off, 9-28 (Sun) and 10-11 (Sat) workdays (domain-rules §8.2).
    frozen("2025-09-26 10:00")
    message, _ = services.submit_message(
        mailbox=mailbox, kind="consult", title="咨询食品经营许可", body=BODY, writer=citizen
    )
    c = clock.clocks_of(message).get(purpose=services.REPLY_CLOCK)
    assert (c.limit, c.unit) == (7, Clock.WORKDAYS)
    assert c.due_date == D("2025-10-13") == message.due_on

    ext = services.request_extension(message, days=8, reason="需现场核查多家商户", by=handler)
    with pytest.raises(NotAllowed):
        services.decide_extension(ext, approve=True, by=handler)  # only the 部门负责人
    response = head.post(
        f"/workbench/interaction/messages/{message.pk}/",
        {"action": "decide_extension", "extension": ext.pk, "approve": "1"},
    )
    assert response["Location"] == f"/workbench/interaction/messages/{message.pk}/"
    message.refresh_from_db()
    c.refresh_from_db()
    assert (c.limit + c.extension, c.due_date) == (15, D("2025-10-23"))
    assert message.due_on == D("2025-10-23")
    assert Extension.objects.get(pk=ext.pk).state == Extension.APPROVED
    with pytest.raises(Invalid) as excinfo:
        services.request_extension(message, days=1, reason="还要延长", by=handler)
    assert "不超过15个工作日" in excinfo.value.message

    frozen("2025-10-24 09:00")  # a day after the extended limit
    services.reply(message, text="经核查，相关商户已依法处理，感谢您的反映。", by=handler)
    message.refresh_from_db()
    assert message.on_time is False
    assert clock.clocks_of(message).get().state == Clock.STOPPED


def test_extension_request_refused_above_the_mailbox_maximum(letter, handler):
    with pytest.raises(Invalid) as excinfo:
        services.request_extension(letter, days=9, reason="情况复杂", by=handler)
    assert "1至8个工作日" in excinfo.value.message


def test_anonymous_letter_needs_a_captcha_that_works_once(mailbox):
    client = Client()
    client.get("/hdjl/write/")
    data = {
        "mailbox": mailbox.pk,
        "kind": "help",
        "title": "路灯损坏请求维修",
        "body": "峒河路段路灯已经坏了一个多月，晚上出行很不安全，请尽快维修。",
        "name": "李测试",
        "phone": "13907430000",
    }
    wrong = client.post("/hdjl/write/", data | {**solve(client), "captcha": "ZZZZZ"})
    assert wrong.status_code == 422 and "验证码不正确" in wrong.content.decode()
    answer = solve(client)
    ok = client.post("/hdjl/write/", data | answer)
    assert ok.status_code == 201
    reused = client.post(
        "/hdjl/write/", data | answer | {"title": "另一条留言标题", "confirm_not_duplicate": "1"}
    )
    assert reused.status_code == 422 and "已失效或已使用" in reused.content.decode()
    assert Message.objects.filter(writer_name="李测试").count() == 1


def test_captcha_text_alternative_and_image(mailbox):
    client = Client()
    client.get("/hdjl/write/")
    token = solve(client)["captcha_token"]
    image = client.get(f"/captcha/{token}.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert Client().get(f"/captcha/{token}.png").status_code == 404  # other session


def test_api_anonymous_submission_with_captcha_token(mailbox):
    client = Client()
    challenge = client.get("/api/v1/interaction/captcha").json()
    assert challenge["image"].startswith("data:image/png;base64,") and "加" in challenge["question"]
    from zhengwu.core import captcha

    answer = captcha.peek_answer(client.session, challenge["token"])
    payload = {
        "mailbox_id": mailbox.pk,
        "kind": "consult",
        "title": "咨询食品摊贩备案",
        "body": "请问在吉首市乾州街道摆摊卖小吃需要办理什么手续？",
        "name": "王女士",
        "phone": "13874300000",
        "captcha_token": challenge["token"],
        "captcha": answer,
    }
    created = client.post("/api/v1/interaction/messages", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    tracked = Client().get(
        "/api/v1/interaction/messages/track",
        {"number": body["number"], "code": body["query_code"]},
    )
    assert tracked.status_code == 200 and tracked.json()["state"] == "submitted"
    again = client.post("/api/v1/interaction/messages", payload, content_type="application/json")
    assert again.status_code == 422 and again.json()["code"] == "captcha_expired"
    no_captcha = Client().post(
        "/api/v1/interaction/messages",
        payload | {"captcha_token": ""},
        content_type="application/json",
    )
    assert no_captcha.status_code == 422 and "验证码" in no_captcha.json()["message"]


def test_track_by_number_and_code_and_rate_anonymously(mailbox, handler):
    message, code = services.submit_message(
        mailbox=mailbox,
        kind="consult",
        title="咨询营业执照办理",
        body="请问个体工商户营业执照在哪里办理，需要哪些材料？",
        name="田先生",
        phone="13574300001",
    )
    wrong = Client().post("/hdjl/track/", {"number": message.number, "code": "000000x"})
    assert wrong.status_code == 404 and "查询码不正确" in wrong.content.decode()
    services.reply(
        message, text="可到吉首市政务服务中心市场监管窗口办理，携带身份证即可。", by=handler
    )
    page = Client().post("/hdjl/track/", {"number": message.number, "code": code})
    assert page.status_code == 200 and "市场监管窗口" in page.content.decode()
    rated = Client().post(
        "/hdjl/track/", {"number": message.number, "code": code, "satisfaction": "basic"}
    )
    assert rated.status_code == 200
    message.refresh_from_db()
    assert message.satisfaction == Message.BASIC


@pytest.fixture
def anonymous_letter(mailbox):
    return services.submit_message(
        mailbox=mailbox,
        kind="consult",
        title="咨询营业执照办理",
        body="请问个体工商户营业执照在哪里办理，需要哪些材料？",
        name="田先生",
        phone="13574300001",
    )


@override_settings(ZHENGWU_TRACK_RATE_IP="3/3600", ZHENGWU_TRACK_RATE_NUMBER="100/3600")
def test_wrong_tracking_codes_from_one_address_get_429(anonymous_letter):
    message, code = anonymous_letter
    client = Client(REMOTE_ADDR="10.5.0.1")
    api = "/api/v1/interaction/messages/track"
    assert client.get(api, {"number": message.number, "code": "000000x"}).status_code == 404
    page = client.post("/hdjl/track/", {"number": message.number, "code": "000001x"})
    assert page.status_code == 404
    rate = client.post(
        f"{api}/rate",
        {"number": message.number, "code": "000002x", "satisfaction": "basic"},
        content_type="application/json",
    )
    assert rate.status_code == 404
    refused = client.get(api, {"number": message.number, "code": code})
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "查询错误次数过多" in refused.json()["message"]
    page = client.post("/hdjl/track/", {"number": message.number, "code": code})
    assert page.status_code == 429 and page["Retry-After"]
    assert "查询错误次数过多" in page.content.decode()
    assert f'value="{message.number}"' in page.content.decode()  # what was typed is kept
    assert (
        Client(REMOTE_ADDR="10.5.0.2")
        .get(api, {"number": message.number, "code": code})
        .json()["number"]
        == message.number
    )


@override_settings(ZHENGWU_TRACK_RATE_IP="100/3600", ZHENGWU_TRACK_RATE_NUMBER="3/3600")
def test_wrong_tracking_codes_against_one_message_get_429_from_any_address(anonymous_letter):
    message, code = anonymous_letter
    for n in range(3):
        wrong = Client(REMOTE_ADDR=f"10.5.1.{n}").post(
            "/hdjl/track/", {"number": message.number, "code": f"00000{n}x"}
        )
        assert wrong.status_code == 404
    refused = Client(REMOTE_ADDR="10.5.2.1").get(
        "/api/v1/interaction/messages/track", {"number": message.number, "code": code}
    )
    assert refused.status_code == 429 and "该编号" in refused.json()["message"]


def test_a_wrong_tracking_code_and_an_unknown_number_get_the_same_answer(anonymous_letter):
    message, _ = anonymous_letter
    unknown = message.number[:-6] + f"{(int(message.number[-6:]) + 1) % 10**6:06d}"
    api = "/api/v1/interaction/messages/track"
    a = Client().get(api, {"number": message.number, "code": "000000x"})
    b = Client().get(api, {"number": unknown, "code": "000000x"})
    assert a.status_code == b.status_code == 404 and a.json() == b.json()


def test_transfer_keeps_history_and_moves_the_clock(letter, handler, fh_mailbox, fh_handler):
    client = Client()
    client.force_login(handler)
    url = f"/workbench/interaction/messages/{letter.pk}/"
    response = client.post(
        url, {"action": "transfer", "to_agency": fh_mailbox.agency_id, "reason": "属凤凰县管辖"}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.agency_id == fh_mailbox.agency_id
    t = Transfer.objects.get(message=letter)
    assert (t.from_agency.short_name, t.to_agency_id, t.by) == (
        "市场监管",
        fh_mailbox.agency_id,
        handler,
    )
    c = clock.clocks_of(letter).get()
    assert c.agency_id == fh_mailbox.agency_id and c.scope_path == fh_mailbox.agency.scope_path
    # The receiving handler now sees it; the sending office keeps sight of it and its history.
    other = Client()
    other.force_login(fh_handler)
    assert letter.number in other.get("/workbench/interaction/").content.decode()
    page = client.get(url).content.decode()
    assert "转办记录" in page and "属凤凰县管辖" in page
    assert (
        audit.trail("interaction.message", letter.pk)
        .filter(action="interaction.message_transferred")
        .exists()
    )


def test_published_text_masks_id_and_phone_numbers(mailbox, handler, citizen):
    body = "本人身份证433101198803140228，电话13907431234，反映超市销售过期食品问题，请调查处理。"
    message, _ = services.submit_message(
        mailbox=mailbox, kind="report", title="举报过期食品", body=body, writer=citizen
    )
    services.reply(message, text="已核查处理，如有疑问请致电0743-8221234咨询。", by=handler)
    services.publish(message, by=handler)
    page = Client().get(f"/hdjl/messages/{message.number}/").content.decode()
    assert "433101198803140228" not in page and "13907431234" not in page
    assert "433101********0228" in page and "139****1234" in page
    assert "8221234" not in page
    message.refresh_from_db()
    assert message.body == body  # the original stays as written


def test_sensitive_words_hold_the_text_until_edited(mailbox, handler, citizen, words):
    body = "小区门口有人张贴代开发票广告，还骂人王八蛋，请有关部门清理。"
    message, _ = services.submit_message(
        mailbox=mailbox, kind="report", title="小区小广告泛滥", body=body, writer=citizen
    )
    services.reply(message, text="已安排执法人员清理并查处。", by=handler)
    message.refresh_from_db()
    assert message.held_words == ["代开发票"]
    assert "王八蛋" not in message.public_body and "＊＊＊" in message.public_body
    client = Client()
    client.force_login(handler)
    queue = client.get("/workbench/interaction/moderation/").content.decode()
    assert message.number in queue and "代开发票" in queue
    url = f"/workbench/interaction/messages/{message.pk}/"
    refused = client.post(url, {"action": "publish"})
    assert refused.status_code == 422 and "敏感词" in refused.content.decode()
    assert Message.objects.get(pk=message.pk).publication == Message.PENDING
    edited = client.post(
        url,
        {
            "action": "publish",
            "public_title": "小区小广告泛滥",
            "public_body": "小区门口有人张贴违法小广告，请有关部门清理。",
            "public_reply": "已安排执法人员清理并查处。",
        },
    )
    assert edited.status_code == 302
    message.refresh_from_db()
    assert message.publication == Message.PUBLISHED and "代开发票" in message.body


def test_hide_keeps_the_original_and_the_reason(letter, handler):
    services.reply(letter, text="已立案调查，处理结果将另行告知。", by=handler)
    services.publish(letter, by=handler)
    client = Client()
    client.force_login(handler)
    empty = client.post(f"/workbench/interaction/messages/{letter.pk}/", {"action": "hide"})
    assert empty.status_code == 422 and "屏蔽理由" in empty.content.decode()
    client.post(
        f"/workbench/interaction/messages/{letter.pk}/",
        {"action": "hide", "reason": "涉及第三方商业信息"},
    )
    letter.refresh_from_db()
    assert letter.publication == Message.HIDDEN and letter.hidden_reason == "涉及第三方商业信息"
    assert letter.body == BODY and Message.objects.filter(pk=letter.pk).exists()
    assert Client().get(f"/hdjl/messages/{letter.number}/").status_code == 404
    event = AuditEvent.objects.filter(
        action="interaction.message_hidden", object_id=str(letter.pk)
    ).get()
    assert event.after["reason"] == "涉及第三方商业信息" and event.actor == handler


@override_settings(ZHENGWU_MESSAGE_RATE_ACCOUNT="2/3600")
def test_rate_limit_per_account_answers_429_in_chinese(as_user, citizen, mailbox):
    writer = as_user(citizen.username)
    for i in range(2):
        r = writer.post(
            "/hdjl/write/",
            {
                "mailbox": mailbox.pk,
                "kind": "suggest",
                "title": f"关于市场管理的第{i + 1}条建议",
                "body": f"第{i + 1}条：建议在农贸市场设置公平秤，并{'公示' if i else '定期检查'}商户计量器具。",
                "confirm_not_duplicate": "1",
            },
        )
        assert r.status_code == 201
    third = writer.post("/hdjl/write/", {"mailbox": mailbox.pk, "kind": "suggest"})
    assert third.status_code == 429
    assert "提交过于频繁" in third.content.decode() and third["Retry-After"]
    api = writer.post(
        "/api/v1/interaction/messages",
        {"mailbox_id": mailbox.pk, "kind": "suggest", "title": "又一条建议", "body": BODY},
        content_type="application/json",
    )
    assert api.status_code == 429
    assert api.json()["code"] == "rate_limited" and "频繁" in api.json()["message"]


@override_settings(ZHENGWU_MESSAGE_RATE_IP="1/60")
def test_rate_limit_per_address(mailbox):
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.get("/hdjl/write/")
    client.post("/hdjl/write/", {"mailbox": mailbox.pk, "kind": "help", **solve(client)})
    second = client.post("/hdjl/write/", {"mailbox": mailbox.pk, "kind": "help"})
    assert second.status_code == 429 and "网络地址" in second.content.decode()
    other = Client(REMOTE_ADDR="10.9.9.9")
    other.get("/hdjl/write/")
    assert other.post("/hdjl/write/", {"mailbox": mailbox.pk}).status_code != 429


def test_likely_duplicates_are_shown_to_writer_and_handler(as_user, letter, citizen, handler):
    writer = as_user(citizen.username)
    data = {
        "mailbox": letter.mailbox_id,
        "kind": "complain",
        "title": "超市还在卖过期食品",
        "body": BODY.replace("已经过期", "都已过期"),
    }
    shown = writer.post("/hdjl/write/", data)
    assert shown.status_code == 409
    page = shown.content.decode()
    assert "可能已提交过相似的留言" in page and letter.number in page
    before = Message.objects.filter(writer=citizen).count()
    confirmed = writer.post("/hdjl/write/", data | {"confirm_not_duplicate": "1"})
    assert confirmed.status_code == 201
    assert Message.objects.filter(writer=citizen).count() == before + 1
    second = Message.objects.filter(writer=citizen).latest("submitted_at")
    assert letter.number in second.similar_numbers
    client = Client()
    client.force_login(handler)
    assert (
        "疑似重复" in client.get(f"/workbench/interaction/messages/{second.pk}/").content.decode()
    )
    api = writer.post(
        "/api/v1/interaction/messages/duplicates",
        {"body": BODY, "mailbox_id": letter.mailbox_id},
        content_type="application/json",
    )
    assert {d["number"] for d in api.json()} >= {letter.number}


def test_duplicates_show_strangers_no_unpublished_message_of_others(
    as_user, letter, citizen, other_citizen, mailbox, handler
):
    """Issue 18 §2: the duplicates check answered anyone with the number, title and state of
    other people's unpublished messages close to a text (and to a phone) they typed."""
    api = "/api/v1/interaction/messages/duplicates"
    probe = {"body": BODY, "mailbox_id": mailbox.pk, "phone": citizen.phone}
    anonymous = Client().post(api, probe, content_type="application/json")
    assert anonymous.status_code == 200 and anonymous.json() == []
    stranger = as_user(other_citizen.username).post(api, probe, content_type="application/json")
    assert stranger.json() == []
    page = Client().post(
        "/hdjl/write/",
        {"mailbox": mailbox.pk, "kind": "complain", "title": "超市过期食品", "body": BODY},
    )
    assert (
        letter.number not in page.content.decode()
        and "超市销售过期食品" not in page.content.decode()
    )
    # the writer still sees their own, with its title
    own = as_user(citizen.username).post(api, probe, content_type="application/json").json()
    assert [(d["number"], d["title"]) for d in own] == [(letter.number, "超市销售过期食品")]
    # once published, everybody sees it, by its published title
    services.reply(letter, text="已立案调查，处理结果将另行告知。", by=handler)
    services.publish(letter, title="关于超市销售过期食品的反映", by=handler)
    public = Client().post(api, probe, content_type="application/json").json()
    assert [(d["number"], d["title"]) for d in public] == [
        (letter.number, "关于超市销售过期食品的反映")
    ]
    page = Client().post(
        "/hdjl/write/",
        {"mailbox": mailbox.pk, "kind": "complain", "title": "超市过期食品", "body": BODY},
    )
    assert page.status_code == 409 and "关于超市销售过期食品的反映" in page.content.decode()


def test_petition_follows_the_xinfang_periods(frozen, letter, handler):
    frozen("2026-03-02 09:00")
    services.mark_petition(letter, by=handler)
    letter.refresh_from_db()
    clocks = {c.purpose: c for c in clock.clocks_of(letter)}
    assert clocks[services.REPLY_CLOCK].state == Clock.STOPPED
    notice = clocks[services.PETITION_ACCEPT_CLOCK]
    # 信访工作条例 §22: 15 days (calendar days, not working days).
    assert (notice.limit, notice.unit) == (15, Clock.CALENDAR_DAYS)
    services.accept_petition(letter, by=handler)
    handling = clock.clocks_of(letter).get(purpose=services.PETITION_HANDLE_CLOCK)
    # §§34–36: handled within 60 days, extension at most 30.
    assert (handling.limit, handling.started_on) == (60, D("2026-03-02"))
    assert handling.due_date == D("2026-05-06")  # 05-01 falls in 劳动节 → first workday after
    boss = User.objects.get(username="head")  # the 部门负责人 of 吉首市市场监管
    with pytest.raises(Invalid):
        services.extend_petition(letter, days=31, reason="需多部门会商", by=boss)
    services.extend_petition(letter, days=30, reason="需多部门会商", by=boss)
    handling.refresh_from_db()
    assert handling.extension == 30


@override_settings(ZHENGWU_PETITION_ACCEPT_DAYS=10)
def test_petition_periods_are_configurable(letter, handler):
    services.mark_petition(letter, by=handler)
    assert clock.clocks_of(letter).get(purpose=services.PETITION_ACCEPT_CLOCK).limit == 10


def test_decline_needs_reasons_and_stops_the_clock(letter, handler):
    with pytest.raises(Invalid) as excinfo:
        services.decline(letter, reason="", by=handler)
    assert "不予受理的理由" in excinfo.value.message
    services.decline(letter, reason="不属于本机关职责，请向消费者协会反映", by=handler)
    letter.refresh_from_db()
    assert letter.state == Message.DECLINED
    assert clock.clocks_of(letter).get().state == Clock.STOPPED
    with pytest.raises(Conflict):
        services.reply(letter, text="补充答复内容十个字以上。", by=handler)


def test_routing_by_jurisdiction_and_topic(jishou, mailbox):
    from zhengwu.interaction.models import Mailbox

    gov = Agency.objects.get(jurisdiction=jishou, kind=Agency.GOVERNMENT)
    leader, _ = Mailbox.objects.get_or_create(
        agency=gov, defaults={"name": "吉首市长信箱", "kind": Mailbox.LEADER}
    )
    assert services.route(jishou, "农贸市场食品安全问题") == mailbox
    assert services.route(jishou, "建议增设公交站点") == leader


# --- scoping ---------------------------------------------------------------------------------


def test_scoping_in_html(letter, fh_handler, as_user, other_citizen):
    url = f"/workbench/interaction/messages/{letter.pk}/"
    other = Client()
    other.force_login(fh_handler)
    assert other.get(url).status_code == 404
    assert letter.number not in other.get("/workbench/interaction/").content.decode()
    assert as_user("fh-supervisor").get(url).status_code == 404
    assert as_user("supervisor").get(url).status_code == 200  # 州 supervision sees it
    assert as_user(other_citizen.username).get(f"/hdjl/my/{letter.number}/").status_code == 404
    citizen_wb = as_user(other_citizen.username).get("/workbench/interaction/")
    assert citizen_wb.status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert Client().get(f"/hdjl/my/{letter.number}/").status_code == 302


def test_scoping_in_api(letter, fh_handler, handler, as_user, other_citizen):
    other = Client()
    other.force_login(fh_handler)
    assert other.get(f"/api/v1/interaction/messages/{letter.pk}").status_code == 404
    assert letter.pk not in [m["id"] for m in other.get("/api/v1/interaction/messages").json()]
    refused = other.post(
        f"/api/v1/interaction/messages/{letter.pk}/reply",
        {"text": "越权答复的内容不少于十个字。"},
        content_type="application/json",
    )
    assert refused.status_code == 404
    mine = Client()
    mine.force_login(handler)
    assert letter.pk in [m["id"] for m in mine.get("/api/v1/interaction/messages").json()]
    assert (
        as_user("fh-supervisor").get(f"/api/v1/interaction/messages/{letter.pk}").status_code == 404
    )
    rate = as_user(other_citizen.username).post(
        f"/api/v1/interaction/messages/{letter.number}/rate",
        {"satisfaction": "satisfied"},
        content_type="application/json",
    )
    assert rate.status_code == 404
    assert Client().get("/api/v1/interaction/messages").status_code == 401
    assert as_user(other_citizen.username).get("/api/v1/interaction/messages").json() == []


def test_a_handler_without_scope_cannot_act_through_services(letter, fh_handler):
    with pytest.raises(NotAllowed) as excinfo:
        services.accept(letter, by=fh_handler)
    assert "权限" in excinfo.value.message


def test_openness_admin_over_the_prefecture_may_handle(letter, as_user):
    admin = as_user("admin")
    r = admin.post(f"/workbench/interaction/messages/{letter.pk}/", {"action": "accept"})
    assert r.status_code == 302


# --- bad input ------------------------------------------------------------------------------


def test_bad_input_is_refused_in_chinese(as_user, citizen, mailbox):
    writer = as_user(citizen.username)
    short = writer.post(
        "/hdjl/write/", {"mailbox": mailbox.pk, "kind": "consult", "title": "", "body": BODY}
    )
    assert short.status_code == 422 and "请填写标题" in short.content.decode()
    assert BODY in short.content.decode()  # the user's input is kept
    bad_kind = writer.post(
        "/hdjl/write/", {"mailbox": mailbox.pk, "kind": "spam", "title": "标题四个字", "body": BODY}
    )
    assert bad_kind.status_code == 422 and "留言类型" in bad_kind.content.decode()
    bad_box = writer.post("/hdjl/write/", {"mailbox": "abc", "kind": "consult"})
    assert bad_box.status_code == 422 and "请选择信箱" in bad_box.content.decode()
    api = writer.post(
        "/api/v1/interaction/messages", {"kind": "consult"}, content_type="application/json"
    )
    assert api.status_code == 422 and "请求参数不正确" in api.json()["message"]
    month = Client().get("/api/v1/interaction/statistics", {"month": "2026-13"})
    assert month.status_code == 422 and "月份" in month.json()["message"]


def test_anonymous_letter_needs_name_and_valid_phone(mailbox):
    with pytest.raises(Invalid) as excinfo:
        services.submit_message(
            mailbox=mailbox, kind="help", title="求助四个字", body=BODY, name="张三", phone="12345"
        )
    assert "联系电话格式不正确" in excinfo.value.message
    with pytest.raises(Invalid):
        services.submit_message(
            mailbox=mailbox,
            kind="help",
            title="求助四个字",
            body=BODY,
            name="",
            phone="13900000000",
        )


def test_only_the_writer_rates_and_only_after_the_reply(letter, handler, other_citizen, citizen):
    with pytest.raises(Conflict):
        services.rate(letter, satisfaction="satisfied", by=citizen)
    services.reply(letter, text="已调查处理，感谢您的反映和监督。", by=handler)
    with pytest.raises(NotAllowed):
        services.rate(letter, satisfaction="satisfied", by=other_citizen)
    with pytest.raises(Invalid):
        services.rate(letter, satisfaction="很好", by=citizen)


def test_published_list_search_and_api(letter, handler):
    services.reply(letter, text="已责令超市下架过期食品并立案调查。", by=handler)
    services.publish(letter, by=handler)
    page = Client().get("/hdjl/messages/", {"q": "过期食品", "kind": "complain"}).content.decode()
    assert letter.number in page
    assert (
        letter.number not in Client().get("/hdjl/messages/", {"kind": "consult"}).content.decode()
    )
    api = Client().get("/api/v1/interaction/messages/published", {"q": "过期食品"}).json()
    assert api["count"] >= 1 and api["results"][0]["reply"]
    assert "writer_phone" not in api["results"][0]
    site = Client().get("/site/433101/hdjl/messages/").content.decode()
    assert letter.number in site
    assert letter.number not in Client().get("/site/433123/hdjl/messages/").content.decode()


def test_statistics_per_mailbox_and_agency(frozen, mailbox, citizen, handler):
    frozen("2027-03-10 10:00")  # a month the demo has no letters in
    letter, _ = services.submit_message(
        mailbox=mailbox, kind="complain", title="超市销售过期食品", body=BODY, writer=citizen
    )
    services.reply(letter, text="已责令超市下架过期食品并立案调查。", by=handler)
    services.rate(letter, satisfaction="satisfied", by=letter.writer)
    from django.utils import timezone

    month = timezone.localdate().strftime("%Y-%m")
    data = (
        Client()
        .get("/api/v1/interaction/statistics", {"jurisdiction": "433101", "month": month})
        .json()
    )
    row = next(r for r in data["rows"] if r["name"] == letter.mailbox.name)
    assert (row["received"], row["answered"], row["on_time"], row["satisfied"]) == (1, 1, 1, 1)
    assert row["satisfaction_rate"] == 100.0
    html = Client().get("/site/433101/hdjl/stats/", {"month": month}).content.decode()
    assert letter.mailbox.name in html and "满意率" in html


def test_workbench_panel_and_citizen_panel(letter, handler, citizen, as_user):
    wb = Client()
    wb.force_login(handler)
    assert "网民留言" in wb.get("/workbench/").content.decode()
    my = as_user(citizen.username).get("/my/").content.decode()
    assert letter.number in my


def test_staff_role_without_message_duties_sees_no_panel(agency):
    clerk = Client()
    clerk.force_login(staff("clerk2", Role.WINDOW_CLERK, agency=agency))
    assert "网民留言" not in clerk.get("/workbench/").content.decode()


def test_the_workbench_history_names_the_writer_masked_and_the_handler_by_post(
    letter, handler, citizen, as_user
):
    """办理记录 (issue 19 §2): actions in Chinese, the writer masked, the handler as 姓名（岗位，
    机关）, times in 北京时间 to the second; no login name, no ID number."""
    handler.real_name = "石磊"
    handler.save(update_fields=["real_name"])
    services.accept(letter, by=handler)
    page = as_user(handler.username).get(f"/workbench/interaction/messages/{letter.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    history = text[text.index("<h2>办理记录</h2>") :]
    history = history[: history.index("</ul>")]
    assert f"{mask_name(citizen.real_name)}（留言人） 提交留言" in history
    assert f"石磊（留言办理人员，{letter.agency.name}） 受理留言" in history
    accepted = AuditEvent.objects.get(action="interaction.message_accepted", object_id=letter.pk)
    assert f"{accepted.at.astimezone(ZoneInfo('Asia/Shanghai')):%Y-%m-%d %H:%M:%S}" in history
    assert "interaction." not in history and handler.username not in history
    assert citizen.username not in history and citizen.real_name not in history


def test_a_township_site_writes_to_its_countys_mailboxes_and_a_county_only_to_its_own(
    jishou, mailbox
):
    from zhengwu.interaction import queries
    from zhengwu.interaction.models import Mailbox
    from zhengwu.org.models import Jurisdiction

    township = Jurisdiction.objects.get(code="433101002")  # 峒河街道, no mailbox of its own
    assert list(queries.mailboxes_of(township)) == list(queries.mailboxes_of(jishou))
    assert services.route(township, "农贸市场食品安全问题") == mailbox
    Mailbox.objects.filter(agency__jurisdiction=jishou).update(is_active=False)
    # with 吉首's closed, its townships write to the 州's; 吉首's own site offers none
    assert {b.agency.jurisdiction.code for b in queries.mailboxes_of(township)} <= {"433100"}
    assert list(queries.mailboxes_of(jishou)) == []
