"""以奖代补: the 州 office sets the year's budget and the weight of each 考核 grade, proposes
each county's share from that year's assessment results (budget × weight / Σ weights), adjusts
an amount with a reason, and a second officer approves before it is published. We chose a
second person for 审定 (the proposer may not approve their own proposal): money is shared out
by it, as the 四眼原则 of any payment."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone

from zhengwu.assessment.models import Result, Scheme
from zhengwu.core import audit, money, workflow
from zhengwu.core.errors import Conflict, Invalid, NotAllowed

from ..models import Award, AwardBudget
from ..models.awards import ADJUST, APPROVE, DEFAULT_WEIGHTS, PROPOSE, PUBLISH
from . import common

CENT = Decimal("0.01")


def _weights(data: dict) -> dict[str, float]:
    out = {}
    for grade, default in DEFAULT_WEIGHTS.items():
        raw = data.get(f"weight_{grade}", default)
        value = money.parse_amount(
            raw,
            column=Award._meta.get_field("weight"),  # type: ignore[arg-type]
            field=f"weight_{grade}",
            label=f"{grade}等次系数",
            unit="",
            allow_zero=True,
        )
        out[grade] = float(value)
    if not any(out.values()):
        raise Invalid("各等次系数不能全为0", code="weights_zero", field="weight_优秀")
    return out


def set_budget(year, data: dict, *, by) -> AwardBudget:
    """The year's budget and grade weights (a new year, or one not yet approved)."""
    common.require_prefecture(by, "programmes.award.budget")
    year = common.year(year)
    amount = money.parse_amount(
        data.get("amount"),
        column=AwardBudget._meta.get_field("amount"),  # type: ignore[arg-type]
        field="amount",
        label="奖补资金总额",
    )
    weights = _weights(data)
    with transaction.atomic():
        budget = AwardBudget.objects.select_for_update().filter(year=year).first()
        before = None
        if budget is None:
            budget = AwardBudget.objects.create(year=year, amount=amount, weights=weights)
        else:
            if budget.state not in (AwardBudget.DRAFT, AwardBudget.PROPOSED):
                raise Conflict(
                    f"{year}年度分配方案已审定，不能再改资金总额", code="budget_approved"
                )
            before = {"amount": str(budget.amount), "weights": budget.weights}
            budget.amount, budget.weights = amount, weights
            budget.state, budget.version = AwardBudget.DRAFT, budget.version + 1
            budget.save(update_fields=["amount", "weights", "state", "version"])
            budget.awards.all().delete()
        audit.record(
            "programmes.award.budget",
            budget,
            actor=by,
            before=before,
            after={"year": year, "amount": str(amount), "weights": weights},
        )
    return budget


def county_results(year: int) -> list[Result]:
    scheme = Scheme.objects.filter(year=year).first()
    rows = (
        list(
            Result.objects.filter(scheme=scheme, group=Result.COUNTY).select_related("jurisdiction")
        )
        if scheme
        else []
    )
    return [r for r in rows if r.grade]


def propose(budget: AwardBudget, *, by, version=None) -> AwardBudget:
    """Each county's share from the year's results: amount × weight / Σ weights, rounded down
    to the fen; what rounding leaves is not shared out (shown as 未分配)."""
    common.require_prefecture(by, PROPOSE)
    results = county_results(budget.year)
    if not results:
        raise Conflict(
            f"{budget.year}年度考核尚无县市的考核结果，请先在“考核”中计算该年度结果后再拟定分配方案",
            code="no_results",
        )
    weights = {r.pk: Decimal(str(budget.weights.get(r.grade, 0))) for r in results}
    total = sum(weights.values(), Decimal(0))
    if not total:
        raise Invalid("各县市等次的系数合计为0，无法分配", code="weights_zero")
    with workflow.transition(budget, PROPOSE, by=by, version=version) as change:
        change.obj.awards.all().delete()
        rows = []
        for r in results:
            share = (budget.amount * weights[r.pk] / total).quantize(CENT, ROUND_DOWN)
            rows.append(
                Award(
                    budget=change.obj,
                    jurisdiction=r.jurisdiction,
                    total=r.total,
                    grade=r.grade,
                    weight=weights[r.pk],
                    proposed=share,
                    amount=share,
                )
            )
        Award.objects.bulk_create(rows)
        change.obj.proposed_by = by
        change.note(awards={a.jurisdiction.name: str(a.amount) for a in rows})
    return budget


def adjust(budget: AwardBudget, county_code, amount, reason, *, by, version=None) -> Award:
    common.require_prefecture(by, ADJUST)
    award = budget.awards.filter(jurisdiction__code=str(county_code or "").strip()).first()
    if award is None:
        raise Invalid("请选择分配方案中的县市", code="county_invalid", field="county")
    value = money.parse_amount(
        amount,
        column=Award._meta.get_field("amount"),  # type: ignore[arg-type]
        field="amount",
        label="奖补金额",
        allow_zero=True,
    )
    reason = common.text({"reason": reason}, "reason", "调整理由", 300)
    others = sum((a.amount for a in budget.awards.exclude(pk=award.pk)), Decimal(0))
    if others + value > budget.amount:
        raise Invalid(
            f"调整后合计{others + value}元，超过奖补资金总额{budget.amount}元",
            code="over_budget",
            field="amount",
        )
    with workflow.transition(budget, ADJUST, by=by, version=version) as change:
        change.note(
            county=award.jurisdiction.name,
            before=str(award.amount),
            after=str(value),
            reason=reason,
        )
        award.amount, award.reason = value, reason
        award.save(update_fields=["amount", "reason"])
        change.obj.version += 1  # the amounts changed: a page showing the old ones is stale
        change.obj.save(update_fields=["version"])
    return award


def approve(budget: AwardBudget, *, by, version=None) -> AwardBudget:
    common.require_prefecture(by, APPROVE)
    if budget.proposed_by_id == by.pk:
        raise NotAllowed("分配方案应由拟定人以外的另一位管理员审定", code="same_person")
    with workflow.transition(budget, APPROVE, by=by, version=version) as change:
        change.obj.approved_by = by
    return budget


def publish(budget: AwardBudget, *, by, version=None) -> AwardBudget:
    common.require_prefecture(by, PUBLISH)
    with workflow.transition(budget, PUBLISH, by=by, version=version) as change:
        change.obj.published_on = timezone.localdate()
    return budget
