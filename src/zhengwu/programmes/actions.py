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


def _names(model_name: str, attr: str):
    def names(ids: list[str]) -> dict[str, str]:
        from django.apps import apps

        model = apps.get_model("programmes", model_name)
        pks = [int(i) for i in ids if i.isdigit()]
        return {str(o.pk): str(getattr(o, attr)) for o in model.objects.filter(pk__in=pks)}

    return names


actions.subject(
    "programmes.standardizationplan", "标准化建设计划", _names("StandardizationPlan", "pk")
)
actions.subject("programmes.inspection", "标准化验收检查", _names("Inspection", "held_on"))
actions.subject("programmes.countyplan", "政务公开工作方案", _names("CountyPlan", "title"))
actions.subject("programmes.trainingsession", "培训", _names("TrainingSession", "subject"))
actions.subject("programmes.bestcase", "典型经验案例", _names("BestCase", "title"))
actions.subject("programmes.awardbudget", "以奖代补资金", _names("AwardBudget", "year"))
