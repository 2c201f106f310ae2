"""申请: what an application must carry (applicant, materials, situations, channel) and
its filing, with the case's number (办件编号)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import cast

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction

from zhengwu.core import audit, clock, limits, rows, tracking
from zhengwu.core.errors import Invalid, NotAllowed
from zhengwu.core.identity import validate_id_number, validate_usci
from zhengwu.org import scopes
from zhengwu.org.models import Jurisdiction, Role, User
from zhengwu.services.models import Item, Material, Step

from .. import permissions
from ..models import (
    Case,
    CaseCounter,
    CaseMaterial,
    CaseStep,
)
from ._common import (
    _clock_kwargs,
    _event,
    _role,
    _tell_applicant,
    _today,
)

# Used when an item has no flow of its own in the catalogue (受理 → 审查 → 决定 → 送达).
DEFAULT_FLOW = [
    ("accept", "受理", Role.WINDOW_CLERK, 1),
    ("review", "审查", Role.DEPT_OFFICER, 5),
    ("decide", "决定", Role.DEPT_HEAD, 2),
    ("deliver", "送达", Role.WINDOW_CLERK, 2),
]
ALLOWED_TYPES = {
    "application/pdf": b"%PDF",
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG",
}
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def check_upload(upload, label: str) -> tuple[str, bytes]:
    """Content type and size checked against the bytes, not the browser's claim."""
    if upload is None or not getattr(upload, "size", 0):
        raise Invalid(f"“{label}”文件为空，请重新选择", code="empty_file")
    if upload.size > settings.ZHENGWU_MAX_UPLOAD_BYTES:
        mb = settings.ZHENGWU_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise Invalid(f"“{label}”超过{mb}MB，请压缩后上传", code="file_too_large")
    data = upload.read()
    upload.seek(0)
    for content_type, magic in ALLOWED_TYPES.items():
        if data.startswith(magic):
            return content_type, data
    raise Invalid(f"“{label}”的文件格式不支持，请上传PDF、JPG或PNG文件", code="bad_file_type")


def _uploads(case: Case, materials: dict, wanted: dict) -> list[CaseMaterial]:
    """The uploads (`materials`: Material id → file) as the case's materials: files stored,
    rows not yet inserted."""
    return [_material(case, wanted[mid], wanted[mid].name, f) for mid, f in materials.items()]


