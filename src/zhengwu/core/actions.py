"""The words of the audit trail, registered once (as Wagtail's `log_actions` registry).

- `register(action, label)`: every action string `audit.record` can write, with its Chinese
  name ("cases.accept" → "受理"). One registration per action; an action recorded without one
  raises while ZHENGWU_AUDIT_ACTIONS_STRICT is on (development and tests) and fails
  tests/core/test_audit_names.py, which reads every `audit.record(` in the code.
- `subject(object_type, noun, name)`: how a kind of record is named on a page ("cases.case" →
  "办件 4331…号 个体工商户设立登记"), `name` taking the ids of a whole page at once.
- `people(describe)`: how an acting account is named (org hands in its function).

Each app registers its own in `<app>/actions.py`, imported by its AppConfig.ready(); core
knows no app. `core.trail` puts the words together for a page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

STAFF, PUBLIC = "staff", "public"  # who reads: staff see colleagues' names, the public does not


@dataclass(frozen=True)
class Action:
    action: str
    label: str
    # The kind of record the event's object_id names, when not the event's own object_type
    # (a failed log in records the login name typed, not an account's key).
    subject: str = ""


@dataclass(frozen=True)
class Subject:
    object_type: str
    noun: str  # "办件": heads the fallback "办件（已删除）"
    # ids (text, as events store them) → names, for a whole page in one query
    name: Callable[[list[str]], dict[str, str]] | None = None
    # what a member of the public acting on such a record is called (申请人, 留言人)
    public: str = ""
    # before/after keys: key → label; or (label, {value: word}); or (label, "org.agency"), the
    # value being the key of that kind of record; a label of None hides the key
    fields: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Person:
    """An acting account as a page names it (`org.people.describe`)."""

    staff: bool
    name: str  # staff: the real name; public: the masked name, or an organisation's name
    post: str = ""  # 岗位, in words
    body: str = ""  # the 机关 (agency, centre or jurisdiction) of that post
    kind: str = ""  # 自然人 / 法人, for a member of the public outside any record

    def shown(self, audience: str = STAFF, public: str = "") -> str:
        """姓名（岗位，机关） for staff readers; the post and body alone for the public; a
        member of the public as 张*（申请人）."""
        if not self.staff:
            return f"{self.name}（{public or self.kind}）" if public or self.kind else self.name
        if audience == PUBLIC:
            return f"{self.body}{self.post}" or "工作人员"
        inside = "，".join(part for part in (self.post, self.body) if part and part != self.name)
        return f"{self.name}（{inside}）" if inside else self.name


_actions: dict[str, Action] = {}
_subjects: dict[str, Subject] = {}
_people: list[Callable] = []


def register(action: str, label: str, *, subject: str = "") -> None:
    if action in _actions:
        raise ImproperlyConfigured(f"审计操作“{action}”已登记为“{_actions[action].label}”")
    _actions[action] = Action(action, label, subject)


def is_registered(action: str) -> bool:
    return action in _actions


def registered() -> dict[str, str]:
    """Every registered action and its name."""
    return {a.action: a.label for a in _actions.values()}


def label(action: str) -> str:
    found = _actions.get(action)
    return found.label if found else f"未登记的操作（{action}）"


def subject_type(action: str, object_type: str) -> str:
    """The kind of record an event of `action` names by its object_id."""
    found = _actions.get(action)
    return (found.subject if found else "") or object_type


def check(action: str) -> None:
    """`audit.record` refuses an unregistered action while ZHENGWU_AUDIT_ACTIONS_STRICT is on."""
    if action not in _actions and settings.ZHENGWU_AUDIT_ACTIONS_STRICT:
        raise ImproperlyConfigured(
            f"审计操作“{action}”尚未登记：请在其应用的 actions.py 中用 "
            "core.actions.register 登记其中文名称"
        )


def subject(
    object_type: str,
    noun: str,
    name: Callable[[list[str]], dict[str, str]] | None = None,
    *,
    public: str = "",
    fields: dict | None = None,
) -> None:
    if object_type in _subjects:
        raise ImproperlyConfigured(f"记录类型“{object_type}”的名称已登记")
    _subjects[object_type] = Subject(object_type, noun, name, public, fields or {})


def subject_of(object_type: str) -> Subject | None:
    return _subjects.get(object_type)


def people(describe: Callable[[Iterable[tuple[int, str]]], dict[tuple[int, str], Person]]):
    """Hand in the function naming accounts: {(user id, roles as recorded): Person}."""
    _people[:] = [describe]
    return describe


def persons(keys: Iterable[tuple[int, str]]) -> dict[tuple[int, str], Person]:
    """The accounts of `keys` (user id, roles as an event records them, "" for any)."""
    keys = set(keys)
    if not keys or not _people:
        return {}
    return _people[0](keys)


# core's own actions (the calendar, the chain itself, the system's backup and keys)
register("calendar.day_set", "设置节假日或调休")
register("calendar.day_removed", "删除节假日或调休")
register("calendar.year_published", "发布年度节假日安排")
register("limits.local_set", "设置本地法定期限")
register("limits.local_removed", "取消本地法定期限")
register("system.restore", "从备份恢复数据")
register("core.field_key_rotated", "更换字段加密密钥")


def _chain_names(ids: list[str]) -> dict[str, str]:
    """A verification of the chain, by how many events it found."""
    return {i: f"审计链（共{i}条事件）" if i.isdigit() else "审计链" for i in ids}


def _backup_names(ids: list[str]) -> dict[str, str]:
    return {i: f"数据备份 {i}" if i else "数据备份" for i in ids}


subject("core.auditevent", "审计链", _chain_names)
subject(
    "core.locallimit",
    "地方期限",
    fields={
        "days": "期限",
        "unit": ("单位", {"workdays": "工作日", "days": "日"}),
        "reason": "理由",
    },
)
subject("system.backup", "数据备份", _backup_names, fields={"audit_head": "备份时的审计链头"})
