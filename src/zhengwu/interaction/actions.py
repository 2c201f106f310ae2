"""The audit trail's words for 政民互动 (`core.actions`)."""

import datetime as dt

from zhengwu.core import actions
from zhengwu.core.masking import mask_text

from .models import Complaint, Consultation, Interview, Message, Survey

actions.register("interaction.message_submitted", "提交留言")
actions.register("interaction.message_accepted", "受理留言")
actions.register("interaction.message_declined", "留言不予受理")
actions.register("interaction.message_transferred", "转办留言")
actions.register("interaction.extension_requested", "申请延期答复")
actions.register("interaction.extension_decided", "审批延期申请")
actions.register("interaction.marked_petition", "转为信访事项")
actions.register("interaction.petition_accepted", "信访事项受理")
actions.register("interaction.petition_extended", "信访事项延期")
actions.register("interaction.message_replied", "答复留言")
actions.register("interaction.reply_rated", "评价答复")
actions.register("interaction.message_published", "公开留言及答复")
actions.register("interaction.message_hidden", "屏蔽留言")
actions.register("interaction.question_asked", "访谈网民提问")
actions.register("interaction.question_moderated", "审核访谈提问")
actions.register("interaction.interview_created", "新建访谈预告")
actions.register("interaction.interview_edited", "修改访谈预告")
actions.register("interaction.interview_published", "发布访谈预告")
actions.register("interaction.interview_post", "发布访谈发言")
actions.register("interaction.interview_state", "变更访谈状态")
actions.register("interaction.interview_image", "上传访谈图片")
actions.register("interaction.interview_transcript", "整理访谈文字实录")
actions.register("interaction.consultation_created", "起草民意征集")
actions.register("interaction.consultation_edited", "修改民意征集稿")
actions.register("interaction.consultation_opened", "发布民意征集")
actions.register("interaction.consultation_closed", "结束民意征集")
actions.register("interaction.consultation_expired", "征集期满自动截止")
actions.register("interaction.comment_submitted", "提交征集意见")
actions.register("interaction.comment_moderated", "审核征集意见")
actions.register("interaction.comment_adoption", "登记意见采纳情况")
actions.register("interaction.feedback_published", "公布意见采纳情况")
actions.register("interaction.survey_created", "新建征集调查")
actions.register("interaction.survey_edited", "修改征集调查")
actions.register("interaction.survey_published", "发布征集调查")
actions.register("interaction.survey_closed", "结束征集调查")
actions.register("interaction.survey_answered", "参与调查")
actions.register("interaction.complaint_filed", "提出行政投诉")
actions.register("interaction.complaint_decided", "作出投诉受理决定")
actions.register("interaction.complaint_answered", "答复投诉处理结果")
actions.register("interaction.opinion_reports", "生成民意汇报")
actions.register("interaction.demo_loaded", "载入演示留言")
actions.register("interaction.demo_complaints", "载入演示行政投诉")


def _keys(ids: list[str]) -> list[int]:
    return [int(i) for i in ids if i.isdigit()]


def message_names(ids: list[str]) -> dict[str, str]:
    rows = Message.objects.filter(pk__in=_keys(ids)).values_list("pk", "number", "title")
    return {str(pk): f"留言 {number}号 {mask_text(title)}" for pk, number, title in rows}


def complaint_names(ids: list[str]) -> dict[str, str]:
    rows = Complaint.objects.filter(pk__in=_keys(ids)).values_list("pk", "number", "title")
    return {str(pk): f"行政投诉 {number}号 {mask_text(title)}" for pk, number, title in rows}


def _titled(model, noun: str):
    def names(ids: list[str]) -> dict[str, str]:
        rows = model.objects.filter(pk__in=_keys(ids)).values_list("pk", "title")
        return {str(pk): f"{noun}“{title}”" for pk, title in rows}

    return names


def report_names(ids: list[str]) -> dict[str, str]:
    """The monthly run of 民意汇报, by its month."""
    out = {}
    for i in ids:
        try:
            month = dt.date.fromisoformat(i)
        except ValueError:
            continue
        out[i] = f"{month.year}年{month.month}月民意汇报"
    return out


actions.subject(
    "interaction.message",
    "留言",
    message_names,
    public="留言人",
    fields={
        "messages": "留言条数",
        "replied_on": "答复日期",
        "on_time": "按期答复",
        "satisfaction": "满意度",
        "agency": "办理单位",
    },
)
actions.subject(
    "interaction.complaint",
    "行政投诉",
    complaint_names,
    public="投诉人",
    fields={"agency": "被投诉单位"},
)
actions.subject(
    "interaction.opinionreport", "民意汇报", report_names, fields={"agencies": "单位数"}
)
actions.subject(
    "interaction.interview",
    "在线访谈",
    _titled(Interview, "在线访谈"),
    fields={"title": "主题", "guests": "访谈嘉宾", "starts_at": "开始时间", "sections": "条目数"},
)
actions.subject(
    "interaction.consultation",
    "民意征集",
    _titled(Consultation, "民意征集"),
    fields={
        "title": "标题",
        "opens_on": "征集开始",
        "closes_on": "征集截止",
        "sections": "条目数",
        "section": "条目",
    },
)
actions.subject(
    "interaction.survey",
    "征集调查",
    _titled(Survey, "征集调查"),
    fields={"title": "标题", "questions": "题目数", "question": "题目"},
)
