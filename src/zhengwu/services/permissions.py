"""Who may change the catalogue (`org.permissions`): one rule per action `actions.py` registers.
An agency's 实施清单 is edited by its officers and head and by the openness office over its
jurisdiction; the result document's template only by the head and the openness office."""

from zhengwu.org import permissions
from zhengwu.org.models import Role

EDIT_ROLES = [Role.DEPT_OFFICER, Role.DEPT_HEAD, Role.OPENNESS_ADMIN]
TEMPLATE_ROLES = [Role.DEPT_HEAD, Role.OPENNESS_ADMIN]

permissions.rule("services.item.create", "事项编制", EDIT_ROLES)
permissions.rule("services.item.claim", "事项认领", EDIT_ROLES)
permissions.rule("services.item.import", "事项导入", EDIT_ROLES)
permissions.rule("services.item.revise", "事项修订", EDIT_ROLES)
permissions.rule("services.item.cancel", "事项取消", EDIT_ROLES)
permissions.rule("services.item.merge", "事项合并", EDIT_ROLES)
permissions.rule("services.fee.cut", "取消收费", EDIT_ROLES)
permissions.rule("services.result_template.save", "编辑审批结果文书模板", TEMPLATE_ROLES)
# 三集中、三到位 (services/delegation.py): the 政务公开办 over the centre names the 首席代表.
permissions.rule("services.chief.appoint", "任命首席代表", [Role.OPENNESS_ADMIN], by_agency=False)
permissions.rule(
    "services.chief.items", "调整首席代表授权事项", [Role.OPENNESS_ADMIN], by_agency=False
)
permissions.rule("services.chief.remove", "免去首席代表", [Role.OPENNESS_ADMIN], by_agency=False)
