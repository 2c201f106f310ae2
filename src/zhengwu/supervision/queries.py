"""Read paths of 电子监察: what each supervisor, outside supervisor and unit may see."""

from __future__ import annotations

from django.db.models import Count, Q

from zhengwu.core.models import Clock
from zhengwu.org import scopes
from zhengwu.org.models import Agency, Jurisdiction, Role

from .models import Card

# 电子监察人员 see and act; 政务公开监督员 see the board and cards, read-only.
SUPERVISOR_ROLES = [Role.SUPERVISOR]
READER_ROLES = [Role.SUPERVISOR, Role.OUTSIDE_SUPERVISOR]
UNIT_ROLES = [Role.DEPT_OFFICER, Role.DEPT_HEAD]


def is_supervisor(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or scopes.has_role(user, *SUPERVISOR_ROLES)


def is_reader(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or scopes.has_role(user, *READER_ROLES)


def clocks_visible_to(user):
    if not is_reader(user):
        return Clock.objects.none()
    return Clock.objects.filter(scopes.scope_q(user, READER_ROLES, agency_field="agency"))


def cards_visible_to(user):
    """Supervisors and outside supervisors see their jurisdiction's cards; a unit its own."""
    q = scopes.scope_q(user, READER_ROLES, agency_field="agency") | scopes.scope_q(
        user, UNIT_ROLES, agency_field="agency"
    )
    return Card.objects.filter(q)


def filter_clocks(qs, *, status="", county="", agency="", purpose=""):
    """The board's filters. Unknown values give an empty list, never an error."""
    if status:
        qs = qs.filter(status=status)
    if county:
        j = Jurisdiction.objects.filter(code=county).first()
        qs = qs.filter(scope_path__startswith=j.path) if j else qs.none()
    if agency:
        qs = qs.filter(agency_id=agency) if str(agency).isdigit() else qs.none()
    if purpose:
        qs = qs.filter(purpose=purpose)
    return qs


def board_counts(qs) -> dict[str, int]:
    """Running clocks per supervision state: one grouped, index-served query."""
    rows = (
        qs.filter(state=Clock.RUNNING).values("status").annotate(n=Count("id")).order_by("status")
    )
    return {r["status"]: r["n"] for r in rows}


def agencies_named(ids) -> dict[int, str]:
    return dict(Agency.objects.filter(pk__in={i for i in ids if i}).values_list("id", "name"))


def counties():
    return Jurisdiction.objects.filter(
        Q(level=Jurisdiction.COUNTY) | Q(level=Jurisdiction.PREFECTURE)
    ).order_by("path")


def purposes(qs) -> list[str]:
    return list(qs.order_by().values_list("purpose", flat=True).distinct()[:100])
