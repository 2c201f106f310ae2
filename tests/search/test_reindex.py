"""Re-indexing: the CLI with progress, idempotence, stale records removed, the task."""

import io

import pytest
from django.core.management import CommandError, call_command

from zhengwu.core import searchable
from zhengwu.core.searchable import SearchDoc
from zhengwu.search import index, tasks
from zhengwu.search.models import Entry, ReindexRun


def reindex(*args):
    out = io.StringIO()
    call_command("reindex_search", *args, stdout=out)
    return out.getvalue()


def make_docs(n):
    return [
        SearchDoc(
            kind="testdoc",
            key=f"k{i}",
            title=f"第{i}号社会保障卡补办公告",
            body="社会保障卡补办须持居民身份证。",
            url=f"/xxgk/doc/k{i}/",
            jurisdiction_path="433100/433101/",
            year=2025,
        )
        for i in range(n)
    ]


def test_reindex_builds_the_index_from_providers_with_progress(library):
    library.docs.update({d.key: d for d in make_docs(1200)})
    assert index.search("社会保障卡").total == 0  # registered but never announced
    output = reindex("--kind", "testdoc")
    assert "已处理 500 条" in output and "已处理 1000 条" in output
    assert "已索引 1200 条，移除 0 条" in output
    assert index.search("社会保障卡").total == 1200
    run = ReindexRun.objects.get()
    assert (run.status, run.done, run.kind) == (ReindexRun.DONE, 1200, "testdoc")


def test_reindex_is_idempotent_and_drops_what_is_no_longer_public(library):
    library.publish("a", "低保金发放公示", "低保")
    library.publish("b", "特困供养人员名单公示", "特困供养")
    Entry.objects.filter(key="b").update(title="被改坏的标题")
    library.docs.pop("a")  # withdrawn without telling search: the re-index notices
    reindex()
    reindex()
    assert list(Entry.objects.filter(kind="testdoc").values_list("key", "title")) == [
        ("b", "特困供养人员名单公示")
    ]
    assert index.search("低保").total == 0
    assert index.search("特困供养").total == 1
    runs = list(ReindexRun.objects.order_by("pk").values_list("done", "removed"))
    assert runs == [(1, 1), (1, 0)]


def test_reindex_leaves_other_kinds_alone(library):
    other = SearchDoc("otherkind", "x", "营商环境评价", "营商环境", "/x/", "433100/")
    index.upsert(other)
    library.publish("a", "营商环境优化方案", "营商环境")
    reindex("--kind", "testdoc")
    assert index.search("营商环境").total == 2


def test_reindex_of_an_unknown_kind_fails(library):
    with pytest.raises(CommandError, match="没有名为“nosuch”的检索类别"):
        reindex("--kind", "nosuch")


def test_reindex_runs_as_a_task(library, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    library.docs.update({d.key: d for d in make_docs(3)})
    run = tasks.start("testdoc")
    run.refresh_from_db()
    assert (run.status, run.done) == (ReindexRun.DONE, 3)
    assert index.search("补办").total == 3


def test_reindex_in_background_from_the_cli(library, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    library.docs.update({d.key: d for d in make_docs(2)})
    output = reindex("--background")
    run = ReindexRun.objects.get()
    assert f"运行编号 {run.pk}" in output
    assert run.status == ReindexRun.DONE


def test_a_provider_can_rely_on_changed_and_removed_only(library):
    assert searchable.get("testdoc").label == "测试文件"
    library.publish("a", "不动产登记办理指南", "不动产登记")
    assert index.search("不动产").total == 1
    library.withdraw("a")
    assert index.search("不动产").total == 0
