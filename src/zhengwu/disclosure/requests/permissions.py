"""Who may take each action on a 依申请公开 request and on an annual report (`org.permissions`):
one rule per audited action of `actions.py`.

The agency's 信息公开工作人员, or the 政务公开办 over its jurisdiction, handle requests and write
the annual report; only the head (dept_head) approves an extension (条例 §33¶2). The applicant
submits; the platform ends requests whose 补正 or payment period has passed (`services.sweep`)
and imports past requests from the command line."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

# Who handles requests: the agency's 信息公开工作人员, or the 政务公开办 over its jurisdiction.
HANDLERS = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN]
REPORT_EDITORS = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN]

rule("disclosure_request.submit", "网上提交申请", public=True)
rule("disclosure_request.register", "登记申请", HANDLERS)
rule("disclosure_request.import", "批量导入申请", system=True)
rule("disclosure_request.review", "审核政府信息公开申请", HANDLERS)
rule("disclosure_request.handle", "办理政府信息公开申请", HANDLERS)
rule("disclosure_request.clarify_notice", "告知补正", HANDLERS)
rule("disclosure_request.clarified", "登记补正", HANDLERS)
rule("disclosure_request.abandoned", "按逾期不补正处理", HANDLERS, system=True)
rule("disclosure_request.extend", "批准延期答复", [Role.DEPT_HEAD])
rule("disclosure_request.consult", "征求意见", HANDLERS)
rule("disclosure_request.consultation_reply", "登记征求意见答复", HANDLERS)
rule("disclosure_request.fee_notice", "发出收费通知", HANDLERS)
rule("disclosure_request.fee_paid", "登记缴费", HANDLERS)
rule("disclosure_request.fee_unpaid", "按逾期未缴费处理", HANDLERS, system=True)
rule("disclosure_request.answer", "答复政府信息公开申请", HANDLERS)
rule("disclosure_request.released_attached", "添加随答复提供的信息", HANDLERS)
rule("disclosure_request.released_removed", "移除随答复提供的信息", HANDLERS)
rule("disclosure_request.archive", "归档", HANDLERS)
rule("disclosure_request.remedy", "登记复议诉讼", HANDLERS)
rule("disclosure_request.remedy_decided", "登记复议诉讼", HANDLERS)
# 条例 §44: the platform proposes (相同申请), an applicant suggests, the handlers decide.
rule("disclosure_request.proposal_propose", "提出转为主动公开建议", system=True)
rule("disclosure_request.proposal_join", "列入转为主动公开建议", system=True)
rule("disclosure_request.proposal_suggest", "建议将申请的信息转为主动公开", public=True)
rule("disclosure_request.proposal_publish", "决定转为主动公开", HANDLERS)
rule("disclosure_request.proposal_decline", "决定不予转为主动公开", HANDLERS)
rule("annual_report.save", "编辑年度报告", REPORT_EDITORS)
rule("annual_report.publish", "发布年度报告", REPORT_EDITORS)
