"""The audit trail's words for 依申请公开 and the annual report (`core.actions`)."""

from zhengwu.core import actions
from zhengwu.core.masking import mask_text

from .models import AnnualReport, Consultation, PublicationProposal, Remedy, Request

actions.register("disclosure_request.submit", "网上提交申请")
actions.register("disclosure_request.register", "登记申请")
actions.register("disclosure_request.import", "批量导入申请")
actions.register("disclosure_request.review", "开始审核")
actions.register("disclosure_request.handle", "转入办理")
actions.register("disclosure_request.clarify_notice", "告知补正")
actions.register("disclosure_request.clarified", "收到补正，答复期限重新计算")
actions.register("disclosure_request.abandoned", "逾期不补正，视为放弃申请")
actions.register("disclosure_request.extend", "批准延期答复")
actions.register("disclosure_request.consult", "征求意见")
actions.register("disclosure_request.consultation_reply", "登记征求意见答复")
actions.register("disclosure_request.fee_notice", "发出收费通知")
actions.register("disclosure_request.fee_paid", "登记缴费")
actions.register("disclosure_request.fee_unpaid", "逾期未缴费，不再处理")
actions.register("disclosure_request.answer", "答复")
actions.register("disclosure_request.released_attached", "添加随答复提供的信息")
actions.register("disclosure_request.released_removed", "移除随答复提供的信息")
actions.register("disclosure_request.archive", "归档")
actions.register("disclosure_request.remedy", "登记行政复议或诉讼")
actions.register("disclosure_request.remedy_decided", "登记复议或诉讼审结结果")
actions.register(
    "disclosure_request.proposal_propose", "相同申请达到规定件数，提出转为主动公开建议"
)
actions.register("disclosure_request.proposal_join", "相同申请列入转为主动公开建议")
actions.register("disclosure_request.proposal_suggest", "申请人建议转为主动公开")
actions.register("disclosure_request.proposal_publish", "决定转为主动公开")
actions.register("disclosure_request.proposal_decline", "决定不予转为主动公开")
actions.register("annual_report.save", "保存年度报告")
actions.register("annual_report.publish", "发布年度报告")


def _keys(ids: list[str]) -> list[int]:
    return [int(i) for i in ids if i.isdigit()]


def request_names(ids: list[str]) -> dict[str, str]:
    """依申请公开 XX号 所需政府信息名称 (masked: an applicant may name themselves in it)."""
    rows = Request.objects.filter(pk__in=_keys(ids)).values_list("pk", "number", "subject")
    return {str(pk): f"依申请公开 {number}号 {mask_text(subject)}" for pk, number, subject in rows}


def remedy_names(ids: list[str]) -> dict[str, str]:
    rows = Remedy.objects.filter(pk__in=_keys(ids)).select_related("request")
    return {str(r.pk): f"{r.get_kind_display()}（依申请公开 {r.request.number}号）" for r in rows}


def proposal_names(ids: list[str]) -> dict[str, str]:
    rows = PublicationProposal.objects.filter(pk__in=_keys(ids)).values_list("pk", "subject")
    return {str(pk): f"转为主动公开建议：{mask_text(subject)}" for pk, subject in rows}


def report_names(ids: list[str]) -> dict[str, str]:
    rows = AnnualReport.objects.filter(pk__in=_keys(ids)).values_list("pk", "agency__name", "year")
    return {str(pk): f"{agency}{year}年度政府信息公开工作年度报告" for pk, agency, year in rows}


actions.subject(
    "disclosure_requests.request",
    "依申请公开",
    request_names,
    public="申请人",
    fields={
        "file": "导入文件",
        "loaded": "导入件数",
        "errors": "错误行数",
        "first": "首件编号",
        "last": "末件编号",
        "consultation": ("征求意见", "disclosure_requests.consultation"),
        "kind": ("征求对象", dict(Consultation.KINDS)),
        "reply": ("征求意见答复", dict(Consultation.REPLIES)),
        "sent_on": "发出征求意见函日期",
        "released": ("随答复提供的信息", "disclosure_requests.releaseditem"),
        "title": "名称",
        "document": ("已主动公开的文件", "disclosure.document"),
        "doc_number": "发文字号",
        "sha256": "文件校验值（SHA-256）",
        "size": "文件大小（字节）",
    },
)
actions.subject("disclosure_requests.remedy", "复议诉讼", remedy_names, public="申请人")
actions.subject(
    "disclosure_requests.publicationproposal",
    "转为主动公开建议",
    proposal_names,
    public="申请人",
    fields={
        "subject": "建议公开的信息",
        "source": ("来源", dict(PublicationProposal.SOURCES)),
        "applicants": "申请人数",
        "proposed_on": "提出日期",
        "requests": "列入的申请",
        "suggested_by": "提出建议的申请",
        "suggested_by_request": ("提出建议的申请", "disclosure_requests.request"),
        "suggestion_reason": "申请人建议理由",
        "status": ("状态", dict(PublicationProposal.STATUSES)),
        "reason": "理由",
        "decided_on": "决定日期",
        "decided_by": ("决定人", "org.user"),
        "decision_reason": "决定理由",
        "document": ("主动公开文件", "disclosure.document"),
    },
)
actions.subject("disclosure_requests.annualreport", "年度报告", report_names)
actions.subject("disclosure_requests.consultation", "征求意见")
