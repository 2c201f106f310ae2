"""Registering many 公共企事业单位 from a spreadsheet (XLSX or CSV) as an office keeps it: one row
a body, checked with the form's own rules (`services.clean_body`) and reported with its line
number; a file with a bad row registers nothing unless `partial`; `dry_run` only checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from zhengwu.core import sheets
from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.org import permissions
from zhengwu.org.models import Agency

from . import services

HEADERS = {
    "usci": ["统一社会信用代码", "信用代码"],
    "name": ["单位名称", "名称"],
    "jurisdiction": ["区划代码", "所在区划代码", "行政区划代码"],
    "sector": ["行业", "所属行业"],
    "supervisor": ["主管部门", "主管部门统一社会信用代码", "主管部门信用代码"],
    "contact_person": ["联系人"],
    "contact_phone": ["联系电话", "电话"],
}
REQUIRED = ["usci", "name", "jurisdiction", "sector", "supervisor"]


@dataclass
class Report:
    total: int = 0
    loaded: int = 0
    errors: list[str] = field(default_factory=list)  # "第N行：…"


def import_file(
    data: bytes, *, by, suffix: str = ".xlsx", partial: bool = False, dry_run: bool = False
) -> Report:
    report = Report()
    rows = sheets.read(data, suffix=suffix)
    _, header = next(rows, (1, {}))
    names = sheets.columns(header, HEADERS, REQUIRED)
    checked: list[dict] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        report.total += 1
        values = {names[h]: sheets.text(v) for h, v in row.items() if h in names}
        try:
            fields = services.clean_body(values)
            if fields["usci"] in seen:
                raise Invalid(f"与第{seen[fields['usci']]}行的统一社会信用代码重复")
            seen[fields["usci"]] = line
            if by is not None and not permissions.allows(
                by,
                services.REGISTER,
                agency_id=fields["supervisor"].pk,
                path=fields["jurisdiction"].path,
            ):
                raise Invalid(
                    f"您无权在{fields['jurisdiction'].name}登记由{fields['supervisor'].name}主管的单位"
                )
            if Agency.objects.filter(usci=fields["usci"]).exists():
                raise Invalid(f"统一社会信用代码{fields['usci']}已登记")
        except ServiceError as e:
            report.errors.append(f"第{line}行：{e.message}")
            continue
        checked.append(fields)
    if report.total == 0:
        raise Invalid("表中没有数据行", code="empty_file")
    if dry_run or (report.errors and not partial):
        return report
    with transaction.atomic():
        for fields in checked:
            services.register_body({}, by=by, fields=fields)
            report.loaded += 1
    return report
