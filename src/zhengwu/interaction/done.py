"""What staff and the public read after each action of 互动交流 (a success message): what was
done and what comes next, from the record as it is now. tests/test_success_messages.py walks
every action of the workbench and checks its line is shown."""

from zhengwu.core.words import chinese_date

from .models import Message

RATED = "感谢您的评价，您的意见将用于改进答复工作。"


def _due_on(m: Message) -> str:
    return f"答复期限为{chinese_date(m.due_on)}。" if m.due_on else ""


MESSAGE_DONE = {
    "accept": lambda m: "已受理。" + _due_on(m),
    "decline": lambda m: "已不予受理，理由已告知留言人。",
    "transfer": lambda m: f"已转办至{m.agency.name}，由其受理和答复。",
    "reply": lambda m: "已答复，留言人可查看答复并评价。",
    "extend": lambda m: "已提出延期申请，待部门负责人审批。",
    "petition": lambda m: "已标记为信访事项，请按《信访工作条例》转信访部门受理。",
    "accept_petition": lambda m: "已作为信访事项受理。" + _due_on(m),
    "extend_petition": lambda m: "已延长信访事项办理期限，延期理由已告知信访人。" + _due_on(m),
    "publish": lambda m: "已在网站公开（姓名、身份证号和电话不公开）。",
    "hide": lambda m: "已撤下，网站不再公开该留言。",
    "decide_extension": lambda m: "已审批延期申请。" + _due_on(m),
}


INTERVIEW_DONE = {
    "approve": lambda iv: "问题已采用，显示在访谈页面，待嘉宾解答。",
    "reject": lambda iv: "问题已不予采用。",
    "post": lambda iv: "已发布到访谈页面。",
    "state": lambda iv: f"访谈状态已改为“{iv.get_state_display()}”。",
    "image": lambda iv: "图片已上传，显示在访谈页面。",
    "intro": lambda iv: "文字实录导语已保存。",
    "edit": lambda iv: (
        "访谈预告已保存。" + ("" if iv.is_published else "发布后在网站显示并开始征集网友提问。")
    ),
    "publish": lambda iv: "访谈预告已发布，网友可以在访谈页面提问。",
}

INTERVIEW_CREATED = (
    "访谈预告已保存（未发布）。核对后点“发布预告”，网站即显示预告并开始征集网友提问。"
)


CONSULTATION_DONE = {
    "publish": "意见已公开。",
    "hide": "意见已不予公开。",
    "adopt": "已记录该意见的采纳情况，发布反馈时一并公开。",
    "feedback": "意见采纳情况的反馈已公开。",
    "edit": "征集稿已保存。",
    "add_section": "条目已添加。",
    "edit_section": "条目已修改。",
    "move_up": "条目顺序已调整。",
    "move_down": "条目顺序已调整。",
    "remove_section": "条目已删除。",
    "open": "征集已发布，公众可以在征集期内逐条发表意见。",
    "close": "征集已结束，请逐条登记采纳情况后发布反馈。",
}

CONSULTATION_CREATED = "征集稿已保存（未发布）。请逐条添加条目，核对后发布征集。"

SURVEY_DONE = {
    "edit": "调查已保存。",
    "add_question": "题目已添加。",
    "remove_question": "题目已删除。",
    "publish": "调查已发布，公众可以在填写期内参与。",
    "close": "调查已结束，不再接受答卷；结果仍公开。",
}

SURVEY_CREATED = "调查已保存（未发布）。请添加题目，核对后发布。"


COMPLAINT_DONE = {
    "accept": lambda c: (
        "已受理投诉。" + (f"答复期限为{chinese_date(c.due_on)}。" if c.due_on else "")
    ),
    "decline": lambda c: "已不予受理，理由已告知投诉人。",
    "answer": lambda c: "已答复投诉人，投诉办结。",
}
