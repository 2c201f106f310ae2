"""The audit trail as a person reads it: each event's time in 北京时间, who acted (姓名（岗位，
机关）, the public masked), what was done in words, the record it concerns by what people call
it, and its before/after as field names and values in words, personal numbers masked.

Everything is named in bulk for a page of events: one query per kind of record named (the
subjects and the records their values point to) and two for the people, however many events.
The words come from `core.actions` (registered by each app); nothing here is stored, so what
the chain hashes is untouched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from . import actions
from .masking import mask_text
from .models import AuditEvent
from .times import beijing

CJK = re.compile(r"[\u4e00-\u9fff]")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
NOTHING = "无"
UNNAMED = object()
USERS = settings.AUTH_USER_MODEL.lower()
# Keys of a snapshot that say nothing to a reader: the record's own key (the subject names it),
# the row version and the scope paths (where the unit sits: the unit is named).
QUIET = {"id", "version", "scope_path", "origin_path", "subject_type_id", "subject_type"}
# Words for keys no model field names; an app names its own in `actions.subject(fields=…)`.
COMMON = {
    "reason": "理由",
    "note": "说明",
    "days": "天数",
    "on": "日期",
    "state": "状态",
    "status": "状态",
    "name": "名称",
    "title": "标题",
    "kind": "类型",
    "count": "数量",
    "year": "年度",
    "source": "依据",
    "address": "网络地址",
    "minutes": "锁定分钟数",
    "failures": "失败次数",
    "created": "新增",
    "updated": "更新",
    "published_at": "发布时间",
    "due_on": "截止日",
    "result": "结果",
    "comment": "意见",
    "ok": "是否完好",
    "checked": "已校验事件数",
    "problem": "发现的问题",
}


@dataclass
class Line:
    """One event, in words."""

    event: AuditEvent
    at: str
    actor: str
    action: str
    subject: str
    changes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return self.event.success

    @property
    def place(self) -> str:
        return f"第{self.event.chain}链第{self.event.seq}号"

    @property
    def hash(self) -> str:
        return self.event.hash


# ---------------------------------------------------------------- records by name


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _noun(object_type: str) -> str:
    registered = actions.subject_of(object_type)
    if registered:
        return registered.noun
    model = _model(object_type)
    noun = str(model._meta.verbose_name) if model else ""
    return noun if CJK.search(noun) else "记录"


def _by_str(object_type: str, ids: list[str]) -> dict[str, str]:
    """A record with no namer registered: its kind, and its own name if it has one."""
    model = _model(object_type)
    keys = [int(i) for i in ids if i.isdigit()]
    if model is None or not keys:
        return {}
    noun = _noun(object_type)
    plain = model.__str__ is models.Model.__str__  # "Remedy object (3)" says nothing
    return {
        str(pk): noun if plain else f"{noun} {mask_text(str(obj))}"
        for pk, obj in model._default_manager.in_bulk(keys).items()
    }


def names(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """{(object type, object id): what people call it}, one query per object type. A record
    since deleted is "办件（已删除）"; an event about a kind as a whole (no id), the kind."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for object_type, object_id in pairs:
        wanted[object_type].add(str(object_id))
    out = {}
    for object_type, id_set in wanted.items():
        if not object_type:
            out.update({("", i): NOTHING for i in id_set})
            continue
        registered = actions.subject_of(object_type)
        ids = sorted(id_set)
        named = registered.name if registered and registered.name else None
        found = named(ids) if named else _by_str(object_type, ids)
        noun = _noun(object_type)
        for i in ids:
            out[(object_type, i)] = found.get(i) or (f"{noun}（已删除）" if i else noun)
    return out


def name(object_type: str, object_id: str) -> str:
    return names([(object_type, object_id)])[(object_type, str(object_id))]


def people(
    user_ids: Iterable[int | None], *, audience: str = actions.STAFF, public: str = ""
) -> dict[int, str]:
    """Accounts as the trail names them, for rows that record a user but no post (a case's
    办理记录): staff by every post they hold, the public masked."""
    found = actions.persons((uid, "") for uid in user_ids if uid)
    return {uid: person.shown(audience, public) for (uid, _), person in found.items()}


# ---------------------------------------------------------------- before and after in words


def _field(model, key: str):
    if model is None:
        return None
    try:
        found = model._meta.get_field(key)  # by name or, for a relation, by its attname
    except FieldDoesNotExist:
        return None
    return found if getattr(found, "concrete", False) else None  # not a reverse relation


def _label(model, key: str, spec) -> str:
    """The registered label, else the field's verbose_name (for a relation without one, the
    name of the kind of record it points to), else a common word."""
    if isinstance(spec, tuple):
        return spec[0]
    if isinstance(spec, str):
        return spec
    found = _field(model, key)
    if found is not None:
        words = str(getattr(found, "verbose_name", ""))
        if CJK.search(words):
            return words
        related = getattr(found, "related_model", None)
        if related is not None and CJK.search(str(related._meta.verbose_name)):
            return str(related._meta.verbose_name)
    return COMMON.get(key, key)


def _points_to(model, key: str, spec) -> str:
    """The object type a key's value is the key of ("" if none): a relation, or as registered."""
    if isinstance(spec, tuple) and isinstance(spec[1], str):
        return spec[1]
    found = _field(model, key)
    if found is None or not found.is_relation or found.related_model is None:
        return ""
    return found.related_model._meta.label_lower


