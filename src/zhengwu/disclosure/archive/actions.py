"""The audit trail's words for the 公文库 (`core.actions`)."""

from zhengwu.core import actions

from .models import ArchiveFile, OfficialDocument

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
