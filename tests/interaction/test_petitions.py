"""延长信访办理期限 on the message's workbench page and through the API: 信访工作条例 — handled
within 60 days of acceptance; 情况复杂的, the 负责人 may extend it by at most 30 days in all and
tells the 信访人 why (domain-rules §6.1 [XF]). Calendar days; a due date on a day off moves to
the next working day."""

import datetime as dt
import json

from zhengwu.core import clock
from zhengwu.core.models import AuditEvent, Notice
from zhengwu.interaction import services

D = dt.date.fromisoformat
API = "/api/v1/interaction/messages"


def accepted_petition(letter, handler, frozen):
    frozen("2026-03-02 09:00")
    services.mark_petition(letter, by=handler)
    services.accept_petition(letter, by=handler)
    letter.refresh_from_db()
    return letter


def test_the_head_extends_on_the_page_within_thirty_days(frozen, letter, handler, citizen, as_user):
    head = as_user("head")  # 吉首市市场监督管理局 dept_head, logged in before the clock is set
    officer = as_user(handler.username)
    message = accepted_petition(letter, handler, frozen)
    assert message.due_on == D("2026-05-06")  # 60 days → 05-01, in the 劳动节 days off
    url = f"/workbench/interaction/messages/{message.pk}/"

    page = head.get(url).content.decode()
    assert "延长信访办理期限" in page and "本事项还可延长30日" in page
    assert "延长信访办理期限" not in officer.get(url).content.decode()  # not the 负责人
    refused = officer.post(url, {"action": "extend_petition", "days": "10", "reason": "需会商"})
    assert refused.status_code == 403 and "延长信访办理期限" in refused.content.decode()

    r = head.post(url, {"action": "extend_petition", "days": "31", "reason": "需多部门会商"})
    assert r.status_code == 422
    text = r.content.decode()
    assert "延长合计不超过30日，本事项还可延长30日" in text and 'value="需多部门会商"' in text
    r = head.post(url, {"action": "extend_petition", "days": "20", "reason": ""})
    assert r.status_code == 422 and "请填写延期理由" in r.content.decode()
    r = head.post(url, {"action": "extend_petition", "days": "二十", "reason": "需多部门会商"})
    assert r.status_code == 422 and "延长天数应为整数" in r.content.decode()

    r = head.post(
        url, {"action": "extend_petition", "days": "20", "reason": "需多部门会商"}, follow=True
    )
    assert "已延长信访事项办理期限" in r.content.decode()
    message.refresh_from_db()
    handling = clock.clocks_of(message).get(purpose=services.PETITION_HANDLE_CLOCK)
    assert (handling.limit, handling.extension) == (60, 20)
    assert message.due_on == handling.due_date == D("2026-05-21")  # 80 days from 03-02
    assert "本事项还可延长10日" in head.get(url).content.decode()
    event = AuditEvent.objects.filter(action="interaction.petition_extended").latest("id")
    assert event.after["days"] == 20 and event.after["reason"] == "需多部门会商"
    notice = Notice.objects.filter(recipient=citizen).latest("id")
    assert "办理期限延长20日" in notice.title and "需多部门会商" in notice.body


def test_the_api_extends_up_to_the_bound_and_no_further(frozen, letter, handler, as_user):
    head, officer = as_user("head"), as_user(handler.username)  # logged in before the freeze
    message = accepted_petition(letter, handler, frozen)
    url = f"{API}/{message.pk}/extend-petition"

    def post(client, data):
        return client.post(url, json.dumps(data), content_type="application/json")

    r = post(officer, {"days": 5, "reason": "需多部门会商"})
    assert r.status_code == 403
    assert post(head, {"days": 20, "reason": "需多部门会商"}).status_code == 200
    r = post(head, {"days": 11, "reason": "需现场复核"})
    assert r.status_code == 422
    assert r.json()["message"] == "信访事项办理期限延长合计不超过30日，本事项还可延长10日"
    r = post(head, {"days": 10, "reason": "需现场复核"})
    assert r.status_code == 200
    # 90 days from 03-02 is Sunday 05-31: the period ends on the next working day
    assert r.json()["due_on"] == "2026-06-01"
    r = post(head, {"days": 1, "reason": "需现场复核"})
    assert r.status_code == 422 and "还可延长0日" in r.json()["message"]
    assert (
        "延长信访办理期限"
        not in head.get(f"/workbench/interaction/messages/{message.pk}/").content.decode()
    )
