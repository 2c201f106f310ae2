"""Demo 电子监察: the sweep over every clock the other demos started (cards for late
rectifications), the item check, one card answered and one accepted, today's snapshot."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhengwu.org.models import Role, RoleAssignment, User

from . import services, stats
from .models import Card


@transaction.atomic
def build(stdout=None) -> dict:
    say = stdout.write if stdout else (lambda s: None)
    result = services.sweep()
    services.check_items()
    supervisor = User.objects.filter(username="supervisor").first()
    open_cards = list(Card.objects.filter(state=Card.OPEN, level=Card.YELLOW).order_by("id")[:2])
    if not Card.objects.exclude(state=Card.OPEN).exists():
        for i, card in enumerate(open_cards):
            if card.agency_id is None:  # an agency's officer answers; a card without one waits
                continue
            holder = (
                RoleAssignment.objects.filter(
                    agency_id=card.agency_id, role__in=[Role.DEPT_OFFICER, Role.DEPT_HEAD]
                )
                .select_related("user")
                .first()
            )
            if holder is None or supervisor is None:
                continue
            services.answer(card, "已督促经办人限期办结，并对相关人员批评教育。", by=holder.user)
            if i == 0:
                services.decide(card, accept=True, note="整改到位", by=supervisor)
    written = stats.snapshot_all(timezone.localdate())
    say(
        f"电子监察：状态变化 {sum(result['changed'].values())} 个，新亮牌 {result['cards']} 张，"
        f"监察亮牌共 {Card.objects.count()} 张，快照 {written} 项"
    )
    return result
