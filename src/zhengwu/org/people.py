"""Accounts as pages name them (`core.actions.Person`): staff by real name, post and the body
of that post; a citizen masked (张*); an enterprise by its name. Never a login name, never an
ID number. Two queries for a whole page of names."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from zhengwu.core.actions import Person
from zhengwu.core.masking import mask_name

from .models import Role, RoleAssignment, User

POSTS = dict(Role.choices)


def _body(assignment: RoleAssignment) -> str:
    if assignment.centre is not None:
        return assignment.centre.name
    if assignment.agency is not None:
        return assignment.agency.name
    assert assignment.jurisdiction is not None  # role_has_scope: no agency, so a jurisdiction
    return assignment.jurisdiction.name


def _staff(user: User, held: list[RoleAssignment], roles: str) -> Person:
    """The posts the event recorded (all the user holds when it recorded none), with the body
    of the first; a post since given up is still named, without its body."""
    codes = [c for c in roles.split(",") if c]
    chosen = [a for a in held if a.role in codes] if codes else held
    posts = list(dict.fromkeys(POSTS.get(a.role, "") for a in chosen))
    posts += [POSTS[c] for c in codes if c in POSTS and POSTS[c] not in posts]
    if not posts and user.is_superuser:
        posts = ["系统管理员"]
    return Person(
        staff=True,
        name=user.real_name or "工作人员",
        post="、".join(p for p in posts if p),
        body=_body(chosen[0]) if chosen else "",
    )


def person(user: User, held: Iterable[RoleAssignment] = (), roles: str = "") -> Person:
    if user.kind == User.STAFF:
        return _staff(user, list(held), roles)
    if user.kind == User.ENTERPRISE:
        return Person(staff=False, name=user.real_name or "法人", kind="法人")
    return Person(staff=False, name=mask_name(user.real_name) or "公众", kind="自然人")


def describe(keys: Iterable[tuple[int, str]]) -> dict[tuple[int, str], Person]:
    """{(user id, roles as an event recorded them): Person} for every key whose user exists."""
    keys = set(keys)
    users = User.objects.only("id", "kind", "real_name", "is_superuser").in_bulk(
        {uid for uid, _ in keys}
    )
    staff = [u.pk for u in users.values() if u.kind == User.STAFF]
    held = defaultdict(list)
    for a in (
        RoleAssignment.objects.filter(user_id__in=staff)
        .select_related("agency", "jurisdiction", "centre")
        .order_by("id")
    ):
        held[a.user_id].append(a)
    return {
        (uid, roles): person(users[uid], held[uid], roles) for uid, roles in keys if uid in users
    }
