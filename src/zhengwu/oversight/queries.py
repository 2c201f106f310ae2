"""What each person sees of 社会监督 (`visible_to`): the office its jurisdiction's roster and
items; a body the items assigned to it; a supervisor the items they filed."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from zhengwu.core.errors import NotFound
from zhengwu.core.models import Clock
from zhengwu.org import scopes
from zhengwu.org.models import Jurisdiction, Role

from .models import Item, Supervisor
from .permissions import BODY_ROLES, OFFICE


def is_office(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or scopes.has_role(user, *OFFICE)


def office_jurisdictions(user) -> list[Jurisdiction]:
    """The jurisdictions whose roster the user keeps (the widest first)."""
    if getattr(user, "is_superuser", False):
        return list(Jurisdiction.objects.filter(parent__isnull=True))
    held = [a.jurisdiction for a in scopes.assignments(user, OFFICE) if a.jurisdiction]
    return sorted(held, key=lambda j: j.path)


def supervisors_visible_to(user):
    """The roster as the office keeps it (its jurisdiction and everything below)."""
    if not is_office(user):
        return Supervisor.objects.none()
    return Supervisor.objects.filter(
        scopes.scope_q(user, OFFICE, agency_field=None)
    ).select_related("jurisdiction", "user")


def items_visible_to(user):
    q = scopes.scope_q(user, OFFICE, agency_field=None)
    body = scopes.scope_q(user, BODY_ROLES, agency_field="agency")
    q |= body & ~Q(state=Item.SUBMITTED)
    if scopes.has_role(user, Role.OUTSIDE_SUPERVISOR):
        q |= Q(supervisor__user=user)
    return Item.objects.filter(q).select_related("agency", "supervisor")


def item(user, pk: int) -> Item:
    found = items_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("该监督事项不存在或不在您的范围内")
    return found


def supervisor(user, pk: int) -> Supervisor:
    found = supervisors_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("该社会监督员不存在或不在您的范围内")
    return found


def to_rectify(user):
    """A body's 待办: items assigned to it, by their due date."""
    return (
        Item.objects.filter(scopes.scope_q(user, BODY_ROLES, agency_field="agency"))
        .filter(state=Item.ASSIGNED_)
        .select_related("agency")
        .order_by("due_on", "id")
    )


def to_confirm(user):
    """Items rectified and waiting for this person's confirmation: a supervisor's own; for the
    office, the press's and those of supervisors without an account."""
    rectified = Item.objects.filter(state=Item.RECTIFIED_)
    mine = Q(supervisor__user=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    office = scopes.scope_q(user, OFFICE, agency_field=None) & (
        Q(supervisor__isnull=True) | Q(supervisor__user__isnull=True)
    )
    return rectified.filter(mine | office).select_related("agency", "supervisor")


def to_assign(user):
    return (
        Item.objects.filter(scopes.scope_q(user, OFFICE, agency_field=None))
        .filter(state=Item.SUBMITTED)
        .select_related("agency", "supervisor")
        .order_by("filed_on", "id")
    )


def running_clocks(items) -> list[Clock]:
    """The running rectification clocks of `items` (预警 and 逾期 as 电子监察 sees them)."""
    return list(
        Clock.objects.filter(
            subject_type=ContentType.objects.get_for_model(Item),
            subject_id__in=[i.pk for i in items],
            state=Clock.RUNNING,
        )
    )
