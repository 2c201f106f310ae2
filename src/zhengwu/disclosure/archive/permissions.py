"""Who may act on the 公文库 (`org.permissions`): one rule per audited action of `actions.py`.

The body's 信息公开工作人员 and the 政务公开办 over its jurisdiction register, correct and file
its 公文 (as they handle requests); the 部门负责人 and the 电子监察人员 read them. The register
is staff-only: nobody outside these roles sees a record, public or not."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

from .models import DECIDE_ACTION, DONE_ACTION, OPEN_ACTION

EDITORS = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN]
READERS = [*EDITORS, Role.DEPT_HEAD, Role.SUPERVISOR]

rule("disclosure_archive.register", "登记公文", EDITORS)
rule("disclosure_archive.edit", "修改公文登记", EDITORS)
rule("disclosure_archive.file", "上传公文文件", EDITORS)
rule("disclosure_archive.import", "批量导入公文登记簿", EDITORS, system=True)

# The §18 review: the agency's 信息公开工作人员, or the 政务公开办 over its jurisdiction, decide on each record of
# a round (the same people who draft and publish 主动公开 documents: a decision to publish makes
# the draft). The platform opens the rounds (the daily task, the `archive_review --open` command).
REVIEWERS = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN]

rule(OPEN_ACTION, "开启动态调整审查", system=True)
rule(DECIDE_ACTION, "作出动态调整审查决定", REVIEWERS)
rule(DONE_ACTION, "完成动态调整审查", REVIEWERS)
