"""Read paths of 政民互动. Staff lists go through `*_visible_to(user)` (scope_q); public lists
show only what moderation has published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from zhengwu.org import scopes
from zhengwu.org.models import Agency, Jurisdiction, Role

from .models import (
    Complaint,
    Consultation,
    ConsultationComment,
    Interview,
    InterviewQuestion,
    Mailbox,
    Message,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
)
from .permissions import HANDLER_ROLES
from .services import live_cache_key

STAFF_READ_ROLES = [Role.MESSAGE_HANDLER, Role.OPENNESS_ADMIN, Role.SUPERVISOR, Role.DEPT_HEAD]


def messages_visible_to(user):
    """Messages a member of staff may see: those their agency now handles or whose mailbox is
    their agency's (so a transferring office keeps sight of what it sent on), within scope."""
    if not getattr(user, "is_authenticated", False):
        return Message.objects.none()
    q = scopes.scope_q(user, STAFF_READ_ROLES) | scopes.scope_q(
        user, STAFF_READ_ROLES, agency_field="mailbox__agency", path_field="mailbox__scope_path"
    )
    return Message.objects.filter(q).select_related("mailbox", "agency")


def messages_of_writer(user):
    if not getattr(user, "is_authenticated", False):
        return Message.objects.none()
    return Message.objects.filter(writer=user).select_related("mailbox", "agency", "reply_agency")


def published_messages(jurisdiction=None):
    """Published messages; of a site, those of its jurisdiction and below: written to one of
    its mailboxes or handled by one of its bodies (a transfer moves the message's scope)."""
    qs = Message.objects.filter(publication=Message.PUBLISHED).select_related(
        "mailbox", "reply_agency"
    )
    if jurisdiction is not None:
        qs = qs.filter(
            Q(mailbox__scope_path__startswith=jurisdiction.path)
            | Q(scope_path__startswith=jurisdiction.path)
        )
    return qs.order_by("-replied_on", "-id")


def search_published(qs, *, q: str = "", kind: str = "", mailbox: str = "", year: str = ""):
    q = (q or "").strip()[:50]
    if q:
        qs = qs.filter(Q(public_title__icontains=q) | Q(public_body__icontains=q) | Q(number=q))
    if kind in dict(Message.KINDS):
        qs = qs.filter(kind=kind)
    if str(mailbox).isdigit():
        qs = qs.filter(mailbox_id=int(mailbox))
    if str(year).isdigit():
        qs = qs.filter(submitted_at__year=int(year))
    return qs


# The levels whose sites write to the nearest level above when they have no mailbox of their own.
MAILBOX_FALLBACK_LEVELS = (Jurisdiction.TOWNSHIP, Jurisdiction.VILLAGE)


def mailboxes_of(jurisdiction):
    """The mailboxes a site's 我要写信 offers: its own government's and departments' (not those
    below); a site whose level has none open (a township, a village) offers the nearest level
    above that has, as the county's platform carries its townships' pages (集约化,
    国办发〔2017〕47号). Two queries: the levels that have one, then that level's."""
    codes = jurisdiction.path.strip("/").split("/")
    if jurisdiction.level not in MAILBOX_FALLBACK_LEVELS:
        codes = codes[-1:]  # a government's own site must offer its own
    have = set(
        Mailbox.objects.filter(is_active=True, agency__jurisdiction__code__in=codes).values_list(
            "agency__jurisdiction__code", flat=True
        )
    )
    nearest = next((c for c in reversed(codes) if c in have), None)
    return (
        Mailbox.objects.filter(is_active=True, agency__jurisdiction__code=nearest)
        .select_related("agency")
        .order_by("-kind", "agency__name")  # the leader's mailbox first
    )


def todo(user, *, done: bool = False):
    """待办 by due date (open messages), or 已办."""
    qs = messages_visible_to(user)
    if done:
        return qs.filter(state__in=[Message.REPLIED, Message.DECLINED]).order_by("-replied_on")
    return qs.filter(state__in=[Message.SUBMITTED, Message.ACCEPTED]).order_by("due_on", "id")


def moderation_queue(user):
    return (
        Message.objects.filter(scopes.scope_q(user, HANDLER_ROLES), publication=Message.PENDING)
        .select_related("mailbox", "agency")
        .order_by("-held_words", "replied_on")
    )


