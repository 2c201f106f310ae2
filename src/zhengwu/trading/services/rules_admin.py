"""The office's change of a trading rule row (/workbench/trading/rules/): the number, and whether
breaking it refuses publication or only warns, of a rule marked unverified (待核实: the rules
document could not check it against the text of the law). A verified rule is the law's own
number and is never changed here. The unit (日/工作日) is never converted or changed."""

from __future__ import annotations

from django.db import transaction

from zhengwu.core import workflow
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.org import permissions
from zhengwu.org.models import Jurisdiction

from .. import rules
from ..models import Rule

CHANGED = "trading.rule_changed"
MOST_DAYS = 3650


def _office_path() -> str:
    """The rules are the whole platform's: the 州's 政务公开办 changes them."""
    top = Jurisdiction.objects.filter(level=Jurisdiction.PREFECTURE).order_by("path").first()
    top = top or Jurisdiction.objects.filter(parent__isnull=True).order_by("path").first()
    return top.path if top else ""


def may_change(user) -> bool:
    return permissions.allows(user, CHANGED, agency_id=None, path=_office_path())


def _number(value) -> int:
    text = str(value if value is not None else "").strip()
    if not text:
        raise Invalid("请填写期限", code="number_required", field="number")
    if not text.isdigit():
        raise Invalid(f"期限“{text}”应为不小于0的整数", code="number_invalid", field="number")
    number = int(text)
    if number > MOST_DAYS:
        raise Invalid(f"期限不超过{MOST_DAYS}", code="number_too_large", field="number")
    return number


def change_rule(rule: Rule, data: dict, *, by, version=None) -> Rule:
    """Change an unverified rule's number and enforcement, with the reason kept in the audit
    event (`trading.rule_changed`)."""
    permissions.require(by, CHANGED, agency_id=None, path=_office_path())
    number = _number(data.get("number"))
    enforcement = str(data.get("enforcement") or rule.enforcement).strip()
    if enforcement not in dict(Rule.ENFORCEMENTS):
        raise Invalid("违反时的处理应为“不予发布”或“提示”", code="enforcement_invalid",
                      field="enforcement")  # fmt: skip
    reason = str(data.get("reason") or "").strip()
    if not reason:
        raise Invalid("请填写修改理由（如核实的条文或本地规定）", code="reason_required",
                      field="reason")  # fmt: skip
    if len(reason) > 500:
        raise Invalid("修改理由不超过500字", code="reason_too_long", field="reason")
    with workflow.transition(rule, CHANGED, by=by, version=version) as change:
        r = change.obj
        if r.verified:
            raise Conflict(
                "该规则已按法律原文核实，期限以法律规定为准，不能修改", code="rule_verified"
            )
        r.number, r.enforcement = number, enforcement
        change.note(reason=reason)
        rules.invalidate()  # this process reads the new number at once,
        transaction.on_commit(rules.invalidate)  # the others once it is committed
    return change.obj
