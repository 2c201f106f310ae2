"""Who may take each 公共资源交易 action (`org.permissions`). A project is run by its own body
(招标人/采购人/出让人/转让方): its officers register it and take its steps, and answer the 异议
and 质疑 raised against it. A registered enterprise files 异议, 质疑 and 投诉 (public: the
services check the filer is an enterprise account). The 行政监督部门 named on the project decides
the 投诉 against it. The openness office may change the numbers of the rules marked unverified."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

from . import models as m
from .publication import DOCUMENT_PUBLISHED
from .services import CHANGED, CREATED
from .steps import STEPS

BODY = [Role.DEPT_OFFICER, Role.DEPT_HEAD]

rule(CREATED, "登记交易项目", BODY)
rule(CHANGED, "修改交易项目", BODY)
for step in STEPS:
    rule(step.action, step.label, BODY)
rule(m.OBJECTION_FILED, "提出异议（质疑）", public=True)
rule(m.OBJECTION_ANSWERED, "答复异议（质疑）", BODY)
rule(m.COMPLAINT_FILED, "提出投诉", public=True)
rule(m.COMPLAINT_ACCEPTED, "受理投诉", BODY)
rule(m.COMPLAINT_REFUSED, "不予受理投诉", BODY)
rule(m.COMPLAINT_DECIDED, "作出投诉处理决定", BODY)
# Part of every step that publishes a notice: the body's officers who take the step.
rule(DOCUMENT_PUBLISHED, "在重点领域信息公开栏目发布交易公告", BODY)
rule("trading.rule_changed", "修改交易期限规则", [Role.OPENNESS_ADMIN], by_agency=False)