def comments_to_moderate(user):
    return ConsultationComment.objects.filter(
        scopes.scope_q(
            user,
            HANDLER_ROLES,
            agency_field="consultation__agency",
            path_field="consultation__scope_path",
        ),
        state=ConsultationComment.PENDING,
    ).select_related("consultation", "section")


def complaints_visible_to(user):
    """The supervision office over the jurisdiction sees the complaints about its agencies."""
    if not getattr(user, "is_authenticated", False):
        return Complaint.objects.none()
    return Complaint.objects.filter(
        scopes.scope_q(user, [Role.SUPERVISOR], agency_field=None)
    ).select_related("agency", "window")


def complaints_of(user):
    if not getattr(user, "is_authenticated", False):
        return Complaint.objects.none()
    return Complaint.objects.filter(complainant=user).select_related("agency")


def interviews_for_staff(user):
    return Interview.objects.filter(scopes.scope_q(user, HANDLER_ROLES)).select_related("agency")


def consultations_for_staff(user):
    return Consultation.objects.filter(scopes.scope_q(user, HANDLER_ROLES)).select_related("agency")


def surveys_for_staff(user):
    return Survey.objects.filter(scopes.scope_q(user, HANDLER_ROLES)).select_related("agency")


def agencies_for_staff(user):
    """The agencies for which `user` authors interviews, consultations and surveys (the rule of
    `scope_q` over HANDLER_ROLES: their own agency, or every agency of their jurisdiction)."""
    if getattr(user, "is_superuser", False):
        return Agency.objects.filter(is_active=True).order_by("scope_path", "name")
    q = Q(pk__in=[])
    for a in scopes.assignments(user, HANDLER_ROLES):
        q |= Q(pk=a.agency_id) if a.agency_id else Q(scope_path__startswith=a.path)
    return Agency.objects.filter(q, is_active=True).order_by("scope_path", "name")


def public_interviews(jurisdiction=None):
    qs = Interview.objects.filter(is_published=True).select_related("agency")
    if jurisdiction is not None:
        qs = qs.filter(scope_path__startswith=jurisdiction.path)
    return qs


def public_consultations(jurisdiction=None):
    qs = Consultation.objects.exclude(state=Consultation.DRAFT).select_related("agency")
    if jurisdiction is not None:
        qs = qs.filter(scope_path__startswith=jurisdiction.path)
    return qs


def published_comment_counts(consultation_ids: list[int]) -> dict[int, int]:
    return dict(
        ConsultationComment.objects.filter(
            consultation_id__in=consultation_ids, state=ConsultationComment.PUBLISHED
        )
        .values_list("consultation_id")
        .annotate(n=Count("id"))
        .values_list("consultation_id", "n")
    )


def public_surveys(jurisdiction=None):
    qs = Survey.objects.filter(is_published=True).select_related("agency")
    if jurisdiction is not None:
        qs = qs.filter(scope_path__startswith=jurisdiction.path)
    return qs


# --- the live interview, from the cache ------------------------------------------------------


def live_state(interview_id: int) -> dict | None:
    """The published state of an interview: header, approved questions and the posts. Served
    from the cache; every change in services deletes the entry, the next reader rebuilds it."""
    key = live_cache_key(interview_id)
    state = cache.get(key)
    if state is not None:
        return state or None
    interview = (
        Interview.objects.filter(pk=interview_id, is_published=True)
        .select_related("agency")
        .first()
    )
    if interview is None:
        cache.set(key, {}, 30)
        return None
    # plain dicts: the times become the page's text below, each post gets its question
    questions: list[dict[str, Any]] = [
        dict(q)
        for q in interview.questions.filter(
            state__in=[InterviewQuestion.APPROVED, InterviewQuestion.ANSWERED]
        ).values("id", "asker_name", "public_text", "state", "asked_at")
    ]
    posts: list[dict[str, Any]] = [
        dict(p)
        for p in interview.posts.values(
            "id", "question_id", "speaker", "text", "posted_at"
        ).order_by("posted_at", "id")
    ]
    images = [
        {"id": i.pk, "caption": i.caption} for i in interview.images.all().order_by("uploaded_at")
    ]
    by_question = {q["id"]: q for q in questions}
    for p in posts:
        p["question"] = by_question.get(p["question_id"])
        p["posted_at"] = timezone.localtime(p["posted_at"]).strftime("%H:%M")
    for q in questions:
        q["asked_at"] = timezone.localtime(q["asked_at"]).strftime("%m-%d %H:%M")
    state = {
        "id": interview.pk,
        "title": interview.title,
        "summary": interview.summary,
        "agency": interview.agency.name,
        "guests": interview.guests,
        "host": interview.host,
        "starts_at": timezone.localtime(interview.starts_at).strftime("%Y-%m-%d %H:%M"),
        "ends_at": timezone.localtime(interview.ends_at).strftime("%H:%M"),
        "state": interview.state,
        "state_label": interview.get_state_display(),
        "transcript_intro": interview.transcript_intro,
        "questions": questions,
        "waiting": [q for q in questions if q["state"] == InterviewQuestion.APPROVED],
        "posts": posts,
        "images": images,
        "version": f"{len(posts)}.{len(questions)}.{len(images)}.{interview.state}",
    }
    cache.set(key, state, 3600)
    return state