def _material(case: Case, material, name: str, upload) -> CaseMaterial:
    """One uploaded material, its file stored, its row not yet saved."""
    content_type, data = check_upload(upload, name)
    ext = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[content_type]
    row = CaseMaterial(
        case=case,
        material=material,
        name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    row.file.save(
        f"{case.received_on:%Y%m%d}-{secrets.token_hex(6)}.{ext}", ContentFile(data), save=False
    )
    return row


def situations_of(materials) -> list[str]:
    """The situations (情形) an item's materials are grouped under, in their order."""
    return list(dict.fromkeys(m.situation for m in materials if m.situation))


def clean_situations(declared, materials) -> list[str]:
    """The situations an applicant declared, each one of the item's."""
    known = situations_of(materials)
    chosen = list(dict.fromkeys(s.strip() for s in declared or () if s and s.strip()))
    unknown = [s for s in chosen if s not in known]
    if unknown:
        raise Invalid(
            "申报的情形不属于该事项：" + "、".join(unknown),
            code="unknown_situation",
            field="situations",
        )
    return chosen


def missing_required(
    item: Item, provided_ids: set[int], materials=None, situations=()
) -> list[str]:
    """The required materials not provided: those of every application and those of the
    situations the applicant declared (a 委托他人办理的 material is required only of an
    application made through someone else). `materials` = the item's, when already loaded."""
    materials = item.materials.filter(required=True) if materials is None else materials
    return [
        m.name
        for m in materials
        if m.required
        and (not m.situation or m.situation in situations)
        and m.pk not in provided_ids
    ]


def serves(item: Item, kind: str) -> bool:
    """服务对象: whether applicants of `kind` (Case.PERSON / Case.LEGAL) may apply for `item`
    (an item marked for neither is open to both)."""
    if not (item.for_person or item.for_legal_person):
        return True
    return item.for_person if kind == Case.PERSON else item.for_legal_person


def _audience_check(item: Item, kind: str) -> None:
    if serves(item, kind):
        return
    if kind == Case.PERSON:
        raise Invalid(
            "该事项的服务对象为法人或其他组织，不能以自然人名义申请；网上申请请使用法人账户登录",
            code="not_for_person",
            field="applicant_kind",
        )
    raise Invalid(
        "该事项的服务对象为自然人，不能以法人或其他组织名义申请",
        code="not_for_legal_person",
        field="applicant_kind",
    )


def check_online(item: Item, by) -> None:
    """Whether `by` may apply for `item` online; raises the reason if not, so the apply page
    says it before the applicant fills anything in."""
    _channel_check(item, Case.ONLINE, by, None)
    _audience_check(item, Case.PERSON if by.kind == User.CITIZEN else Case.LEGAL)


def clean_applicant(data: dict) -> dict:
    """Name, ID number or credit code, phone: validated, with the field that is wrong."""
    kind = data.get("applicant_kind") or Case.PERSON
    if kind not in dict(Case.APPLICANT_KINDS):
        raise Invalid("申请人类型不正确", code="bad_applicant_kind", field="applicant_kind")
    name = (data.get("applicant_name") or "").strip()
    if not name:
        raise Invalid("请填写申请人姓名或名称", code="name_required", field="applicant_name")
    if len(name) > 100:
        raise Invalid("申请人姓名或名称过长", code="name_too_long", field="applicant_name")
    out = {"applicant_kind": kind, "applicant_name": name}
    try:
        if kind == Case.PERSON:
            out["applicant_id_number"] = validate_id_number(data.get("applicant_id_number", ""))
        else:
            out["applicant_usci"] = validate_usci(data.get("applicant_usci", ""))
    except Invalid as e:
        e.field = "applicant_id_number" if kind == Case.PERSON else "applicant_usci"
        raise
    phone = (data.get("applicant_phone") or "").strip()
    if not PHONE_RE.match(phone):
        raise Invalid(
            "请填写正确的联系电话（11位手机号或带区号的固定电话）",
            code="bad_phone",
            field="applicant_phone",
        )
    out["applicant_phone"] = phone
    out["address"] = (data.get("address") or "").strip()[:200]
    return out


def _flow(steps: list[Step]) -> tuple[int, list]:
    """The newest flow version among an item's `steps` (newest first) and its steps."""
    if not steps:
        return 0, [
            Step(order=i, code=c, name=n, role=r, limit=lim)
            for i, (c, n, r, lim) in enumerate(DEFAULT_FLOW, 1)
        ]
    version = steps[0].flow_version
    return version, [s for s in steps if s.flow_version == version]


def _number_and_key(item: Item, year: int) -> tuple[str, int | None]:
    """The next 办件编号 of the item's agency (区划代码 + 单位序号 + 年度 + 年内流水号) and, where
    the database has a sequence for it, the new case's key, taken in the same statement so
    that the case row is written with the rest of the submission. The agency's counter row
    stays locked until the submission commits, so `submit` takes the number last.

    Not on `core.numbering`: its upsert returns the number alone, so the key would take a
    statement of its own (7 statements a submission on PostgreSQL instead of tests/cases/
    test_rows.py's 6)."""
    quote = connection.ops.quote_name
    sequence = rows.key_sequence(Case)
    sql = (
        f"UPDATE {quote(CaseCounter._meta.db_table)} SET last = last + 1"  # noqa: S608
        " WHERE agency_id = %s AND year = %s RETURNING last" + (", nextval(%s)" if sequence else "")
    )
    db = rows.using(CaseCounter)
    with rows.cursor(db, sql, [item.agency_id, year, *([sequence] if sequence else [])]) as cursor:
        row = cursor.fetchone()
    if row is None:  # the agency's first case of the year
        CaseCounter.objects.get_or_create(agency_id=item.agency_id, year=year)
        return _number_and_key(item, year)
    number = f"{item.agency.jurisdiction.code}{item.agency_id:04d}{year}{row[0]:06d}"
    return number, row[1] if sequence else None


def _channel_check(item: Item, channel: str, by, origin: Jurisdiction | None) -> str:
    """Who may file through which channel; returns the path where the case was filed."""
    if channel == Case.ONLINE:
        if by.kind == User.STAFF:
            raise NotAllowed("网上申请须使用公众账户（个人或法人）", code="public_account_only")
        if not item.online:
            raise Invalid("该事项暂不支持网上申请，请到窗口或通过村级代办员办理", code="not_online")
        return item.scope_path
    if channel in (Case.WINDOW, Case.POST):
        if not permissions.allows_as(
            by,
            "cases.submit",
            permissions.INTAKE_ROLES,
            agency_id=item.agency_id,
            path=item.scope_path,
        ):
            raise NotAllowed("您不是受理该事项的窗口或部门工作人员", code="not_intake")
        if channel == Case.POST and not item.by_post:
            raise Invalid("该事项不接受快递申请", code="not_by_post")
        for a in scopes.assignments(by, [Role.WINDOW_CLERK]):
            # Filed at a township 便民服务中心: the case counts for that township.
            centre = a.centre if a.centre_id else None
            if centre is not None and centre.scope_path.startswith(item.scope_path):
                return centre.scope_path
        return item.scope_path
    if channel == Case.AGENT:
        if not item.by_agent:
            raise Invalid("该事项不在村级代办范围内", code="not_by_agent")
        if origin is None:
            raise Invalid("请选择申请人所在村（社区）", code="origin_required", field="origin")
        if not permissions.allows_as(
            by, "cases.submit", [Role.VILLAGE_AGENT], agency_id=None, path=origin.path
        ):
            raise NotAllowed("您不是该村（社区）的代办员", code="not_agent_here")
        if not origin.path.startswith(item.scope_path):
            raise Invalid("该事项不由申请人所在地的机关办理", code="item_not_here")
        return origin.path
    raise Invalid("申请渠道不正确", code="bad_channel", field="channel")


# ---------------------------------------------------------------- submission


def submit(
    item: Item,
    *,
    by,
    channel: str,
    applicant: dict,
    materials: dict,
    idempotency_key: str,
    summary: str = "",
    authorisation=None,
    origin: Jurisdiction | None = None,
    situations=(),
    on: dt.date | None = None,
) -> tuple[Case, bool]:
    """申请: file an application. Returns (case, created); a repeated key returns the first case.

    `materials` maps a Material id to an uploaded file; `situations` are the item's situations
    (情形) the applicant declares. Required materials are checked before anything is stored.
    """
    key = (idempotency_key or "").strip()
    if not key:
        raise Invalid("缺少提交标识，请刷新页面后重新提交", code="idempotency_key_required")
    longest = Case._meta.get_field("idempotency_key").max_length
    if longest is not None and len(key) > longest:
        raise Invalid(
            "提交标识过长（不超过100个字符）", code="bad_idempotency_key", field="idempotency_key"
        )
    existing = rows.select(Case, filed_by=by.pk, idempotency_key=key)
    if existing:
        return existing[0], False
    if item.state != Item.ACTIVE:
        raise Invalid("该事项已取消或合并，不能申请", code="item_inactive")
    on = _today(on)
    if by.kind != User.STAFF and channel == Case.ONLINE:
        applicant = {
            **applicant,
            "applicant_kind": Case.PERSON if by.kind == User.CITIZEN else Case.LEGAL,
            "applicant_name": by.real_name or applicant.get("applicant_name", ""),
            "applicant_id_number": by.id_number,
            "applicant_usci": by.usci,
        }
    fields = clean_applicant(applicant)
    origin_path = _channel_check(item, channel, by, origin)
    _audience_check(item, fields["applicant_kind"])
    if channel == Case.AGENT and not authorisation:
        raise Invalid(
            "请上传申请人签字的代办授权委托书", code="authorisation_required", field="authorisation"
        )
    # the item's materials and steps in one statement, read as they are now
    _, catalogue = rows.get_with_rows(
        Item, item.pk, {"materials": ("order", "id"), "steps": ("-flow_version", "order")}
    )
    wanted = {m.pk: m for m in cast("list[Material]", catalogue["materials"])}
    unknown = [k for k in materials if k not in wanted]
    if unknown:
        raise Invalid("上传的材料不属于该事项", code="unknown_material")
    declared = clean_situations(situations, wanted.values())
    missing = missing_required(
        item, {k for k, f in materials.items() if f}, wanted.values(), declared
    )
    if missing:
        raise Invalid(
            "以下必要材料尚未上传：" + "、".join(missing),
            code="materials_missing",
            field="materials",
        )
    for mid, upload in materials.items():
        check_upload(upload, wanted[mid].name)
    if authorisation:
        check_upload(authorisation, "代办授权委托书")
    flow_version, steps = _flow(cast("list[Step]", catalogue["steps"]))
    case = Case(
        item=item,
        item_version=item.version,
        flow_version=flow_version,
        agency=item.agency,
        scope_path=item.scope_path,
        origin_path=origin_path,
        jurisdiction_code=item.agency.jurisdiction.code,
        applicant_user=by if by.kind != User.STAFF else None,
        summary=(summary or "").strip()[:2000],
        situations="\n".join(declared),
        channel=channel,
        filed_by=by,
        agent=by if channel == Case.AGENT else None,
        idempotency_key=key,
        received_on=on,
        statutory_limit=item.statutory_limit,
        statutory_unit=item.statutory_unit,
        promised_limit=item.promised_limit,
        promised_unit=item.promised_unit,
        step_role=Role.WINDOW_CLERK,
        **fields,
    )
    # told to the applicant now (the response, the page, the notice), then kept only as a hash
    case.query_code = f"{secrets.randbelow(10**6):06d}"
    # The files are stored before the transaction, which then only writes rows.
    if authorisation:
        content_type, data = check_upload(authorisation, "代办授权委托书")
        ext = "pdf" if content_type == "application/pdf" else content_type.split("/")[1]
        case.authorisation.save(f"auth-{secrets.token_hex(6)}.{ext}", ContentFile(data), save=False)
    uploads = _uploads(case, materials, wanted)
    try:
        with transaction.atomic():
            case.number, case.pk = _number_and_key(item, on.year)
            case.query_code_hash = tracking.hash_code(case.number, case.query_code)
            w = rows.Changes(Case)
            if case.pk is None:  # no key taken ahead: the intake clock needs the case's key
                rows.insert([case])
            else:
                w.insert(case)
            w.insert(
                *(
                    CaseStep(
                        case=case,
                        step=s if s.pk else None,
                        order=s.order,
                        code=s.code,
                        name=s.name,
                        role=s.role,
                        limit=s.limit,
                    )
                    for s in steps
                ),
                *uploads,
            )
            # 行政许可法 §32(四): the 一次性告知 period, a row of core.limits.
            case.intake_clock = clock.new(
                case,
                purpose="受理审查（一次性告知）",
                started_on=on,
                limit=limits.days("cases.supplement_notice", case.jurisdiction_code),
                **_clock_kwargs(case),
            )
            w.insert(case.intake_clock)
            w.update(case, ["intake_clock"])
            _event(w, case, "submitted", f"{case.get_channel_display()}，收到申请材料", on, by)
            audit.record(
                "cases.submit",
                case,
                changes=w,
                actor=by,
                role=_role(by),
                after=audit.snapshot(case, ["number", "item_id", "channel", "status"]),
            )
            _tell_applicant(
                case,
                "申请已提交",
                f"您申请的“{item.name}”已提交，办件编号{case.number}，查询码{case.query_code}。",
            )
    except IntegrityError:
        first = Case.objects.filter(filed_by=by, idempotency_key=key).first()
        if first is None:
            raise
        return first, False
    return case, True
