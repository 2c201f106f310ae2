"""The audit trail's words for the 政府网站 (`core.actions`)."""

from zhengwu.core import actions

for kind, what in (("article", "网站信息"), ("leader", "领导信息")):
    actions.register(f"websites.{kind}.create", f"撰写{what}")
    actions.register(f"websites.{kind}.edit", f"修改{what}")
    actions.register(f"websites.{kind}.submit", f"提交{what}审核")
    actions.register(f"websites.{kind}.return", f"退回{what}")
    actions.register(f"websites.{kind}.publish", f"审核发布{what}")
    actions.register(f"websites.{kind}.withdraw", f"撤回{what}")
actions.register("websites.site.code", "设置部门网站标识码")
