"""The catalogue (目录) from the page cache: served to anonymous visitors without touching the
database, rendered again at once after every publication, withdrawal, repeal or new version in
the agency or in one of its government's departments, and never shared with a logged-in user."""

import datetime as dt

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhengwu.disclosure import services
from zhengwu.disclosure.models import Document
from zhengwu.org.models import Role, RoleAssignment, User

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def queries_of(client, url, **extra):
    from django.db import connection

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    return response, len(ctx.captured_queries)


def publish(make_doc, officer, **fields):
    doc = make_doc(**fields)
    services.submit(doc, by=officer)
    return services.publish(doc, by=officer)


def test_second_anonymous_visit_is_served_without_the_database(prefecture_gov):
    url = f"/xxgk/{prefecture_gov.usci}/catalogue/?year=2024&column=g20-01"
    first, rendered = queries_of(Client(), url)
    assert first.status_code == 200 and rendered > 0
    again, n = queries_of(Client(), url)
    assert n == 0
    assert again.content == first.content
    # The same query in another order is the same page; another host is not.
    swapped, n = queries_of(
        Client(), f"/xxgk/{prefecture_gov.usci}/catalogue/?column=g20-01&year=2024"
    )
    assert n == 0 and swapped.content == first.content
    _, n = queries_of(Client(), url, HTTP_HOST="localhost")
    assert n > 0
    # Headers as on a rendered page: type, security headers, and what the cache needs.
    for response in (first, again):
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Request-ID"]
        assert "Cookie" in response["Vary"] and "Accept-Language" in response["Vary"]
        assert response["Cache-Control"] == "no-cache"
        assert response["ETag"] == first["ETag"]
        assert "Set-Cookie" not in response
    assert first["X-Request-ID"] != again["X-Request-ID"]


def test_a_matching_etag_gets_304(prefecture_gov):
    url = f"/xxgk/{prefecture_gov.usci}/catalogue/"
    etag = Client().get(url)["ETag"]
    response, n = queries_of(Client(), url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and n == 0 and response.content == b""
    assert Client().get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_publication_in_a_department_shows_at_once_on_both_catalogues(
    make_doc, officer, jishou_gov, agency, fenghuang_gov
):
    RoleAssignment.objects.create(user=officer, role=Role.DISCLOSURE_OFFICER, agency=agency)
    officer._role_cache = None
    pages = [f"/xxgk/{agency.usci}/catalogue/", f"/site/433101/xxgk/{jishou_gov.usci}/catalogue/"]
    elsewhere = f"/xxgk/{fenghuang_gov.usci}/catalogue/"
    c = Client()
    for url in [*pages, elsewhere]:
        assert c.get(url).status_code == 200  # cached now
    doc = publish(make_doc, officer, agency=agency, title="吉首市市场监管局缓存测试公告")
    for url in pages:
        assert doc.title in text(c.get(url)), url
    # Another county's catalogue did not move: still served from the cache.
    _, n = queries_of(c, elsewhere)
    assert n == 0


def test_withdrawal_repeal_and_new_version_show_at_once(make_doc, officer, jishou_gov):
    url = f"/xxgk/{jishou_gov.usci}/catalogue/?column=k-czyjs"
    c = Client()
    doc = publish(make_doc, officer, title="吉首市缓存测试预算公开")
    assert "吉首市缓存测试预算公开" in text(c.get(url))
    doc = services.new_version(doc, {"title": "吉首市缓存测试预算公开（更正）"}, "更正", by=officer)
    assert "吉首市缓存测试预算公开（更正）" in text(c.get(url))
    repealed = f"{url}&validity=repealed"
    assert doc.title not in text(c.get(repealed))
    services.change_validity(doc, Document.REPEALED, "已废止", by=officer, on=dt.date.today())
    assert doc.title in text(c.get(repealed))
    services.withdraw(doc, "误发", by=officer)
    assert doc.title not in text(c.get(url))
    assert doc.title not in text(c.get(repealed))


def test_the_commit_moves_the_generation_again(
    make_doc, officer, jishou_gov, django_capture_on_commit_callbacks
):
    """A reader in another process may render the old rows between the change and its commit,
    and store them under the generation of the change: the commit moves it once more."""
    url = f"/xxgk/{jishou_gov.usci}/catalogue/"
    c = Client()
    with django_capture_on_commit_callbacks() as callbacks:
        doc = publish(make_doc, officer, title="吉首市提交后再刷新测试")
        c.get(url)  # stored under the generation of the change
    _, n = queries_of(c, url)
    assert n == 0
    for callback in callbacks:
        callback()
    response, n = queries_of(c, url)
    assert n > 0 and doc.title in text(response)


def test_logged_in_visitors_never_get_or_leave_a_cached_page(prefecture_gov, as_user):
    url = f"/xxgk/{prefecture_gov.usci}/catalogue/"
    anonymous = text(Client().get(url))
    staff = User.objects.get(username="disclosure")
    citizen = User.objects.get(real_name="张秀英")
    staff_page = as_user("disclosure").get(url)
    assert staff.real_name in text(staff_page) and "工作台" in text(staff_page)
    assert "csrfmiddlewaretoken" in text(staff_page)  # the logout form
    assert "private" in staff_page["Cache-Control"] and "ETag" not in staff_page
    citizen_page = text(as_user(citizen.username).get(url))
    assert citizen.real_name in citizen_page and staff.real_name not in citizen_page
    # The anonymous page is the same before and after: no name, no token, no workbench link.
    after = text(Client().get(url))
    assert after == anonymous
    for private in (staff.real_name, citizen.real_name, "csrfmiddlewaretoken", "/workbench/"):
        assert private not in after
    assert "登录" in after


def test_renaming_an_agency_shows_at_once(prefecture_gov):
    url = f"/xxgk/{prefecture_gov.usci}/catalogue/"
    assert prefecture_gov.name in text(Client().get(url))
    prefecture_gov.name = "湘西土家族苗族自治州人民政府（更名测试）"
    prefecture_gov.save()
    assert "（更名测试）" in text(Client().get(url))


def test_an_invalid_filter_is_not_cached(prefecture_gov):
    url = f"/xxgk/{prefecture_gov.usci}/catalogue/?year=abc"
    assert Client().get(url).status_code == 422
    response, n = queries_of(Client(), url)
    assert response.status_code == 422 and n > 0


def test_the_layers_before_the_cache_still_refuse_what_they_refuse(prefecture_gov):
    """The page cache runs before every other middleware: a request those layers refuse never
    left a page under its key, so it is refused every time."""
    url = f"/xxgk/{prefecture_gov.usci}/catalogue/"
    Client().get(url)
    for _ in range(2):
        assert Client().get(url + "?year=%00").status_code == 400
        assert Client().get(url, HTTP_HOST="evil.example").status_code == 400
