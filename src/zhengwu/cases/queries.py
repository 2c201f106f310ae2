"""Read paths for cases: who sees which case, the workbench lists, public look-ups, and the
measures supervision computes from cases (issue section 4)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Length, Substr
from django.utils import timezone

from zhengwu.core import tracking
from zhengwu.core.errors import NotFound
from zhengwu.core.masking import mask_name
from zhengwu.core.models import Clock
from zhengwu.org import scopes
from zhengwu.org.models import Jurisdiction, Role, User

from .models import TODO_STATUSES, Case, CaseDocument, CaseStep, Result

STAFF_ROLES = [Role.WINDOW_CLERK, Role.DEPT_OFFICER, Role.DEPT_HEAD, Role.SUPERVISOR]
ACTING_ROLES = [Role.WINDOW_CLERK, Role.DEPT_OFFICER, Role.DEPT_HEAD]
TOWNSHIP_PATH_LENGTH = len("433100/433101/433101002/")


def visible_to(user) -> QuerySet[Case]:
    """Cases `user` may see: staff by scope, agents the villages they serve, the public their own."""
    qs = Case.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.kind != User.STAFF:
        return qs.filter(applicant_user=user)
    if user.is_superuser:
        return qs
    q = scopes.scope_q(user, STAFF_ROLES)
    for a in scopes.assignments(user, [Role.VILLAGE_AGENT]):
        assert a.jurisdiction is not None  # a village agent's role is over the village served
        q |= Q(origin_path__startswith=a.jurisdiction.path, channel=Case.AGENT)
    return qs.filter(q)


def get_visible(user, pk) -> Case:
    case = (
        visible_to(user)
        .select_related("item", "agency", "current_step", "promised_clock", "statutory_clock")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise NotFound("未找到该办件，或您无权查看")
    return case


def _acting_q(user) -> Q:
    """The cases waiting for one of `user`'s roles, each role within its own scope."""
    if user.is_superuser:
        return Q()
    q = Q(pk__in=[])
    for a in scopes.assignments(user, ACTING_ROLES):
        where = (
            Q(agency_id=a.agency_id)
            if a.agency_id
            else Q(scope_path__startswith=a.path)  # no agency: the jurisdiction's
        )
        q |= Q(step_role=a.role) & where
    return q


def todo(user) -> QuerySet[Case]:
    """待办, by due date (the promised one) then receipt."""
    if not getattr(user, "is_authenticated", False) or user.kind != User.STAFF:
        return Case.objects.none()
    return (
        Case.objects.filter(_acting_q(user), status__in=TODO_STATUSES)
        .select_related("item", "current_step")
        .order_by("due_date", "received_on", "id")
    )


LIST_FIELDS = [
    "number",
    "item__name",
    "applicant_name",
    "channel",
    "status",
    "current_step__name",
    "received_on",
    "due_date",
    "warn_on",
]


def page(qs: QuerySet[Case], limit: int, offset: int = 0, *, full: bool = False) -> list[Case]:
    """One page of a list, in one query: the page's ids in a subquery (an index scan in list
    order, no joins, LIMIT inside), then only those rows joined to their item and step.

    Joining the item before the LIMIT lets the planner sort every waiting case of an agency;
    this way the 待办 page reads 50 index entries whatever the backlog.
    """
    ids = qs.values("pk")[offset : offset + limit]
    rows = Case.objects.filter(pk__in=ids).select_related("item", "current_step")
    rows = rows.select_related("result") if full else rows.only(*LIST_FIELDS)
    return list(rows.order_by(*(qs.query.order_by or Case._meta.ordering or ())))


def warnings(user, today: dt.date | None = None) -> QuerySet[Case]:
    """预警: waiting cases whose promised clock has reached its warning day."""
    today = today or timezone.localdate()
    return todo(user).filter(warn_on__lte=today)


