"""The audit trail's words for 解读回应 (`core.actions`)."""

from zhengwu.core import actions

actions.register("disclosure_interpretation.create", "起草政策解读")
actions.register("disclosure_interpretation.edit", "修改政策解读")
actions.register("disclosure_interpretation.submit", "提交政策解读审核")
actions.register("disclosure_interpretation.return", "退回政策解读")
actions.register("disclosure_interpretation.publish", "审核发布政策解读")
actions.register("disclosure_interpretation.withdraw", "撤回政策解读")
