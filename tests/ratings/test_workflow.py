"""好差评 changes follow the one pattern (core/workflow.py): each model's states in one table,
a stale version refused with 409 in Chinese and nothing changed, an action the state does not
allow refused in the table's words, and a trace of every refused attempt."""

import re

import pytest

from tests.ratings.test_invitations import CITIZEN, completed_case, gz_agency, media, root  # noqa: F401
from zhengwu.core.errors import Conflict
from zhengwu.core.models import AuditEvent
from zhengwu.org.models import User
from zhengwu.ratings import services
from zhengwu.ratings.models import Appeal, Invitation, Rating, Rectification

STALE = "已被他人处理，请刷新后查看最新状态"


def u(name):
    return User.objects.get(username=name)


def _events(obj, action):
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action
    ).order_by("seq")


def _bad(agency, **extra):
    return services.rate(
        None, level=1, channel=Rating.WINDOW, agency=agency, reasons=["attitude"], **extra
    )


def test_the_tables_read_in_words():
    steps = Rectification.workflow.table(Rectification)
    assert [(r["label"], r["from"], r["to"]) for r in steps] == [
        ("回访核实", ["待回访核实"], "整改中"),
        ("登记整改完成", ["整改中"], "已整改待反馈"),
        ("向评价人反馈", ["已整改待反馈"], "已反馈评价人"),
    ]
    appeal = {r["action"]: r for r in Appeal.workflow.table(Appeal)}
    assert appeal["ratings.appeal_upheld"]["to"] == "申诉成立，剔除该评价"
    assert Rating.workflow.table(Rating)[0]["to"] == "经申诉复核剔除"
    assert Invitation.workflow.table(Invitation)[0]["from"] == ["待评价"]


def test_a_stale_rectification_step_is_a_409_and_changes_nothing(as_user, agency):
    rating = _bad(agency)
    rect = rating.rectification
    url = f"/workbench/ratings/{rating.pk}/"
    first, second = as_user("officer"), as_user("head")
    assert 'name="version" value="1"' in first.get(url).text  # the form sends what it showed
    done = first.post(url + "callback/", {"note": "已电话回访", "way": "fix_now", "version": "1"})
    assert done.status_code == 302
    # the unit's head read the page at version 1 too, and calls back with another way
    late = second.post(url + "callback/", {"note": "另行回访", "way": "explain", "version": "1"})
    assert late.status_code == 409
    assert f"该差评整改{STALE}" in late.text
    stored = Rectification.objects.get(pk=rect.pk)
    assert (stored.state, stored.version, stored.way) == (Rectification.FIXING, 2, "fix_now")
    assert stored.callback_note == "已电话回访"
    event = _events(rect, "ratings.callback").get(success=True)
    assert event.before["state"] == "callback" and event.after["state"] == "fixing"
    assert event.after["callback_note"] == "已电话回访" and event.after["way"] == "fix_now"
    refused = _events(rect, "ratings.callback").get(success=False)
    assert STALE in refused.after["conflict"]
    # the page shown again carries the version now
    assert 'name="version" value="2"' in late.text


def test_a_rectification_step_the_state_does_not_allow_is_refused(as_user, agency):
    rating = _bad(agency)
    url = f"/workbench/ratings/{rating.pk}/"
    early = as_user("officer").post(url + "feedback/", {"note": "已告知", "satisfied": "yes"})
    assert early.status_code == 409
    assert "该差评整改当前状态为“待回访核实”，不能向评价人反馈" in early.text
    stored = Rectification.objects.get(pk=rating.rectification.pk)
    assert (stored.state, stored.version, stored.feedback_note) == (Rectification.CALLBACK, 1, "")
    assert _events(stored, "ratings.fed_back").get().success is False