def _words(model, key: str, spec) -> dict | None:
    if isinstance(spec, tuple):
        return spec[1] if isinstance(spec[1], dict) else None
    choices = getattr(_field(model, key), "choices", None)
    return dict(choices) if choices else None


def _order(model, keys: Iterable[str]) -> list[str]:
    """Keys in the order of the model's fields (status before the dates), the others after."""
    place: dict[str, int] = {}
    if model is not None:
        for n, f in enumerate(model._meta.concrete_fields):
            place.setdefault(f.name, n)
            place.setdefault(f.attname, n)
    keys = list(dict.fromkeys(keys))
    return sorted(keys, key=lambda k: place.get(k, len(place) + keys.index(k)))


@dataclass
class _Reader:
    """Turns the before/after of a page of events into words, naming every record a value
    points to in one query per kind of record."""

    audience: str
    pointed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    accounts: set[tuple[int, str]] = field(default_factory=set)
    named: dict = field(default_factory=dict)
    persons: dict = field(default_factory=dict)

    @staticmethod
    def _specs(event: AuditEvent) -> dict:
        registered = actions.subject_of(event.object_type)
        return registered.fields if registered else {}

    def collect(self, event: AuditEvent) -> None:
        model, specs = _model(event.object_type), self._specs(event)
        for picture in (event.before, event.after):
            if not isinstance(picture, dict):
                continue
            for key, value in picture.items():
                if value in (None, "") or isinstance(value, (list, dict, bool)):
                    continue
                related = _points_to(model, key, specs.get(key))
                if related == USERS and str(value).isdigit():
                    self.accounts.add((int(value), ""))
                elif related:
                    self.pointed[related].add(str(value))

    def resolve(self) -> None:
        self.named = names((t, i) for t, ids in self.pointed.items() for i in ids)
        self.persons = actions.persons(self.accounts)

    def changes(self, event: AuditEvent) -> list[tuple[str, str]]:
        before, after = event.before, event.after
        if not isinstance(before, dict) and not isinstance(after, dict):
            value = after if after is not None else before
            return [] if value is None else [("内容", self.word(value))]
        before, after = before or {}, after or {}
        model, specs = _model(event.object_type), self._specs(event)
        out = []
        for key in _order(model, [*before, *after]):
            spec = specs.get(key, UNNAMED)
            if spec is None or (spec is UNNAMED and key in QUIET):
                continue  # hidden by its app, or quiet
            spec = None if spec is UNNAMED else spec
            related, words = _points_to(model, key, spec), _words(model, key, spec)
            if key in before and key in after:
                if before[key] == after[key]:
                    continue
                was, now = (self.word(v, related, words) for v in (before[key], after[key]))
                text = f"{was} → {now}"
            else:
                text = self.word(after[key] if key in after else before[key], related, words)
            out.append((_label(model, key, spec), text))
        return out

    def word(self, value, related: str = "", words: dict | None = None) -> str:
        """A value in words: a choice by its label, a key by the record it names, a time in
        北京时间, personal numbers in text masked."""
        if value is None or value == "" or value == [] or value == {}:
            return NOTHING
        if isinstance(value, list):
            return "、".join(self.word(v, related, words) for v in value)
        if isinstance(value, dict):
            return "，".join(
                f"{(words or {}).get(k) or COMMON.get(k, k)} {self.word(v)}"
                for k, v in value.items()
            )
        if isinstance(value, bool):
            return "是" if value else "否"
        if words and value in words:
            return str(words[value])
        if related == USERS and str(value).isdigit():
            person = self.persons.get((int(value), ""))
            return person.shown(self.audience) if person else "账户（已删除）"
        if related:
            named = self.named.get((related, str(value)), NOTHING)
            return named.removeprefix(f"{_noun(related)} ")  # "事项：X", not "事项：事项 X"
        if isinstance(value, str):
            return beijing(value) if ISO_MOMENT.match(value) else mask_text(value)
        return str(value)


# ---------------------------------------------------------------- the events


def _actor(event: AuditEvent, persons: dict, audience: str, public: str) -> str:
    if event.actor_id:
        person = persons.get((event.actor_id, event.role))
        return person.shown(audience, public) if person else "账户（已删除）"
    if event.actor_label and CJK.search(event.actor_label):
        return mask_text(event.actor_label)  # "系统账户 root": a restore from the command line
    if event.request_id:  # a request nobody was logged in for
        return public or "未登录的访问者"
    return "系统"


def lines(events: Iterable[AuditEvent], *, audience: str = actions.STAFF) -> list[Line]:
    """The events in words, in the order given."""
    events = list(events)
    subjects = {e.pk: (actions.subject_type(e.action, e.object_type), e.object_id) for e in events}
    named = names(subjects.values())
    persons = actions.persons((e.actor_id, e.role) for e in events if e.actor_id)
    reader = _Reader(audience)
    for e in events:
        reader.collect(e)
    reader.resolve()
    out = []
    for e in events:
        registered = actions.subject_of(subjects[e.pk][0])
        public = registered.public if registered else ""
        out.append(
            Line(
                event=e,
                at=beijing(e.at),
                actor=_actor(e, persons, audience, public),
                action=actions.label(e.action),
                subject=named[subjects[e.pk]],
                changes=reader.changes(e),
            )
        )
    return out
