"""Who may take 好差评's audited actions (ratings/actions.py), in the map of
org/permissions.py."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

UNIT_ROLES = [Role.DEPT_OFFICER, Role.DEPT_HEAD, Role.WINDOW_CLERK]

# The rater rates (the window's tablet and 一事一评 need no staff role); a village agent records
# a villager's rating on their behalf.
rule("ratings.rated", "代录评价", [Role.VILLAGE_AGENT], public=True)
# A bad rating opens its rectification by itself.
rule("ratings.rectification_opened", "差评转入整改", system=True)
# The rated unit calls back, fixes, reports back and may appeal.
rule("ratings.callback", "差评回访", UNIT_ROLES)
rule("ratings.fixed", "差评整改", UNIT_ROLES)
rule("ratings.fed_back", "整改反馈", UNIT_ROLES)
rule("ratings.appealed", "差评申诉", UNIT_ROLES)
# The supervisors of the area decide an appeal.
rule("ratings.appeal_upheld", "申诉复核", [Role.SUPERVISOR], by_agency=False)
rule("ratings.appeal_rejected", "申诉复核", [Role.SUPERVISOR], by_agency=False)
# The province's published 好评率 table is entered by the 州政务公开办 (services in province.py).
rule(
    "ratings.province_figure.save", "录入全省好评率公布数据", [Role.OPENNESS_ADMIN], by_agency=False
)
rule(
    "ratings.province_figure.delete",
    "删除全省好评率公布数据",
    [Role.OPENNESS_ADMIN],
    by_agency=False,
)
