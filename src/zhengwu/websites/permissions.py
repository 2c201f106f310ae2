"""Who may take each 政府网站 action (`org.permissions`). A site's content is written, reviewed
and published by its own staff: the 信息公开工作人员 of its government or department, or the
政务公开办 over its jurisdiction (a township clerk holds the role over the township)."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

SITE_ROLES = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN]

for kind, what in (("article", "网站信息"), ("leader", "领导信息")):
    rule(f"websites.{kind}.create", f"撰写{what}", SITE_ROLES)
    rule(f"websites.{kind}.edit", f"修改{what}", SITE_ROLES)
    rule(f"websites.{kind}.submit", f"提交{what}审核", SITE_ROLES)
    rule(f"websites.{kind}.return", f"退回{what}", SITE_ROLES)
    rule(f"websites.{kind}.publish", f"审核发布{what}", SITE_ROLES)
    rule(f"websites.{kind}.withdraw", f"撤回{what}", SITE_ROLES)
# A department site's 网站标识码 is the 政务公开办's over its jurisdiction (as 网站信息 is).
rule("websites.site.code", "设置部门网站标识码", [Role.OPENNESS_ADMIN], by_agency=False)
