"""The index's management page: only the 政务公开办 administrator; re-index queued, audited."""

import dataclasses
import io

import pytest
from django.core.management import call_command

from zhengwu.core.models import AuditEvent
from zhengwu.search import demo, index
from zhengwu.search.models import ReindexRun


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_admin_sees_the_index_and_starts_a_reindex(
    as_user, library, immediate_tasks, django_capture_on_commit_callbacks
):
    library.publish("a", "行政许可事项清单", "行政许可")
    client = as_user("admin")
    page = client.get("/workbench/search/")
    assert page.status_code == 200
    assert "<td>测试文件</td><td>1</td>" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/workbench/search/", {"kind": "testdoc"})
    assert r.status_code == 302
    run = ReindexRun.objects.get()
    assert (run.kind, run.status, run.done) == ("testdoc", ReindexRun.DONE, 1)
    assert AuditEvent.objects.filter(action="search.reindex", object_id=str(run.pk)).exists()
    assert "已索引 1 条" in client.get("/workbench/search/").content.decode()


def test_workbench_panel_for_the_admin_only(as_user, library):
    assert "检索索引" in as_user("admin").get("/workbench/").content.decode()
    assert "检索索引" not in as_user("officer").get("/workbench/").content.decode()


@pytest.mark.parametrize(
    "username", ["officer", "supervisor", "fh-supervisor", "433101198803140228"]
)
def test_others_may_not_manage_the_index(as_user, library, username):
    client = as_user(username)
    assert client.get("/workbench/search/").status_code == 403
    assert client.post("/workbench/search/", {"kind": ""}).status_code == 403
    assert not ReindexRun.objects.exists()


def test_anonymous_is_sent_to_login(client, db):
    r = client.get("/workbench/search/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_unknown_kind_and_a_second_run_are_refused(as_user, library):
    client = as_user("admin")
    r = client.post("/workbench/search/", {"kind": "nosuch"})
    assert r.status_code == 422
    assert "没有名为“nosuch”的检索类别" in r.content.decode()
    ReindexRun.objects.create(kind="testdoc", status=ReindexRun.RUNNING)
    r = client.post("/workbench/search/", {"kind": "testdoc"})
    assert r.status_code == 422
    assert "已在进行中" in r.content.decode()


def test_demo_indexes_what_providers_list_and_is_idempotent(library):
    doc = library.publish("x", "社会保障卡申领", "社会保障卡")
    library.docs["x"] = dataclasses.replace(doc, title="社会保障卡申领指南（修订）")
    out = io.StringIO()
    demo.build(out)
    demo.build(out)
    assert out.getvalue().count("testdoc 共索引 1 条，移除 0 条") == 2
    assert str(index.search("修订").hits[0].title) == "社会保障卡申领指南（<mark>修订</mark>）"


def test_reindex_command_help():
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("reindex_search", "--help", stdout=out)
