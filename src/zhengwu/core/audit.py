"""The audit chains: every state change appends one event, in the same transaction, carrying the
SHA-256 of the previous event of its chain. `verify()` walks every chain; an exported head
(every chain's last event) catches truncation, and with it `verify` walks only what was added
since (`full=True` walks everything again).

There are ZHENGWU_AUDIT_CHAINS independent chains (default 16), each with its own head row, so
writers do not all queue on one lock. An append locks its chain's head row (SELECT … FOR UPDATE
on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers already) until its transaction
commits, so a chain never forks. Each thread keeps to one chain, so a transaction only ever
holds one head and two transactions can never deadlock on heads; when another transaction holds
that head, the thread moves to the next free one (SKIP LOCKED) and stays there. The first
event of chain n carries `genesis(n)`, which binds the chain to its number.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import cast

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import actions, bulk, context, rows
from .models import AuditEvent, AuditHead
from .times import now_in_beijing

GENESIS = "0" * 64
_threads = itertools.count()
_local = threading.local()


def genesis(chain: int) -> str:
    """The `prev_hash` of a chain's first event. Chain 1 continues the original single chain."""
    if chain == 1:
        return GENESIS
    return hashlib.sha256(f"zhengwu-audit-chain-{chain}".encode()).hexdigest()


_AS_IS = {str, int, float, bool, type(None)}
_AS_TEXT = {dt.date, dt.datetime, Decimal}


def _normalise(value):
    """What a JSONField gives back after a round trip, so the hash is stable. A flat dict of
    plain values (a snapshot) is converted directly, as the round trip would convert it."""
    if value is None:
        return None
    if type(value) is dict:
        plain = {}
        for key, item in value.items():
            kind = type(item)
            if type(key) is not str or (kind not in _AS_IS and kind not in _AS_TEXT):
                break
            plain[key] = item if kind in _AS_IS else str(item)
        else:
            return dict(sorted(plain.items()))
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


