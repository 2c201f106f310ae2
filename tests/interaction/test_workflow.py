"""One way to change a record (core/workflow.py), through the 网民留言 that follow it: the
state table, the lock with its version check, the audit event with before and after, and the
trace of a refused attempt."""

from django.test import Client

from zhengwu.core.models import AuditEvent
from zhengwu.interaction import services
from zhengwu.interaction.models import Message


def _events(message, action):
    return AuditEvent.objects.filter(
        object_type="interaction.message", object_id=str(message.pk), action=action
    ).order_by("seq")


def test_the_table_reads_in_words():
    rows = {r["action"]: r for r in Message.workflow.table(Message)}
    accepted = rows["interaction.message_accepted"]
    assert (accepted["label"], accepted["from"], accepted["to"]) == ("受理", ["待受理"], "办理中")
    assert rows["interaction.message_declined"]["from"] == ["待受理", "办理中"]


def test_a_change_moves_the_state_counts_the_version_and_audits_what_changed(letter, handler):
    assert (letter.state, letter.version) == (Message.SUBMITTED, 1)
    services.accept(letter, by=handler, version=1)
    stored = Message.objects.get(pk=letter.pk)
    assert (stored.state, stored.version) == (Message.ACCEPTED, 2)
    assert (letter.state, letter.version) == (Message.ACCEPTED, 2)  # the caller's copy too
    event = _events(letter, "interaction.message_accepted").get()
    assert event.success and event.actor == handler
    assert event.before["state"] == "submitted" and event.after["state"] == "accepted"
    assert event.before["version"] == 1 and event.after["version"] == 2
    assert event.after["accepted_on"] == str(stored.accepted_on)


def test_a_stale_version_is_a_409_in_chinese_and_leaves_a_failed_event(letter, handler):
    client = Client()
    client.force_login(handler)
    url = f"/api/v1/interaction/messages/{letter.pk}/accept"
    first = client.post(url, {"version": 1}, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == 2
    # a second officer who read the message at version 1 declines it
    late = client.post(
        f"/api/v1/interaction/messages/{letter.pk}/decline",
        {"version": 1, "reason": "不属于本单位职责范围"},
        content_type="application/json",
    )
    assert late.status_code == 409
    assert late.json()["message"] == "该网民留言已被他人处理，请刷新后查看最新状态"
    stored = Message.objects.get(pk=letter.pk)
    assert (stored.state, stored.version) == (Message.ACCEPTED, 2)  # nothing overwritten
    refused = _events(letter, "interaction.message_declined").get()
    assert not refused.success and "已被他人处理" in refused.after["conflict"]


def test_an_action_the_state_does_not_allow_is_refused_in_the_tables_words(letter, handler):
    client = Client()
    client.force_login(handler)
    url = f"/workbench/interaction/messages/{letter.pk}/"
    assert client.post(url, {"action": "accept", "version": "1"}).status_code == 302
    again = client.post(url, {"action": "accept", "version": "2"})
    assert again.status_code == 409
    assert "该留言已处理，不能再受理" in again.content.decode()
    assert _events(letter, "interaction.message_accepted").filter(success=False).count() == 1


def test_an_action_with_two_outcomes_reads_as_either():
    from zhengwu.interaction.models import Complaint

    rows = {r["action"]: r for r in Complaint.workflow.table(Complaint)}
    decided = rows["interaction.complaint_decided"]
    assert (decided["from"], decided["to"]) == (["待审查"], "已受理或不予受理")


def test_an_action_that_changes_no_field_records_only_its_notes(letter, handler):
    """The event of a change that leaves the row as it was holds what the block noted, never a
    copy of the whole row (a letter's writer, phone and text stay out of the trail)."""
    from zhengwu.core import workflow
    from zhengwu.core.workflow import Transition, Workflow

    unchanged = Workflow("state", Transition("interaction.message_accepted", "受理", ()))
    with workflow.transition(
        letter, "interaction.message_accepted", by=handler, workflow=unchanged
    ) as c:
        c.note(on="2026-12-07")
    event = _events(letter, "interaction.message_accepted").get()
    assert event.before is None and event.after == {"on": "2026-12-07"}
    assert Message.objects.get(pk=letter.pk).version == 1  # nothing changed, nothing counted
