"""Who may take each 公共企事业单位 action (`org.permissions`). The sectors and their columns are
the 州政务公开办's (they hold for every body); a body is registered by the 政务公开办 over its
jurisdiction or by the head of its supervising department (部门负责人). The body's own
信息公开工作人员 publish through the disclosure rules (`disclosure.document.*`)."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

REGISTER_ROLES = [Role.OPENNESS_ADMIN, Role.DEPT_HEAD]

rule(
    "public_bodies.sector.save",
    "设置公共企事业单位行业及公开栏目",
    [Role.OPENNESS_ADMIN],
    by_agency=False,
)
rule("public_bodies.body.register", "登记公共企事业单位", REGISTER_ROLES)
rule("public_bodies.body.edit", "修改公共企事业单位信息", REGISTER_ROLES)