@functools.cache
def _attributes(model: type[models.Model], names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(name, attribute) for each name: a relation is recorded by its key, not by the object."""
    found = []
    for name in names:
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            model_field = None
        # a relation pointing to the model has no attribute of its own on it
        found.append((name, model_field.attname if isinstance(model_field, models.Field) else name))
    return tuple(found)


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The before/after picture of a row for the audit event."""
    names = tuple(fields or [f.attname for f in obj._meta.concrete_fields])
    return _normalise({name: getattr(obj, attr) for name, attr in _attributes(type(obj), names)})


def _lock_head() -> AuditHead:
    """Lock this thread's chain head, or the next free one; one query when nobody waits."""
    count = settings.ZHENGWU_AUDIT_CHAINS
    if not hasattr(_local, "chain"):
        # Worker processes have neighbouring pids: they start on different chains.
        _local.chain = (os.getpid() + next(_threads)) % count + 1
    preferred = min(_local.chain, count)
    head: AuditHead | None = (
        AuditHead.objects.select_for_update(skip_locked=True)
        .filter(id__lte=count)
        .annotate(turn=(F("id") - preferred + count) % count)
        .order_by("turn")
        .only("id", "seq", "hash")
        .first()
    )
    if head is None or head.id != preferred:
        # Busy, or the head rows are not all there (ZHENGWU_AUDIT_CHAINS raised, tables
        # flushed): create the missing ones; when every head is busy, wait for ours.
        AuditHead.objects.bulk_create(
            [AuditHead(id=n) for n in range(1, count + 1)], ignore_conflicts=True
        )
        if head is None:
            head = AuditHead.objects.select_for_update().get(id=preferred)
    _local.chain = head.id
    return head


def _link(event: AuditEvent, chain: int, seq: int, prev_hash: str) -> None:
    """Put the event after (seq, prev_hash) on `chain` and seal it."""
    event.chain, event.seq = chain, seq + 1
    event.prev_hash = prev_hash if seq else genesis(chain)
    event.hash = _digest(_fields(event))


@functools.cache
def _append_parts() -> tuple[tuple[str, ...], str, tuple]:
    """The WITH items of `_append_after_last` (lock the head if it is where this thread left
    it, move it, insert the event after it), the expression giving the event's key, and the
    event's fields in the order of the parameters that follow the head's five."""
    fields = tuple(f for f in AuditEvent._meta.concrete_fields if not f.primary_key)
    quote = connection.ops.quote_name
    heads, events = quote(AuditHead._meta.db_table), quote(AuditEvent._meta.db_table)
    # A concrete field is one with a column (Django's definition), so column is a str here.
    columns = ", ".join(quote(cast(str, f.column)) for f in fields)
    values = ", ".join(f"CAST(%s AS {f.db_type(connection)})" for f in fields)
    pk = quote(cast(str, AuditEvent._meta.pk.column))
    ctes = (
        f"audit_head AS (SELECT id FROM {heads}"  # noqa: S608 (names from the models, values bound)
        " WHERE id = %s AND seq = %s AND hash = %s FOR UPDATE SKIP LOCKED)",
        f"audit_moved AS (UPDATE {heads} SET seq = %s, hash = %s"  # noqa: S608
        " WHERE id IN (SELECT id FROM audit_head) RETURNING id)",
        f"audit_event AS (INSERT INTO {events} ({columns}) SELECT {values}"  # noqa: S608
        f" FROM audit_moved RETURNING {pk})",
    )
    return ctes, f"(SELECT {pk} FROM audit_event)", fields  # noqa: S608


def _append_after_last(event: AuditEvent, changes: rows.Changes | None = None) -> bool:
    """PostgreSQL, in one statement with `changes` (saved in any case): append after the
    event this thread appended last, if that is still its chain's head and no other
    transaction holds the head (else False, the event not written). Takes the head's row lock
    like `_lock_head`."""
    last: tuple[int, int, str] | None = getattr(_local, "last", None)
    if not (
        rows.using(AuditEvent).vendor == "postgresql"
        and last is not None
        and last[0] == _local.chain
        # the setting was lowered: move to a chain in use
        and last[0] <= settings.ZHENGWU_AUDIT_CHAINS
    ):
        if changes is not None:
            changes.save()
        return False
    chain, seq, prev_hash = last
    _link(event, chain, seq, prev_hash)
    ctes, key, fields = _append_parts()
    params = [chain, seq, prev_hash, event.seq, event.hash]
    params += rows.db_values(event, fields, add=True)
    writes = changes or rows.Changes(AuditEvent)
    writes.also(ctes, params, key)
    pk = writes.save()[-1]
    if pk is None:
        return False
    event.pk, event._state.adding, event._state.db = pk, False, writes.db.alias
    return True


def _event(
    action: str,
    obj: models.Model | None,
    *,
    actor,
    role: str,
    before: dict | None,
    after: dict | None,
    success: bool = True,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    """The event, not yet linked to a chain."""
    actions.check(action)
    ctx = context.current()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    actor_obj = actor if getattr(actor, "pk", None) else None
    if actor_obj is not None and not role:
        role = actor_obj.audit_role
    return AuditEvent(
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
    )


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    changes: rows.Changes | None = None,
    actor=None,
    role: str = "",
    before: dict | None = None,
    after: dict | None = None,
    success: bool = True,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    """Append the event for a change. With `changes`, the rows of the change are saved first,
    on PostgreSQL in the same statement as the event when they can be."""
    event = _event(
        action,
        obj,
        actor=actor,
        role=role,
        before=before,
        after=after,
        success=success,
        object_type=object_type,
        object_id=object_id,
    )
    # savepoint=False: inside the service's transaction a failed append fails the whole change.
    with transaction.atomic(savepoint=False):
        if not _append_after_last(event, changes):
            head = _lock_head()
            _link(event, head.id, head.seq, head.hash)
            event.save(force_insert=True)
            AuditHead.objects.filter(id=head.id).update(seq=event.seq, hash=event.hash)
    _local.last = (event.chain, event.seq, event.hash)
    return event


def record_many(
    action: str,
    changes: list[tuple[models.Model, dict | None, dict | None]],
    *,
    actor=None,
    role: str = "",
) -> list[AuditEvent]:
    """`record` for many objects at once (a bulk import): one event per (obj, before, after),
    chained on one chain exactly as that many calls of `record` would chain them, under one lock
    of its head and written in one statement (COPY on PostgreSQL)."""
    if not changes:
        return []
    events = [
        _event(action, obj, actor=actor, role=role, before=before, after=after)
        for obj, before, after in changes
    ]
    with transaction.atomic(savepoint=False):
        head = _lock_head()
        seq, prev_hash = head.seq, head.hash
        for event in events:
            _link(event, head.id, seq, prev_hash)
            seq, prev_hash = event.seq, event.hash
        bulk.insert(events)
        AuditHead.objects.filter(id=head.id).update(seq=seq, hash=prev_hash)
    _local.last = (head.id, seq, prev_hash)
    return events


def fingerprint(chains: dict) -> str:
    """One SHA-256 over every chain's head, to read out or compare at a glance."""
    heads = sorted((int(c), int(h["seq"]), h["hash"]) for c, h in chains.items() if int(h["seq"]))
    return hashlib.sha256(json.dumps(heads).encode()).hexdigest()


def _head_of(chains: dict) -> dict:
    """{seq: events in all chains, hash: their fingerprint, chains: {"n": {seq, hash}}}."""
    chains = {str(c): h for c, h in sorted(chains.items(), key=lambda kv: int(kv[0]))}
    return {
        "seq": sum(int(h["seq"]) for h in chains.values()),
        "hash": fingerprint(chains),
        "chains": chains,
    }


@dataclass
class Verdict:
    ok: bool
    checked: int  # events whose link and hash were checked (after the exported head, or all)
    heads: dict = field(default_factory=dict)  # chain → {"seq", "hash"} of what was walked
    problem: str = ""
    bad_chain: int | None = None
    bad_seq: int | None = None
    full: bool = True  # walked from each chain's genesis, not from the exported head

    @property
    def head_seq(self) -> int:
        return _head_of(self.heads)["seq"]

    @property
    def head_hash(self) -> str:
        return _head_of(self.heads)["hash"]


def _expected_chains(expected_head: dict) -> dict[int, dict]:
    """The chains of an exported head; a head exported before there were several chains is
    chain 1's."""
    if "chains" in expected_head:
        return {int(c): h for c, h in expected_head["chains"].items()}
    return {1: {"seq": expected_head["seq"], "hash": expected_head["hash"]}}


class _Broken(Exception):
    def __init__(self, chain: int, seq: int, problem: str):
        super().__init__(problem)
        self.chain, self.seq, self.problem = chain, seq, problem


@dataclass
class _Walk:
    """Checks links and hashes, event after event. A chain in `anchors` (chain → the exported
    head's seq and hash) starts at that event, which must carry that hash; the others start at
    their genesis. `checked` counts the events after the anchors; `heads` has each chain's
    last event; the first fault raises _Broken."""

    anchors: dict[int, tuple[int, str]]
    heads: dict[int, dict] = field(default_factory=dict)
    checked: int = 0

    def events(self, events: Iterable[AuditEvent]) -> None:
        """`events` ordered by chain, then seq."""
        chain: int | None = None
        prev_hash, expected_seq = "", 1
        for event in events:
            if event.chain != chain:
                chain = event.chain
                prev_hash, expected_seq = genesis(chain), 1
                if chain in self.anchors:
                    prev_hash, expected_seq = self._anchor(event), event.seq + 1
                    continue
            if event.seq != expected_seq:
                raise _Broken(
                    event.chain,
                    expected_seq,
                    f"第{expected_seq}号事件缺失（链在此处断开，下一条为第{event.seq}号）",
                )
            if event.prev_hash != prev_hash:
                raise _Broken(
                    event.chain,
                    event.seq,
                    f"第{event.seq}号事件的前序哈希与上一事件不符（被删除、插入或调换顺序）",
                )
            self._sealed(event)
            prev_hash = event.hash
            self.heads[event.chain] = {"seq": event.seq, "hash": event.hash}
            expected_seq += 1
            self.checked += 1

    def _anchor(self, event: AuditEvent) -> str:
        since, want_hash = self.anchors[event.chain]
        if event.seq != since:
            raise _Broken(event.chain, since, f"导出的链头第{since}号事件缺失")
        if event.hash != want_hash:
            raise _Broken(event.chain, since, f"第{since}号事件与导出的链头哈希不符")
        self._sealed(event)
        self.heads[event.chain] = {"seq": event.seq, "hash": event.hash}
        return event.hash

    @staticmethod
    def _sealed(event: AuditEvent) -> None:
        if _digest(_fields(event)) != event.hash:
            raise _Broken(
                event.chain, event.seq, f"第{event.seq}号事件的内容与其哈希不符（被修改）"
            )


def verify(expected_head: dict | None = None, *, full: bool = False) -> Verdict:
    """Check the audit chains against `expected_head`, a head exported earlier (`export_head`).

    With a head, each chain is walked from the exported head's event on: that event must still
    carry the exported hash, then every link after it is checked, so the cost is what was added
    since the export. Events before the head are not read again: `full=True` (or no head) walks
    every chain from its genesis, then checks the exported head. Either way a chain shorter
    than its exported head (truncation) is caught."""
    expected = _expected_chains(expected_head) if expected_head else {}
    full = full or not expected
    anchors = {} if full else {c: (int(h["seq"]), h["hash"]) for c, h in expected.items()}
    anchors = {c: a for c, a in anchors.items() if a[0]}
    walk = _Walk(anchors)

    def verdict(problem: str = "", chain: int | None = None, seq: int | None = None) -> Verdict:
        problem = f"第{chain}条链：{problem}" if problem else ""
        return Verdict(not problem, walk.checked, walk.heads, problem, chain, seq, full)

    try:
        if full:
            walk.events(AuditEvent.objects.order_by("chain", "seq").iterator(chunk_size=5000))
        else:
            chains = set(AuditHead.objects.filter(seq__gt=0).values_list("id", flat=True))
            for chain in sorted(chains | set(anchors)):
                since = anchors.get(chain, (1,))[0]
                events = AuditEvent.objects.filter(chain=chain, seq__gte=since).order_by("seq")
                walk.events(events.iterator(chunk_size=5000))
    except _Broken as broken:
        return verdict(broken.problem, broken.chain, broken.seq)
    for chain, want in sorted(expected.items()):
        want_seq, want_hash = int(want["seq"]), want["hash"]
        if walk.heads.get(chain, {"seq": 0})["seq"] < want_seq:
            have_seq = (
                AuditEvent.objects.filter(chain=chain).aggregate(last=models.Max("seq"))["last"]
                or 0
            )
            return verdict(
                f"审计链被截断：导出的链头为第{want_seq}号，现仅存至第{have_seq}号",
                chain,
                have_seq + 1,
            )
        if full and want_seq:
            at_head = (
                AuditEvent.objects.filter(chain=chain, seq=want_seq)
                .values_list("hash", flat=True)
                .first()
            )
            if at_head != want_hash:
                return verdict(f"第{want_seq}号事件与导出的链头哈希不符", chain, want_seq)
    return verdict()


def head() -> dict:
    """The current head of every chain (from the head rows), as `export_head` writes it."""
    return _head_of(
        {
            h["id"]: {"seq": h["seq"], "hash": h["hash"]}
            for h in AuditHead.objects.filter(seq__gt=0).values("id", "seq", "hash")
        }
    )


def export_head(path: str | None = None) -> dict:
    """Write the current heads to a file kept off the database (and off-site by the operator)."""
    data = head() | {"exported_at": now_in_beijing().isoformat()}
    target = Path(path or settings.ZHENGWU_AUDIT_HEAD_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return data


def load_head(path: str | None = None) -> dict | None:
    target = Path(path or settings.ZHENGWU_AUDIT_HEAD_FILE)
    if not target.exists():
        return None
    return json.loads(target.read_text(encoding="utf-8"))


def trail(object_type: str, object_id: str, *, parts: dict[str, list] | None = None):
    """A record's events, with those of the rows that are part of it (`parts`: object type →
    keys), as a request's 办理记录 shows its consultations' replies."""
    wanted = Q(object_type=object_type, object_id=str(object_id))
    for part_type, keys in (parts or {}).items():
        wanted |= Q(object_type=part_type, object_id__in=[str(k) for k in keys])
    return AuditEvent.objects.filter(wanted).select_related("actor")