def test_a_stale_appeal_decision_is_a_409_and_leaves_the_rating_standing(as_user, agency):
    rating = _bad(agency)
    a = services.appeal(rating, ground="malicious", reason="评价人当日未到窗口", by=u("officer"))
    url = f"/workbench/ratings/{rating.pk}/"
    sup = as_user("supervisor")
    assert 'name="version" value="1"' in sup.get(url).text
    late = sup.post(
        url + "decide/", {"uphold": "yes", "reason": "经核实为恶意差评", "version": "7"}
    )
    assert late.status_code == 409 and f"该差评申诉{STALE}" in late.text
    a.refresh_from_db()
    rating.refresh_from_db()
    assert (a.decision, a.version, rating.state) == (Appeal.PENDING, 1, Rating.VALID)
    ok = sup.post(url + "decide/", {"uphold": "yes", "reason": "经核实为恶意差评", "version": "1"})
    assert ok.status_code == 302
    a.refresh_from_db()
    rating.refresh_from_db()
    assert (a.decision, a.version) == (Appeal.UPHELD, 2)
    assert (rating.state, rating.version) == (Rating.SET_ASIDE, 2)
    # the appeal's event keeps the keys the trail and the reports read; the rating has its own
    decided = _events(a, "ratings.appeal_upheld").get(success=True)
    assert decided.after["rating"] == rating.pk and decided.after["rating_state"] == "set_aside"
    assert decided.after["reason"] == "经核实为恶意差评"
    aside = _events(rating, "ratings.appeal_upheld").get()
    assert (aside.before["state"], aside.after["state"]) == ("valid", "set_aside")


def test_an_appeal_decided_twice_and_a_rating_set_aside_twice_are_refused(agency):
    rating = _bad(agency)
    a = services.appeal(rating, ground="mistaken", reason="评价人来电说明误点", by=u("officer"))
    # a second appeal filed in the same moment as the first (both saw none pending)
    b = Appeal.objects.create(
        rating=rating,
        ground="malicious",
        reason="同时提出",
        filed_by=u("head"),
        filed_at=a.filed_at,
    )
    services.decide_appeal(a, uphold=True, reason="经核实为误评", by=u("supervisor"))
    with pytest.raises(Conflict) as e:
        services.decide_appeal(a, uphold=False, reason="再次复核", by=u("supervisor"))
    assert e.value.message == "该申诉已经复核"
    with pytest.raises(Conflict) as e:
        services.decide_appeal(b, uphold=True, reason="同样成立", by=u("supervisor"))
    assert e.value.message == "该评价已经申诉复核剔除"
    b.refresh_from_db()
    assert (b.decision, b.decided_at, b.version) == (Appeal.PENDING, None, 1)  # rolled back
    refused = _events(b, "ratings.appeal_upheld").get()
    assert not refused.success and refused.after["conflict"] == "该评价已经申诉复核剔除"


@pytest.fixture
def invitation(gz_agency, root):  # noqa: F811
    citizen = User.objects.get(username=CITIZEN)
    case = completed_case(gz_agency, citizen, root)
    return Invitation.objects.get(rater=citizen, subject_id=case.pk)


def test_a_stale_invitation_rating_is_a_409_and_rates_nothing(invitation, as_user):
    me = as_user(CITIZEN)
    listed = next(
        i for i in me.get("/api/v1/ratings/invitations").json() if i["id"] == invitation.pk
    )
    assert listed["version"] == 1
    url = f"/api/v1/ratings/invitations/{invitation.pk}"
    late = me.post(url, {"level": 5, "version": 3}, "application/json")
    assert late.status_code == 409 and late.json()["message"] == f"该评价邀请{STALE}"
    invitation.refresh_from_db()
    assert (invitation.state, invitation.version, invitation.rating_id) == ("pending", 1, None)
    assert not Rating.objects.filter(subject_id=invitation.subject_id, rater__username=CITIZEN)
    page = me.get(f"/ratings/rate/{invitation.pk}/")
    assert re.search(r'name="version" value="1"', page.text)
    ok = me.post(url, {"level": 5, "version": 1}, "application/json")
    assert ok.status_code == 200
    invitation.refresh_from_db()
    assert (invitation.state, invitation.version, invitation.rating_id) == (
        "rated",
        2,
        ok.json()["id"],
    )


def test_an_invitation_rated_again_is_refused_in_the_tables_words(invitation, as_user):
    me = as_user(CITIZEN)
    url = f"/api/v1/ratings/invitations/{invitation.pk}"
    assert me.post(url, {"level": 4}, "application/json").status_code == 200
    again = me.post(url, {"level": 1, "reasons": ["slow"]}, "application/json")
    assert again.status_code == 409 and again.json()["message"] == "该事项已经评价过（一事一评）"
    rated = Rating.objects.filter(rater__username=CITIZEN, subject_id=invitation.subject_id)
    assert [r.level for r in rated] == [4]
    refused = _events(invitation, "ratings.rated").get(success=False)
    assert refused.after["conflict"] == "该事项已经评价过（一事一评）"
