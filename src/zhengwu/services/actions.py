"""The audit trail's words for 政务服务事项 (`core.actions`)."""

from zhengwu.core import actions

from .models import Fee

actions.register("services.item.create", "新增事项")
actions.register("services.item.claim", "认领上级事项")
actions.register("services.item.import", "导入事项")
actions.register("services.item.revise", "修订事项（新版本）")
actions.register("services.item.cancel", "取消事项")
actions.register("services.item.merge", "合并事项")
actions.register("services.fee.cut", "取消收费项目")


def fee_names(ids: list[str]) -> dict[str, str]:
    rows = Fee.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {
        str(pk): f"收费项目 {name}（{item}）"
        for pk, name, item in rows.values_list("pk", "name", "item__name")
    }


actions.subject("services.fee", "收费项目", fee_names)
actions.subject(
    "services.item", "事项", fields={"flow_version": "办理流程版本", "merged_into_id": "并入事项"}
)

actions.register("services.result_template.save", "编辑审批结果文书模板")
actions.subject(
    "services.resulttemplate",
    "审批结果文书模板",
    fields={"title": "文书名称", "fields": "文书字段", "fixed_text": "固定文字"},
)

actions.register("services.chief.appoint", "任命首席代表")
actions.register("services.chief.items", "调整首席代表授权事项")
actions.register("services.chief.remove", "免去首席代表")


def chief_names(ids: list[str]) -> dict[str, str]:
    from .models import ChiefRepresentative

    rows = ChiefRepresentative.objects.filter(
        pk__in=[int(i) for i in ids if i.isdigit()]
    ).select_related("agency", "window__centre")
    return {
        str(c.pk): f"{c.window.centre.name}{c.window.number}号窗口 {c.agency.name}首席代表"
        for c in rows
    }


actions.subject(
    "services.chiefrepresentative",
    "首席代表",
    chief_names,
    fields={
        "user": "首席代表",
        "agency": "派驻单位",
        "items": "授权审批事项",
        "appointed_on": "任命日期",
    },
)
