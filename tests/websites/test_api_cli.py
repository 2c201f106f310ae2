"""The open API (create → submit → publish → public list) and `manage.py open_sites`."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from zhengwu.org import tokens
from zhengwu.org.models import ApiToken
from zhengwu.websites.models import Article, Site, SiteColumn

from .conftest import DONGHE, QIANZHOU, logged_in

pytestmark = pytest.mark.django_db
API = "/api/v1/websites"


def post(client, path, payload=None):
    return client.post(path, data=json.dumps(payload or {}), content_type="application/json")


def test_create_publish_then_the_public_list_shows_it(clerk, reviewer):
    _, key = tokens.issue(clerk, name="test", scope=ApiToken.WRITE, verified=True)
    writer = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    created = post(
        writer,
        f"{API}/{DONGHE}/articles",
        {"column": "dtyw", "title": "峒河街道召开居民议事会", "body": "议事会讨论了小区停车问题。"},
    )
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["status"] == "draft" and item["url"] == ""
    submitted = post(writer, f"{API}/articles/{item['id']}/submit", {"version": item["version"]})
    assert submitted.json()["status"] == "review"
    stale = post(logged_in(reviewer), f"{API}/articles/{item['id']}/publish", {"version": 1})
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    published = post(
        logged_in(reviewer), f"{API}/articles/{item['id']}/publish", {"version": 2}
    ).json()
    assert published["status"] == "published"
    listed = Client().get(f"{API}/{DONGHE}/articles?column=dtyw").json()
    assert listed["results"][0]["title"] == "峒河街道召开居民议事会"
    detail = Client().get(f"{API}/articles/{item['id']}").json()
    assert detail["body"] == "议事会讨论了小区停车问题。"
    assert detail["url"] == f"/site/{DONGHE}/lm/dtyw/{item['id']}/"
    no_reason = post(writer, f"{API}/articles/{item['id']}/withdraw", {"reason": ""})
    assert no_reason.status_code == 422 and "理由" in no_reason.json()["message"]


def test_out_of_scope_and_drafts_are_404(clerk, draft):
    other = post(
        logged_in(clerk),
        f"{API}/{QIANZHOU}/articles",
        {"column": "dtyw", "title": "x", "body": "y"},
    )
    assert other.status_code == 404 and other.json()["code"] == "unknown_site"
    assert Client().get(f"{API}/articles/{draft.pk}").status_code == 404
    assert (
        post(
            Client(), f"{API}/{DONGHE}/articles", {"column": "dtyw", "title": "x", "body": "y"}
        ).status_code
        == 401
    )


def test_sites_and_columns_are_public():
    sites = Client().get(f"{API}/?level=county").json()
    assert sites["count"] == 8
    dept = Site.objects.select_related("agency").filter(level=Site.DEPARTMENT).first()
    columns = Client().get(f"{API}/{dept.agency.usci}/columns").json()
    assert [c["key"] for c in columns] == ["jgzn", "ldxx", "dtyw", "tzgg", "ztzl"]
    assert Client().get(f"{API}/999999/columns").status_code == 404
    leaders = Client().get(f"{API}/433101/leaders").json()
    assert leaders and all("演示" in x["name"] for x in leaders)


def test_leaders_through_the_api_and_the_jurisdiction_filter(clerk, reviewer):
    made = post(
        logged_in(clerk),
        f"{API}/{DONGHE}/leaders",
        {"name": "龙某（演示）", "post": "峒河街道办事处副主任", "cv": "演示简历。"},
    )
    assert made.status_code == 201, made.content
    leader = made.json()
    assert post(logged_in(clerk), f"{API}/leaders/{leader['id']}/submit").json()["status"] == (
        "review"
    )
    done = post(logged_in(reviewer), f"{API}/leaders/{leader['id']}/publish", {"version": 2})
    assert done.json()["status"] == "published"
    assert "龙某（演示）" in [x["name"] for x in Client().get(f"{API}/{DONGHE}/leaders").json()]
    assert post(logged_in(clerk), f"{API}/leaders/{leader['id']}/nope").status_code == 404
    jishou = Client().get(f"{API}/?jurisdiction=433101&level=township").json()
    assert (
        jishou["count"]
        == Site.objects.filter(level=Site.TOWNSHIP, scope_path__startswith="433100/433101/").count()
    )
    assert Client().get(f"{API}/?jurisdiction=1").status_code == 404


def test_open_sites_opens_what_is_missing_and_says_how_many():
    site = Site.objects.get(jurisdiction__code=QIANZHOU, agency__isnull=True)
    Article.objects.filter(site=site, column__key="ztzl").delete()
    site.columns.filter(key="ztzl").delete()
    out = io.StringIO()
    call_command("open_sites", stdout=out)
    assert "新开通网站 0 个、栏目 1 个" in out.getvalue()
    assert SiteColumn.objects.filter(site=site, key="ztzl").exists()
    assert Site.objects.filter(level=Site.TOWNSHIP).count() == 116


def test_open_sites_help():
    from zhengwu.websites.management.commands.open_sites import Command

    assert "栏目" in Command.help
