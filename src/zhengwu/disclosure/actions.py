"""The audit trail's words for 主动公开 (`core.actions`)."""

from zhengwu.core import actions

from .models import GuideRevision, RulesPage

actions.register("disclosure.document.create", "新建公开文件草稿")
actions.register("disclosure.document.edit", "修改公开文件草稿")
actions.register("disclosure.document.submit", "提交公开文件审核")
actions.register("disclosure.document.return", "退回公开文件修改")
actions.register("disclosure.document.publish", "发布公开文件")
actions.register("disclosure.document.withdraw", "撤回公开文件")
actions.register("disclosure.document.validity", "变更公开文件有效性")
actions.register("disclosure.document.new_version", "发布公开文件新版本")
actions.register("disclosure.document.import", "批量导入公开文件")
actions.register("disclosure.attachment.add", "上传公开文件附件")
actions.register("disclosure.guide.revise", "修订政府信息公开指南")
actions.register("disclosure.rules.save", "保存政府信息公开制度")
actions.register("disclosure.gazette.create", "新建政府公报")


def _of_agency(model, what: str):
    def names(ids: list[str]) -> dict[str, str]:
        rows = model.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
        return {str(pk): f"{agency}{what}" for pk, agency in rows.values_list("pk", "agency__name")}

    return names


actions.subject(
    "disclosure.guiderevision", "政府信息公开指南", _of_agency(GuideRevision, "政府信息公开指南")
)
actions.subject(
    "disclosure.rulespage", "政府信息公开制度", _of_agency(RulesPage, "政府信息公开制度")
)
