"""The catalogue as a spreadsheet: four sheets (事项, 申请材料, 收费项目, 办理流程) keyed by the
实施编码 (and 业务办理项编码), because real catalogues live in spreadsheets.

Import loads every good item and reports each bad row by sheet and line; an item whose material,
fee or step row is bad is not loaded (it would be incomplete). An item already in the catalogue
is left alone when nothing changed, and revised (a new version) when something did, so
export → import is a round trip.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from zhengwu.core import money, sheets
from zhengwu.core.errors import ServiceError
from zhengwu.org.models import Agency, Jurisdiction, Role

from . import services
from .models import Fee, Item, ItemType

ITEMS, MATERIALS, FEES, STEPS = "事项", "申请材料", "收费项目", "办理流程"
KEY = ["实施编码", "业务办理项编码"]
IDENTITY = ["基本编码", "事项类型代码", "实施主体统一社会信用代码", "区划代码"]
ITEM_HEADERS = {str(services.item_field(f).verbose_name): f for f in services.EDITABLE}
ITEM_HEADERS.pop("业务办理项编码")  # part of the key
MATERIAL_HEADERS = {
    "序号": "order",
    "情形": "situation",
    "材料名称": "name",
    "必要": "required",
    "接受电子材料": "electronic",
    "纸质份数": "paper_copies",
    "来源渠道": "source",
    "填报须知": "notes",
}
FEE_HEADERS = {
    "收费项目": "name",
    "收费标准": "standard",
    "金额（元）": "amount_yuan",
    "收费依据": "basis",
    "允许减免": "reducible",
}
STEP_HEADERS = {
    "顺序": "order",
    "环节代码": "code",
    "环节名称": "name",
    "办理角色": "role",
    "环节时限（工作日）": "limit",
}
BOOLS = {"是": True, "否": False, "true": True, "false": False, "1": True, "0": False}
INTS = {"order", "paper_copies", "limit"} | services.INTEGER_FIELDS


@dataclass
class ImportReport:
    created: int = 0
    revised: int = 0
    unchanged: int = 0
    errors: list[tuple[str, int, str]] = field(default_factory=list)
    loaded_nothing: bool = False  # checked (and tried), then undone: a dry run or a bad file

    def summary(self) -> str:
        if self.loaded_nothing:
            return (
                f"未导入：校验可新增 {self.created} 项，修订 {self.revised} 项，"
                f"未变 {self.unchanged} 项，错误 {len(self.errors)} 行"
            )
        return (
            f"新增 {self.created} 项，修订 {self.revised} 项，未变 {self.unchanged} 项，"
            f"错误 {len(self.errors)} 行"
        )


class RowError(Exception):
    pass


def _choices(name: str) -> dict:
    pairs = Role.choices if name == "role" else services.item_field(name).choices or []
    return {str(label): code for code, label in pairs} | {code: code for code, _ in pairs}


def _value(name: str, raw, header: str):
    text = "" if raw is None else str(raw).strip()
    if name in services.BOOLEAN_FIELDS or name in {"required", "electronic", "reducible"}:
        if text.lower() not in BOOLS:
            raise RowError(f"“{header}”应填“是”或“否”")
        return BOOLS[text.lower()]
    if name in INTS:
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        if not text.isdigit():
            raise RowError(f"“{header}”应为不小于0的整数")
        return int(text)
    if name == "amount_yuan":
        if not text:
            return None
        try:
            column = Fee._meta.get_field("amount_yuan")
            return money.parse_amount(text, column=column, field=name, label=f"“{header}”")
        except ServiceError as e:
            raise RowError(e.message) from None
    if name == "role" or (name in services.EDITABLE and services.item_field(name).choices):
        table = _choices(name)
        if text not in table:
            raise RowError(f"“{header}”的取值“{text}”不在代码表中")
        return table[text]
    return text


def _rows(wb, sheet: str, headers: list[str], report: ImportReport):
    """(line, {header: value}) for every non-empty row; a missing column is a sheet error."""
    if sheet not in wb.sheetnames:
        if sheet == ITEMS:
            report.errors.append((sheet, 0, f"缺少工作表“{sheet}”"))
        return
    rows = sheets.rows(wb[sheet].iter_rows(values_only=True))
    _line, head = next(rows)
    try:  # a header matched whatever its width and stray spaces
        names = sheets.columns(head, {h: [h] for h in headers}, headers)
    except ServiceError as e:
        report.errors.append((sheet, 1, e.message))
        return
    for line, row in rows:
        yield line, {names[h]: v for h, v in row.items() if h in names}


def _key(row: dict) -> tuple[str, str]:
    return (str(row.get("实施编码") or "").strip(), str(row.get("业务办理项编码") or "").strip())


def read(data: bytes, report: ImportReport) -> list[dict]:
    """Parse the workbook into item dicts with their children; bad rows go into the report."""
    try:
        wb = sheets.workbook(data)
    except ServiceError as e:
        report.errors.append(("", 0, e.message))
        return []
    items: dict[tuple, dict] = {}
    for line, row in _rows(wb, ITEMS, KEY + IDENTITY + list(ITEM_HEADERS), report):
        key = _key(row)
        try:
            if not key[0]:
                raise RowError("缺少实施编码")
            if key in items:
                raise RowError(f"实施编码“{key[0]}”重复（第{items[key]['line']}行已出现）")
            fields = {f: _value(f, row[h], h) for h, f in ITEM_HEADERS.items()}
            fields["handling_code"] = key[1]
            items[key] = {
                "line": line,
                "key": key,
                "basic_code": str(row["基本编码"] or "").strip(),
                "type_code": str(row["事项类型代码"] or "").strip().zfill(2),
                "usci": str(row["实施主体统一社会信用代码"] or "").strip().upper(),
                "jurisdiction": str(row["区划代码"] or "").strip(),
                "fields": fields,
                "materials": [],
                "fees": [],
                "steps": [],
                "bad": False,
            }
        except RowError as e:
            report.errors.append((ITEMS, line, str(e)))
    for sheet, headers, bucket in [
        (MATERIALS, MATERIAL_HEADERS, "materials"),
        (FEES, FEE_HEADERS, "fees"),
        (STEPS, STEP_HEADERS, "steps"),
    ]:
        for line, row in _rows(wb, sheet, KEY + list(headers), report):
            item = items.get(_key(row))
            try:
                if item is None:
                    raise RowError(f"实施编码“{_key(row)[0]}”在工作表“{ITEMS}”中不存在或有误")
                item[bucket].append({f: _value(f, row[h], h) for h, f in headers.items()})
            except RowError as e:
                report.errors.append((sheet, line, str(e)))
                if item is not None:
                    item["bad"] = True
    return list(items.values())


def _same(item: Item, parsed: dict) -> bool:
    current = {f: getattr(item, f) for f in services.EDITABLE}
    wanted = services._normalise(current | parsed["fields"])
    if any(current[f] != wanted[f] for f in services.EDITABLE):
        return False

    def text(v):
        if isinstance(v, Decimal):
            return f"{v:.2f}"
        return "" if v is None else str(v)

    def norm(rows, fields):
        return sorted(tuple(text(r.get(f)) for f in fields) for r in rows)

    return (
        norm(services.material_rows(item), MATERIAL_HEADERS.values())
        == norm(parsed["materials"], MATERIAL_HEADERS.values())
        and norm(services.fee_rows(item), FEE_HEADERS.values())
        == norm(parsed["fees"], FEE_HEADERS.values())
        and norm(services.step_rows(item), STEP_HEADERS.values())
        == norm(parsed["steps"], STEP_HEADERS.values())
    )


class _Abandon(Exception):
    """An item failed while loading a workbook that loads whole or not at all."""


def load(data: bytes, *, by, dry_run: bool = False, partial: bool = False) -> ImportReport:
    """Check every row and try every good item (each as a savepoint, so the service's own checks
    run too), then keep them: not if any row or item was bad (unless `partial`: then the good
    items stay), nor on a `dry_run`; an undone import reports `loaded_nothing`."""
    report = ImportReport()
    types = {t.code: t for t in ItemType.objects.all()}
    parsed_items = read(data, report)
    for parsed in parsed_items:
        if parsed["bad"]:
            report.errors.append(
                (ITEMS, parsed["line"], "该事项的材料、收费或流程有误，整项未导入")
            )
    try:
        with transaction.atomic():
            for parsed in parsed_items:
                if parsed["bad"]:
                    continue
                try:
                    with transaction.atomic():
                        _load_one(parsed, types, by, report)
                except ServiceError as e:
                    report.errors.append((ITEMS, parsed["line"], e.message))
            if dry_run or (report.errors and not partial):
                raise _Abandon
    except _Abandon:
        report.loaded_nothing = True
    return _sorted(report)


def _sorted(report: ImportReport) -> ImportReport:
    report.errors.sort(key=lambda e: ([ITEMS, MATERIALS, FEES, STEPS, ""].index(e[0]), e[1]))
    return report


def _load_one(parsed: dict, types: dict, by, report: ImportReport) -> None:
    code, handling = parsed["key"]
    current = (
        Item.objects.filter(implementation_code=code, handling_code=handling, state=Item.ACTIVE)
        .prefetch_related("materials", "fees", "steps")
        .first()
    )
    item_type = types.get(parsed["type_code"])
    if item_type is None:
        raise services.Invalid(f"事项类型代码“{parsed['type_code']}”不存在")
    if current is not None:
        if _same(current, parsed) and current.item_type_id == item_type.pk:
            report.unchanged += 1
            return
        services.revise(
            current,
            parsed["fields"],
            by=by,
            materials=parsed["materials"],
            fees=parsed["fees"],
            steps=parsed["steps"],
            item_type=item_type,
            # Effective today, or with the current version if that one starts later.
            effective_on=max(timezone.localdate(), current.effective_on),
            note="表格导入修订",
        )
        report.revised += 1
        return
    agency = Agency.objects.filter(usci=parsed["usci"]).first()
    if agency is None:
        raise services.Invalid(f"统一社会信用代码“{parsed['usci']}”的实施主体不存在")
    j = (
        Jurisdiction.objects.filter(code=parsed["jurisdiction"]).first()
        if parsed["jurisdiction"]
        else None
    )
    if parsed["jurisdiction"] and j is None:
        raise services.Invalid(f"区划代码“{parsed['jurisdiction']}”不存在")
    services.create_item(
        by=by,
        agency=agency,
        jurisdiction=j,
        item_type=item_type,
        basic_code=parsed["basic_code"],
        implementation=code,
        materials=parsed["materials"],
        fees=parsed["fees"],
        steps=parsed["steps"],
        audit_action="services.item.import",
        **parsed["fields"],
    )
    report.created += 1


def _cell(name: str, value):
    if isinstance(value, bool):
        return "是" if value else "否"
    if name == "role":
        return str(Role(value).label)
    if name in services.EDITABLE and services.item_field(name).choices:
        return dict(services.item_field(name).flatchoices).get(value, value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def export(j: Jurisdiction) -> bytes:
    """The active items of `j`'s subtree as the four-sheet workbook `load` reads."""
    qs = (
        Item.objects.filter(state=Item.ACTIVE, scope_path__startswith=j.path)
        .select_related("agency", "jurisdiction", "item_type")
        .prefetch_related("materials", "fees", "steps")
        .order_by("scope_path", "implementation_code", "handling_code")
    )
    wb = Workbook()
    sheets = defaultdict(list)
    for item in qs:
        key = [item.implementation_code, item.handling_code]
        sheets[ITEMS].append(
            key
            + [item.basic_code, item.item_type.code, item.agency.usci, item.jurisdiction.code]
            + [_cell(f, getattr(item, f)) for f in ITEM_HEADERS.values()]
        )
        for m in services.material_rows(item):
            sheets[MATERIALS].append(key + [_cell(f, m[f]) for f in MATERIAL_HEADERS.values()])
        for fee in services.fee_rows(item):
            sheets[FEES].append(key + [_cell(f, fee[f]) for f in FEE_HEADERS.values()])
        for s in services.step_rows(item):
            sheets[STEPS].append(key + [_cell(f, s[f]) for f in STEP_HEADERS.values()])
    wb.remove(wb.active)
    for name, headers in [
        (ITEMS, IDENTITY + list(ITEM_HEADERS)),
        (MATERIALS, list(MATERIAL_HEADERS)),
        (FEES, list(FEE_HEADERS)),
        (STEPS, list(STEP_HEADERS)),
    ]:
        ws = wb.create_sheet(name)
        ws.append(KEY + headers)
        for row in sheets[name]:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
