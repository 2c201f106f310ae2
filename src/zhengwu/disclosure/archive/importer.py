"""Loading a body's existing 公文登记簿 (XLSX or CSV) as offices keep it: the header in the
登记簿's Chinese words, 文种 and 公开属性 as registers write them, secrecy as the printed mark
("机密★20年", "秘密★2030年6月30日") or as 密级 and 保密期限 in two columns, dates in any of the
usual forms or as Excel date cells. Every row is checked with the register form's own rules
(`services.records.clean`) and reported with its line number and the nearest valid values; a
file with a bad row loads nothing unless `partial`; `dry_run` only checks. With `files_dir`,
the file named in 文件名 is attached (PDF, OFD, DOCX; never to a secret record).

Historic records are registered as they were: a 主动公开 one is linked to the body's published
document of the same 发文字号 when there is one, but no new 主动公开 draft is made (a register
of past years is not a publication decision taken today)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from zhengwu.core import audit, sheets
from zhengwu.core.errors import Invalid
from zhengwu.disclosure.models import Document
from zhengwu.org import permissions
from zhengwu.org.models import Agency

from . import search
from .models import DOC_TYPES, OfficialDocument
from .services import records

IMPORT = "disclosure_archive.import"
# field → the headers that name it (the one to ask for first).
HEADERS = {
    "number": ["序号", "编号"],
    "doc_number": ["发文字号", "文号", "发文号"],
    "title": ["标题", "文件标题", "公文标题", "题名", "文件名称"],
    "doc_type": ["文种", "公文种类", "文件种类"],
    "secrecy": ["密级", "密级和保密期限", "密级及保密期限"],
    "secrecy_term": ["保密期限", "解密时间", "解密条件"],
    "urgency": ["紧急程度", "缓急"],
    "issuing_body": ["发文机关", "发文单位"],
    "signer": ["签发人"],
    "main_recipients": ["主送机关", "主送"],
    "copied_to": ["抄送机关", "抄送"],
    "written_on": ["成文日期", "发文日期"],
    "printed_by": ["印发机关"],
    "printed_on": ["印发日期"],
    "copy_number": ["份号"],
    "attribute": ["公开属性", "公开方式", "是否公开"],
    "withheld_ground": [
        "不予公开理由/依据",
        "不予公开理由",
        "不予公开依据",
        "不公开理由",
        "不予公开的理由",
    ],
    "remarks": ["附注", "备注"],
    "attachment_note": ["附件说明", "附件"],
    "file": ["文件名", "电子文件名", "电子文件"],
}
REQUIRED = ["title", "doc_type", "written_on", "attribute"]
DOC_TYPE_CHOICES = sheets.Choices(
    "文种",
    {t: t for t in DOC_TYPES}
    | {"命令": "命令（令）", "令": "命令（令）", "命令(令)": "命令（令）"},
    shown=DOC_TYPES,
)
ATTRIBUTES = sheets.Choices(
    "公开属性",
    {label: code for code, label in OfficialDocument.ATTRIBUTES}
    | {
        "主动": OfficialDocument.PROACTIVE,
        "公开": OfficialDocument.PROACTIVE,
        "依申请": OfficialDocument.ON_REQUEST,
        "依申请公开": OfficialDocument.ON_REQUEST,
        "不公开": OfficialDocument.WITHHELD,
        "不予公开": OfficialDocument.WITHHELD,
        "免予公开": OfficialDocument.WITHHELD,
    },
    shown=["主动公开", "依申请公开", "不予公开"],
)


def _grounds() -> sheets.Choices:
    table: dict[str, str] = {}
    for code, label in OfficialDocument.WITHHELD_GROUNDS[1:]:
        table[label] = code
        table[label.split("：", 1)[1]] = code  # 过程性信息
        table[label.replace("：", "")] = code
    table |= {
        "国家秘密": "s14_secret",
        "涉密": "s14_secret",
        "商业秘密": "s15_third_party",
        "个人隐私": "s15_third_party",
        "内部事务信息": "s16_internal",
        "内部事务": "s16_internal",
        "过程性信息": "s16_process",
        "行政执法案卷": "s16_enforcement",
    }
    shown = [label.split("：", 1)[1] for _, label in OfficialDocument.WITHHELD_GROUNDS[1:]]
    return sheets.Choices("不予公开理由", table, shown=shown)


GROUNDS = _grounds()
LEVELS = {"秘密": OfficialDocument.SECRET, "机密": OfficialDocument.CONFIDENTIAL}
LEVELS["绝密"] = OfficialDocument.TOP_SECRET
_MARK = re.compile(r"^(绝密|机密|秘密)(?:[★*☆]\s*(.+))?$")
_YEARS = re.compile(r"^(\d+)年$")


@dataclass
class Report:
    total: int = 0  # data rows read
    loaded: int = 0
    errors: list[str] = field(default_factory=list)  # "第N行：…"
    files: int = 0

    @property
    def good(self) -> int:
        return self.total - len(self.errors)


def secrecy_fields(mark, term) -> dict:
    """密级 and its term from the printed mark (机密★20年) and/or a 保密期限 column."""
    text = sheets.key(mark).replace("*", "★").replace("☆", "★")
    level, rest = "", None
    if text not in ("", "无", "非涉密", "公开", "-", "—"):
        found = _MARK.match(text)
        if not found:
            raise Invalid(
                f"密级“{sheets.text(mark)}”无法识别，应为秘密、机密或绝密，"
                "可带保密期限，如 机密★20年、秘密★2030年6月30日"
            )
        level, rest = LEVELS[found[1]], found[2]
    if not rest:
        rest = term  # the cell as it is: an Excel date stays a date
    out: dict = {"secrecy": level, "secrecy_years": "", "secrecy_until": ""}
    out["secrecy_condition"] = ""
    if rest is None or sheets.text(rest) == "":
        return out
    plain = unicodedata.normalize("NFKC", sheets.key(rest))
    years = _YEARS.match(plain)
    if years or plain.isdigit() and len(plain) <= 2:
        out["secrecy_years"] = years[1] if years else plain
        return out
    try:
        out["secrecy_until"] = sheets.date(rest, "解密时间")
    except Invalid:
        out["secrecy_condition"] = sheets.text(rest)
    return out


def parse_row(row: dict, agency: Agency) -> dict:
    """A register row as the register form would post it, checked by the form's rules."""
    data: dict = {
        name: sheets.text(row.get(name))
        for name in records.FIELDS
        if name in row and name not in records.DATES
    }
    for name in records.DATES:
        value = row.get(name)
        if value is not None and sheets.text(value):
            data[name] = sheets.date(value, records.label(name))
    data["doc_type"] = DOC_TYPE_CHOICES.get(row.get("doc_type")) if row.get("doc_type") else ""
    data["attribute"] = (
        ATTRIBUTES.get(row.get("attribute")) if sheets.text(row.get("attribute")) else ""
    )
    if sheets.text(row.get("withheld_ground")):
        data["withheld_ground"] = GROUNDS.get(row.get("withheld_ground"))
    copy = row.get("copy_number")
    if isinstance(copy, int | float) and not isinstance(copy, bool):
        data["copy_number"] = str(int(copy)).zfill(6)  # Excel dropped the leading zeros
    data |= secrecy_fields(row.get("secrecy"), row.get("secrecy_term"))
    return records.clean(agency, data)


