"""Scopes: the one mechanism by which lists and objects are limited to what a user may see.

Every record belongs to an agency in a jurisdiction and carries that jurisdiction's `scope_path`.
A staff role over an agency sees that agency's records; a role over a jurisdiction sees every
record whose path starts with the jurisdiction's path. `visible_to` in each app's queries.py
builds its queryset with `scope_q`; per-object checks use `can_act` with the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from zhengwu.core.errors import NotAllowed

from .models import Role, RoleAssignment, User


def assignments(user, roles: Iterable[str] | None = None) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False) or getattr(user, "kind", None) != User.STAFF:
        return []
    cache = getattr(user, "_role_cache", None)
    if cache is None:
        cache = list(user.roles.select_related("agency", "jurisdiction"))
        user._role_cache = cache
    wanted = set(roles) if roles else None
    return [a for a in cache if wanted is None or a.role in wanted]


def has_role(user, *roles: str) -> bool:
    return bool(assignments(user, roles or None))


def scope_q(
    user,
    roles: Iterable[str] | None = None,
    *,
    agency_field: str | None = "agency",
    path_field: str = "scope_path",
) -> Q:
    """A Q that keeps the rows `user` may see through any of `roles` (all roles if None).

    A superuser sees everything; nobody else sees anything without a role.
    """
    if getattr(user, "is_superuser", False):
        return Q()
    q = Q(pk__in=[])
    for a in assignments(user, roles):
        if a.agency_id and agency_field:
            q |= Q(**{f"{agency_field}_id": a.agency_id})
        elif a.agency_id:
            q |= Q(**{path_field: a.path})
        else:
            q |= Q(**{f"{path_field}__startswith": a.path})
    return q


@dataclass(frozen=True)
class Reach:
    """`scope_q` as plain values, for a query that is not a queryset (the search index's SQL):
    everything (a superuser), or the agencies held and the jurisdiction paths held."""

    everything: bool = False
    agency_ids: tuple[int, ...] = ()
    paths: tuple[str, ...] = ()


def reach(user, roles: Iterable[str] | None = None) -> Reach:
    if getattr(user, "is_superuser", False):
        return Reach(everything=True)
    held = assignments(user, roles)
    return Reach(
        agency_ids=tuple(sorted({a.agency_id for a in held if a.agency_id})),
        paths=tuple(sorted({a.path for a in held if not a.agency_id})),
    )


def covers(user, *, agency_id: int | None, path: str, roles: Iterable[str] | None = None) -> bool:
    """The per-object form of `scope_q`."""
    if getattr(user, "is_superuser", False):
        return True
    for a in assignments(user, roles):
        if a.agency_id:
            if agency_id is not None and a.agency_id == agency_id:
                return True
        elif path.startswith(a.path):  # a role over a jurisdiction
            return True
    return False


def require(
    user, *, agency_id: int | None, path: str, roles: Iterable[str], what: str = "此操作"
) -> None:
    if not covers(user, agency_id=agency_id, path=path, roles=roles):
        raise NotAllowed(f"您没有在该单位或辖区进行{what}的权限")


def role_label(code: str) -> str:
    return Role(code).label if code in Role.values else code
