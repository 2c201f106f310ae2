"""好差评: channels, the rectification clock, appeal, monthly formulas (domain-rules §5)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.core import clock, measures
from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.org.models import ServiceCentre, User, Window
from zhengwu.ratings import services, stats
from zhengwu.ratings.models import Rating, Rectification

D = dt.date


def u(name):
    return User.objects.get(username=name)


@pytest.fixture
def window(agency):
    return Window.objects.filter(agencies=agency).first()


def test_window_tablet_rates_without_login_but_with_the_token(window, agency):
    url = f"/ratings/window/{window.pk}/"
    assert Client().get(url).status_code == 403
    assert Client().get(url + "?t=wrong").status_code == 403
    token = services.window_token(window)
    page = Client().get(f"{url}?t={token}")
    assert page.status_code == 200 and "服务态度" in page.text and "平台操作性" not in page.text
    r = Client().post(url, {"t": token, "level": "2"})
    assert r.status_code == 422 and "差评请至少选择一项原因" in r.text
    before = Rating.objects.filter(window=window).count()
    r = Client().post(url, {"t": token, "level": "5", "dim_attitude": "5", "dim_efficiency": "4"})
    assert r.status_code == 200 and "感谢您的评价" in r.text
    rating = Rating.objects.filter(window=window).latest("id")
    assert (rating.channel, rating.level, rating.agency, rating.subject_id) == (
        "window",
        5,
        agency,
        None,
    )
    assert rating.dimensions == {"attitude": 5, "efficiency": 4}
    # 一次一评: the next person at the same window rates again.
    Client().post(url, {"t": token, "level": "4"})
    assert Rating.objects.filter(window=window).count() == before + 2


def test_online_rating_one_per_matter(agency):
    subject = ServiceCentre.objects.filter(jurisdiction__code="433101").first()
    citizen = u("433101198803140228")
    r = services.rate(
        subject,
        level=5,
        channel=Rating.ONLINE,
        agency=agency,
        rater=citizen,
        dimensions={"guide_accuracy": 5, "usability": 4},
    )
    assert r.dimensions == {"guide_accuracy": 5, "usability": 4}
    with pytest.raises(Conflict) as e:
        services.rate(subject, level=1, channel=Rating.ONLINE, agency=agency, reasons=["slow"])
    assert "一事一评" in e.value.message
    with pytest.raises(Invalid) as e:
        services.rate(
            None, level=4, channel=Rating.WINDOW, agency=agency, dimensions={"usability": 4}
        )
    assert "不适用于该渠道" in e.value.message
    with pytest.raises(Invalid):
        services.rate(None, level=7, channel=Rating.WINDOW, agency=agency)


def test_village_agent_records_a_rating(as_user, agency):
    agent = User.objects.filter(
        roles__role="village_agent", roles__jurisdiction__path__startswith="433100/433101/"
    ).first()
    with pytest.raises(NotAllowed):
        services.rate(None, level=4, channel=Rating.AGENT, agency=agency, by=u("officer"))
    client = as_user(agent.username)
    assert client.get("/workbench/ratings/record/").status_code == 200
    r = client.post(
        "/workbench/ratings/record/", {"agency": agency.pk, "level": "4", "dim_attitude": "5"}
    )
    assert r.status_code == 302
    rating = Rating.objects.get(channel=Rating.AGENT)
    assert rating.recorded_by == agent and rating.agency == agency
    r = client.post("/workbench/ratings/record/", {"agency": "", "level": "4"})
    assert r.status_code == 422 and "请选择办理单位" in r.text
    r = client.post("/workbench/ratings/record/", {"agency": "abc", "level": "4"})
    assert r.status_code == 422 and "请选择办理单位" in r.text
    assert as_user("officer").get("/workbench/ratings/record/").status_code == 403


def test_bad_rating_opens_a_15_workday_rectification_clock(agency, monkeypatch):
    # Rated on 2025-09-26: 15 working days across 国庆+中秋 (10-01…10-08; 9-28, 10-11 worked)
    # end on 2025-10-23.
    fake = SimpleNamespace(
        now=lambda: timezone.make_aware(dt.datetime(2025, 9, 26, 10)),
        localdate=lambda: D(2025, 9, 26),
    )
    monkeypatch.setattr(services, "timezone", fake)
    r = services.rate(None, level=1, channel=Rating.WINDOW, agency=agency, reasons=["attitude"])
    rect = r.rectification
    c = clock.clocks_of(rect).get()
    assert (c.purpose, c.limit, c.started_on, c.due_date) == (
        "差评整改",
        15,
        D(2025, 9, 26),
        D(2025, 10, 23),
    )
    assert c.agency_id == agency.pk and c.scope_path == agency.scope_path
    from zhengwu.core.models import Notice

    assert Notice.objects.filter(recipient__username="officer", title__contains="收到差评").exists()


def test_rectification_deadline_is_configurable(agency, settings):
    settings.ZHENGWU_BAD_RATING_FIX_WORKDAYS = 5
    r = services.rate(None, level=2, channel=Rating.WINDOW, agency=agency, reasons=["slow"])
    assert clock.clocks_of(r.rectification).get().limit == 5


def test_rectification_steps_through_pages(as_user, agency):
    r = services.rate(None, level=2, channel=Rating.WINDOW, agency=agency, reasons=["queue"])
    officer = as_user("officer")
    url = f"/workbench/ratings/{r.pk}/"
    assert officer.get(url).status_code == 200
    resp = officer.post(url + "callback/", {"note": "", "way": "fix_now"})
    assert resp.status_code == 422 and "请填写回访核实情况" in resp.text
    assert officer.post(url + "fix/", {"note": "x"}).status_code == 409
    assert (
        officer.post(
            url + "callback/", {"note": "已电话回访，情况属实", "way": "fix_now"}
        ).status_code
        == 302
    )
    assert officer.post(url + "fix/", {"note": "增设取号机"}).status_code == 302
    r.rectification.refresh_from_db()
    assert clock.clocks_of(r.rectification).get().state == "stopped"
    assert (
        officer.post(url + "feedback/", {"note": "已告知", "satisfied": "yes"}).status_code == 302
    )
    rect = Rectification.objects.get(pk=r.rectification.pk)
    assert (rect.state, rect.rater_satisfied, rect.way) == ("closed", True, "fix_now")
    assert as_user("fh-supervisor").get(url).status_code == 404
    assert as_user("433101198803140228").get(url).status_code == 404


def test_appeal_sets_aside_a_malicious_rating(as_user, agency):
    r = services.rate(
        None, level=1, channel=Rating.WINDOW, agency=agency, reasons=["other"], comment="乱评"
    )
    with pytest.raises(Invalid):
        services.appeal(r, ground="malicious", reason="", by=u("officer"))
    a = services.appeal(r, ground="malicious", reason="评价人当日未到窗口办事", by=u("officer"))
    with pytest.raises(Conflict):
        services.appeal(r, ground="mistaken", reason="again", by=u("officer"))
    with pytest.raises(NotAllowed):
        services.decide_appeal(a, uphold=True, reason="成立", by=u("fh-supervisor"))
    resp = as_user("supervisor").post(
        f"/workbench/ratings/{r.pk}/decide/", {"uphold": "yes", "reason": ""}
    )
    assert resp.status_code == 422 and "请填写复核意见" in resp.text
    resp = as_user("supervisor").post(
        f"/workbench/ratings/{r.pk}/decide/",
        {"uphold": "yes", "reason": "经调取监控，评价人未办理业务"},
    )
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.state == Rating.SET_ASIDE
    assert clock.clocks_of(r.rectification).get().state == "stopped"
    with pytest.raises(Conflict):
        services.callback(r.rectification, note="x", way="explain", by=u("officer"))


def test_monthly_formulas_with_hand_computed_numbers(agency, client):
    made = []
    for level, active in [(5, True), (4, False), (3, True), (2, True), (1, True), (1, True)]:
        reasons = ["slow"] if level <= 2 else []
        made.append(
            services.rate(
                None,
                level=level,
                channel=Rating.WINDOW,
                agency=agency,
                reasons=reasons,
                active=active,
            )
        )
    two, one, aside = made[3], made[4], made[5]
    officer, sup = u("officer"), u("supervisor")
    services.callback(two.rectification, note="已回访", way="fix_now", by=officer)
    services.fix(two.rectification, note="已整改", by=officer)
    services.feedback(two.rectification, note="已反馈", satisfied=True, by=officer)
    services.callback(one.rectification, note="已回访", way="deadline", by=officer)
    a = services.appeal(aside, ground="mistaken", reason="误点", by=officer)
    services.decide_appeal(a, uphold=True, reason="评价人来电说明误点", by=sup)
    Rating.objects.filter(pk__in=[x.pk for x in made]).update(
        rated_at=timezone.make_aware(dt.datetime(2025, 10, 15, 9))
    )
    measures.register(
        "ratings.rateable",
        lambda j, agency=None, year=None, month=None: {
            "numerator": 0,
            "denominator": 10 if (year, month) == (2025, 10) else 0,
        },
    )
    try:
        jishou = agency.jurisdiction
        rows = stats.monthly(jishou, "2025-10", "agency")
    finally:
        measures.unregister("ratings.rateable")
    row = next(r for r in rows if r["key"] == agency.pk)
    # 5 valid ratings (the set-aside one counts nowhere): good 2 of 5; active 4, good 1 of them;
    # bad 2: both called back, 1 fixed, 1 answered and satisfied; rateable 10 → unrated 5/10.
    assert (row["total"], row["good"], row["active"], row["bad"]) == (5, 2, 4, 2)
    assert row["good_rate"] == 40.0
    assert row["active_good_rate"] == 25.0
    assert row["unrated_rate"] == 50.0
    assert row["bad_reply_rate"] == 100.0
    assert row["bad_fix_rate"] == 50.0
    assert row["fix_satisfaction_rate"] == 100.0
    page = client.get("/site/433101/jd/ratings/?month=2025-10")
    assert page.status_code == 200 and "40.0%" in page.text
    # Without the test's provider the business apps' parts (ratings.rateable.*) are summed.
    assert measures.names("ratings.rateable.") == [
        "ratings.rateable.cases",
        "ratings.rateable.messages",
        "ratings.rateable.requests",
    ]
    assert stats.rateable_count(jishou, agency=agency, year=2025, month=10) is not None
    assert client.get("/jd/ratings/?month=2025-13").status_code == 422
    api = client.get("/api/v1/ratings/monthly?month=2025-10&jurisdiction=433101&by=window").json()
    assert api["rows"] == []  # these ratings were made without a window
    assert client.get("/api/v1/ratings/monthly?month=2025-10&by=desk").status_code == 422
    x = client.get("/jd/ratings/?month=2025-10&format=xlsx")
    assert x.content[:2] == b"PK"
    # The supervision provider for satisfaction reads the same data.
    assert measures.measure("ratings.good_rate", jishou, year=2025) == {
        "numerator": 2,
        "denominator": 5,
        "value": 40.0,
    }


def test_workbench_panel_counts_bad_ratings_until_closed(as_user, agency):
    from zhengwu.portal import workbench

    def panel(username):
        return next(
            (p for p in workbench.panels(u(username)) if p["title"] == "好差评：差评整改"), None
        )

    before = panel("officer") or {"todo": 0, "done": 0}
    r = services.rate(None, level=2, channel=Rating.WINDOW, agency=agency, reasons=["queue"])
    services.rate(None, level=5, channel=Rating.WINDOW, agency=agency)  # not a 差评
    assert panel("officer")["todo"] == before["todo"] + 1
    rect = r.rectification
    services.callback(rect, note="已回访", way="fix_now", by=u("officer"))
    services.fix(Rectification.objects.get(pk=rect.pk), note="增设取号机", by=u("officer"))
    services.feedback(
        Rectification.objects.get(pk=rect.pk), note="已告知", satisfied=True, by=u("officer")
    )
    after = panel("officer")
    assert (after["todo"], after["done"]) == (before["todo"], before["done"] + 1)
    # an appeal waits for the supervisor: it counts in the supervisor's 待办
    bad = services.rate(None, level=1, channel=Rating.WINDOW, agency=agency, reasons=["other"])
    supervisor_before, elsewhere = panel("supervisor")["todo"], panel("fh-supervisor")
    services.appeal(bad, ground="malicious", reason="评价人当日未到窗口", by=u("officer"))
    assert panel("supervisor")["todo"] == supervisor_before + 1
    assert panel("fh-supervisor") == elsewhere  # 凤凰's supervisor does not see 吉首's appeal
