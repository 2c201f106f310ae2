"""Who may take 电子监察's audited actions (supervision/actions.py), in the map of
org/permissions.py; and who may read its pages, which record nothing."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

from .queries import READER_ROLES, SUPERVISOR_ROLES

# The platform: the daily sweep and the cards it, or another app's trigger, issues.
rule("supervision.sweep", "电子监察扫描", system=True)
rule("supervision.card_issued", "亮牌", system=True)
# The unit answers its card; the supervisors of the area decide on the answer.
rule("supervision.rectification_answered", "整改反馈", [Role.DEPT_OFFICER, Role.DEPT_HEAD])
rule("supervision.rectification_accepted", "整改审核", SUPERVISOR_ROLES, by_agency=False)
rule("supervision.rectification_returned", "整改审核", SUPERVISOR_ROLES, by_agency=False)
rule("supervision.audit_chain_verified", "校验审计链", SUPERVISOR_ROLES, by_agency=False)

# Reads (recorded nowhere): the board, clocks, cards and statistics for supervisors and
# outside supervisors; the audit trail of a watched record for supervisors.
rule("supervision.view", "查看电子监察数据", READER_ROLES, by_agency=False)
rule("supervision.view_trail", "查看审计轨迹", SUPERVISOR_ROLES, by_agency=False)
