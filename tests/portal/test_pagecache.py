"""The page cache itself (zhengwu.portal.pagecache), through small views of its own: what is
never stored, and how generations move inside and after a transaction."""

import pytest
from django.db import transaction
from django.test import Client

from zhengwu.portal import pagecache

from . import pagecache_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.portal.pagecache_urls")]


def calls_for(url, client=None, times=2):
    client = client or Client()
    before = pagecache_urls.calls["n"]
    for _ in range(times):
        response = client.get(url)
    return pagecache_urls.calls["n"] - before, response


def test_a_plain_page_renders_once_until_its_tag_moves():
    n, response = calls_for("/p/plain/")
    assert n == 1 and response.status_code == 200
    pagecache.bump(pagecache.record_tag("test", "other"))
    assert calls_for("/p/plain/")[0] == 0
    pagecache.bump(pagecache.record_tag("test", "plain"))
    assert calls_for("/p/plain/")[0] == 1
    pagecache.bump(pagecache.ORG_TAG)  # every page depends on the organisation
    assert calls_for("/p/plain/")[0] == 1


@pytest.mark.parametrize(
    "name", ["csrf", "session", "message", "cookie", "stream", "private", "big"]
)
def test_per_visitor_or_unsuitable_responses_are_never_stored(name):
    n, _ = calls_for(f"/p/{name}/")
    assert n == 2


def test_a_csrf_token_never_reaches_another_visitor():
    first = Client().get("/p/csrf/")
    second = Client().get("/p/csrf/")
    token = first.content.decode().split('value="')[1]
    assert token not in second.content.decode()


def test_visitors_with_a_session_cookie_or_credentials_bypass_the_cache():
    calls_for("/p/plain/")
    with_session = Client()
    with_session.cookies["sessionid"] = "whatever"
    assert calls_for("/p/plain/", with_session)[0] == 2
    assert calls_for("/p/plain/", Client(HTTP_AUTHORIZATION="Bearer x"))[0] == 2
    response = with_session.get("/p/plain/")
    assert "private" in response["Cache-Control"] and "Cookie" in response["Vary"]


def test_a_lost_generation_never_brings_back_an_older_page():
    from django.core.cache import cache

    calls_for("/p/plain/")
    pagecache.bump(pagecache.record_tag("test", "plain"))
    calls_for("/p/plain/")
    cache.delete(pagecache._gen_key(pagecache.record_tag("test", "plain")))  # evicted
    assert calls_for("/p/plain/")[0] == 1


def test_a_rolled_back_savepoint_does_not_lose_the_commit_bump(django_capture_on_commit_callbacks):
    tag = pagecache.record_tag("test", "plain")
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                pagecache.bump(tag)
                raise RuntimeError
        except RuntimeError:
            pass
        pagecache.bump(tag)
    assert len(callbacks) == 1
    calls_for("/p/plain/")
    callbacks[0]()
    assert calls_for("/p/plain/")[0] == 1


def test_a_batch_bumps_each_tag_once_until_a_page_is_stored(django_capture_on_commit_callbacks):
    from django.core.cache import cache

    tag = pagecache.record_tag("test", "plain")
    key = pagecache._gen_key(tag)
    with django_capture_on_commit_callbacks() as callbacks:
        pagecache.bump(tag)
        first = cache.get(key)
        for _ in range(3):
            with transaction.atomic():
                pagecache.bump(tag)
        assert cache.get(key) == first  # one write for the whole batch
        calls_for("/p/plain/")  # a reader in this transaction stored a page
        pagecache.bump(tag)
        assert cache.get(key) != first  # so the next bump writes again
    assert len(callbacks) == 1
