"""The audit trail's words for 社会监督 (`core.actions`)."""

from zhengwu.core import actions

from . import models as m

actions.register("oversight.supervisor_added", "聘任社会监督员")
actions.register("oversight.supervisor_changed", "修改社会监督员信息")
actions.register(m.FILED, "提出监督意见")
actions.register(m.RECORDED, "登记媒体监督事项")
actions.register(m.ASSIGNED, "交办监督事项")
actions.register(m.RECTIFIED, "反馈监督事项整改情况")
actions.register(m.CONFIRMED, "确认监督事项整改")
actions.register(m.RETURNED, "退回监督事项重新整改")


def _ids(ids: list[str]) -> list[int]:
    return [int(i) for i in ids if i.isdigit()]


def supervisor_names(ids: list[str]) -> dict[str, str]:
    rows = m.Supervisor.objects.filter(pk__in=_ids(ids))
    return {str(s.pk): str(s) for s in rows}


def item_names(ids: list[str]) -> dict[str, str]:
    rows = m.Item.objects.filter(pk__in=_ids(ids)).values_list("pk", "agency__name", "title")
    return {str(pk): f"{agency}：{title}" for pk, agency, title in rows}


actions.subject(
    "oversight.supervisor",
    "社会监督员",
    supervisor_names,
    fields={
        "name": "姓名",
        "category": ("类别", dict(m.Supervisor.CATEGORIES)),
        "work_unit": "工作单位及职务",
        "phone": None,
        "term_start": "聘任起始日",
        "term_end": "聘任截止日",
        "jurisdiction_id": "监督范围",
        "scope_path": None,
        "user_id": ("平台账户", "org.user"),
        "version": None,
    },
)
actions.subject(
    "oversight.item",
    "监督事项",
    item_names,
    fields={
        "state": ("状态", dict(m.Item.STATES)),
        "assigned_on": "交办日期",
        "assign_note": "交办意见",
        "first_due_on": "首次整改期限",
        "due_on": "整改期限",
        "rectification": "整改情况",
        "rectified_on": "整改反馈日期",
        "late": "曾超期",
        "return_reason": "退回理由",
        "returns": "退回次数",
        "confirmed_on": "确认日期",
        "confirm_note": "确认意见",
        "files": "附件",
        "version": None,
    },
)
