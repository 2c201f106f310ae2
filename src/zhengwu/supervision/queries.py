"""Read paths of 电子监察: what each supervisor, outside supervisor and unit may see."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from zhengwu.core import audit
from zhengwu.core.models import AuditEvent, Clock
from zhengwu.core.times import BEIJING
from zhengwu.org import permissions, scopes
from zhengwu.org.models import Agency, Jurisdiction, Role

from .models import Card

# 电子监察人员 see and act; 政务公开监督员 see the board and cards, read-only.
SUPERVISOR_ROLES = [Role.SUPERVISOR]
READER_ROLES = [Role.SUPERVISOR, Role.OUTSIDE_SUPERVISOR]
UNIT_ROLES = [Role.DEPT_OFFICER, Role.DEPT_HEAD]


def is_supervisor(user) -> bool:
    return permissions.allows_somewhere(user, "supervision.view_trail")


def is_reader(user) -> bool:
    return permissions.allows_somewhere(user, "supervision.view")


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


# How many of a subject's events a card's trail shows before the card: the latest.
CARD_TRAIL_BEFORE = 100


def _sweep_of(card: Card):
    """The day's sweep that inserted `card`: by the sweep's run, else by its list of cards (the
    first 500), else the one that inserted more cards than it listed."""
    sweeps = list(
        AuditEvent.objects.filter(
            action="supervision.sweep",
            object_type="supervision.sweep",
            object_id=card.issued_on.isoformat(),
        ).order_by("id")
    )
    facts = [(e, e.after if isinstance(e.after, dict) else {}) for e in sweeps]
    for test in (
        lambda a: card.run and a.get("run") == card.run,
        lambda a: card.pk in a.get("card_ids", []),
        lambda a: "run" not in a and a.get("cards", 0) > len(a.get("card_ids", [])),
    ):
        found = [e for e, after in facts if test(after)]
        if found:
            return found[0]
    return None


def card_events(card: Card) -> list[AuditEvent]:
    """What made the card and what followed: the events of its subject up to the card (the
    latest CARD_TRAIL_BEFORE), the event that issued it (its own `supervision.card_issued`, or
    the sweep that inserted it) and the card's own events (整改反馈, 审核), in time order."""
    own = list(audit.trail("supervision.card", str(card.pk)))
    issued = next((e for e in own if e.action == "supervision.card_issued"), None)
    issued = issued or _sweep_of(card)
    ct = ContentType.objects.get_for_id(card.subject_type_id)
    before = audit.trail(f"{ct.app_label}.{ct.model}", str(card.subject_id))
    if issued is not None:
        # up to the card, and the change whose request raised it (an irregularity is reported
        # inside the transition, before the transition's own event)
        same_request = Q(request_id=issued.request_id) if issued.request_id else Q(pk__in=[])
        before = before.filter(Q(at__lte=issued.at) | same_request)
    else:  # no event issued it (a card older than its event): what came before its day
        before = before.filter(at__lt=dt.datetime.combine(card.issued_on, dt.time(), BEIJING))
    latest = list(before.order_by("-id")[:CARD_TRAIL_BEFORE])
    events = {e.pk: e for e in [*latest, *([issued] if issued else []), *own]}
    return sorted(events.values(), key=lambda e: (e.at, e.pk))
