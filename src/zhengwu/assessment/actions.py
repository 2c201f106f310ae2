"""The audit trail's words for 考核 (`core.actions`)."""

from zhengwu.core import actions

from .models import Evaluation

actions.register("assessment.scheme_created", "新建考核方案")
actions.register("assessment.evaluated", "评议打分")
actions.register("assessment.computed", "计算考核结果")
actions.register("assessment.published", "公开考核结果")
actions.register("assessment.indicator_added", "增加考核指标")
actions.register("assessment.indicator_changed", "修改考核指标")
actions.register("assessment.indicator_removed", "删除考核指标")
actions.register("assessment.indicators_copied", "沿用上年度考核指标")
actions.register("assessment.survey_linked", "关联公众评议问卷")
actions.register("assessment.scoring_started", "开始评分")


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
    fields={
        "indicator_id": "指标",
        "jurisdiction_id": "被考核地区",
        "agency_id": "被考核单位",
        "evidence": "佐证材料",
    },
)
actions.subject(
    "assessment.scheme",
    "考核方案",
    fields={
        "results": "考核结果数",
        "revision": "指标体系版本号",
        "state": "状态",
        "scoring_started_at": "开始评分时间",
        "indicator": "指标",
        "change": "修改内容",
        "survey": "问卷",
        "copied_from": "沿用年度",
    },
)
