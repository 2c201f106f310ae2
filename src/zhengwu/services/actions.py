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
