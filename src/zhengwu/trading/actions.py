"""The audit trail's words for 公共资源交易 (`core.actions`)."""

from zhengwu.core import actions

from . import models as m
from .publication import DOCUMENT_PUBLISHED
from .services import CHANGED, CREATED
from .steps import STEPS

actions.register(CREATED, "登记交易项目")
actions.register(CHANGED, "修改交易项目")
for step in STEPS:
    actions.register(step.action, step.label)
actions.register(m.OBJECTION_FILED, "提出异议（质疑）")
actions.register(m.OBJECTION_ANSWERED, "答复异议（质疑）")
actions.register(m.COMPLAINT_FILED, "提出投诉")
actions.register(m.COMPLAINT_ACCEPTED, "受理投诉")
actions.register(m.COMPLAINT_REFUSED, "不予受理投诉")
actions.register(m.COMPLAINT_DECIDED, "作出投诉处理决定")
actions.register("trading.rule_changed", "修改交易期限规则")
actions.register(DOCUMENT_PUBLISHED, "在重点领域信息公开栏目发布交易公告")


def _ids(ids: list[str]) -> list[int]:
    return [int(i) for i in ids if i.isdigit()]


def project_names(ids: list[str]) -> dict[str, str]:
    rows = m.Project.objects.filter(pk__in=_ids(ids)).values_list("pk", "code", "name")
    return {str(pk): f"{name}（{code}）" for pk, code, name in rows}


def objection_names(ids: list[str]) -> dict[str, str]:
    rows = m.Objection.objects.filter(pk__in=_ids(ids)).select_related("project")
    return {str(o.pk): f"{o.project.name}的{o.get_kind_display()}：{o.subject}" for o in rows}


def complaint_names(ids: list[str]) -> dict[str, str]:
    rows = m.Complaint.objects.filter(pk__in=_ids(ids)).select_related("project")
    return {str(c.pk): f"{c.project.name}的投诉（{c.filer_name}）" for c in rows}


def rule_names(ids: list[str]) -> dict[str, str]:
    rows = m.Rule.objects.filter(pk__in=_ids(ids))
    return {str(r.pk): f"{r.code} {r.name}" for r in rows}


actions.subject(
    "trading.project",
    "交易项目",
    project_names,
    fields={
        "kind": ("交易类型", dict(m.KINDS)),
        "method": "交易方式",
        "code": "项目编号",
        "unified_deal_code": "统一交易标识码",
        "name": "项目名称",
        "content": "项目概况",
        "owner": "招标人（采购人、出让人）",
        "agent_name": "代理机构",
        "centre": "交易场所",
        "supervisor": "行政监督部门",
        "jurisdiction": "所属行政区域",
        "scope_path": None,
        "budget": "预算金额（元）",
        "statutory": "依法必须招标",
        "state_funded": "国有资金占控股或者主导地位",
        "details": "其他信息",
        "dates": "日期",
        "state": ("状态", dict(m.Project.STATES)),
        "suspended": "暂停",
        "created_on": "登记日期",
        "created_by": None,
        "version": None,
        "notice": "公告",
        "warnings": "提示",
    },
)
actions.subject(
    "trading.objection",
    "异议（质疑）",
    objection_names,
    fields={
        "kind": ("类型", dict(m.Objection.KINDS)),
        "project": "交易项目",
        "notice": "公告",
        "filer_name": "提出人",
        "filer_usci": "统一社会信用代码",
        "subject": "事项",
        "content": "异议（质疑）内容",
        "filed_on": "提出日期",
        "window": "提出期限",
        "suspended": "暂停",
        "suspension": "项目暂停",
        "state": ("状态", dict(m.Objection.STATES)),
        "answer": "答复内容",
        "answered_on": "答复日期",
        "late": "超期答复",
        "version": None,
    },
)
actions.subject(
    "trading.complaint",
    "投诉",
    complaint_names,
    fields={
        "state": ("状态", dict(m.Complaint.STATES)),
        "project": "交易项目",
        "objection": "此前的异议（质疑）",
        "filer_name": "投诉人",
        "filer_usci": "统一社会信用代码",
        "content": "投诉事项和主张",
        "reason": "事实和理由",
        "filed_on": "投诉日期",
        "supervisor": "行政监督部门",
        "decision_due": "处理决定期限",
        "accepted_on": "受理日期",
        "decided_on": "处理决定日期",
        "decision": "处理决定",
        "basis": "处理依据",
        "refuse_reason": "不予受理理由",
        "version": None,
    },
)
actions.subject(
    "trading.rule",
    "交易期限规则",
    rule_names,
    fields={
        "number": "期限",
        "unit": "单位",
        "enforcement": "违反时",
        "reason": "修改理由",
        "version": None,
    },
)
