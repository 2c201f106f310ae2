"""The audit trail's words for the §18 review (`core.actions`)."""

from zhengwu.core import actions

from .models_review import DECIDE_ACTION, DONE_ACTION, OPEN_ACTION, Review, ReviewDecision

actions.register(OPEN_ACTION, "开启动态调整审查")
actions.register(DECIDE_ACTION, "作出动态调整审查决定")
actions.register(DONE_ACTION, "完成动态调整审查")


def review_names(ids: list[str]) -> dict[str, str]:
    keys = [int(i) for i in ids if i.isdigit()]
    rows = Review.objects.filter(pk__in=keys).values_list("pk", "agency__name", "year", "opened_on")
    return {
        str(pk): f"{agency}{year}年度政府信息动态调整审查（{opened:%Y年%m月%d日}开始）"
        for pk, agency, year, opened in rows
    }


actions.subject(
    "disclosure_archive.review",
    "动态调整审查",
    review_names,
    fields={
        "records": "列入审查的公文件数",
        "added": "新列入审查的公文件数",
        "released": "保密期限已满的公文件数",
        "opened_on": "开始日期",
        "due_on": "完成期限",
        "done_on": "完成日期",
    },
)
# The decision's own words, on the record's trail (the event of `archive_review.decide`).
DECISION_WORDS = dict(ReviewDecision.DECISIONS)
