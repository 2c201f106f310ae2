"""Registering a 公文 in the 公文库 and correcting it: the elements of the 党政机关公文处理工作条例
§9 and GB/T 9704-2012 checked as the standard states them, the 公开属性 with its ground, the
secrecy term of 保密法 2024 §20, and the files (PDF, OFD, DOCX; none on a secret record).

Every message names the element in the office's words; `clean` is shared by the pages, the API,
the CLI and the importer, so they refuse the same things in the same words."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone

from zhengwu.core import audit, sheets, workflow
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.disclosure import files
from zhengwu.org import permissions
from zhengwu.org.models import Agency

from .. import search, secrecy
from ..models import DOC_TYPES, ArchiveFile, OfficialDocument
from . import publish

REGISTER = "disclosure_archive.register"
EDIT = "disclosure_archive.edit"
FILE = "disclosure_archive.file"

# Every element a caller may give, in GB/T 9704's order (版头, 主体, 版记, then 公开属性).
FIELDS = [
    "copy_number",
    "secrecy",
    "secrecy_years",
    "secrecy_until",
    "secrecy_condition",
    "urgency",
    "issuing_body",
    "doc_number",
    "signer",
    "title",
    "main_recipients",
    "doc_type",
    "written_on",
    "attachment_note",
    "remarks",
    "copied_to",
    "printed_by",
    "printed_on",
    "attribute",
    "withheld_ground",
    "attribute_reason",
]
DATES = {"secrecy_until", "written_on", "printed_on"}
SNAPSHOT = [*FIELDS, "agency_id"]
DOC_NUMBER = re.compile(r"^.+〔\d{4}〕[1-9]\d*号$")
_YEAR_BRACKETS = re.compile(r"[\[［【(（〔](\d{4})[\]］】)）〕]")
COPY_NUMBER = re.compile(r"^\d{6}$")
UPWARD = {"请示", "报告"}  # 上行文: 签发人 required (条例 §9)
FILE_KINDS = (files.PDF, files.OFD, files.DOCX)
SECRECY_LABELS = {label: code for code, label in OfficialDocument.SECRECY if code}
ATTRIBUTE_LABELS = {label: code for code, label in OfficialDocument.ATTRIBUTES}
GROUND_LABELS = dict(OfficialDocument.WITHHELD_GROUNDS)


def _field(name: str):
    return OfficialDocument._meta.get_field(name)


def label(name: str) -> str:
    return str(getattr(_field(name), "verbose_name", name))


def _text(data: dict, name: str) -> str:
    value = sheets.text(data.get(name))
    limit = getattr(_field(name), "max_length", None)
    if limit and len(value) > limit:
        raise Invalid(f"{label(name)}不能超过{limit}个字", code="too_long", field=name)
    return value


def _date(data: dict, name: str) -> dt.date | None:
    value = data.get(name)
    if value is None or sheets.text(value) == "":
        return None
    try:
        return sheets.date(value, label(name))
    except Invalid as e:
        raise Invalid(e.message, code="bad_date", field=name) from None


def _choice(value: str, name: str, codes: dict[str, str], shown: list[str]) -> str:
    """A code from its code or its label (主动公开 / proactive)."""
    if value in codes.values():
        return value
    if value in codes:
        return codes[value]
    raise Invalid(f"{label(name)}“{value}”无效，应为{'、'.join(shown)}之一", field=name)


def normalise_doc_number(value: str) -> str:
    """发文字号 as GB/T 9704 writes it: full-width NFKC, the year in 六角括号 〔〕."""
    text = unicodedata.normalize("NFKC", value).replace(" ", "")
    return _YEAR_BRACKETS.sub(r"〔\1〕", text)


def clean(agency: Agency, data: dict) -> dict:
    """The elements of `data` as the record stores them, or Invalid naming the element."""
    out: dict = {name: _text(data, name) for name in FIELDS if name not in DATES}
    for name in DATES:
        out[name] = _date(data, name)
    out["issuing_body"] = out["issuing_body"] or agency.name
    if not out["title"]:
        raise Invalid("请填写标题", code="required", field="title")
    doc_type = out["doc_type"].replace("(", "（").replace(")", "）")
    if doc_type == "命令" or doc_type == "令":
        doc_type = "命令（令）"
    if doc_type not in DOC_TYPES:
        raise Invalid(
            f"文种“{out['doc_type']}”不是《党政机关公文处理工作条例》第八条规定的文种，"
            f"应为{'、'.join(DOC_TYPES)}之一"
            if out["doc_type"]
            else "请选择文种",
            code="bad_doc_type",
            field="doc_type",
        )
    out["doc_type"] = doc_type
    if out["written_on"] is None:
        raise Invalid("请填写成文日期", code="required", field="written_on")
    if out["written_on"] > timezone.localdate():
        raise Invalid("成文日期不能晚于今天", code="bad_date", field="written_on")
    if out["doc_number"]:
        out["doc_number"] = normalise_doc_number(out["doc_number"])
        if not DOC_NUMBER.match(out["doc_number"]):
            raise Invalid(
                f"发文字号“{out['doc_number']}”格式不正确：应为机关代字、年份和序号，"
                "年份用六角括号〔〕，序号不编虚位、不加“第”字，如 吉政发〔2025〕3号",
                code="bad_doc_number",
                field="doc_number",
            )
    if doc_type in UPWARD and not out["signer"]:
        raise Invalid(f"{doc_type}是上行文，应填写签发人", code="signer_required", field="signer")
    if out["urgency"] not in ("", "加急", "特急"):
        raise Invalid("紧急程度应为“特急”或“加急”，不紧急的留空", field="urgency")
    if out["printed_on"] and out["printed_on"] < out["written_on"]:
        raise Invalid("印发日期不能早于成文日期", code="bad_date", field="printed_on")
    _clean_secrecy(out, data)
    _clean_attribute(out)
    return out


def _clean_secrecy(out: dict, data: dict) -> None:
    level = out["secrecy"]
    if level in ("非涉密", "公开", "无"):
        level = ""
    if level:
        level = _choice(level, "secrecy", SECRECY_LABELS, ["秘密", "机密", "绝密"])
    out["secrecy"] = level
    years_raw = sheets.text(data.get("secrecy_years"))
    years = None
    if years_raw:
        digits = unicodedata.normalize("NFKC", years_raw).removesuffix("年")
        if not digits.isdigit() or int(digits) == 0:
            raise Invalid(
                f"保密期限“{years_raw}”应为整年数，如 10", code="bad_years", field="secrecy_years"
            )
        years = int(digits)
    out["secrecy_years"] = years
    terms = [t for t in (years, out["secrecy_until"], out["secrecy_condition"]) if t]
    if not level and terms:
        raise Invalid(
            "非涉密公文不填保密期限、解密时间或解密条件；涉密的请选择密级",
            code="not_secret",
            field="secrecy",
        )
    if out["copy_number"] and not COPY_NUMBER.match(out["copy_number"]):
        raise Invalid(
            f"份号“{out['copy_number']}”应为6位阿拉伯数字，不足6位的前面补0，如 000001",
            code="bad_copy_number",
            field="copy_number",
        )
    if not level:
        return
    name = dict(OfficialDocument.SECRECY)[level]
    if not out["copy_number"]:
        raise Invalid(
            f"{name}公文应标注份号（6位数字，如 000001）",
            code="copy_number_required",
            field="copy_number",
        )
    if len(terms) > 1:
        raise Invalid(
            "保密期限、解密时间、解密条件只填其中一项（保密法第二十条）",
            code="secrecy_terms",
            field="secrecy_years",
        )
    most = secrecy.STATUTORY_YEARS[level]
    if years and years > most:
        raise Invalid(
            f"{name}事项的保密期限不超过{most}年（保密法第二十条）",
            code="secrecy_too_long",
            field="secrecy_years",
        )
    until = out["secrecy_until"]
    if until and until <= out["written_on"]:
        raise Invalid("解密时间应晚于成文日期", code="bad_date", field="secrecy_until")
    if until and until > secrecy.add_years(out["written_on"], most):
        raise Invalid(
            f"{name}事项的解密时间不能晚于成文日期起{most}年（保密法第二十条）",
            code="secrecy_too_long",
            field="secrecy_until",
        )


def _clean_attribute(out: dict) -> None:
    if not out["attribute"]:
        raise Invalid(
            "请选择公开属性：主动公开、依申请公开或不予公开", code="required", field="attribute"
        )
    out["attribute"] = _choice(
        out["attribute"], "attribute", ATTRIBUTE_LABELS, list(ATTRIBUTE_LABELS)
    )
    ground = out["withheld_ground"]
    if ground and ground not in GROUND_LABELS:
        matches = [code for code, label in GROUND_LABELS.items() if code and ground in label]
        if len(matches) != 1:
            raise Invalid(
                f"不予公开依据“{ground}”无法识别，应为条例第十四条至第十六条规定的理由之一",
                code="bad_ground",
                field="withheld_ground",
            )
        ground = matches[0]
    out["withheld_ground"] = ground
    withheld = out["attribute"] == OfficialDocument.WITHHELD
    if withheld and not ground:
        raise Invalid(
            "不予公开的公文应选择不予公开依据（条例第十四条至第十六条）",
            code="ground_required",
            field="withheld_ground",
        )
    if ground and not withheld:
        raise Invalid(
            "只有不予公开的公文才填写不予公开依据",
            code="ground_not_withheld",
            field="withheld_ground",
        )
    if out["secrecy"] and ground != "s14_secret":
        raise Invalid(
            "涉密公文的公开属性应为不予公开，依据为条例第十四条（国家秘密）",
            code="secret_must_be_withheld",
            field="attribute",
        )
    if ground == "s14_secret" and not out["secrecy"]:
        raise Invalid(
            "以国家秘密为由不予公开的，应标注密级和份号",
            code="secrecy_required",
            field="secrecy",
        )


def secrecy_note(record: OfficialDocument) -> str:
    """Say so when no term was marked and the statutory maximum applies (保密法 §20)."""
    if not record.is_secret or record.secrecy_years or record.secrecy_until:
        return ""
    if record.secrecy_condition:
        return ""
    most = secrecy.STATUTORY_YEARS[record.secrecy]
    due = secrecy.release_date(record)
    return (
        f"未标明保密期限、解密时间或解密条件，按法定最长保密期限{record.get_secrecy_display()}"
        f"{most}年计算（保密法第二十条），至{due:%Y年%-m月%-d日}"
        if due
        else ""
    )


def register(agency: Agency, data: dict, *, by) -> OfficialDocument:
    """登记公文. A 主动公开 record goes into the 主动公开 pipeline as a draft at once; its
    §26 clock runs from the registration day (the day the body put it in the proactive scope)."""
    permissions.require(by, REGISTER, agency_id=agency.pk, path=agency.scope_path)
    fields = clean(agency, data)
    with transaction.atomic():
        record = OfficialDocument.objects.create(
            agency=agency,
            scope_path=agency.scope_path,
            created_by=by if getattr(by, "pk", None) else None,
            **fields,
        )
        audit.record(REGISTER, record, actor=by, after=audit.snapshot(record, SNAPSHOT))
        if record.attribute == OfficialDocument.PROACTIVE:
            publish.to_proactive(record, by=by, since=timezone.localdate())
        search.changed(record)
    return record


def values(record: OfficialDocument) -> dict:
    """The record's elements as `clean` takes them (the base of a partial change)."""
    return {name: getattr(record, name) for name in FIELDS}