def _agency(value: Agency | str) -> Agency:
    if isinstance(value, Agency):
        return value
    text = sheets.text(value).upper()
    found = Agency.objects.filter(usci=text).first()
    if found is None and text.isdigit():
        found = Agency.objects.filter(pk=int(text)).first()
    if found is None:
        raise Invalid(f"找不到统一社会信用代码或编号为“{value}”的单位", code="no_agency")
    return found


def _file(name: str, files_dir: Path | None, secret: bool) -> tuple[str, bytes, tuple] | None:
    if not name or files_dir is None:
        return None
    path = (files_dir / name).resolve()
    if files_dir.resolve() not in path.parents or not path.is_file():
        raise Invalid(f"文件“{name}”在文件目录中不存在")
    if secret:
        raise Invalid("涉密公文不能附文件：涉密信息不得在非涉密信息系统中存储、处理（保密法）")
    data = path.read_bytes()
    try:
        return name, data, records.checked_file(data)
    except Invalid as e:
        raise Invalid(f"文件“{name}”：{e.message}") from None


def import_file(
    source: str | Path | bytes,
    *,
    agency: Agency | str,
    by=None,
    suffix: str = "",
    name: str = "",
    files_dir: str | Path | None = None,
    dry_run: bool = False,
    partial: bool = False,
    progress: Callable[[str], None] = lambda s: None,
) -> Report:
    """Check every row, then load: nothing if any row is bad (unless `partial`) or `dry_run`."""
    body = _agency(agency)
    if by is not None:
        permissions.require(by, IMPORT, agency_id=body.pk, path=body.scope_path)
    folder = Path(files_dir) if files_dir else None
    if folder is not None and not folder.is_dir():
        raise Invalid(f"文件目录不存在：{files_dir}", code="no_dir")
    report, good = Report(), []
    rows = sheets.read(source, suffix=suffix)
    _line, header = next(rows, (1, {}))
    names = sheets.columns(header, HEADERS, REQUIRED)
    taken = set(
        OfficialDocument.objects.filter(agency=body)
        .exclude(doc_number="")
        .values_list("doc_number", flat=True)
    )
    for line, raw in rows:
        report.total += 1
        row = {names[h]: v for h, v in raw.items() if h in names}
        try:
            fields = parse_row(row, body)
            number = fields["doc_number"]
            if number and number in taken:
                raise Invalid(f"发文字号“{number}”已登记（本单位已有或表中重复）")
            taken.add(number)
            attached = _file(sheets.text(row.get("file")), folder, bool(fields["secrecy"]))
            good.append((fields, attached))
        except Invalid as e:
            report.errors.append(f"第{line}行：{e.message}")
    if dry_run or (report.errors and not partial):
        return report
    loaded = []
    with transaction.atomic():
        for fields, attached in good:
            record = _load(body, fields, attached, by)
            report.files += 1 if attached else 0
            loaded.append(record)
            if len(loaded) % 500 == 0:
                progress(f"已导入 {len(loaded)}/{len(good)} 行")
        report.loaded = len(loaded)
        if loaded:
            audit.record(
                IMPORT,
                actor=by or "manage.py import_archive",
                object_type="disclosure_archive.officialdocument",
                after={
                    "file": name or (Path(source).name if not isinstance(source, bytes) else ""),
                    "agency": body.name,
                    "loaded": report.loaded,
                    "errors": len(report.errors),
                },
            )
            search.added(loaded)
    return report


def _load(agency: Agency, fields: dict, attached, by) -> OfficialDocument:
    document = None
    if fields["attribute"] == OfficialDocument.PROACTIVE and fields["doc_number"]:
        document = Document.objects.filter(
            agency=agency, doc_number=fields["doc_number"], status=Document.PUBLISHED
        ).first()
    record = OfficialDocument.objects.create(
        agency=agency,
        scope_path=agency.scope_path,
        document=document,
        created_by=by if getattr(by, "pk", None) else None,
        **fields,
    )
    if attached:
        file_name, data, kind = attached
        records.store_file(record, file_name, data, kind, by=by)
    return record
