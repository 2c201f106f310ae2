"""A document changes one way (core/workflow.py): its table in words, the version every change
counts up (a stale one is a 409 that changes nothing), its editions (第N版) kept apart, and an
action its state does not allow refused in the table's words."""

import json

import pytest

from zhengwu.core.models import AuditEvent
from zhengwu.disclosure import services
from zhengwu.disclosure.models import Document

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure/staff/documents"


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_the_documents_table_reads_in_words():
    rows = {r["action"]: r for r in Document.workflow.table(Document)}
    publish = rows["disclosure.document.publish"]
    assert (publish["label"], publish["from"], publish["to"]) == (
        "审查发布",
        ["保密审查中"],
        "已发布",
    )
    assert rows["disclosure.document.new_version"]["to"] == "不变"


def test_a_stale_version_through_the_api_is_a_409_and_changes_nothing(make_doc, as_user):
    doc = make_doc()
    client = as_user("disclosure")
    edited = client.patch(
        f"{API}/{doc.pk}", json.dumps({"summary": "新的概述", "version": 1}), "application/json"
    )
    assert edited.status_code == 200 and edited.json()["version"] == 2
    # a second officer who read the draft at version 1 sends it to 保密审查
    late = client.post(f"{API}/{doc.pk}/submit?version=1")
    assert late.status_code == 409
    assert late.json()["message"] == "该主动公开文件已被他人处理，请刷新后查看最新状态"
    stored = Document.objects.get(pk=doc.pk)
    assert (stored.status, stored.version) == (Document.DRAFT, 2)
    failed = AuditEvent.objects.filter(
        action="disclosure.document.submit", object_id=str(doc.pk), success=False
    )
    assert failed.count() == 1
    assert client.post(f"{API}/{doc.pk}/submit?version=2").json()["status"] == "review"


def test_the_page_shows_the_edition_sends_the_version_and_refuses_a_wrong_state(
    make_doc, officer, as_user
):
    doc = make_doc()
    services.edit_draft(doc, {"summary": "修改后的概述"}, by=officer)
    services.submit(doc, by=officer)
    client = as_user("disclosure")
    url = f"/workbench/disclosure/{doc.pk}/"
    page = client.get(url).content.decode()
    assert "第2版" in page  # editions: the draft and its one change
    assert '<input type="hidden" name="version" value="3">' in page  # changes: 2 + 提交
    stale = client.post(f"{url}publish/", {"version": "2"})
    assert stale.status_code == 409 and "已被他人处理" in stale.content.decode()
    assert Document.objects.get(pk=doc.pk).status == Document.REVIEW
    assert client.post(f"{url}publish/", {"version": "3"}).status_code == 302
    again = client.post(f"{url}submit/", {"version": "4"})
    assert again.status_code == 409
    assert "该主动公开文件当前状态为“已发布”，不能提交保密审查" in again.content.decode()
    edit = client.post(url, {"version": "4", "title": "改标题", "created_on": "2025-09-26"})
    assert edit.status_code == 409
    assert "只有草稿可以修改；已发布的文件请使用“发布新版本”" in edit.content.decode()
    stored = Document.objects.get(pk=doc.pk)
    assert (stored.status, stored.version, stored.versions.count()) == (Document.PUBLISHED, 4, 2)
