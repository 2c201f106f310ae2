"""Who may act on the 公文库 (`org.permissions`): one rule per audited action of `actions.py`.

The body's 信息公开工作人员 and the 政务公开办 over its jurisdiction register, correct and file
its 公文 (as they handle requests); the 部门负责人 and the 电子监察人员 read them. The register
is staff-only: nobody outside these roles sees a record, public or not."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

EDITORS = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN]
READERS = [*EDITORS, Role.DEPT_HEAD, Role.SUPERVISOR]

rule("disclosure_archive.register", "登记公文", EDITORS)
rule("disclosure_archive.edit", "修改公文登记", EDITORS)
rule("disclosure_archive.file", "上传公文文件", EDITORS)
rule("disclosure_archive.import", "批量导入公文登记簿", EDITORS, system=True)
