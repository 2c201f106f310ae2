"""Who may take each action on a case (`org.permissions`): one rule per action `actions.py`
registers, read by the services and by tests/org/test_permission_map.py.

Three actions depend on the case's current step, whose role the item's flow names (the
catalogue lets a step be any role): a step is taken by its own role (and an officer's by the
head of the agency too), the decision by the decision step's roles, delivery by the window or
the current step's role. Their rules name every role a step may carry, and the services narrow
them to the step's (`require`); filing narrows `cases.submit` to the channel's roles.
"""

from __future__ import annotations

from collections.abc import Iterable

from zhengwu.core.errors import NotAllowed
from zhengwu.org import permissions, scopes
from zhengwu.org.models import Role

INTAKE_ROLES = [Role.WINDOW_CLERK, Role.DEPT_OFFICER, Role.DEPT_HEAD]
HANDLING_ROLES = [Role.DEPT_OFFICER, Role.DEPT_HEAD]
STEP_ROLES = list(Role.values)  # a flow's step may name any role (services.models.Step.role)

permissions.rule("cases.submit", "申请登记", [*INTAKE_ROLES, Role.VILLAGE_AGENT], public=True)
permissions.rule(
    "cases.supplement", "补正材料登记", [*INTAKE_ROLES, Role.VILLAGE_AGENT], public=True
)
permissions.rule("cases.accept", "受理", INTAKE_ROLES)
permissions.rule("cases.deemed_accept", "视为受理", system=True)
permissions.rule("cases.refuse", "不予受理", INTAKE_ROLES)
permissions.rule("cases.request_supplement", "一次性告知", INTAKE_ROLES)
permissions.rule("cases.advance", "环节办理", STEP_ROLES)
permissions.rule("cases.decide", "作出决定", STEP_ROLES)
permissions.rule("cases.deliver", "送达", [*INTAKE_ROLES, *STEP_ROLES])
permissions.rule("cases.suspend", "中止计时", HANDLING_ROLES)
permissions.rule("cases.resume", "恢复计时", HANDLING_ROLES)
permissions.rule("cases.extend", "批准延长办理期限", [Role.DEPT_HEAD])
permissions.rule("cases.charge_fee", "收费", INTAKE_ROLES)


def step_roles(step) -> list[str]:
    """The step's own role; the head of the agency may also act on an officer's step."""
    return [step.role, Role.DEPT_HEAD] if step.role == Role.DEPT_OFFICER else [step.role]


def allows_as(user, action: str, roles: Iterable[str], *, agency_id: int | None, path: str) -> bool:
    """`permissions.allows`, narrowed to those of the rule's roles that are in `roles`."""
    found = permissions.rule_for(action)
    narrowed = found.roles & set(roles)
    if not narrowed:  # (`covers` reads no roles as any role)
        return bool(getattr(user, "is_superuser", False))
    return scopes.covers(
        user, agency_id=agency_id if found.by_agency else None, path=path, roles=narrowed
    )


def require(user, action: str, case, *, roles: Iterable[str] | None = None, what: str = "") -> None:
    """`permissions.require` on `case` (its agency, its scope); with `roles`, narrowed as
    `allows_as` (the current step's), `what` naming the step's own work."""
    if roles is None:
        permissions.require(user, action, agency_id=case.agency_id, path=case.scope_path)
    elif not allows_as(user, action, roles, agency_id=case.agency_id, path=case.scope_path):
        found = permissions.rule_for(action)
        raise NotAllowed(f"您没有在该单位或辖区进行{what or found.what}的权限")
