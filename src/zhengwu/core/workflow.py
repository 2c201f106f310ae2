"""One way to change a record's state, in every app.

Each model that moves through states declares them once, beside its fields, as a table a reader
can follow without reading the functions (`Workflow`): which actions there are, from which
states each may be taken and the state it leaves the record in. The action is named as its
audit event and its permission rule are ("interaction.message_accepted"), so the three meet.

Every action function has the same shape (docs/architecture.md, "Changing a record"):

    def accept(message, *, by, version=None):
        permissions.require(by, ACCEPTED, agency_id=message.agency_id, path=message.scope_path)
        with workflow.transition(message, ACCEPTED, by=by, version=version) as change:
            change.obj.accepted_on = today()
        notify(...)                       # after the change, outside it
        return change.obj

`transition` opens the transaction, locks the row (`select_for_update`), refuses a stale
`version` (409, “已被他人处理”) and an action the record's state does not allow (409, in the
table's words), hands the locked row to the block, then moves it to the table's target state,
counts its version up, saves the fields that changed and appends the audit event with their
before and after, all in that one transaction. A refused attempt leaves a failed audit event
after its transaction has rolled back (security-rules §5.5 B).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models, router, transaction

from . import audit
from .errors import Conflict, NotFound


@dataclass(frozen=True)
class Transition:
    action: str  # the audit event's and the permission rule's name
    label: str  # 受理: completes “当前状态为“已办结”，不能受理”
    sources: tuple[str, ...]  # the states it may be taken from; () = any state
    # the state it leaves the record in; None = unchanged; a tuple = one of these, as the person
    # acting decides (受理 or 不予受理): the block sets it and the change checks it landed there
    target: str | tuple[str, ...] | None = None
    refused: str = ""  # the refusal in the office's words, where the generic one reads badly


class Workflow:
    """The states of a model's `field` and the actions between them."""

    def __init__(self, field_name: str, *transitions: Transition) -> None:
        self.field = field_name
        self.transitions = {t.action: t for t in transitions}
        if len(self.transitions) != len(transitions):
            raise ValueError("同一操作登记了两次")

    def __getitem__(self, action: str) -> Transition:
        return self.transitions[action]

    def allows(self, obj: models.Model, action: str) -> bool:
        t = self.transitions[action]
        return not t.sources or getattr(obj, self.field) in t.sources

    def check(self, obj: models.Model, action: str) -> None:
        """Refuse (409) an action the record's current state does not allow."""
        if self.allows(obj, action):
            return
        t = self.transitions[action]
        state = getattr(obj, f"get_{self.field}_display")()
        raise Conflict(
            t.refused or f"该{obj._meta.verbose_name}当前状态为“{state}”，不能{t.label}",
            code="wrong_state",
        )

    def table(self, model: type[models.Model]) -> list[dict]:
        """The workflow in words: one row per action (操作, 可办理状态, 办理后状态)."""
        names = dict(getattr(model._meta.get_field(self.field), "flatchoices", ()))
        return [
            {
                "action": t.action,
                "label": t.label,
                "from": [str(names.get(s, s)) for s in t.sources] or ["任何状态"],
                "to": "或".join(str(names.get(s, s)) for s in _targets(t)) or "不变",
            }
            for t in self.transitions.values()
        ]


def _targets(t: Transition) -> tuple[str, ...]:
    return (t.target,) if isinstance(t.target, str) else (t.target or ())


def check_version(obj: models.Model, version) -> None:
    """A caller that read the record at `version` acts on it only if nobody changed it since."""
    current = getattr(obj, "version", None)
    if version in (None, "") or current is None:
        return
    try:
        stale = int(version) != current
    except (TypeError, ValueError):
        stale = True
    if stale:
        raise Conflict(
            f"该{obj._meta.verbose_name}已被他人处理，请刷新后查看最新状态", code="stale_version"
        )


def _values(obj: models.Model) -> dict[str, object]:
    return {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


M = TypeVar("M", bound=models.Model)


@dataclass
class Change(Generic[M]):
    """The locked record handed to the block, and what the audit event should add."""

    obj: M
    transition: Transition | None
    notes: dict = field(default_factory=dict)

    def note(self, **values) -> None:
        """Record with the event what is not a field of the row (a reason, a day)."""
        self.notes.update(values)


def record_refusal(action: str, model: type[models.Model], pk, *, by, message: str) -> None:
    """The trace a refused attempt leaves once its transaction has rolled back."""
    audit.record(
        action,
        actor=by,
        success=False,
        object_type=model._meta.label_lower,
        object_id=str(pk),
        after={"conflict": message},
    )


@contextlib.contextmanager
def transition(
    obj: M,
    action: str,
    *,
    by,
    version=None,
    related: Iterable[str] = (),
    workflow: Workflow | None = None,
) -> Iterator[Change[M]]:
    """Lock `obj`'s row, check its version and state for `action`, let the block change it,
    then save what changed and append the audit event: one transaction (module docstring).
    A model without a workflow table (or an action not in it) is locked and audited alike."""
    model = type(obj)
    flow = workflow or getattr(model, "workflow", None)
    step = flow.transitions.get(action) if flow else None
    try:
        with transaction.atomic(using=router.db_for_write(model)):
            query = model._default_manager.select_related(*related).select_for_update(of=("self",))
            try:
                locked = query.get(pk=obj.pk)
            except ObjectDoesNotExist:
                raise NotFound(f"该{model._meta.verbose_name}不存在") from None
            check_version(locked, version)
            if step is not None and flow is not None:
                flow.check(locked, action)
            before = _values(locked)
            change = Change(locked, step)
            yield change
            if flow is not None and step is not None:
                if isinstance(step.target, str):
                    if getattr(locked, flow.field) == before[flow.field]:
                        setattr(locked, flow.field, step.target)
                elif step.target and getattr(locked, flow.field) not in step.target:
                    raise ValueError(f"{action} 应使记录进入 {step.target} 之一")
            after = _values(locked)
            # auto_now stamps (updated_at) are saved with any change but are not the change
            stamped = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
            changed = [n for n, old in before.items() if after[n] != old and n not in stamped]
            if changed and hasattr(locked, "version"):
                locked.version += 1  # type: ignore[attr-defined]
                changed.append("version")
            if changed:
                locked.save(update_fields=[*changed, *stamped])
            audit.record(
                action,
                locked,
                actor=by,
                before={n: before[n] for n in changed} or None,
                # (a snapshot of no names would be the whole row)
                after={**(audit.snapshot(locked, changed) if changed else {}), **change.notes}
                or None,
            )
    except Conflict as refused:
        record_refusal(action, model, obj.pk, by=by, message=refused.message)
        raise
    obj.__dict__.update(locked.__dict__)  # the caller's copy shows the change, as with save()
