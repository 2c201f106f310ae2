"""三集中、三到位 (R4.2): each window's 首席代表 and the in-centre items whose decision their agency
delegates to them (授权审批). "权进中心" is the share of the in-centre active items so delegated:
`decided_in_centre`, registered as the figure `services.decided_in_centre`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.org import permissions, scopes
from zhengwu.org.models import Agency, Role, RoleAssignment, User, Window

from .models import ChiefRepresentative, Item

APPOINT = "services.chief.appoint"
ITEMS = "services.chief.items"
REMOVE = "services.chief.remove"


def chiefs_visible_to(user):
    q = scopes.scope_q(user, [Role.OPENNESS_ADMIN, Role.SUPERVISOR], agency_field=None)
    return ChiefRepresentative.objects.filter(q).select_related(
        "user", "agency", "window", "window__centre"
    )


def delegable_items(agency: Agency):
    """The agency's active items handled in the centre: what a chief representative may decide."""
    return Item.objects.filter(agency=agency, in_centre=True, state=Item.ACTIVE).order_by(
        "basic_code", "name"
    )


def candidates(window: Window):
    """Staff holding a role at one of the window's stationed agencies."""
    return (
        User.objects.filter(
            kind=User.STAFF, roles__agency__in=window.agencies.all(), is_active=True
        )
        .distinct()
        .order_by("real_name", "username")
    )


def _items(agency: Agency, ids) -> list[Item]:
    wanted = {int(i) for i in ids if str(i).strip().isdigit()}
    found = list(delegable_items(agency).filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise Invalid(
            f"所选事项须为{agency.name}在用且进驻中心的事项",
            code="item_not_delegable",
            field="items",
        )
    return found


def _snapshot(chief: ChiefRepresentative) -> dict:
    return {
        "user": chief.user.real_name or chief.user.username,
        "agency": chief.agency.name,
        "items": sorted(chief.items.values_list("name", flat=True)),
        "appointed_on": chief.appointed_on.isoformat(),
    }


@transaction.atomic
def appoint(
    window: Window,
    user: User,
    agency: Agency,
    item_ids=(),
    *,
    by,
    appointed_on: dt.date | None = None,
) -> ChiefRepresentative:
    """Name `user` the 首席代表 of `agency` at `window`, with the items delegated to them."""
    if by is not None:
        permissions.require(by, APPOINT, agency_id=None, path=window.centre.scope_path)
    if not window.agencies.filter(pk=agency.pk).exists():
        raise Invalid(f"{agency.name}未进驻该窗口", code="agency_not_stationed", field="agency")
    if not RoleAssignment.objects.filter(user=user, agency=agency).exists():
        raise Invalid(
            f"首席代表须为{agency.name}的工作人员：请先在人员名录中为其分配该单位的角色",
            code="not_agency_staff",
            field="user",
        )
    if ChiefRepresentative.objects.filter(window=window, agency=agency).exists():
        raise Invalid(
            f"{agency.name}在该窗口已有首席代表，请修改其授权事项",
            code="chief_exists",
            field="agency",
        )
    items = _items(agency, item_ids)
    chief = ChiefRepresentative.objects.create(
        window=window,
        user=user,
        agency=agency,
        appointed_on=appointed_on or timezone.localdate(),
    )
    chief.items.set(items)
    audit.record(APPOINT, chief, actor=by, after=_snapshot(chief))
    return chief


@transaction.atomic
def set_items(chief: ChiefRepresentative, item_ids, *, by) -> ChiefRepresentative:
    if by is not None:
        permissions.require(by, ITEMS, agency_id=None, path=chief.window.centre.scope_path)
    before = _snapshot(chief)
    chief.items.set(_items(chief.agency, item_ids))
    after = _snapshot(chief)
    if after != before:
        audit.record(ITEMS, chief, actor=by, before=before, after=after)
    return chief


@transaction.atomic
def remove(chief: ChiefRepresentative, *, by) -> None:
    if by is not None:
        permissions.require(by, REMOVE, agency_id=None, path=chief.window.centre.scope_path)
    audit.record(REMOVE, chief, actor=by, before=_snapshot(chief))
    chief.delete()


def chief_in_scope(user, pk) -> ChiefRepresentative:
    chief = chiefs_visible_to(user).filter(pk=pk).first()
    if chief is None:
        raise NotFound("未找到该首席代表，或不在您的管辖范围内")
    return chief


def decided_in_centre(jurisdiction, agency=None, year=None) -> dict:
    """权进中心: active in-centre items of the subtree (or one agency) delegated to a chief
    representative / all active in-centre items."""
    items = Item.objects.filter(
        scope_path__startswith=jurisdiction.path, state=Item.ACTIVE, in_centre=True
    )
    if agency is not None:
        items = items.filter(agency=agency)
    return {
        "numerator": items.filter(chiefs__isnull=False).distinct().count(),
        "denominator": items.count(),
    }
