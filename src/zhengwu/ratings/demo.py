"""Demo 好差评: window ratings of the last three months in every county centre, some bad ones
at each step of rectification, one set aside on appeal. Deterministic and idempotent."""

from __future__ import annotations

import datetime as dt
import random
from importlib import import_module

from django.db import transaction
from django.utils import timezone

from zhengwu.core import calendar, clock
from zhengwu.org.models import Role, RoleAssignment, User, Window

from . import services
from .models import BadReason, Rating


@transaction.atomic
def build(stdout=None) -> dict:
    say = stdout.write if stdout else (lambda s: None)
    # The reasons list is seeded by a migration; a test database flushed after a transactional
    # test has lost it, so put the same rows back (the migration's list is the one source).
    reasons = import_module("zhengwu.ratings.migrations.0002_bad_reasons").REASONS
    for order, (code, name) in enumerate(reasons):
        BadReason.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    if Rating.objects.exists():
        say(f"好差评：已有 {Rating.objects.count()} 条，跳过")
        return {}
    rng = random.Random(5101)
    today = timezone.localdate()
    windows = list(
        Window.objects.select_related("centre").prefetch_related("agencies").order_by("id")
    )
    made = []
    for w in windows:
        agencies = list(w.agencies.all())
        if not agencies:
            continue
        for _ in range(rng.randint(2, 5)):
            level = rng.choices([5, 4, 3, 2, 1], weights=[60, 25, 8, 4, 3])[0]
            reasons = (
                [rng.choice(["slow", "attitude", "queue", "extra_materials"])] if level <= 2 else []
            )
            r = services.rate(
                None,
                level=level,
                channel=Rating.WINDOW,
                agency=rng.choice(agencies),
                window=w,
                dimensions={"overall": level, "attitude": min(5, level + rng.randint(0, 1))},
                reasons=reasons,
                active=rng.random() > 0.1,
            )
            days_ago = rng.randint(0, 80)
            Rating.objects.filter(pk=r.pk).update(
                rated_at=timezone.now() - dt.timedelta(days=days_ago)
            )
            made.append((r, days_ago))
    bad = [(r, d) for r, d in made if r.is_bad]
    for i, (r, days_ago) in enumerate(bad):
        rect = r.rectification
        opened = today - dt.timedelta(days=days_ago)
        rect.opened_on = opened
        rect.save(update_fields=["opened_on"])
        for c in clock.clocks_of(rect):
            clock.restart(c, on=opened)
        head = (
            RoleAssignment.objects.filter(
                agency=r.agency, role__in=[Role.DEPT_OFFICER, Role.DEPT_HEAD]
            )
            .select_related("user")
            .first()
        )
        actor = head.user if head else User.objects.filter(is_superuser=True).first()
        step = i % 4
        if step >= 1:
            services.callback(rect, note="已电话回访，情况属实", way="fix_now", by=actor)
        if step >= 2:
            services.fix(rect, note="已当场整改并通报窗口人员", by=actor)
        if step == 3:
            services.feedback(
                rect, note="已告知评价人整改结果", satisfied=rng.random() < 0.8, by=actor
            )
    if bad:
        r = bad[0][0]
        officer = (
            RoleAssignment.objects.filter(
                agency=r.agency, role__in=[Role.DEPT_OFFICER, Role.DEPT_HEAD]
            )
            .select_related("user")
            .first()
        )
        supervisor = User.objects.filter(username="supervisor").first()
        if officer and supervisor:
            a = services.appeal(r, ground="mistaken", reason="评价人来电说明误点", by=officer.user)
            services.decide_appeal(a, uphold=True, reason="经核实为误评", by=supervisor)
    calendar.for_jurisdiction("")  # warm the cache for the next demos
    say(f"好差评：{len(made)} 条，其中差评 {len(bad)} 条")
    return {"ratings": len(made)}
