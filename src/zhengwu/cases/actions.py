"""The audit trail's words for 办件 (`core.actions`): every action `services` records, and how a
case and its steps are named. A transition's action is "cases." + its function's name
(`_save`, `_records_conflict`), so each transition is registered here by that name."""

from zhengwu.core import actions
from zhengwu.org.models import Role

from .models import Case, CaseStep

actions.register("cases.submit", "提交申请")
actions.register("cases.supplement", "补正材料")
actions.register("cases.accept", "受理")
actions.register("cases.deemed_accept", "视为受理（逾期未一次性告知补正）")
actions.register("cases.refuse", "不予受理")
actions.register("cases.request_supplement", "一次性告知补正")
actions.register("cases.advance", "环节办结，转下一环节")
actions.register("cases.decide", "作出决定")
actions.register("cases.deliver", "送达办结")
actions.register("cases.suspend", "特别程序，中止计时")
actions.register("cases.resume", "特别程序结束，恢复计时")
actions.register("cases.extend", "延长办理期限")
actions.register("cases.charge_fee", "收费")


def case_names(ids: list[str]) -> dict[str, str]:
    """办件 4331…号 个体工商户设立登记."""
    rows = Case.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {
        str(pk): f"办件 {number}号 {item}"
        for pk, number, item in rows.values_list("pk", "number", "item__name")
    }


def step_names(ids: list[str]) -> dict[str, str]:
    rows = CaseStep.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {str(pk): f"{name}环节" for pk, name in rows.values_list("pk", "name")}


actions.subject(
    "cases.case",
    "办件",
    case_names,
    public="申请人",
    fields={
        "item_id": "事项",
        "current_step": "当前环节",
        "step_role": ("当前环节岗位", dict(Role.choices)),
        "conflict": "未能办理的原因",
        "name": "收费项目",
        "amount": "金额（元）",
        "listed": "列入收费目录",
        # the clocks a transition starts: their dates are the case's own (due_date, warn_on)
        "intake_clock": None,
        "statutory_clock": None,
        "promised_clock": None,
    },
)
actions.subject("cases.casestep", "办理环节", step_names)