def todo_counts(user, today: dt.date | None = None) -> dict:
    """The workbench panel's figures in one query: {"todo": n, "warning": n}, the sizes of
    `todo(user)` and `warnings(user, today)`."""
    today = today or timezone.localdate()
    return (
        todo(user)
        .order_by()
        .aggregate(todo=Count("id"), warning=Count("id", filter=Q(warn_on__lte=today)))
    )


def done(user) -> QuerySet[Case]:
    """已办: cases in which `user` finished a step or filed the application. Someone who has
    done neither (a supervisor) gets nothing at once: the list would otherwise look for their
    steps in every case of their jurisdiction, newest first (seconds at a prefecture-year)."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    acted = (
        CaseStep.objects.filter(handled_by=user).exists()
        or Case.objects.filter(filed_by=user).exists()
    )
    if not acted:
        return Case.objects.none()
    handled = CaseStep.objects.filter(case=OuterRef("pk"), handled_by=user)
    return (
        visible_to(user)
        .filter(Q(Exists(handled)) | Q(filed_by=user))
        .select_related("item")
        .order_by("-received_on", "-id")
    )


def window_queue(user) -> QuerySet[Case]:
    """The window queue of the clerk's service centre: applications to accept, results to hand over."""
    q = Q(pk__in=[])
    for a in scopes.assignments(user, [Role.WINDOW_CLERK]):
        centre = a.centre if a.centre_id else None
        if centre is not None:
            path = centre.scope_path
        else:
            assert a.jurisdiction is not None  # a clerk's queue: the centre's, else the place's
            path = a.jurisdiction.path
        q |= Q(scope_path__startswith=path)
    if user.is_superuser:
        q = Q()
    return (
        Case.objects.filter(q, status__in=[Case.SUBMITTED, Case.DECIDED])
        .select_related("item", "current_step")
        .order_by("status", "received_on", "id")
    )


def of_applicant(user) -> QuerySet[Case]:
    return Case.objects.filter(applicant_user=user).select_related("item").order_by("-id")


def track(number: str, query_code: str, *, ip: str | None) -> Case | None:
    """Anyone: a case by its number and query code (both must match), None for an unknown
    number and a wrong code alike; throttled per address and per number (core.tracking)."""
    number, query_code = (number or "").strip(), (query_code or "").strip()
    if not number or not query_code or len(number) > 40:
        return None
    return tracking.lookup(
        "case",
        number,
        query_code,
        ip=ip,
        find=lambda n: (
            Case.objects.select_related("item", "agency", "current_step").filter(number=n).first()
        ),
    )


def verify(code: str) -> dict | None:
    """证照核验: the result or notice printed with this verification code, as the public reads
    it (the holder masked when a natural person), or None."""
    code = (code or "").strip().upper()
    if not code or len(code) > 16:
        return None
    result = (
        Result.objects.select_related("case__item", "case__agency")
        .filter(verification_code=code)
        .first()
    )
    if result is not None:
        case = result.case
        return {
            "title": result.title,
            "number": result.number,
            "holder": _public_holder(case, result.holder_name),
            "agency": (result.text or {}).get("agency") or case.agency.name,
            "issued_on": result.issued_on,
            "revoked": result.revoked,
            "approved": result.approved,
            "item_name": case.item.name,
        }
    document = (
        CaseDocument.objects.select_related("case__item", "case__agency")
        .filter(verification_code=code)
        .first()
    )
    if document is None:
        return None
    case = document.case
    return {
        "title": document.get_kind_display(),
        "number": document.text.get("number", ""),
        "holder": _public_holder(case, case.applicant_name),
        "agency": document.text.get("agency") or case.agency.name,
        "issued_on": document.issued_on,
        "revoked": False,
        "approved": None,
        "item_name": case.item.name,
    }


def _public_holder(case: Case, name: str) -> str:
    """A natural person's name masked; an organisation's in full (it is public record)."""
    return mask_name(name) if case.applicant_kind == Case.PERSON else name


# ---------------------------------------------------------------- measures (issue §4)


