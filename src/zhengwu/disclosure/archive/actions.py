"""The audit trail's words for the 公文库 and its §18 review (`core.actions`)."""

from zhengwu.core import actions

from .models import (
    DECIDE_ACTION,
    DONE_ACTION,
    OPEN_ACTION,
    ArchiveFile,
    OfficialDocument,
    Review,
    ReviewDecision,
)

actions.register("disclosure_archive.register", "登记公文")
actions.register("disclosure_archive.edit", "修改公文登记")
actions.register("disclosure_archive.file", "上传公文文件")
actions.register("disclosure_archive.import", "批量导入公文登记簿")


def _keys(ids: list[str]) -> list[int]:
    return [int(i) for i in ids if i.isdigit()]


def record_names(ids: list[str]) -> dict[str, str]:
    """公文 吉政发〔2025〕3号 标题."""
    rows = OfficialDocument.objects.filter(pk__in=_keys(ids)).values_list(
        "pk", "doc_number", "title"
    )
    return {str(pk): f"公文 {number} {title}".replace("  ", " ") for pk, number, title in rows}


def file_names(ids: list[str]) -> dict[str, str]:
    rows = ArchiveFile.objects.filter(pk__in=_keys(ids)).values_list("pk", "original_name")
    return {str(pk): f"公文文件 {name}" for pk, name in rows}


actions.subject(
    "disclosure_archive.officialdocument",
    "公文",
    record_names,
    fields={
        "file": "导入文件",
        "loaded": "导入件数",
        "errors": "错误行数",
        "agency": "登记单位",
        "document": ("主动公开文件", "disclosure.document"),
    },
)
actions.subject(
    "disclosure_archive.archivefile",
    "公文文件",
    file_names,
    fields={
        "record": ("公文", "disclosure_archive.officialdocument"),
        "sha256": "文件校验值（SHA-256）",
        "size": "文件大小（字节）",
    },
)

# --- the §18 review
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
# The decision's own words, on the record's trail (the event of `disclosure_archive.review_decide`).
DECISION_WORDS = dict(ReviewDecision.DECISIONS)
