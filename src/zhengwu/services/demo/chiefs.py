"""三集中、三到位 in the demo: 吉首市政务服务中心's windows of 市场监管, 人社 and 公安 each have a
首席代表 (the 市场监管 head of the demo logins, and two section chiefs) with most of their
agency's in-centre items delegated; the rest are left for the office to delegate (权进中心 < 100%)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from zhengwu.org.demo import DEMO_PASSWORD
from zhengwu.org.models import Agency, Role, RoleAssignment, User, Window

from ..delegation import delegable_items
from ..models import ChiefRepresentative

CHIEFS = [
    # (short name of the agency, username, name, share of its in-centre items delegated)
    ("市场监管", "head", "", 0.8),
    ("人社", "chief-rs", "吉首市人社局审批科科长 滕建国", 1.0),
    ("公安", "chief-ga", "吉首市公安局户政科科长 麻秀兰", 0.6),
]


def build(say) -> int:
    made = 0
    for short, username, name, share in CHIEFS:
        agency = Agency.objects.filter(jurisdiction__code="433101", short_name=short).first()
        window = Window.objects.filter(centre__name="吉首市政务服务中心", agencies=agency).first()
        if agency is None or window is None:
            continue
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "real_name": name,
                "kind": User.STAFF,
                "password": make_password(DEMO_PASSWORD),
                "password_changed_at": timezone.now(),
            },
        )
        RoleAssignment.objects.get_or_create(user=user, role=Role.DEPT_HEAD, agency=agency)
        chief, created = ChiefRepresentative.objects.get_or_create(
            window=window,
            agency=agency,
            defaults={"user": user, "appointed_on": dt.date(2025, 3, 1)},
        )
        if created:
            items = list(delegable_items(agency))
            chief.items.set(items[: round(len(items) * share)])
            made += 1
    say(f"首席代表：{ChiefRepresentative.objects.count()} 名（吉首市政务服务中心）")
    return made
