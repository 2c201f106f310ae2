"""A year's indicator system as it stood after each change (`SchemeVersion`), in words."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from . import catalogue
from .models import Indicator, Scheme, SchemeVersion


def total_weight(scheme: Scheme) -> Decimal:
    return sum((i.weight for i in scheme.indicators.all()), Decimal(0))


def source_label(ind: Indicator) -> str:
    if ind.kind == Indicator.AUTOMATIC:
        return catalogue.label(ind.provider)
    if ind.kind == Indicator.SURVEY:
        return f"问卷“{ind.survey.title}”" if ind.survey else "尚未关联问卷"
    return "人工评议" + ("（须附佐证材料）" if ind.evidence_required else "")


def _picture(scheme: Scheme) -> list[dict]:
    return [
        {
            "name": i.name,
            "weight": str(i.weight),
            "kind": i.get_kind_display(),
            "source": source_label(i),
            "full_marks_at": str(i.full_marks_at) if i.kind == Indicator.AUTOMATIC else "",
            "evidence": i.evidence_note if i.evidence_required else "",
        }
        for i in scheme.indicators.select_related("survey")
    ]


def record_version(scheme: Scheme, change: str, *, by) -> SchemeVersion:
    return SchemeVersion.objects.create(
        scheme=scheme,
        number=scheme.revision,
        change=change[:300],
        by=by,
        at=timezone.now(),
        indicators=_picture(scheme),
        total_weight=total_weight(scheme),
    )
