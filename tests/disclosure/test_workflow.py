"""The 主动公开 workflow: draft → 保密审查 → published, return, withdraw, repeal, versions, audit."""

import datetime as dt

import pytest

from zhengwu.core.errors import Conflict, Invalid
from zhengwu.core.models import AuditEvent, Clock
from zhengwu.disclosure import services
from zhengwu.disclosure.models import Document

pytestmark = pytest.mark.django_db


def actions(doc):
    return list(
        AuditEvent.objects.filter(object_type="disclosure.document", object_id=str(doc.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_draft_submit_publish_is_audited_and_versioned(make_doc, officer):
    doc = make_doc()
    assert doc.status == Document.DRAFT
    assert doc.index_no.startswith(f"{doc.agency.usci}/2025-")
    services.edit_draft(doc, {"summary": "修改后的概述"}, by=officer)
    services.submit(doc, by=officer)
    doc = services.publish(doc, by=officer, on=dt.date(2025, 10, 10))
    assert doc.status == Document.PUBLISHED and doc.published_on == dt.date(2025, 10, 10)
    assert actions(doc) == [
        "disclosure.document.create",
        "disclosure.document.edit",
        "disclosure.document.submit",
        "disclosure.document.publish",
    ]
    publish_event = AuditEvent.objects.get(
        object_id=str(doc.pk), action="disclosure.document.publish"
    )
    assert publish_event.actor == officer
    assert (
        publish_event.before["status"] == "review" and publish_event.after["status"] == "published"
    )
    assert [v.number for v in doc.versions.all()] == [1, 2]
    assert doc.versions.get(number=1).data["summary"] == "2025年全市一般公共预算收支执行情况。"


def test_index_numbers_are_unique_and_follow_the_configured_scheme(make_doc, settings):
    first, second = make_doc(), make_doc()
    assert first.index_no != second.index_no
    settings.ZHENGWU_DISCLOSURE_INDEX_SCHEME = "{jurisdiction}-{year}-{seq:04d}"
    third = make_doc()
    assert third.index_no.startswith("433101-2025-")


def test_return_needs_a_reason_and_goes_back_to_draft(make_doc, officer):
    doc = services.submit(make_doc(), by=officer)
    with pytest.raises(Invalid) as e:
        services.return_for_changes(doc, " ", by=officer)
    assert "理由" in e.value.message
    doc = services.return_for_changes(doc, "涉及个人信息，需删除姓名", by=officer)
    assert doc.status == Document.DRAFT and doc.status_reason == "涉及个人信息，需删除姓名"


def test_cannot_publish_a_draft_without_review(make_doc, officer):
    with pytest.raises(Conflict):
        services.publish(make_doc(), by=officer)


def test_published_document_cannot_be_edited_as_draft_but_gets_a_new_version(
    published_doc, officer
):
    with pytest.raises(Conflict):
        services.edit_draft(published_doc, {"title": "x"}, by=officer)
    doc = services.new_version(published_doc, {"summary": "更正第三条文字"}, "更正笔误", by=officer)
    # the record's version counts every change (起草, 提交, 发布, 新版本: 4); the editions are 1, 2
    assert doc.version == 4 and doc.status == Document.PUBLISHED
    assert doc.versions.count() == 2
    assert "disclosure.document.new_version" in actions(doc)


def test_withdraw_with_reason(published_doc, officer):
    doc = services.withdraw(published_doc, "误发，内容尚未定稿", by=officer)
    assert doc.status == Document.WITHDRAWN and doc.status_reason == "误发，内容尚未定稿"
    event = AuditEvent.objects.get(object_id=str(doc.pk), action="disclosure.document.withdraw")
    assert event.after["status_reason"] == "误发，内容尚未定稿"


def test_repeal_links_the_replacing_document(published_doc, make_doc, officer):
    newer = make_doc(title="吉首市城区停车管理办法（2025年修订）", genre="行政规范性文件")
    services.submit(newer, by=officer)
    newer = services.publish(newer, by=officer, on=dt.date(2025, 11, 3))
    doc = services.change_validity(
        published_doc,
        Document.REPEALED,
        "已被修订后的办法替代",
        by=officer,
        replaced_by=newer,
        on=dt.date(2025, 11, 3),
    )
    assert doc.validity == Document.REPEALED and doc.replaced_by == newer
    assert doc.validity_changed_on == dt.date(2025, 11, 3)
    with pytest.raises(Invalid):
        services.change_validity(newer, "valid", "x", by=officer)
    with pytest.raises(Invalid):
        services.change_validity(newer, Document.REPEALED, "", by=officer)


def test_bad_draft_input_has_chinese_messages(jishou_gov, officer):
    with pytest.raises(Invalid) as e:
        services.create_draft(jishou_gov, {"title": "", "created_on": "2025-01-01"}, by=officer)
    assert e.value.field == "title" and "名称" in e.value.message
    with pytest.raises(Invalid) as e:
        services.create_draft(jishou_gov, {"title": "x", "created_on": "2025-13-01"}, by=officer)
    assert e.value.field == "created_on" and "生成日期" in e.value.message
    with pytest.raises(Invalid) as e:
        services.create_draft(
            jishou_gov, {"title": "x", "created_on": "2025-01-01", "column": "nope"}, by=officer
        )
    assert e.value.field == "column"


# --- 条例 §26: 20 working days from 生成日期 ------------------------------------------------


def clock_of(doc):
    return services.publication_clock(doc)


def test_publication_clock_is_twenty_working_days_from_creation(make_doc):
    # domain-rules §8.3: 2025-09-26 + 20 working days (National Day, 9-28 and 10-11 make-up days) = 2025-10-30.
    doc = make_doc(created_on=dt.date(2025, 9, 26))
    c = clock_of(doc)
    assert c.purpose == "主动公开时限" and c.limit == 20 and c.unit == Clock.WORKDAYS
    assert c.started_on == dt.date(2025, 9, 26)
    assert c.due_date == dt.date(2025, 10, 30)
    assert c.agency_id == doc.agency_id and c.scope_path == "433100/433101/"
    # Spring Festival: 2026-02-10 + 20 working days = 2026-03-16.
    assert clock_of(make_doc(created_on=dt.date(2026, 2, 10))).due_date == dt.date(2026, 3, 16)


def test_publication_on_the_due_date_is_on_time_and_the_day_after_is_late(make_doc, officer):
    on_time = services.submit(make_doc(created_on=dt.date(2025, 9, 26)), by=officer)
    on_time = services.publish(on_time, by=officer, on=dt.date(2025, 10, 30))
    assert on_time.published_late is False
    assert clock_of(on_time).state == Clock.STOPPED and clock_of(on_time).stopped_on == dt.date(
        2025, 10, 30
    )
    late = services.submit(make_doc(created_on=dt.date(2025, 9, 26)), by=officer)
    late = services.publish(late, by=officer, on=dt.date(2025, 10, 31))
    assert late.published_late is True


def test_documents_outside_the_proactive_scope_have_no_clock(make_doc, officer):
    doc = make_doc(proactive=False)
    assert clock_of(doc) is None
    services.edit_draft(doc, {"proactive": True}, by=officer)
    assert clock_of(doc).state == Clock.RUNNING


def test_changing_the_creation_date_restarts_the_clock(make_doc, officer):
    doc = make_doc(created_on=dt.date(2025, 9, 26))
    services.edit_draft(doc, {"created_on": "2026-02-10"}, by=officer)
    assert clock_of(doc).due_date == dt.date(2026, 3, 16)


def test_a_clock_from_a_decision_stays_when_the_creation_date_changes(make_doc, officer):
    # Held information decided proactive on 2026-02-10 (§44, §18): due 2026-03-16, whatever
    # the draft's 生成日期 says of when the information was made.
    doc = make_doc(created_on=dt.date(2025, 9, 26), clock_since=dt.date(2026, 2, 10))
    assert clock_of(doc).due_date == dt.date(2026, 3, 16)
    services.edit_draft(doc, {"created_on": "2025-09-01"}, by=officer)
    assert clock_of(doc).started_on == dt.date(2026, 2, 10)
    assert clock_of(doc).due_date == dt.date(2026, 3, 16)


def test_late_publications_are_listed_for_the_agency(make_doc, officer, as_user):
    late = services.submit(
        make_doc(title="吉首市逾期发布的测试文件", created_on=dt.date(2025, 9, 26)), by=officer
    )
    services.publish(late, by=officer, on=dt.date(2025, 11, 28))
    page = as_user("disclosure").get("/workbench/disclosure/")
    assert page.status_code == 200
    assert "吉首市逾期发布的测试文件" in page.content.decode()


def test_the_audit_chain_still_verifies_after_the_workflow(published_doc, officer):
    from zhengwu.core import audit

    services.withdraw(published_doc, "测试撤回", by=officer)
    verdict = audit.verify()
    assert verdict.ok, verdict.problem
