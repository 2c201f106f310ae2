"""The audit trail's words for 考核 (`core.actions`)."""

from zhengwu.core import actions

from .models import Evaluation

actions.register("assessment.scheme_created", "新建考核方案")
actions.register("assessment.evaluated", "评议打分")
actions.register("assessment.computed", "计算考核结果")
actions.register("assessment.published", "公开考核结果")


def evaluation_names(ids: list[str]) -> dict[str, str]:
    rows = Evaluation.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).values_list(
        "pk", "indicator__name", "agency__name", "jurisdiction__name"
    )
    return {
        str(pk): f"考核评议 {agency or place or ''}：{indicator}"
        for pk, indicator, agency, place in rows
    }


actions.subject(
    "assessment.evaluation",
    "考核评议",
    evaluation_names,
    fields={"indicator_id": "指标", "jurisdiction_id": "被考核地区", "agency_id": "被考核单位"},
)
actions.subject("assessment.scheme", "考核方案", fields={"results": "考核结果数"})
