"""The roster from a spreadsheet (XLSX or CSV, `core.sheets`): one row per supervisor, every row
checked first with its line number; nothing is loaded while a row is wrong unless `partial`.
A row whose 姓名 and 监督范围 are already on the roster updates that supervisor."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from zhengwu.core import sheets
from zhengwu.core.errors import Invalid, ServiceError

from . import roster
from .models import Supervisor

COLUMNS = {
    "name": ["姓名"],
    "category": ["类别", "类型"],
    "work_unit": ["工作单位及职务", "工作单位", "单位职务"],
    "phone": ["联系电话", "电话", "手机"],
    "jurisdiction": ["监督范围区划代码", "区划代码", "监督范围"],
    "term_start": ["聘任起始日", "聘期开始", "起始日期"],
    "term_end": ["聘任截止日", "聘期结束", "截止日期"],
}
REQUIRED = ("name", "category", "jurisdiction", "term_start", "term_end")
TEMPLATE_HEADER = [names[0] for names in COLUMNS.values()]


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return f"新增{self.created}名、更新{self.updated}名监督员"


def _rows(source, suffix: str) -> list[tuple[int, dict]]:
    read = sheets.read(source, suffix=suffix)
    _, header = next(read, (1, {}))
    names = sheets.columns(header, COLUMNS, REQUIRED)
    return [(line, {names[h]: v for h, v in row.items() if h in names}) for line, row in read]


def load(source, *, by, suffix: str = ".xlsx", partial: bool = False) -> Report:
    """Check every row, then (all good, or `partial`) add or update each one."""
    report = Report()
    rows = _rows(source, suffix)
    if not rows:
        raise Invalid("表中没有数据行", code="empty_sheet")
    checked = []
    for line, row in rows:
        try:
            over = roster.jurisdiction(sheets.text(row.get("jurisdiction")))
            values: dict[str, object] = {
                k: sheets.text(row.get(k)) for k in ("name", "category", "work_unit", "phone")
            }
            for k, label in (("term_start", "聘任起始日"), ("term_end", "聘任截止日")):
                values[k] = sheets.date(row.get(k), label)
            checked.append((line, over, roster.clean(values)))
        except ServiceError as e:
            report.errors.append((line, e.message))
    if report.errors and not partial:
        return report
    with transaction.atomic():
        for line, over, values in checked:
            try:
                with transaction.atomic():
                    found = Supervisor.objects.filter(
                        name=values["name"], jurisdiction=over
                    ).first()
                    if found is None:
                        roster.add(values, over, by=by)
                        report.created += 1
                    else:
                        roster.change(found, values, by=by)
                        report.updated += 1
            except ServiceError as e:
                report.errors.append((line, e.message))
        if report.errors and not partial:
            transaction.set_rollback(True)
            report.created = report.updated = 0
    report.errors.sort()
    return report
