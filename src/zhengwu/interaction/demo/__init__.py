"""Demo of 政民互动: a mailbox for every government and department of the 州 and the 8 counties,
~200 messages of 2025–2026 (most answered, some late, a few hidden by moderation), a past
interview with its transcript and an upcoming one, a consultation in each state (one with its
feedback, one open, one closed awaiting its feedback, one draft), a survey
with answers and a few complaints. Deterministic (seeded) and idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from zhengwu.core.models import Clock

from .. import services
from ..models import Message, SensitiveWord
from . import consultations
from .complaints import _complaints
from .events import _consultation, _interviews, _survey
from .letters import PLACES, SENSITIVE_WORDS
from .messages import _mailboxes, _messages

__all__ = ["PLACES", "build"]


@transaction.atomic
def build(stdout=None) -> dict:
    say = (lambda s: stdout.write(s + "\n")) if stdout else (lambda s: None)
    rng = random.Random(6)
    today = timezone.localdate()
    for word, action, note in SENSITIVE_WORDS:
        SensitiveWord.objects.get_or_create(word=word, defaults={"action": action, "note": note})
    boxes = _mailboxes(say)
    _messages(rng, boxes, today, say)
    _interviews(today, say)
    _consultation(rng, say)
    consultations.build(today, say)
    _survey(rng, today, say)
    _complaints(today, say)
    month = today.replace(day=1)
    for _ in range(3):
        services.generate_opinion_reports(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    say("民意汇报：近3个月")
    return {"messages": Message.objects.count(), "clocks": Clock.objects.count()}
