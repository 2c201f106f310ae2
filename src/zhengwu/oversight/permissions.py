"""Who may take each 社会监督 action (`org.permissions`). The 政务公开办 keeps the roster, records
what the press reports, assigns every item and confirms the items of the press and of
supervisors without an account; a supervisor files and confirms their own (services check it is
theirs and that their term runs); the body concerned rectifies its own."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

from . import models as m

OFFICE = [Role.OPENNESS_ADMIN]
BODY_ROLES = [Role.DEPT_OFFICER, Role.DEPT_HEAD, Role.DISCLOSURE_OFFICER]

rule("oversight.supervisor_added", "聘任社会监督员", OFFICE, by_agency=False)
rule("oversight.supervisor_changed", "修改社会监督员信息", OFFICE, by_agency=False)
rule(m.FILED, "提出监督意见", [Role.OUTSIDE_SUPERVISOR, *OFFICE], by_agency=False)
rule(m.RECORDED, "登记媒体监督事项", OFFICE, by_agency=False)
rule(m.ASSIGNED, "交办监督事项", OFFICE, by_agency=False)
rule(m.RECTIFIED, "反馈监督事项整改情况", BODY_ROLES)
rule(m.CONFIRMED, "确认监督事项整改", [Role.OUTSIDE_SUPERVISOR, *OFFICE], by_agency=False)
rule(m.RETURNED, "退回监督事项重新整改", [Role.OUTSIDE_SUPERVISOR, *OFFICE], by_agency=False)
