"""Who may take each action: one map, as CKAN's `logic/auth/`.

Each app declares in its own `permissions.py` (imported by its AppConfig.ready()) one rule per
action it records in the audit trail, under the same name ("interaction.accept"):

    permissions.rule("interaction.accept", "受理留言", [Role.DEPT_OFFICER, Role.DEPT_HEAD])

- `roles`: the staff roles that may take it on a record in their scope (an agency-bound role on
  its agency's records, a jurisdiction role on every record under the jurisdiction; with
  `by_agency=False` only the jurisdiction path counts);
- `public`: a member of the public takes it (submits, rates, withdraws their own) — the service
  checks ownership itself;
- `system`: the platform takes it (a scheduled task, a deadline passing).

Services call `require(user, action, agency_id=…, path=…)`; the refusal names the action in
words. Where no one record is at hand yet (a workbench page, a scheme of the whole platform),
`allows_somewhere`/`require_somewhere` ask whether the user holds one of the rule's roles at all. tests/org/test_permission_map.py reads the same map: an audited action without a rule, or
a rule whose roles reach outside their scope, fails it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from zhengwu.core.errors import NotAllowed

from . import scopes


@dataclass(frozen=True)
class Rule:
    action: str
    what: str  # 受理留言: completes “您没有在该单位或辖区进行受理留言的权限”
    roles: frozenset[str]
    public: bool = False
    system: bool = False
    by_agency: bool = True


_rules: dict[str, Rule] = {}


def rule(
    action: str,
    what: str,
    roles: Iterable[str] = (),
    *,
    public: bool = False,
    system: bool = False,
    by_agency: bool = True,
) -> Rule:
    if action in _rules:
        raise ImproperlyConfigured(f"操作“{action}”的权限已登记")
    found = Rule(action, what, frozenset(roles), public, system, by_agency)
    if not (found.roles or public or system):
        raise ImproperlyConfigured(f"操作“{action}”没有任何人可以办理")
    _rules[action] = found
    return found


def rules() -> dict[str, Rule]:
    return dict(_rules)


def rule_for(action: str) -> Rule:
    try:
        return _rules[action]
    except KeyError:
        raise ImproperlyConfigured(
            f"操作“{action}”尚未登记权限：请在其应用的 permissions.py 中用 org.permissions.rule 登记"
        ) from None


def allows(user, action: str, *, agency_id: int | None, path: str) -> bool:
    """May `user`, as staff, take `action` on a record of `agency_id` under `path`?"""
    found = rule_for(action)
    return bool(found.roles) and scopes.covers(
        user,
        agency_id=agency_id if found.by_agency else None,
        path=path,
        roles=found.roles,
    )


def require(user, action: str, *, agency_id: int | None, path: str) -> None:
    if not allows(user, action, agency_id=agency_id, path=path):
        raise NotAllowed(f"您没有在该单位或辖区进行{rule_for(action).what}的权限")


def allows_somewhere(user, action: str) -> bool:
    """May `user` take `action` on some record: a role of the rule held anywhere (a page's or a
    list's first gate, before any one record is known; the list is then cut by its scope)."""
    found = rule_for(action)
    if not found.roles:
        return False
    return bool(getattr(user, "is_superuser", False)) or scopes.has_role(user, *found.roles)


def require_somewhere(user, action: str) -> None:
    if not allows_somewhere(user, action):
        raise NotAllowed(f"您没有进行{rule_for(action).what}的权限")
