"""Who may take each action of the §18 review (`org.permissions`): one rule per audited action.

The agency's 信息公开工作人员, or the 政务公开办 over its jurisdiction, decide on each record of
a round (the same people who draft and publish 主动公开 documents: a decision to publish makes
the draft). The platform opens the rounds (the daily task, the `archive_review --open` command)."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

from .models_review import DECIDE_ACTION, DONE_ACTION, OPEN_ACTION

REVIEWERS = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN]

rule(OPEN_ACTION, "开启动态调整审查", system=True)
rule(DECIDE_ACTION, "作出动态调整审查决定", REVIEWERS)
rule(DONE_ACTION, "完成动态调整审查", REVIEWERS)
