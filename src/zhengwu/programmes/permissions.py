"""Who may take each 年度工作 action (`org.permissions`). Every programme is the 政务公开办's
over its jurisdiction: a county office keeps its own centres' plans and writes its own plan and
cases; what the 州 decides (备案, 退回, publishing a case, 以奖代补) the services check on the
州's own path, so a county office, whose role covers only the county, is refused."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

OFFICE = [Role.OPENNESS_ADMIN]

RULES = {
    "programmes.std_plan.save": "制定标准化建设计划",
    "programmes.inspection.record": "登记标准化验收检查",
    "programmes.centre.standard_met": "认定服务中心标准达标",
    "programmes.county_plan.create": "上传政务公开工作方案",
    "programmes.county_plan.edit": "修改政务公开工作方案",
    "programmes.county_plan.submit": "报送政务公开工作方案备案",
    "programmes.county_plan.return": "退回政务公开工作方案",
    "programmes.county_plan.file": "备案政务公开工作方案",
    "programmes.training.record": "登记培训",
    "programmes.case.create": "撰写典型经验案例",
    "programmes.case.edit": "修改典型经验案例",
    "programmes.case.submit": "提交典型经验案例审核",
    "programmes.case.return": "退回典型经验案例",
    "programmes.case.publish": "发布典型经验案例",
    "programmes.case.withdraw": "撤回典型经验案例",
    "programmes.award.budget": "设定以奖代补资金",
    "programmes.award.propose": "拟定以奖代补分配方案",
    "programmes.award.adjust": "调整以奖代补金额",
    "programmes.award.approve": "审定以奖代补分配方案",
    "programmes.award.publish": "公布以奖代补分配结果",
}
for _action, _what in RULES.items():
    rule(_action, _what, OFFICE, by_agency=False)
