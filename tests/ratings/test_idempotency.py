"""A retried rating (the owner's online rating, the window tablet, the agent's record) makes one
rating and gets the first response again (API and forms)."""

import re

from django.test import Client

from tests.conftest import post_twice
from zhengwu.org.models import User, Window
from zhengwu.ratings import services
from zhengwu.ratings.models import Invitation, Rating

from .test_invitations import CITIZEN, completed_case, gz_agency, media, root  # noqa: F401

KEY_RE = r'name="idempotency_key" value="([0-9a-f]{32})"'


def test_invitation_rated_twice_is_one_rating_api(gz_agency, root, as_user):  # noqa: F811
    citizen = User.objects.get(username=CITIZEN)
    case = completed_case(gz_agency, citizen, root)
    inv = Invitation.objects.get(rater=citizen, subject_id=case.pk)
    first = post_twice(
        as_user(CITIZEN),
        f"/api/v1/ratings/invitations/{inv.pk}",
        {"level": 5, "comment": "很好"},
        "rate-1",
        content_type="application/json",
    )
    assert first.json()["level"] == 5
    assert Rating.objects.filter(subject_id=case.pk, rater=citizen).count() == 1


def test_invitation_form_sent_twice_is_one_rating(gz_agency, root, as_user):  # noqa: F811
    citizen = User.objects.get(username=CITIZEN)
    case = completed_case(gz_agency, citizen, root)
    inv = Invitation.objects.get(rater=citizen, subject_id=case.pk)
    me = as_user(CITIZEN)
    key = re.search(KEY_RE, me.get(f"/ratings/rate/{inv.pk}/").text).group(1)
    form = {"idempotency_key": key, "level": "5", "dim_usability": "5"}
    r = post_twice(me, f"/ratings/rate/{inv.pk}/", form, key)
    assert "感谢您的评价" in r.text  # the thanks again, not "已经评价"
    assert Rating.objects.filter(subject_id=case.pk, rater=citizen).count() == 1


def test_window_tablet_and_agent_forms_sent_twice_are_one_rating_each(agency, as_user):
    window = Window.objects.filter(agencies=agency).first()
    token = services.window_token(window)
    tablet = Client(REMOTE_ADDR="10.4.0.1")
    url = f"/ratings/window/{window.pk}/?t={token}"
    key = re.search(KEY_RE, tablet.get(url).text).group(1)
    before = Rating.objects.filter(window=window).count()
    form = {"t": token, "level": "5", "idempotency_key": key}
    post_twice(tablet, f"/ratings/window/{window.pk}/", form, key)
    assert Rating.objects.filter(window=window).count() == before + 1
    agent = User.objects.filter(
        roles__role="village_agent", roles__jurisdiction__path__startswith="433100/433101/"
    ).first()
    client = as_user(agent.username)
    key = re.search(KEY_RE, client.get("/workbench/ratings/record/").text).group(1)
    form = {"agency": agency.pk, "level": "4", "idempotency_key": key}
    assert post_twice(client, "/workbench/ratings/record/", form, key).status_code == 302
    assert Rating.objects.filter(channel=Rating.AGENT, recorded_by=agent).count() == 1
