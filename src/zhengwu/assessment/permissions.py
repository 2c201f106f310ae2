"""Who may take 考核's audited actions (assessment/actions.py), in the map of
org/permissions.py: the 州's openness office and supervisors run the scheme (checked on the root
jurisdiction: the scheme is the whole platform's); outside supervisors and the openness office
score the manual indicators."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import allows_somewhere, rule

MANAGE_ROLES = [Role.OPENNESS_ADMIN, Role.SUPERVISOR]
EVALUATE_ROLES = [Role.OUTSIDE_SUPERVISOR, Role.OPENNESS_ADMIN]

rule("assessment.scheme_created", "新建考核方案", MANAGE_ROLES, by_agency=False)
rule("assessment.computed", "计算考核结果", MANAGE_ROLES, by_agency=False)
rule("assessment.published", "公开考核结果", MANAGE_ROLES, by_agency=False)
rule("assessment.evaluated", "评议打分", EVALUATE_ROLES)
# The indicator system is edited by the 州 office and its supervisors while 编制中; only the
# office starts the scoring that freezes it.
rule("assessment.indicator_added", "增加考核指标", MANAGE_ROLES, by_agency=False)
rule("assessment.indicator_changed", "修改考核指标", MANAGE_ROLES, by_agency=False)
rule("assessment.indicator_removed", "删除考核指标", MANAGE_ROLES, by_agency=False)
rule("assessment.indicators_copied", "沿用上年度考核指标", MANAGE_ROLES, by_agency=False)
rule("assessment.survey_linked", "关联公众评议问卷", MANAGE_ROLES, by_agency=False)
rule("assessment.scoring_started", "开始评分", [Role.OPENNESS_ADMIN], by_agency=False)


def edits(user) -> bool:
    """Whether to show the scheme editor's forms (the service checks the 州 scope)."""
    return allows_somewhere(user, "assessment.indicator_changed")


def takes_part(user) -> bool:
    """The workbench's 考核评议 pages: whoever runs the scheme or scores in it."""
    return allows_somewhere(user, "assessment.published") or allows_somewhere(
        user, "assessment.evaluated"
    )
