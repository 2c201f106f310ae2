"""Who may take each action of 政民互动 (`org.permissions`): one rule per audited action.

留言办理人员 and the 政务公开办 handle letters, moderate what is published and run interviews,
consultations and surveys: they also author them (create and edit the 预告, the 征集稿 and its
articles, the questionnaire) and put them before the public, for their own agency (or, over a
jurisdiction, its agencies), as they already moderate and run them; the 部门负责人 decides extensions; the 电子监察 office of the jurisdiction decides
and answers 行政投诉 (by jurisdiction only). Members of the public write, rate, ask, comment,
answer surveys and complain (the service checks that a rating is the writer's own)."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

HANDLER_ROLES = [Role.MESSAGE_HANDLER, Role.OPENNESS_ADMIN]
APPROVER_ROLES = [Role.DEPT_HEAD]
SUPERVISION_ROLES = [Role.SUPERVISOR]

# 网民留言
rule("interaction.message_submitted", "提交留言", public=True)
rule("interaction.message_accepted", "受理留言", HANDLER_ROLES)
rule("interaction.message_declined", "不予受理留言", HANDLER_ROLES)
rule("interaction.message_transferred", "转办留言", HANDLER_ROLES)
rule("interaction.extension_requested", "申请延期", HANDLER_ROLES)
rule("interaction.extension_decided", "审批延期", APPROVER_ROLES)
rule("interaction.message_replied", "答复留言", HANDLER_ROLES)
rule("interaction.reply_rated", "评价答复", public=True)
rule("interaction.message_published", "审核公开内容", HANDLER_ROLES)
rule("interaction.message_hidden", "屏蔽留言", HANDLER_ROLES)

# 信访事项
rule("interaction.marked_petition", "转为信访事项", HANDLER_ROLES)
rule("interaction.petition_accepted", "受理信访事项", HANDLER_ROLES)
rule("interaction.petition_extended", "延长信访办理期限", APPROVER_ROLES)

# 在线访谈
rule("interaction.question_asked", "访谈提问", public=True)
rule("interaction.question_moderated", "审核访谈提问", HANDLER_ROLES)
rule("interaction.interview_created", "编辑访谈预告", HANDLER_ROLES)
rule("interaction.interview_edited", "编辑访谈预告", HANDLER_ROLES)
rule("interaction.interview_published", "发布访谈预告", HANDLER_ROLES)
rule("interaction.interview_post", "主持访谈", HANDLER_ROLES)
rule("interaction.interview_state", "主持访谈", HANDLER_ROLES)
rule("interaction.interview_image", "上传访谈图片", HANDLER_ROLES)
rule("interaction.interview_transcript", "主持访谈", HANDLER_ROLES)

# 民意征集, 征集调查
rule("interaction.consultation_created", "起草民意征集", HANDLER_ROLES)
rule("interaction.consultation_edited", "起草民意征集", HANDLER_ROLES)
rule("interaction.consultation_opened", "发布民意征集", HANDLER_ROLES)
rule("interaction.consultation_closed", "结束民意征集", HANDLER_ROLES)
# The platform closes a consultation the day after its period ends (tasks.close_consultations).
rule("interaction.consultation_expired", "征集期满自动截止", system=True)
rule("interaction.comment_submitted", "提交征集意见", public=True)
rule("interaction.comment_moderated", "审核征集意见", HANDLER_ROLES)
rule("interaction.comment_adoption", "处理征集意见", HANDLER_ROLES)
rule("interaction.feedback_published", "发布征集反馈", HANDLER_ROLES)
rule("interaction.survey_created", "编辑征集调查", HANDLER_ROLES)
rule("interaction.survey_edited", "编辑征集调查", HANDLER_ROLES)
rule("interaction.survey_published", "发布征集调查", HANDLER_ROLES)
rule("interaction.survey_closed", "结束征集调查", HANDLER_ROLES)
rule("interaction.survey_answered", "参与调查", public=True)

# 行政投诉
rule("interaction.complaint_filed", "提出行政投诉", public=True)
rule("interaction.complaint_decided", "审查行政投诉", SUPERVISION_ROLES, by_agency=False)
rule("interaction.complaint_answered", "答复行政投诉", SUPERVISION_ROLES, by_agency=False)

# The platform: the monthly reports, the demo.
rule("interaction.opinion_reports", "生成民意汇报", system=True)
rule("interaction.demo_loaded", "载入演示留言", system=True)
rule("interaction.demo_complaints", "载入演示行政投诉", system=True)
