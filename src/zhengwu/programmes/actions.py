"""The audit trail's words for 年度工作 (`core.actions`): its actions and how its records are
named on the audit pages."""

from zhengwu.core import actions

actions.register("programmes.std_plan.save", "制定标准化建设计划")
actions.register("programmes.inspection.record", "登记标准化验收检查")
actions.register("programmes.centre.standard_met", "认定服务中心标准达标")
actions.register("programmes.county_plan.create", "上传政务公开工作方案")
actions.register("programmes.county_plan.edit", "修改政务公开工作方案")
actions.register("programmes.county_plan.submit", "报送政务公开工作方案备案")
actions.register("programmes.county_plan.return", "退回政务公开工作方案")
actions.register("programmes.county_plan.file", "备案政务公开工作方案")
actions.register("programmes.training.record", "登记培训")
actions.register("programmes.case.create", "撰写典型经验案例")
actions.register("programmes.case.edit", "修改典型经验案例")
actions.register("programmes.case.submit", "提交典型经验案例审核")
actions.register("programmes.case.return", "退回典型经验案例")
actions.register("programmes.case.publish", "发布典型经验案例")
actions.register("programmes.case.withdraw", "撤回典型经验案例")
actions.register("programmes.award.budget", "设定以奖代补资金")
actions.register("programmes.award.propose", "拟定以奖代补分配方案")
actions.register("programmes.award.adjust", "调整以奖代补金额")
actions.register("programmes.award.approve", "审定以奖代补分配方案")
actions.register("programmes.award.publish", "公布以奖代补分配结果")


def _names(model_name: str, *related: str):
    """Each record by its own name (its `__str__`: 吉首市政务服务中心2026年标准化建设计划,
    2025年度以奖代补资金), the rows it names itself by read in the same query."""

    def names(ids: list[str]) -> dict[str, str]:
        from django.apps import apps

        model = apps.get_model("programmes", model_name)
        pks = [int(i) for i in ids if i.isdigit()]
        rows = model.objects.filter(pk__in=pks).select_related(*related)
        return {str(o.pk): str(o) for o in rows}

    return names


actions.subject(
    "programmes.standardizationplan",
    "标准化建设计划",
    _names("StandardizationPlan", "centre"),
    fields={"centre": "服务中心", "tasks": "建设任务"},
)
actions.subject(
    "programmes.inspection",
    "标准化验收检查",
    _names("Inspection", "plan__centre"),
    fields={"centre": "服务中心", "findings": "检查意见", "files": "佐证材料"},
)
actions.subject("programmes.countyplan", "政务公开工作方案", _names("CountyPlan"))
actions.subject(
    "programmes.trainingsession",
    "培训",
    _names("TrainingSession"),
    fields={"bodies": "参训单位", "files": "培训材料"},
)
actions.subject("programmes.bestcase", "典型经验案例", _names("BestCase"))
actions.subject(
    "programmes.awardbudget", "以奖代补资金", _names("AwardBudget"), fields={"awards": "分配金额"}
)