# --- statistics ------------------------------------------------------------------------------


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, (first + dt.timedelta(days=32)).replace(day=1)


def monthly_statistics(jurisdiction, month: dt.date, *, by: str = "mailbox") -> list[dict]:
    """Per mailbox (or answering agency) for one month: received, answered, on time and the
    writers' satisfaction — counted by the database, one grouped query each."""
    first, nxt = month_bounds(month)
    base = Message.objects.filter(mailbox__scope_path__startswith=jurisdiction.path)
    group = "mailbox__name" if by == "mailbox" else "reply_agency__name"
    received = dict(
        base.filter(submitted_at__date__gte=first, submitted_at__date__lt=nxt)
        .values_list("mailbox__name" if by == "mailbox" else "agency__name")
        .annotate(n=Count("id"))
        .values_list("mailbox__name" if by == "mailbox" else "agency__name", "n")
    )
    answered = (
        base.filter(replied_on__gte=first, replied_on__lt=nxt)
        .values(group)
        .annotate(
            answered=Count("id"),
            on_time=Count("id", filter=Q(on_time=True)),
            rated=Count("id", filter=~Q(satisfaction="")),
            satisfied=Count("id", filter=Q(satisfaction=Message.SATISFIED)),
            basic=Count("id", filter=Q(satisfaction=Message.BASIC)),
            unsatisfied=Count("id", filter=Q(satisfaction=Message.UNSATISFIED)),
        )
    )
    rows = {name: {"name": name, "received": n} for name, n in received.items() if name}
    for a in answered:
        name = a.pop(group)
        if not name:
            continue
        row = rows.setdefault(name, {"name": name, "received": 0})
        row.update(a)
    result = []
    for row in sorted(rows.values(), key=lambda r: (-r["received"], r["name"])):
        row.setdefault("answered", 0)
        row.setdefault("on_time", 0)
        row.setdefault("rated", 0)
        row.setdefault("satisfied", 0)
        row.setdefault("basic", 0)
        row.setdefault("unsatisfied", 0)
        row["on_time_rate"] = (
            round(100 * row["on_time"] / row["answered"], 1) if row["answered"] else None
        )
        row["satisfaction_rate"] = (
            round(100 * (row["satisfied"] + row["basic"]) / row["rated"], 1)
            if row["rated"]
            else None
        )
        result.append(row)
    return result


def survey_results(survey: Survey) -> list[dict]:
    """Counts per choice (one grouped query) and the free-text answers (latest 50)."""
    counts = dict(
        SurveyAnswer.objects.filter(response__survey=survey, choice__isnull=False)
        .values_list("choice_id")
        .annotate(n=Count("id"))
        .values_list("choice_id", "n")
    )
    total = survey.responses.count()
    results = []
    for q in survey.questions.prefetch_related("choices"):
        item: dict[str, Any] = {
            "id": q.pk,
            "order": q.order,
            "text": q.text,
            "kind": q.kind,
            "choices": [],
        }
        if q.kind == SurveyQuestion.TEXT:
            item["texts"] = list(
                q.answers.exclude(text="").order_by("-id").values_list("text", flat=True)[:50]
            )
        for c in q.choices.all():
            n = counts.get(c.pk, 0)
            item["choices"].append(
                {
                    "id": c.pk,
                    "text": c.text,
                    "count": n,
                    "percent": round(100 * n / total, 1) if total else 0,
                }
            )
        results.append(item)
    return results
