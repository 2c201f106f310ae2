"""回应关切: a public concern registered with the moment its clock runs from, answered within the
hours its kind allows (`rules.concern_due`: 5, 24 or 48 hours, 国办发〔2016〕80号 and 61号) and
published; an answer after the due time is marked 超时回应."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, workflow
from zhengwu.core.errors import Invalid
from zhengwu.org import permissions
from zhengwu.org.models import Agency

from .. import rules
from ..models import ConcernResponse
from ._common import moment, public_changed, reason, text

CREATE = "disclosure_interpretation.concern_create"
EDIT = "disclosure_interpretation.concern_edit"
RESPOND = "disclosure_interpretation.concern_respond"
WITHDRAW = "disclosure_interpretation.concern_withdraw"
SNAPSHOT = ["title", "concern", "kind", "occurred_at", "due_at"]


def clean(data: dict, *, partial: bool = False, now: dt.datetime | None = None) -> dict:
    out: dict = {}
    if not partial or "title" in data:
        out["title"] = text(data, "title", "关切事项", limit=200)
    if not partial or "concern" in data:
        out["concern"] = text(data, "concern", "公众关切内容", limit=5000)
    if not partial or "kind" in data:
        kind = str(data.get("kind") or "").strip()
        if kind not in dict(ConcernResponse.KINDS):
            raise Invalid("请选择关切类别", code="kind_invalid", field="kind")
        out["kind"] = kind
    if not partial or "occurred_at" in data:
        occurred = moment(data.get("occurred_at"), "occurred_at", "事件发生或舆情出现时间")
        if occurred and occurred > (now or timezone.now()):
            raise Invalid(
                "事件发生或舆情出现时间不能晚于现在", code="occurred_in_future", field="occurred_at"
            )
        out["occurred_at"] = occurred
    if not partial and "response" in data:
        out["response"] = text(data, "response", "回应内容", limit=20_000, required=False)
    return out


def create(agency: Agency, data: dict, *, by) -> ConcernResponse:
    permissions.require(by, CREATE, agency_id=agency.pk, path=agency.scope_path)
    fields = clean(data)
    fields["due_at"] = rules.concern_due(fields["kind"], fields["occurred_at"])
    with transaction.atomic():
        c = ConcernResponse.objects.create(
            agency=agency,
            scope_path=agency.scope_path,
            created_by=by if getattr(by, "pk", None) else None,
            **fields,
        )
        audit.record(CREATE, c, actor=by, after=audit.snapshot(c, SNAPSHOT))
    return c


def edit(c: ConcernResponse, data: dict, *, by, version=None) -> ConcernResponse:
    """Correct the concern (its kind or time moves its due time) or save a draft answer."""
    permissions.require(by, EDIT, agency_id=c.agency_id, path=c.scope_path)
    fields = clean(data, partial=True)
    if "response" in data:
        fields["response"] = text(data, "response", "回应内容", limit=20_000, required=False)
    with workflow.transition(c, EDIT, by=by, version=version) as change:
        locked = change.obj
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.due_at = rules.concern_due(locked.kind, locked.occurred_at)
    return c


def respond(
    c: ConcernResponse,
    response: str | None = None,
    *,
    by,
    at=None,
    version=None,
    changes: dict | None = None,
) -> ConcernResponse:
    """Publish the answer; after `due_at` it is marked 超时回应. `changes` are corrections of the
    concern typed in the same submit (title, concern, kind, occurred_at, as `edit` takes them):
    saved with the answer in the one transition and audit event, the due time moved first, so
    nothing typed is lost and the answer is judged late or not against the corrected clock."""
    permissions.require(by, RESPOND, agency_id=c.agency_id, path=c.scope_path)
    at = at or timezone.now()
    fields = clean({k: v for k, v in (changes or {}).items() if k != "response"}, partial=True)
    with workflow.transition(c, RESPOND, by=by, version=version) as change:
        locked = change.obj
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.due_at = rules.concern_due(locked.kind, locked.occurred_at)
        if response is not None:
            locked.response = text({"response": response}, "response", "回应内容", limit=20_000)
        if not locked.response.strip():
            raise Invalid("请填写回应内容", code="response_required", field="response")
        if at < locked.occurred_at:
            raise Invalid("回应时间不能早于事件发生时间", code="responded_before_event")
        locked.responded_at, locked.responded_late = at, at > locked.due_at
        public_changed()
    return c


def withdraw(c: ConcernResponse, why: str, *, by, version=None) -> ConcernResponse:
    permissions.require(by, WITHDRAW, agency_id=c.agency_id, path=c.scope_path)
    why = reason(why, what="撤回理由")
    with workflow.transition(c, WITHDRAW, by=by, version=version) as change:
        change.obj.status_reason = why
        public_changed()
    return c
