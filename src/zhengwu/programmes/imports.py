"""The XLSX/CSV import of training sessions (`core.sheets`): one row per session, every row
checked first; a bad row is reported with its line number and nothing is loaded unless
`partial` (then the good rows are)."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Q

from zhengwu.core import sheets
from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.org import permissions
from zhengwu.org.models import Agency, Jurisdiction

from .models import TrainingSession
from .services import training

COLUMNS = {
    "held_on": ["培训日期", "日期"],
    "subject": ["培训主题", "主题"],
    "organiser": ["主办单位", "组织单位"],
    "trainers": ["授课人", "授课人员"],
    "attendee_count": ["参训人数", "人数"],
    "bodies": ["参训单位"],
}
REQUIRED = ["held_on", "subject", "organiser", "trainers", "attendee_count"]
HEADER = [names[0] for names in COLUMNS.values()]
OFFICE = "政务公开办"


class SheetErrors(Invalid):
    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors[:20]), code="bad_rows")
        self.errors = errors


def _agency(value, label: str) -> Agency:
    raw = sheets.text(value)
    found = Agency.objects.filter(Q(usci=raw.upper()) | Q(name=raw), is_active=True).first()
    if found is None:
        raise Invalid(f"{label}“{raw}”不是平台上的单位（请写全称或统一社会信用代码）")
    return found


def _organiser(value) -> str:
    """A body (its name or code) or a 政务公开办 (“泸溪县政务公开办”), as the form's value."""
    raw = sheets.text(value)
    if raw.endswith(OFFICE):
        j = Jurisdiction.objects.filter(name=raw.removesuffix(OFFICE)).first()
        if j is not None:
            return f"j:{j.code}"
    return _agency(raw, "主办单位").usci


def _row(row: dict, cols: dict, by) -> dict:
    value = {field: row.get(header, "") for header, field in cols.items()}
    count = sheets.text(value.get("attendee_count"))
    held_on = sheets.date(value.get("held_on"), "培训日期")
    bodies = [b for b in re.split(r"[、，,；;\s]+", sheets.text(value.get("bodies"))) if b]
    data = {
        "held_on": held_on,
        "subject": sheets.text(value.get("subject")),
        "organiser": _organiser(value.get("organiser")),
        "trainers": sheets.text(value.get("trainers")),
        "attendee_count": count,
    }
    clean = training.clean_session(data, [_agency(b, "参训单位").usci for b in bodies])
    permissions.require(
        by, "programmes.training.record", agency_id=None, path=clean["jurisdiction"].path
    )
    return clean


def import_training(
    source, *, suffix: str = "", by, partial: bool = False
) -> list[TrainingSession]:
    suffix = suffix if not suffix or suffix.startswith(".") else f".{suffix}"
    it = sheets.read(source, suffix=suffix)
    _, header = next(it, (1, {}))
    cols = sheets.columns(header, COLUMNS, REQUIRED)
    good, errors = [], []
    for line, row in it:
        try:
            good.append(_row(row, cols, by))
        except ServiceError as e:
            errors.append(f"第{line}行：{e.message}")
    if errors and not partial:
        raise SheetErrors(errors)
    if not good and not errors:
        raise Invalid("表中没有培训记录", code="empty_sheet")
    with transaction.atomic():
        return [training.record_clean(values, by=by) for values in good]
