"""Who may take each 主动公开 action (`org.permissions`): one rule per audited action of
`actions.py`. The agency's 信息公开工作人员 or the 政务公开办 over its jurisdiction draft, review,
publish and keep the guide, the rules page and the gazette; imports run from the command line.

依申请公开 and the annual report have their own map in `requests/permissions.py` (the sub-app
registers its own actions)."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

# Who may draft, review and publish: the agency's 信息公开工作人员, or the 政务公开办 over a jurisdiction.
DISCLOSURE_ROLES = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN]

rule("disclosure.document.create", "起草主动公开文件", DISCLOSURE_ROLES)
rule("disclosure.document.edit", "修改主动公开文件", DISCLOSURE_ROLES)
rule("disclosure.document.submit", "提交保密审查", DISCLOSURE_ROLES)
rule("disclosure.document.return", "退回修改", DISCLOSURE_ROLES)
rule("disclosure.document.publish", "审查发布", DISCLOSURE_ROLES)
rule("disclosure.document.withdraw", "撤回", DISCLOSURE_ROLES)
rule("disclosure.document.validity", "变更有效性", DISCLOSURE_ROLES)
rule("disclosure.document.new_version", "发布新版本", DISCLOSURE_ROLES)
rule("disclosure.document.import", "批量导入公开文件", system=True)
rule("disclosure.attachment.add", "上传附件", DISCLOSURE_ROLES)
rule("disclosure.guide.revise", "修订政府信息公开指南", DISCLOSURE_ROLES)
rule("disclosure.rules.save", "编辑政府信息公开制度", DISCLOSURE_ROLES)
# The government's own officer, or the 政务公开办 over the jurisdiction (services.pages).
rule("disclosure.gazette.create", "编辑本级政府公报", DISCLOSURE_ROLES)
