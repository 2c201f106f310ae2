"""The second factor and the session limits guard the API as well as the pages."""

import time

import pytest
from django.test import override_settings


@pytest.mark.django_db
@override_settings(REQUIRE_STAFF_TOTP=True)
def test_password_only_staff_session_cannot_use_the_api(as_user):
    client = as_user("supervisor")
    response = client.get("/api/v1/org/agencies?jurisdiction=433101")
    assert response.status_code == 401
    assert response.json()["code"] == "totp_required"
    session = client.session
    session["zw_otp_ok"] = True
    session.save()
    assert client.get("/api/v1/org/agencies?jurisdiction=433101").status_code == 200


@pytest.mark.django_db
def test_idle_staff_session_is_closed_on_the_api(as_user, settings):
    client = as_user("supervisor")
    session = client.session
    session["zw_last_seen"] = time.time() - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get("/api/v1/org/agencies")
    assert response.status_code == 401 and response.json()["code"] == "session_expired"
    # The session is gone: the next page asks for a login again.
    assert client.get("/workbench/").status_code == 302
