"""A card's rectification follows the one pattern (core/workflow.py): the card's states and its
answer's decision in tables, a stale version refused with 409 in Chinese and nothing changed,
an action the state does not allow refused in the table's words."""

import datetime as dt

import pytest

from zhengwu.core.models import AuditEvent
from zhengwu.supervision import services
from zhengwu.supervision.models import Card, Rectification

D = dt.date
STALE = "该监察亮牌已被他人处理，请刷新后查看最新状态"


@pytest.fixture
def card(agency, make_clock):
    c = make_clock(agency, D(2025, 9, 1), 5)
    services.sweep(D(2025, 9, 9))
    return Card.objects.get(clock=c, level="yellow")


def _events(obj, action):
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action
    ).order_by("seq")


def test_the_tables_read_in_words():
    rows = {r["action"]: r for r in Card.workflow.table(Card)}
    returned = rows["supervision.rectification_returned"]
    assert (returned["label"], returned["from"], returned["to"]) == (
        "退回重新整改",
        ["已反馈待审核"],
        "待整改",
    )
    decision = {r["action"]: r["to"] for r in Rectification.workflow.table(Rectification)}
    assert decision["supervision.rectification_accepted"] == "通过"


def test_a_swept_card_starts_at_version_1(card):
    assert (card.state, card.version) == (Card.OPEN, 1)


def test_a_stale_decision_is_a_409_and_changes_nothing(card, as_user):
    officer, sup = as_user("officer"), as_user("supervisor")
    api = f"/api/v1/supervision/cards/{card.pk}"
    assert sup.get(api).json()["version"] == 1
    answered = officer.post(api + "/answer", {"answer": "已办结", "version": 1}, "application/json")
    assert answered.status_code == 200
    assert (answered.json()["state"], answered.json()["version"]) == ("answered", 2)
    # the supervisor decides on what they read before the answer came in
    late = sup.post(api + "/decide", {"accept": True, "version": 1}, "application/json")
    assert late.status_code == 409 and late.json()["message"] == STALE
    card.refresh_from_db()
    assert (card.state, card.version) == (Card.ANSWERED, 2)
    r = card.rectifications.get()
    assert (r.decision, r.decided_by_id, r.decided_at) == (Rectification.PENDING, None, None)
    refused = _events(card, "supervision.rectification_accepted").get()
    assert not refused.success and refused.after["conflict"] == STALE
    # the page's form carries the version it showed
    page = sup.get(f"/workbench/supervision/cards/{card.pk}/")
    assert 'name="version" value="2"' in page.text
    ok = sup.post(
        f"/workbench/supervision/cards/{card.pk}/decide/", {"decision": "accept", "version": "2"}
    )
    assert ok.status_code == 302
    card.refresh_from_db()
    r.refresh_from_db()
    assert (card.state, card.version, r.decision) == (Card.ACCEPTED, 3, Rectification.ACCEPTED)
    event = _events(card, "supervision.rectification_accepted").get(success=True)
    assert event.before["state"] == "answered" and event.after["state"] == "accepted"
    assert event.after["rectification"] == r.pk
    decided = _events(r, "supervision.rectification_accepted").get()
    assert (decided.before["decision"], decided.after["decision"]) == ("pending", "accepted")


def test_an_answer_the_state_does_not_allow_is_refused_in_the_tables_words(card, as_user):
    officer = as_user("officer")
    url = f"/workbench/supervision/cards/{card.pk}/answer/"
    assert officer.post(url, {"answer": "已办结", "version": "1"}).status_code == 302
    again = officer.post(url, {"answer": "再次报送", "version": "2"})
    assert again.status_code == 409
    assert "该亮牌当前不在待整改状态，请刷新后重试" in again.text
    card.refresh_from_db()
    assert (card.state, card.version) == (Card.ANSWERED, 2)
    assert [r.answer for r in card.rectifications.all()] == ["已办结"]
    refused = _events(card, "supervision.rectification_answered").get(success=False)
    assert "不在待整改状态" in refused.after["conflict"]
    early = as_user("supervisor").post(
        f"/api/v1/supervision/cards/{card.pk}/decide",
        {"accept": False, "note": "材料不全"},
        content_type="application/json",
    )
    assert early.status_code == 200 and early.json()["state"] == "open"
    late = as_user("supervisor").post(
        f"/api/v1/supervision/cards/{card.pk}/decide",
        {"accept": True},
        content_type="application/json",
    )
    assert late.status_code == 409 and late.json()["message"] == "该亮牌没有待审核的整改反馈"
