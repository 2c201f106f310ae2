"""Who may take the 网站检查 actions: the 政务公开办 over the site's jurisdiction runs the check
(the scheduler runs it as the system); the site's own staff (信息公开工作人员, 政务公开办) keep
and publish its 工作年度报表."""

from zhengwu.org import scopes
from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

STAFF_ROLES = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN]

rule("website_checks.checked", "运行网站检查", [Role.OPENNESS_ADMIN], system=True, by_agency=False)
rule("website_checks.run", "运行网站检查", [Role.OPENNESS_ADMIN], by_agency=False)
rule("website_checks.report_generated", "生成网站工作年度报表", STAFF_ROLES)
rule("website_checks.report_saved", "填报网站工作年度报表", STAFF_ROLES)
rule("website_checks.report_published", "公开网站工作年度报表", STAFF_ROLES)


def sees_checks(user) -> bool:
    return getattr(user, "is_superuser", False) or scopes.has_role(user, *STAFF_ROLES)


def visible_q(user):
    """The checks (and reports) of the sites `user` works for: a department's staff their
    department's site, a role over a jurisdiction every site in it."""
    return scopes.scope_q(user, STAFF_ROLES, agency_field="site__agency")
