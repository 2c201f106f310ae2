"""What staff read after each action on a 依申请公开 request (a success message): what was done
and what comes next, from the request as it is now. Every action of `views._run_action` has its
line; tests/test_success_messages.py walks them all."""

from zhengwu.core.models import Clock
from zhengwu.core.words import chinese_date

from . import services
from .models import Request


def due_text(req: Request) -> str:
    """答复期限为…: the due date of the answer clock still running (empty once it stopped)."""
    main = services.answer_clock(req)
    if main is None or main.state == Clock.STOPPED:
        return ""
    return f"答复期限为{chinese_date(main.due_date)}。" if main.due_date else "答复期限暂停计算。"


DONE = {
    "review": lambda r: "已开始审核。" + due_text(r),
    "handle": lambda r: "已转入办理。" + due_text(r),
    "clarify": lambda r: "已告知申请人补正，补正期间不计入答复期限；收到补正后请登记。",
    "clarified": lambda r: "已登记收到补正，答复期限重新计算。" + due_text(r),
    "extend": lambda r: "已批准延期答复。" + due_text(r),
    "consult": lambda r: "已发出征求意见，征求意见期间不计入答复期限；收到答复后请登记。",
    "reply": lambda r: "已登记征求意见答复。" + due_text(r),
    "fee": lambda r: "已发出收费通知，申请人缴费期间不计入答复期限；缴费后请登记。",
    "paid": lambda r: "已登记缴费。" + due_text(r),
    "unpaid": lambda r: "申请人逾期未缴费，本申请不再处理。",
    "abandon": lambda r: "申请人逾期未补正，视为放弃申请，本申请不再处理。",
    "answer": lambda r: "已答复，答复书已生成，可下载后送达申请人。下一步：归档。",
    "released-file": lambda r: "文件已添加到随答复提供的信息中，答复时一并送达申请人。",
    "released-document": lambda r: (
        "已主动公开的文件已添加到随答复提供的信息中，答复书将列出其网址。"
    ),
    "released-archive": lambda r: (
        "公文库中的公文已添加到随答复提供的信息中，答复时一并提供给申请人。"
    ),
    "released-remove": lambda r: "已从随答复提供的信息中移除。",
    "archive": lambda r: "已归档。",
    "remedy": lambda r: "已登记行政复议或诉讼情况。",
    "remedy-decide": lambda r: "已登记审结结果，计入该年度报告表四。",
}
