"""保密期限 (保守国家秘密法 2024 §20, 实施条例 2024 §19): when a state secret is released by law.

A body marks a specific term, a 解密时间 or a 解密条件; without one, the statutory maximum
applies: 绝密 30 years, 机密 20, 秘密 10. The term runs from the marked 制发日 (the 成文日期
here); when it has run out the secret is released by itself (自行解密, §24)."""

from __future__ import annotations

import datetime as dt

from .models import OfficialDocument

STATUTORY_YEARS = {
    OfficialDocument.TOP_SECRET: 30,
    OfficialDocument.CONFIDENTIAL: 20,
    OfficialDocument.SECRET: 10,
}


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def release_date(record: OfficialDocument) -> dt.date | None:
    """The day the secret is released by law; None for a record that is not secret, or whose
    release hangs on a 解密条件 only (no date can be computed)."""
    if not record.is_secret:
        return None
    if record.secrecy_until is not None:
        return record.secrecy_until
    if record.secrecy_condition and record.secrecy_years is None:
        return None
    years = record.secrecy_years or STATUTORY_YEARS[record.secrecy]
    return add_years(record.written_on, years)


def released_by_law(record: OfficialDocument, today: dt.date) -> bool:
    due = release_date(record)
    return due is not None and due <= today


def mark(record: OfficialDocument) -> str:
    """The mark printed on the document: 机密★20年, 秘密★2030年6月30日, or 非涉密 (blank)."""
    if not record.is_secret:
        return ""
    level = record.get_secrecy_display()
    if record.secrecy_years:
        return f"{level}★{record.secrecy_years}年"
    if record.secrecy_until:
        d = record.secrecy_until
        return f"{level}★{d.year}年{d.month}月{d.day}日"
    if record.secrecy_condition:
        return f"{level}★{record.secrecy_condition}"
    return f"{level}★{STATUTORY_YEARS[record.secrecy]}年"
