"""Codes and numbers in the words people read: a file's type (PDF、图片 rather than
“application/pdf”) and a time limit (即办 rather than 0). The templates use them as filters
(`{% load words %}`); views and messages call them directly."""

from __future__ import annotations

FILE_KINDS = {
    "application/pdf": "PDF",
    "image/jpeg": "图片",
    "image/png": "图片",
    "image/gif": "图片",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word 文档",
    "application/msword": "Word 文档",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel 表格",
    "application/vnd.ms-excel": "Excel 表格",
    "application/ofd": "OFD 版式文件",
    "text/plain": "文本",
    "text/csv": "CSV 表格",
    "application/zip": "压缩包",
}
UNITS = {"workdays": "工作日", "days": "自然日"}


def file_kind(content_type: str | None) -> str:
    """“PDF”, “图片”, “Word 文档” … for a content type; “其他文件” for one not listed."""
    value = (content_type or "").split(";")[0].strip().lower()
    if value in FILE_KINDS:
        return FILE_KINDS[value]
    if value.startswith("image/"):
        return "图片"
    return "其他文件"


def time_limit(limit: int | None, unit: str = "workdays") -> str:
    """“即办” for a limit of 0, else “20个工作日” (`unit`: a unit code or its label)."""
    if limit is None or limit == "":
        return "—"
    if int(limit) == 0:
        return "即办"
    return f"{limit}个{UNITS.get(unit or 'workdays', unit)}"


def chinese_date(day) -> str:
    """2026年12月18日 (the date as people write it; a date has no time zone to convert)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""
