"""The audit chain: every state change appends one event, in the same transaction, carrying the
SHA-256 of the previous event. `verify()` walks the chain; an exported head catches truncation.

Appends are serialised by locking the single AuditHead row (SELECT … FOR UPDATE on PostgreSQL;
SQLite's IMMEDIATE transactions serialise writers already), so two workers never fork the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from . import bulk, context
from .models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _normalise(value):
    """What a JSONField gives back after a round trip, so the hash is stable."""
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, default=str, sort_keys=True))


def _digest(fields: dict) -> str:
    payload = json.dumps(
        fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _fields(event: AuditEvent) -> dict:
    at = event.at.astimezone(dt.UTC)
    return {
        "seq": event.seq,
        "at": at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "role": event.role,
        "action": event.action,
        "success": event.success,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "before": event.before,
        "after": event.after,
        "client_ip": event.client_ip,
        "request_id": event.request_id,
        "prev_hash": event.prev_hash,
    }


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The before/after picture of a row for the audit event."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return _normalise({name: getattr(obj, name) for name in names})


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    actor=None,
    role: str = "",
    before: dict | None = None,
    after: dict | None = None,
    success: bool = True,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    ctx = context.current()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    actor_obj = actor if getattr(actor, "pk", None) else None
    if actor_obj is not None and not role:
        role = actor_obj.audit_role
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor_obj,
            actor_label=(getattr(actor, "username", "") or str(actor))[:150] if actor else "",
            role=role,
            action=action,
            success=success,
            object_type=object_type,
            object_id=object_id,
            before=_normalise(before),
            after=_normalise(after),
            client_ip=ctx.client_ip,
            request_id=ctx.request_id,
            prev_hash=head.hash,
        )
        event.hash = _digest(_fields(event))
        event.save()
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


def record_many(
    action: str,
    changes: list[tuple[models.Model, dict | None, dict | None]],
    *,
    actor=None,
    role: str = "",
) -> list[AuditEvent]:
    """`record` for many objects at once (a bulk import): one event per (obj, before, after),
    chained exactly as that many calls of `record` would chain them, appended under one lock of
    the head and written in one statement (COPY on PostgreSQL)."""
    if not changes:
        return []
    ctx = context.current()
    actor_obj = actor if getattr(actor, "pk", None) else None
    if actor_obj is not None and not role:
        role = actor_obj.audit_role
    label = (getattr(actor, "username", "") or str(actor))[:150] if actor else ""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        events, seq, prev_hash, at = [], head.seq, head.hash, timezone.now()
        for obj, before, after in changes:
            seq += 1
            event = AuditEvent(
                seq=seq,
                at=at,
                actor=actor_obj,
                actor_label=label,
                role=role,
                action=action,
                success=True,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                before=_normalise(before),
                after=_normalise(after),
                client_ip=ctx.client_ip,
                request_id=ctx.request_id,
                prev_hash=prev_hash,
            )
            event.hash = prev_hash = _digest(_fields(event))
            events.append(event)
        bulk.insert(events)
        head.seq, head.hash = seq, prev_hash
        head.save(update_fields=["seq", "hash"])
    return events


@dataclass
class Verdict:
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    problem: str = ""
    bad_seq: int | None = None


def verify(expected_head: dict | None = None) -> Verdict:
    """Walk the whole chain. `expected_head` ({seq, hash}) is a head exported earlier."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    last_hash = GENESIS
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=5000):
        if event.seq != expected_seq:
            return Verdict(
                False,
                checked,
                expected_seq - 1,
                last_hash,
                f"第{expected_seq}号事件缺失（链在此处断开，下一条为第{event.seq}号）",
                expected_seq,
            )
        if event.prev_hash != prev_hash:
            return Verdict(
                False,
                checked,
                event.seq,
                last_hash,
                f"第{event.seq}号事件的前序哈希与上一事件不符（被删除、插入或调换顺序）",
                event.seq,
            )
        if _digest(_fields(event)) != event.hash:
            return Verdict(
                False,
                checked,
                event.seq,
                last_hash,
                f"第{event.seq}号事件的内容与其哈希不符（被修改）",
                event.seq,
            )
        prev_hash = last_hash = event.hash
        expected_seq += 1
        checked += 1
    head_seq = expected_seq - 1
    if expected_head:
        want_seq, want_hash = int(expected_head["seq"]), expected_head["hash"]
        if head_seq < want_seq:
            return Verdict(
                False,
                checked,
                head_seq,
                last_hash,
                f"审计链被截断：导出的链头为第{want_seq}号，现仅存至第{head_seq}号",
                head_seq + 1,
            )
        at_head = AuditEvent.objects.filter(seq=want_seq).values_list("hash", flat=True).first()
        if at_head != want_hash:
            return Verdict(
                False,
                checked,
                head_seq,
                last_hash,
                f"第{want_seq}号事件与导出的链头哈希不符",
                want_seq,
            )
    return Verdict(True, checked, head_seq, last_hash)


def head() -> dict:
    h = AuditHead.objects.filter(id=1).values("seq", "hash").first()
    return h or {"seq": 0, "hash": GENESIS}


def export_head(path: str | None = None) -> dict:
    """Write the current head to a file kept off the database (and off-site by the operator)."""
    data = head() | {"exported_at": timezone.now().isoformat()}
    target = Path(path or settings.ZHENGWU_AUDIT_HEAD_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return data


def load_head(path: str | None = None) -> dict | None:
    target = Path(path or settings.ZHENGWU_AUDIT_HEAD_FILE)
    if not target.exists():
        return None
    return json.loads(target.read_text(encoding="utf-8"))


def trail(object_type: str, object_id: str):
    return AuditEvent.objects.filter(
        object_type=object_type, object_id=str(object_id)
    ).select_related("actor")
