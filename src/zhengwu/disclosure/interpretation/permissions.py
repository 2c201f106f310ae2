"""Who may take each 解读回应 action (`org.permissions`): whoever drafts a policy document
interprets it (谁起草、谁解读), so the same roles as 主动公开."""

from zhengwu.disclosure.permissions import DISCLOSURE_ROLES
from zhengwu.org.permissions import rule

rule("disclosure_interpretation.create", "起草政策解读", DISCLOSURE_ROLES)
rule("disclosure_interpretation.edit", "修改政策解读", DISCLOSURE_ROLES)
rule("disclosure_interpretation.submit", "提交政策解读审核", DISCLOSURE_ROLES)
rule("disclosure_interpretation.return", "退回政策解读", DISCLOSURE_ROLES)
rule("disclosure_interpretation.publish", "审核发布政策解读", DISCLOSURE_ROLES)
rule("disclosure_interpretation.withdraw", "撤回政策解读", DISCLOSURE_ROLES)