def edit(record: OfficialDocument, data: dict, *, by, version=None) -> OfficialDocument:
    """修改登记: the elements given replace the record's (the others stay). A record changed to
    主动公开 goes into the pipeline as registration would send it; one that has files cannot
    become secret."""
    permissions.require(by, EDIT, agency_id=record.agency_id, path=record.scope_path)
    given = {k: v for k, v in data.items() if k in FIELDS}
    with workflow.transition(record, EDIT, by=by, version=version) as change:
        locked = change.obj
        fields = clean(locked.agency, values(locked) | given)
        if fields["secrecy"] and locked.files.exists():
            raise Conflict(
                "该公文已有文件，不能标为涉密：涉密信息不得在非涉密信息系统中处理（保密法），"
                "请先由管理员移除文件",
                code="secret_with_files",
            )
        for name, value in fields.items():
            setattr(locked, name, value)
    if record.attribute == OfficialDocument.PROACTIVE and record.document_id is None:
        publish.to_proactive(record, by=by, since=timezone.localdate())
    search.changed(record)
    return record


def add_file(record: OfficialDocument, name: str, data: bytes, *, by) -> ArchiveFile:
    """A file of the 公文 (正文 or 附件): PDF, OFD or DOCX within the size limit; its text is
    kept for staff search. A secret record takes no file (保密法: 涉密信息不得在非涉密信息
    系统中处理)."""
    permissions.require(by, FILE, agency_id=record.agency_id, path=record.scope_path)
    if record.is_secret:
        raise Conflict(
            f"{record.get_secrecy_display()}公文不能上传文件：涉密信息不得在非涉密信息系统中"
            "存储、处理（保密法），本系统只登记其目录信息",
            code="secret_no_files",
        )
    kind = checked_file(data)
    with transaction.atomic():
        item = store_file(record, name, data, kind, by=by)
        audit.record(
            FILE,
            item,
            actor=by,
            after=audit.snapshot(item, ["record_id", "original_name", "size", "sha256"]),
        )
        search.changed(record)
    return item


def checked_file(data: bytes) -> tuple[str, str, str]:
    kind = files.checked(data, what="公文文件")
    if kind not in FILE_KINDS:
        raise Invalid(
            f"公文文件只接受PDF、OFD、DOCX格式，该文件为{kind[2]}", code="file_type", field="file"
        )
    return kind


def store_file(record: OfficialDocument, name: str, data: bytes, kind, *, by) -> ArchiveFile:
    """Save a checked file of `record` with its text (the caller audits it)."""
    display = (name or "公文").replace("/", "_").replace("\\", "_").strip()[:200] or "公文"
    item = ArchiveFile(
        record=record,
        original_name=display,
        content_type=kind[0],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=files.extract_text(kind, data),
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    item.file.save(f"{uuid.uuid4().hex}{kind[1]}", ContentFile(data), save=False)
    item.save()
    return item


def file_response(item: ArchiveFile) -> FileResponse:
    """A file for the staff who may read the record (the caller checks the scope)."""
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
