"""The audit trail's words for 解读回应 (`core.actions`)."""

from zhengwu.core import actions

WORDS = {
    "disclosure_interpretation.create": "起草政策解读",
    "disclosure_interpretation.edit": "修改政策解读",
    "disclosure_interpretation.remove_image": "删除政策解读图解",
    "disclosure_interpretation.submit": "提交政策解读审核",
    "disclosure_interpretation.return": "退回政策解读",
    "disclosure_interpretation.publish": "审核发布政策解读",
    "disclosure_interpretation.withdraw": "撤回政策解读",
    "disclosure_interpretation.concern_create": "登记回应关切事项",
    "disclosure_interpretation.concern_edit": "修改回应关切事项",
    "disclosure_interpretation.concern_respond": "发布关切回应",
    "disclosure_interpretation.concern_withdraw": "撤回关切回应",
    "disclosure_interpretation.press_create": "登记新闻发布会",
    "disclosure_interpretation.press_edit": "修改新闻发布会",
    "disclosure_interpretation.press_announce": "发布新闻发布会预告",
    "disclosure_interpretation.press_start": "开始新闻发布会直播",
    "disclosure_interpretation.press_post": "发布新闻发布会直播内容",
    "disclosure_interpretation.press_finish": "结束新闻发布会",
    "disclosure_interpretation.press_speaker": "登记新闻发布会发布人",
}
for _action, _words in WORDS.items():
    actions.register(_action, _words)


def _names(model, noun: str, field: str):
    def name(ids: list[str]) -> dict[str, str]:
        keys = [int(i) for i in ids if i.isdigit()]
        rows = model.objects.filter(pk__in=keys).values_list("pk", field)
        return {str(pk): f"{noun}《{title}》" for pk, title in rows}

    return name


def _subjects() -> None:
    from .models import ConcernResponse, Interpretation, PressConference

    actions.subject(
        "disclosure_interpretation.interpretation",
        "政策解读",
        _names(Interpretation, "政策解读", "title"),
        fields={"document": ("政策文件", "disclosure.document"), "due_on": "应发布日期"},
    )
    actions.subject(
        "disclosure_interpretation.concernresponse",
        "回应关切",
        _names(ConcernResponse, "回应关切", "title"),
        fields={"due_at": "应回应时间", "responded_at": "回应时间"},
    )
    actions.subject(
        "disclosure_interpretation.pressconference",
        "新闻发布会",
        _names(PressConference, "新闻发布会", "topic"),
        fields={"starts_at": "召开时间", "speaker": "发布人", "post": "直播内容"},
    )


_subjects()
