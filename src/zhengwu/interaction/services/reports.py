"""民意汇报: each month's figures of the messages, per agency and for the 州."""

from __future__ import annotations

import datetime as dt

import jieba.analyse
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from zhengwu.core import audit
from zhengwu.org.models import Agency

from ..models import Message, OpinionReport


def _month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt


def opinion_figures(messages, month: dt.date) -> dict:
    """Topics, volumes, handling times and satisfaction of one month's messages."""
    first, nxt = _month_bounds(month)
    received = messages.filter(submitted_at__date__gte=first, submitted_at__date__lt=nxt)
    replied = messages.filter(replied_on__gte=first, replied_on__lt=nxt)
    by_kind = dict(received.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    durations = [
        (replied_on - timezone.localtime(submitted).date()).days
        for replied_on, submitted in replied.values_list("replied_on", "submitted_at")
    ]
    satisfaction = dict(
        replied.exclude(satisfaction="")
        .values_list("satisfaction")
        .annotate(n=Count("id"))
        .values_list("satisfaction", "n")
    )
    rated = sum(satisfaction.values())
    good = satisfaction.get(Message.SATISFIED, 0) + satisfaction.get(Message.BASIC, 0)
    topics: dict[str, int] = {}
    for title in received.values_list("title", flat=True)[:2000]:
        for word in jieba.analyse.extract_tags(title, topK=3):
            topics[word] = topics.get(word, 0) + 1
    return {
        "month": first.isoformat(),
        "received": received.count(),
        "by_kind": {label: by_kind.get(code, 0) for code, label in Message.KINDS},
        "replied": replied.count(),
        "on_time": replied.filter(on_time=True).count(),
        "average_days": round(sum(durations) / len(durations), 1) if durations else None,
        "satisfaction": {label: satisfaction.get(code, 0) for code, label in Message.SATISFACTION},
        "satisfaction_rate": round(100 * good / rated, 1) if rated else None,
        "topics": sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))[:10],
        "open_overdue": messages.filter(
            state__in=[Message.SUBMITTED, Message.ACCEPTED], due_on__lt=nxt
        ).count(),
    }


@transaction.atomic
def generate_opinion_reports(month: dt.date) -> int:
    """民意汇报 for one month: one per agency that received or answered messages, and the 州's."""
    first, nxt = _month_bounds(month)
    active = set(
        Message.objects.filter(
            Q(submitted_at__date__gte=first, submitted_at__date__lt=nxt)
            | Q(replied_on__gte=first, replied_on__lt=nxt)
        ).values_list("agency_id", flat=True)
    )
    count = 0
    for agency in Agency.objects.filter(pk__in=active):
        data = opinion_figures(Message.objects.filter(agency=agency), first)
        OpinionReport.objects.update_or_create(
            month=first,
            agency=agency,
            defaults={
                "scope_path": agency.scope_path,
                "data": data,
                "generated_at": timezone.now(),
            },
        )
        count += 1
    root = Agency.objects.filter(jurisdiction__parent__isnull=True).first()
    data = opinion_figures(Message.objects.all(), first)
    OpinionReport.objects.update_or_create(
        month=first,
        agency=None,
        defaults={
            "scope_path": root.scope_path if root else "",
            "data": data,
            "generated_at": timezone.now(),
        },
    )
    audit.record(
        "interaction.opinion_reports",
        object_type="interaction.opinionreport",
        object_id=first.isoformat(),
        after={"agencies": count},
    )
    return count + 1
