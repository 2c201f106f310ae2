"""Demo 考核: the 2025 scheme with the default indicators, 监督员 (watcher) and 公众评议 scores
for every county and 州 department, results computed and published. Idempotent."""

from __future__ import annotations

import random

from django.db import transaction

from zhengwu.org.models import User

from . import services
from .models import Scheme


@transaction.atomic
def build(stdout=None) -> dict:
    say = stdout.write if stdout else (lambda s: None)
    admin = User.objects.filter(username="admin").first()
    watcher = User.objects.filter(username="watcher").first()
    if admin is None or watcher is None:
        return {}
    scheme = Scheme.objects.filter(year=2025).first() or services.create_scheme(2025, by=admin)
    rng = random.Random(2025)
    watchers = scheme.indicators.get(code="watchers")
    survey = scheme.indicators.get(code="public_survey")
    for _group, j, agency in services.assessees():
        target = {"agency": agency} if agency else {"jurisdiction": j}
        if not watchers.evaluations.filter(**target).exists():
            services.evaluate(
                watchers,
                score=rng.randint(62, 98),
                comment=rng.choice(
                    ["公开及时，栏目规范", "部分栏目更新不及时", "办事指南准确，窗口服务好"]
                ),
                by=watcher,
                **target,
            )
        if not survey.evaluations.filter(**target).exists():
            services.evaluate(
                survey, score=rng.randint(70, 96), by=admin, respondents=200, **target
            )
    results = services.compute(scheme, by=admin)
    if not scheme.published:
        services.publish(scheme, by=admin)
    say(f"考核：{scheme.name}，{len(results)} 个被考核单位")
    return {"results": len(results)}