def _ratio(numerator: int, denominator: int) -> dict:
    return {
        "numerator": numerator,
        "denominator": denominator,
        "rate": round(numerator / denominator, 4) if denominator else None,
    }


def cases_of(j: Jurisdiction, year: int | None = None, agency_id: int | None = None):
    """The cases of a jurisdiction subtree (optionally one agency), by year of receipt."""
    cases = Case.objects.filter(scope_path__startswith=j.path)
    if agency_id is not None:
        cases = cases.filter(agency_id=agency_id)
    if year:
        cases = cases.filter(received_on__year=year)
    return cases


def finished_totals(cases: QuerySet[Case]) -> dict:
    """One aggregate over the completed cases: counts on time and the handling time against the
    limits (the `wd_` sums take only cases whose statutory limit is in working days)."""
    wd = Q(statutory_unit=Clock.WORKDAYS)
    return cases.filter(status=Case.COMPLETED, accepted_on__isnull=False).aggregate(
        n=Count("id"),
        on_time=Count("id", filter=Q(on_time=True)),
        statutory_ok=Count("id", filter=Q(within_statutory=True)),
        used=Avg("handling_workdays"),
        statutory=Avg("statutory_limit"),
        promised=Avg("promised_limit"),
        wd_used=Sum("handling_workdays", filter=wd),
        wd_statutory=Sum("statutory_limit", filter=wd),
    )


def intake_totals(cases: QuerySet[Case]) -> dict:
    """One aggregate over all cases: by channel, and 最多跑一次 (the item needs ≤ 1 visit)."""
    return cases.aggregate(
        n=Count("id"),
        online=Count("id", filter=Q(channel=Case.ONLINE)),
        agent=Count("id", filter=Q(channel=Case.AGENT)),
        one_visit=Count("id", filter=Q(item__visits__lte=1)),
    )


def measures(j: Jurisdiction, year: int | None = None) -> dict:
    """The case-side measures for a jurisdiction subtree, each as numerator/denominator.

    - handling time against statutory and promised time (goal: about 30% shorter than statutory)
    - share finished within the promised and within the statutory time; on-time rate
    - online application rate
    - cases filed through village agents per township
    """
    cases = cases_of(j, year)
    t = finished_totals(cases)
    c = intake_totals(cases)
    used, statutory = t["used"] or 0, t["statutory"] or 0
    by_township = (
        Case.objects.filter(origin_path__startswith=j.path)
        .filter(**({"received_on__year": year} if year else {}))
        .annotate(plen=Length("origin_path"))
        .filter(plen__gte=TOWNSHIP_PATH_LENGTH)
        .annotate(township=Substr("origin_path", 1, TOWNSHIP_PATH_LENGTH))
        .values("township")
        .annotate(agent=Count("id", filter=Q(channel=Case.AGENT)), n=Count("id"))
        .order_by("township")
    )
    names = dict(
        Jurisdiction.objects.filter(path__in=[r["township"] for r in by_township]).values_list(
            "path", "name"
        )
    )
    return {
        "jurisdiction": j.code,
        "year": year,
        "handling_time": {
            "finished_cases": t["n"],
            "average_workdays_used": round(used, 2),
            "average_statutory_workdays": round(statutory, 2),
            "average_promised_workdays": round(t["promised"] or 0, 2),
            "shorter_than_statutory": round(1 - used / statutory, 4) if statutory else None,
            "goal_shorter_than_statutory": 0.30,
        },
        "within_promised": _ratio(t["on_time"], t["n"]),
        "within_statutory": _ratio(t["statutory_ok"], t["n"]),
        "on_time_rate": _ratio(t["on_time"], t["n"]),
        "online_application_rate": _ratio(c["online"], c["n"]),
        "agent_cases": _ratio(c["agent"], c["n"]),
        "agent_cases_by_township": [
            {
                "township": r["township"].rstrip("/").rsplit("/", 1)[-1],
                "name": names.get(r["township"], ""),
                **_ratio(r["agent"], r["n"]),
            }
            for r in by_township
        ],
    }
