"""Every state change of a case: one function each, taking the acting user as `by=`.

Each function locks the case row (SELECT … FOR UPDATE), checks the version the caller saw and
the state, checks the actor's scope, changes the rows, writes the case history and the audit
event — all in one transaction. Two officers acting at once: the second finds the version moved
on and gets `Conflict` (HTTP 409) with nothing written.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from zhengwu.core import audit, clock, limits, money, notify, rows, signals, tracking
from zhengwu.core.calendar import workdays_between
from zhengwu.core.errors import Conflict, Invalid, NotAllowed, NotFound
from zhengwu.core.identity import validate_id_number, validate_usci
from zhengwu.core.models import Clock
from zhengwu.core.signals import irregularity
from zhengwu.org import scopes
from zhengwu.org.models import Jurisdiction, Role, User
from zhengwu.services.models import Item, Step

from . import documents, results
from .models import (
    Case,
    CaseCounter,
    CaseDocument,
    CaseEvent,
    CaseFee,
    CaseMaterial,
    CaseStep,
    Delivery,
    Suspension,
)

INTAKE_ROLES = [Role.WINDOW_CLERK, Role.DEPT_OFFICER, Role.DEPT_HEAD]
HANDLING_ROLES = [Role.DEPT_OFFICER, Role.DEPT_HEAD]
ACCEPT_CODES = {"accept", "shouli", "acceptance"}
DECIDE_CODES = {"decide", "decision", "jueding"}
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


# ---------------------------------------------------------------- helpers


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


# What a transition reads besides the case row, fetched by the locking query (only the case row
# is locked). Anything else is loaded when first used.
LOCKED_WITH = [
    "item",
    "agency__jurisdiction",
    "current_step__clock",
    "intake_clock",
    "statutory_clock",
    "promised_clock",
]
# The hot transitions take only what they read (fewer joins to plan and build):
WRITES_DOCUMENT = ["item", "agency__jurisdiction"]
CURRENT_STEP = ["current_step__clock"]
FOR_ACCEPT = [*WRITES_DOCUMENT, "intake_clock"]
FOR_DECIDE = [*WRITES_DOCUMENT, "item__item_type", *CURRENT_STEP]
FOR_DELIVER = [*CURRENT_STEP, "statutory_clock", "promised_clock"]


def _lock(case: Case | int, version: int | None, related=LOCKED_WITH) -> Case:
    pk = case.pk if isinstance(case, Case) else case
    return _checked(rows.get(Case, pk, joins=tuple(related), for_update=True), version)


def _lock_with_steps(
    case: Case | int, version: int | None, related=LOCKED_WITH, *, suspensions: bool = False
) -> tuple[Case, list[CaseStep], list[Suspension]]:
    """`_lock`, and in the same statement the case's steps in order (`_steps`) and, if asked,
    its suspensions, all as the lock found them (`rows.get_with_rows`)."""
    pk = case.pk if isinstance(case, Case) else case
    wanted = {"steps": ("order",), **({"suspensions": ("id",)} if suspensions else {})}
    locked, found = rows.get_with_rows(Case, pk, wanted, joins=tuple(related), for_update=True)
    _checked(locked, version)
    return locked, _current(locked, found["steps"]), found.get("suspensions", [])


def _checked(locked: Case | None, version: int | None) -> Case:
    if locked is None:
        raise NotFound("办件不存在", code="no_such_case")
    if version is not None and int(version) != locked.version:
        raise Conflict("该办件已被他人处理，请刷新后查看最新状态")
    return locked


def _records_conflict(fn):
    """A losing concurrent attempt leaves a trace: the audit chain records it as failed
    (security-rules §5.5 B), after the attempt's own transaction has rolled back."""

    @functools.wraps(fn)
    def wrapper(case, *args, by, **kwargs):
        try:
            return fn(case, *args, by=by, **kwargs)
        except Conflict as e:
            audit.record(
                f"cases.{fn.__name__}",
                actor=by,
                role=_role(by),
                success=False,
                object_type="cases.case",
                object_id=str(case.pk if isinstance(case, Case) else case),
                after={"conflict": e.message},
            )
            raise

    return wrapper


def _expect(case: Case, *statuses: str) -> None:
    if case.status not in statuses:
        raise Conflict(
            f"该办件当前状态为“{case.get_status_display()}”，不能进行此操作",
            code="wrong_state",
        )


def _require(by, case: Case, roles, what: str) -> None:
    scopes.require(by, agency_id=case.agency_id, path=case.scope_path, roles=roles, what=what)


STATE_FIELDS = [
    "status",
    "version",
    "step_role",
    "due_date",
    "accepted_on",
    "decided_on",
    "completed_on",
    "approved",
    "extended",
]


def _role(by) -> str:
    """The actor's roles for the audit event, from the roles already loaded for the check."""
    if by is None:
        return ""
    if by.kind != User.STAFF:
        return by.kind
    return ",".join(sorted({a.role for a in scopes.assignments(by)}))[:40]


def _save(w: rows.Changes, case: Case, action: str, by, before: dict, *fields: str) -> None:
    """Write the transition's rows with the case's new state and its audit event, in one
    statement on PostgreSQL. The event records the case's new state but not the keys of the
    rows this change inserts (acceptance's clocks): they are taken inside that statement,
    after the event is sealed; the dates those clocks give are on the case."""
    case.version += 1
    names = [*STATE_FIELDS, *fields]
    w.update(case, names)
    new_rows = w.pointing_to_new_rows(case, names)
    audit.record(
        f"cases.{action}",
        case,
        changes=w,
        actor=by,
        role=_role(by),
        before=before,
        after=audit.snapshot(case, [n for n in names if n not in new_rows]),
    )


def _event(
    w: rows.Changes, case: Case, kind: str, title: str, on: dt.date, by=None, note: str = ""
) -> None:
    w.insert(rows.new(CaseEvent, case=case, kind=kind, title=title, on=on, by=by, note=note))


def _tell_applicant(case: Case, title: str, body: str = "") -> None:
    if case.applicant_user_id:
        notify.notify(case.applicant_user, title, body, f"/zwfw/my/{case.pk}/")


def _irregular(case: Case, kind: str, detail: str) -> None:
    irregularity.send(
        sender=Case,
        kind=kind,
        subject=case,
        agency_id=case.agency_id,
        scope_path=case.scope_path,
        detail=detail,
    )


def _document(w: rows.Changes, case: Case, kind: str, on: dt.date, body: list[str]) -> CaseDocument:
    """The notice's text as issued; its PDF is rendered on first download."""
    title = dict(CaseDocument.KINDS)[kind]
    verification = results.code()
    text = documents.text(
        title=title,
        number=f"办件编号：{case.number}",
        addressee=case.applicant_name,
        body=body,
        agency=case.agency.name,
        issued_on=on,
        footer="凭办件编号和提交申请时告知的查询码，可在政务服务网“办件查询”查看办理进度。"
        + results.VERIFY_FOOTER.format(code=verification),
        code=verification,
    )
    document = rows.new(
        CaseDocument,
        case=case,
        kind=kind,
        issued_on=on,
        text=text,
        verification_code=verification,
    )
    w.insert(document)
    return document


def _refresh_due(case: Case) -> None:
    """Copy the promised clock's due date onto the case (the 待办 list sorts by it); the clock
    in memory is the one the clock functions just saved."""
    c = case.promised_clock
    if c is not None:
        case.due_date, case.warn_on = c.due_date, c.warn_on


def _clock_kwargs(case: Case) -> dict:
    return {
        "jurisdiction_code": case.jurisdiction_code,
        "scope_path": case.scope_path,
        "agency_id": case.agency_id,
    }


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
    row = rows.new(
        CaseMaterial,
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
    stays locked until the submission commits, so `submit` takes the number last."""
    quote = connection.ops.quote_name
    sequence = rows.key_sequence(Case)
    sql = (
        f"UPDATE {quote(CaseCounter._meta.db_table)} SET last = last + 1"  # noqa: S608
        " WHERE agency_id = %s AND year = %s RETURNING last" + (", nextval(%s)" if sequence else "")
    )
    with rows.cursor(sql, [item.agency_id, year, *([sequence] if sequence else [])]) as cursor:
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
        if not scopes.covers(
            by, agency_id=item.agency_id, path=item.scope_path, roles=INTAKE_ROLES
        ):
            raise NotAllowed("您不是受理该事项的窗口或部门工作人员", code="not_intake")
        if channel == Case.POST and not item.by_post:
            raise Invalid("该事项不接受快递申请", code="not_by_post")
        for a in scopes.assignments(by, [Role.WINDOW_CLERK]):
            # Filed at a township 便民服务中心: the case counts for that township.
            if a.centre_id and a.centre.scope_path.startswith(item.scope_path):
                return a.centre.scope_path
        return item.scope_path
    if channel == Case.AGENT:
        if not item.by_agent:
            raise Invalid("该事项不在村级代办范围内", code="not_by_agent")
        if origin is None:
            raise Invalid("请选择申请人所在村（社区）", code="origin_required", field="origin")
        if not scopes.covers(by, agency_id=None, path=origin.path, roles=[Role.VILLAGE_AGENT]):
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
    if len(key) > Case._meta.get_field("idempotency_key").max_length:
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
    wanted = {m.pk: m for m in catalogue["materials"]}
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
    flow_version, steps = _flow(catalogue["steps"])
    case = rows.new(
        Case,
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
            w = rows.Changes()
            if case.pk is None:  # no key taken ahead: the intake clock needs the case's key
                rows.insert([case])
            else:
                w.insert(case)
            w.insert(
                *(
                    rows.new(
                        CaseStep,
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
        existing = Case.objects.filter(filed_by=by, idempotency_key=key).first()
        if existing is None:
            raise
        return existing, False
    return case, True


@_records_conflict
def supplement(
    case: Case,
    *,
    materials: dict,
    by,
    on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """补正: the applicant (or the window for them) hands in what the notice asked for."""
    on = _today(on)
    with transaction.atomic():
        case = _lock(case, version)
        _expect(case, Case.SUPPLEMENT)
        if case.applicant_user_id != getattr(by, "pk", None):
            _require(by, case, [*INTAKE_ROLES, Role.VILLAGE_AGENT], "补正材料登记")
        if not materials:
            raise Invalid("请上传补正材料", code="materials_required", field="materials")
        wanted = {m.pk: m for m in case.item.materials.all()}
        if any(k not in wanted for k in materials):
            raise Invalid("上传的材料不属于该事项", code="unknown_material")
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes()
        w.insert(*_uploads(case, materials, wanted))
        case.status = Case.SUBMITTED
        case.step_role = Role.WINDOW_CLERK
        # The 5 days for examining the supplemented application run from its receipt.
        clock.restart(case.intake_clock, on=on)
        _event(w, case, "supplemented", "申请人已补正材料", on, by)
        _save(w, case, "supplement", by, before)
    return case


# ---------------------------------------------------------------- acceptance


def _accept(
    case: Case, *, on: dt.date, by, deemed: bool, steps: list[CaseStep] | None = None
) -> None:
    before = audit.snapshot(case, STATE_FIELDS)
    w = rows.Changes()
    case.accepted_on = on
    case.deemed_accepted = deemed
    case.status = Case.HANDLING
    kw = _clock_kwargs(case)
    # 行政许可法 §§42, 82: the statutory period counts in working days from acceptance.
    case.statutory_clock = clock.new(
        case,
        purpose="法定办结时限",
        started_on=on,
        limit=case.statutory_limit,
        unit=Clock.WORKDAYS if case.statutory_unit == Clock.WORKDAYS else Clock.CALENDAR_DAYS,
        **kw,
    )
    case.promised_clock = clock.new(
        case,
        purpose="承诺办结时限",
        started_on=on,
        limit=case.promised_limit,
        unit=Clock.WORKDAYS if case.promised_unit == Clock.WORKDAYS else Clock.CALENDAR_DAYS,
        **kw,
    )
    steps = _steps(case) if steps is None else steps
    changed = []
    first = steps[0] if steps else None
    if first and (first.code in ACCEPT_CODES or "受理" in first.name):
        first.state, first.started_on, first.finished_on = CaseStep.DONE, on, on
        first.handled_by = by
        first.opinion = "逾期未告知补正，依法视为受理" if deemed else "材料齐全，予以受理"
        changed.append(first)
        steps = steps[1:]
    following = steps[0] if steps else None
    _write(
        w,
        on,
        stop=[case.intake_clock] if case.intake_clock_id else [],
        start=[case.statutory_clock, case.promised_clock, *_activate(case, following, on)],
        steps=[*changed, *([following] if following else [])],
    )
    _refresh_due(case)
    title = "视为受理（逾期未一次性告知）" if deemed else "受理"
    _event(w, case, "accepted", title, on, by)
    _document(
        w,
        case,
        CaseDocument.ACCEPTANCE,
        on,
        [
            f"您于{case.received_on:%Y年%m月%d日}提交的“{case.item.name}”申请，"
            + (
                "本机关未在五个工作日内一次性告知需要补正的全部内容，依照《中华人民共和国行政许可法》"
                "第三十二条，自收到申请材料之日起即为受理。"
                if deemed
                else "申请材料齐全、符合法定形式，依照《中华人民共和国行政许可法》第三十二条，决定予以受理。"
            ),
            f"法定办结时限{case.statutory_limit}个工作日，承诺办结时限{case.promised_limit}个工作日，"
            f"承诺于{case.due_date:%Y年%m月%d日}前办结。",
        ],
    )
    _save(
        w,
        case,
        "deemed_accept" if deemed else "accept",
        by,
        before,
        "deemed_accepted",
        "statutory_clock",
        "promised_clock",
        "current_step",
        "warn_on",
    )
    _tell_applicant(case, "申请已受理", f"办件编号{case.number}，承诺办结日期{case.due_date}。")


def _activate(case: Case, step: CaseStep | None, on: dt.date) -> list[Clock]:
    """Make `step` the current one. Returns its clock, which the caller starts (`_write`) with
    the step's row."""
    case.current_step = step
    if step is None:
        case.step_role = ""
        return []
    step.state, step.started_on = CaseStep.ACTIVE, on
    step.clock = clock.new(
        case,
        purpose=f"环节时限：{step.name}",
        started_on=on,
        limit=step.limit,
        **_clock_kwargs(case),
    )
    case.step_role = step.role
    return [step.clock]


def _write(w: rows.Changes, on: dt.date, *, stop=(), start=(), steps=()) -> None:
    """Add to `w` what a transition changed in its clocks and steps: the clocks stopped, the
    clocks started, and each step changed, which may point to a new clock."""
    clock.stop_all(stop, on=on, changes=w)
    w.insert(*start)
    for step in steps:
        if step.state == CaseStep.DONE:
            fields = ["state", "started_on", "finished_on", "handled_by", "opinion"]
        else:
            fields = ["state", "started_on", "clock"]
        w.update(step, fields)


def _steps(case: Case) -> list[CaseStep]:
    """The case's steps in order; the current one is the instance `_lock` loaded with its
    clock."""
    return _current(case, rows.select(CaseStep, case_id=case.pk, order_by=("order",)))


def _current(case: Case, steps: list[CaseStep]) -> list[CaseStep]:
    return [case.current_step if s.pk == case.current_step_id else s for s in steps]


@_records_conflict
def accept(case: Case, *, by, on: dt.date | None = None, version: int | None = None) -> Case:
    """受理, with a 受理通知书 (行政许可法 §32)."""
    on = _today(on)
    with transaction.atomic():
        case, steps, _ = _lock_with_steps(case, version, FOR_ACCEPT)
        _require(by, case, INTAKE_ROLES, "受理")
        _expect(case, Case.SUBMITTED)
        _accept(case, on=on, by=by, deemed=False, steps=steps)
    return case


@_records_conflict
def refuse(
    case: Case,
    *,
    reason: str,
    basis: str,
    by,
    on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """不予受理 with reasons and legal basis (行政许可法 §32(二), §38¶2)."""
    on = _today(on)
    reason, basis = (reason or "").strip(), (basis or "").strip()
    if not reason:
        raise Invalid("不予受理必须说明理由", code="reason_required", field="reason")
    if not basis:
        raise Invalid("不予受理必须写明法律依据", code="basis_required", field="basis")
    with transaction.atomic():
        case = _lock(case, version)
        _require(by, case, INTAKE_ROLES, "不予受理")
        _expect(case, Case.SUBMITTED, Case.SUPPLEMENT)
        before = audit.snapshot(case, STATE_FIELDS)
        provided = set(case.materials.exclude(material=None).values_list("material_id", flat=True))
        if not missing_required(case.item, provided, situations=case.situations.splitlines()):
            # 电子监察 trigger 1: refusing an application that meets the conditions.
            _irregular(case, "refused_acceptance", f"必要材料齐全的申请被不予受理：{reason}")
        w = rows.Changes()
        if case.intake_clock_id:
            clock.stop_all([case.intake_clock], on=on, changes=w)
        case.status, case.completed_on, case.step_role = Case.REFUSED, on, ""
        case.refusal_reason, case.refusal_basis = reason, basis
        _event(w, case, "refused", "不予受理", on, by, reason)
        _document(
            w,
            case,
            CaseDocument.REFUSAL,
            on,
            [
                f"您提交的“{case.item.name}”申请，经审查决定不予受理。",
                f"理由：{reason}",
                f"依据：{basis}",
                "如不服本决定，可自收到本通知书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。",
            ],
        )
        _save(w, case, "refuse", by, before, "refusal_reason", "refusal_basis")
        _tell_applicant(case, "申请不予受理", reason)
    return case


@_records_conflict
def request_supplement(
    case: Case,
    *,
    missing: str,
    by,
    on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """一次性告知: everything missing, once, within 5 working days (行政许可法 §32(四))."""
    on = _today(on)
    missing = (missing or "").strip()
    if not missing:
        raise Invalid("请列明需要补正的全部内容", code="missing_required", field="missing")
    with transaction.atomic():
        case = _lock(case, version)
        _require(by, case, INTAKE_ROLES, "一次性告知")
        _expect(case, Case.SUBMITTED)
        intake = case.intake_clock
        if intake is not None and intake.due_date and on > intake.due_date:
            raise Invalid(
                f"已超过五个工作日的告知期限（{intake.due_date}），依法自收到材料之日起即为受理，"
                "请直接受理",
                code="notice_too_late",
            )
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes()
        clock.stop_all([intake], on=on, changes=w)
        case.status, case.missing_materials, case.step_role = Case.SUPPLEMENT, missing, ""
        _event(w, case, "supplement_notice", "一次性告知补正材料", on, by, missing)
        _document(
            w,
            case,
            CaseDocument.SUPPLEMENT,
            on,
            [
                f"您提交的“{case.item.name}”申请材料不齐全或者不符合法定形式，"
                "现一次性告知需要补正的全部内容：",
                missing,
                "请补正后重新提交。补正期间不计入办理时限。",
            ],
        )
        _save(w, case, "request_supplement", by, before, "missing_materials")
        _tell_applicant(case, "请补正申请材料", missing)
    return case


def deem_accepted_overdue(today: dt.date | None = None) -> int:
    """行政许可法 §32(四): not told within 5 working days → accepted from the day of receipt."""
    today = _today(today)
    done = 0
    overdue = Case.objects.filter(
        status=Case.SUBMITTED,
        intake_clock__state=Clock.RUNNING,
        intake_clock__due_date__lt=today,
    ).values_list("pk", flat=True)
    for pk in list(overdue):
        with transaction.atomic():
            case = (
                Case.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("item", "agency", "intake_clock")
                .filter(pk=pk, status=Case.SUBMITTED)
                .order_by()
                .first()
            )
            if case is None:
                continue
            _accept(case, on=case.intake_clock.started_on, by=None, deemed=True)
            done += 1
    return done


# ---------------------------------------------------------------- handling


def decision_step(case: Case, steps: list[CaseStep] | None = None) -> CaseStep | None:
    steps = _steps(case) if steps is None else steps
    for s in steps:
        if s.code in DECIDE_CODES or "决定" in s.name:
            return s
    return steps[-1] if steps else None


def _finish_step(case: Case, step: CaseStep, *, by, on: dt.date, opinion: str) -> list[Clock]:
    """Mark the step done. Returns its clock, which the caller stops (`_write`) with the
    step's row."""
    step.state, step.finished_on, step.handled_by, step.opinion = CaseStep.DONE, on, by, opinion
    if not step.clock_id:
        return []
    c = step.clock
    if c.due_date and on > c.due_date:
        # 电子监察 trigger 3: a step over its own limit.
        _irregular(case, "step_overdue", f"环节“{step.name}”超过环节时限（{c.due_date}）")
    return [c]


def step_roles(step: CaseStep) -> list[str]:
    """The step's own role; the head of the agency may also act on an officer's step."""
    return [step.role, Role.DEPT_HEAD] if step.role == Role.DEPT_OFFICER else [step.role]


def _next_step(steps: list[CaseStep], after: CaseStep) -> CaseStep | None:
    return next((s for s in steps if s.order > after.order), None)


@_records_conflict
def advance(
    case: Case,
    *,
    opinion: str,
    by,
    on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """Finish the current step (审查, 复核…; after the decision 制证…) and hand the case on."""
    on = _today(on)
    opinion = (opinion or "").strip()
    if not opinion:
        raise Invalid("请填写办理意见", code="opinion_required", field="opinion")
    with transaction.atomic():
        case, steps, _ = _lock_with_steps(case, version, CURRENT_STEP)
        _expect(case, Case.HANDLING, Case.DECIDED)
        step = case.current_step
        if step is None:
            raise Conflict("该办件没有待办环节", code="no_step")
        _require(by, case, step_roles(step), f"“{step.name}”环节办理")
        decision = decision_step(case, steps)
        if case.status == Case.HANDLING and decision and decision.pk == step.pk:
            raise Invalid("当前为决定环节，请作出准予或不予的决定", code="decide_here")
        following = _next_step(steps, step)
        if case.status == Case.DECIDED and following is None:
            raise Invalid("最后一个环节请办理送达", code="deliver_here")
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes()
        _write(
            w,
            on,
            stop=_finish_step(case, step, by=by, on=on, opinion=opinion),
            start=_activate(case, following, on),
            steps=[step, *([following] if following else [])],
        )
        _event(w, case, "step_done", f"{step.name}完成", on, by, opinion)
        _save(w, case, "advance", by, before, "current_step")
    return case


@_records_conflict
def decide(
    case: Case,
    *,
    approve: bool,
    reason: str,
    by,
    on: dt.date | None = None,
    version: int | None = None,
    fields: dict | None = None,
) -> Case:
    """准予 / 不予 (行政许可法 §38: a refusal states its reasons), and the result document;
    `fields` fills an approved licence's template, by label (cases.results)."""
    on = _today(on)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise Invalid("不予许可必须说明理由", code="reason_required", field="reason")
    with transaction.atomic():
        case, steps, _ = _lock_with_steps(case, version, FOR_DECIDE)
        _expect(case, Case.HANDLING)
        step = case.current_step
        decision = decision_step(case, steps)
        if step is None or decision is None or step.pk != decision.pk:
            raise Invalid("尚未到决定环节，请先完成前面的审查环节", code="not_decision_step")
        _require(by, case, step_roles(step), "作出决定")
        template, filled = results.fill(case, approve, fields)
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes()
        finished = _finish_step(case, step, by=by, on=on, opinion=reason or "准予")
        case.approved, case.decided_on, case.decision_reason = approve, on, reason
        case.status = Case.DECIDED
        results.issue(w, case, on, template, filled)
        following = _next_step(steps, step)
        _write(
            w,
            on,
            stop=finished,
            start=_activate(case, following, on),
            steps=[step, *([following] if following else [])],
        )
        if case.current_step is None:
            case.step_role = Role.WINDOW_CLERK
        _event(w, case, "decided", "准予" if approve else "不予", on, by, reason)
        _save(w, case, "decide", by, before, "decision_reason", "current_step")
        _tell_applicant(
            case,
            "办件已作出决定",
            f"“{case.item.name}”：{'准予' if approve else '不予'}。{reason}",
        )
    return case


@_records_conflict
def deliver(
    case: Case,
    *,
    method: str,
    by,
    address: str = "",
    tracking_number: str = "",
    on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """送达 and 办结: the clocks stop; handling time is measured against both limits."""
    on = _today(on)
    if method not in dict(Delivery.METHODS):
        raise Invalid("送达方式不正确", code="bad_method", field="method")
    if method == Delivery.POST and not (address or "").strip():
        raise Invalid("邮寄送达须填写邮寄地址", code="address_required", field="address")
    with transaction.atomic():
        case, steps, suspensions = _lock_with_steps(case, version, FOR_DELIVER, suspensions=True)
        _expect(case, Case.DECIDED)
        roles = {*INTAKE_ROLES, *([case.current_step.role] if case.current_step else [])}
        _require(by, case, roles, "送达")
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes()
        open_steps = [s for s in steps if s.state != CaseStep.DONE]
        stop = []
        for step in open_steps:
            if step.state == CaseStep.PENDING:
                step.started_on = on
            stop += _finish_step(case, step, by=by, on=on, opinion=dict(Delivery.METHODS)[method])
        _write(w, on, stop=[*stop, *_close(case, on, suspensions)], steps=open_steps)
        delivery = rows.new(
            Delivery,
            case=case,
            method=method,
            address=(address or "").strip()[:200],
            tracking_number=(tracking_number or "").strip()[:40],
            delivered_on=on,
            by=by,
        )
        w.insert(delivery)
        _event(w, case, "delivered", f"办结（{dict(Delivery.METHODS)[method]}）", on, by)
        _save(
            w,
            case,
            "deliver",
            by,
            before,
            "current_step",
            "handling_workdays",
            "on_time",
            "within_statutory",
            "warn_on",
        )
        _tell_applicant(case, "办件已办结", f"办件编号{case.number}已办结。")
        signals.rateable.send(
            sender=Case,
            subject=case,
            rater=case.applicant_user,
            agency_id=case.agency_id,
            item_id=case.item_id,
            scope_path=case.scope_path,
        )
    return case


def _close(case: Case, on: dt.date, suspensions: list[Suspension]) -> list[Clock]:
    """办结: the handling figures (less the workdays of the case's `suspensions`) and the
    state; returns the case's clocks for the caller to stop."""
    promised, statutory = case.promised_clock, case.statutory_clock
    case.on_time = bool(promised.due_date and on <= promised.due_date)
    case.within_statutory = bool(statutory.due_date and on <= statutory.due_date)
    paused = sum(
        workdays_between(s.started_on, s.ended_on or on, case.jurisdiction_code)
        for s in suspensions
    )
    case.handling_workdays = max(
        0, workdays_between(case.accepted_on, on, case.jurisdiction_code) - paused
    )
    case.status, case.completed_on = Case.COMPLETED, on
    case.current_step, case.step_role, case.due_date, case.warn_on = None, "", None, None
    return [promised, statutory]


def _running_clocks(case: Case) -> list[Clock]:
    clocks = [case.statutory_clock, case.promised_clock]
    if case.current_step and case.current_step.clock_id:
        clocks.append(case.current_step.clock)
    return [c for c in clocks if c is not None]


@_records_conflict
def suspend(
    case: Case,
    *,
    kind: str,
    reason: str,
    by,
    expected_days: int | None = None,
    on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """特别程序: 听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审 (行政许可法 §45), or 补正
    during handling — the time does not count; the applicant is told in writing."""
    on = _today(on)
    kinds = dict(Suspension.KINDS)
    if kind not in kinds:
        raise Invalid("请选择法定的不计时情形", code="bad_suspension_kind", field="kind")
    with transaction.atomic():
        case = _lock(case, version)
        _require(by, case, HANDLING_ROLES, "中止计时")
        _expect(case, Case.HANDLING)
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes()
        for c in _running_clocks(case):
            clock.suspend(c, on=on, reason=kinds[kind])
        Suspension.objects.create(
            case=case,
            kind=kind,
            reason=(reason or "").strip()[:300],
            expected_days=expected_days,
            started_on=on,
        )
        case.status = Case.SUSPENDED
        _refresh_due(case)
        _event(w, case, "suspended", f"{kinds[kind]}（不计入办理时限）", on, by, reason or "")
        days = f"，预计需要{expected_days}日" if expected_days else ""
        _document(
            w,
            case,
            CaseDocument.SUSPENSION,
            on,
            [
                f"您申请的“{case.item.name}”需要进行{kinds[kind]}{days}。",
                "依照《中华人民共和国行政许可法》第四十五条，所需时间不计算在办理期限内。",
                reason or "",
            ],
        )
        _save(w, case, "suspend", by, before, "warn_on")
        _tell_applicant(case, f"办件进入{kinds[kind]}程序", reason or "")
    return case


@_records_conflict
def resume(case: Case, *, by, on: dt.date | None = None, version: int | None = None) -> Case:
    """The excluded period ends; the clocks count again."""
    on = _today(on)
    with transaction.atomic():
        case = _lock(case, version)
        _require(by, case, HANDLING_ROLES, "恢复计时")
        _expect(case, Case.SUSPENDED)
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes()
        s = case.suspensions.filter(ended_on__isnull=True).first()
        if s is None or on < s.started_on:
            raise Invalid("恢复计时日期不能早于中止日期", code="resume_before_suspend")
        s.ended_on = on
        s.save(update_fields=["ended_on"])
        for c in _running_clocks(case):
            clock.resume(c, on=on)
        case.status = Case.HANDLING
        _refresh_due(case)
        _event(w, case, "resumed", f"{s.get_kind_display()}结束，恢复计时", on, by)
        _save(w, case, "resume", by, before, "warn_on")
        _tell_applicant(case, "办件恢复办理", f"承诺办结日期{case.due_date}。")
    return case


@_records_conflict
def extend(
    case: Case,
    *,
    reason: str,
    by,
    on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """延长: +10 working days (joint handling +15), approved by the head; the applicant is
    told why (行政许可法 §42)."""
    on = _today(on)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("延长办理期限必须说明理由", code="reason_required", field="reason")
    with transaction.atomic():
        case = _lock(case, version)
        _require(by, case, [Role.DEPT_HEAD], "批准延长办理期限")
        _expect(case, Case.HANDLING, Case.SUSPENDED)
        if case.extended:
            raise Invalid("该办件已经延长过一次，不能再次延长", code="already_extended")
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes()
        law = "cases.joint_extension" if case.item.joint else "cases.extension"
        days = limits.days(law, case.jurisdiction_code)
        # An approved extension moves the promise too: supervision measures 超期 against it.
        for c in (case.statutory_clock, case.promised_clock):
            clock.extend(c, days=days)
        case.extended, case.extension_reason = True, reason[:300]
        _refresh_due(case)
        _event(w, case, "extended", f"经负责人批准延长{days}个工作日", on, by, reason)
        _document(
            w,
            case,
            CaseDocument.EXTENSION,
            on,
            [
                f"您申请的“{case.item.name}”，经本机关负责人批准，办理期限延长{days}个工作日。",
                f"理由：{reason}",
            ],
        )
        _save(w, case, "extend", by, before, "extension_reason", "warn_on")
        _tell_applicant(case, "办理期限已延长", reason)
    return case


def charge_fee(
    case: Case,
    *,
    name: str,
    amount,
    by,
    on: dt.date | None = None,
) -> CaseFee:
    """收费. A fee outside the item's fee list is recorded and reported (行政许可法 §58)."""
    on = _today(on)
    name = (name or "").strip()
    if not name:
        raise Invalid("请填写收费项目", code="fee_name_required", field="name")
    if len(name) > CaseFee._meta.get_field("name").max_length:
        raise Invalid("收费项目名称过长（不超过100个字）", code="fee_name_too_long", field="name")
    amount = money.parse_amount(
        amount, column=CaseFee._meta.get_field("amount_yuan"), field="amount"
    )
    with transaction.atomic():
        case = _lock(case, None)
        _require(by, case, INTAKE_ROLES, "收费")
        if not case.is_open:
            raise Conflict("办件已办结，不能再收费", code="wrong_state")
        fee = case.item.fees.filter(name=name).first()
        row = CaseFee.objects.create(
            case=case, fee=fee, name=name, amount_yuan=amount, charged_on=on, by=by
        )
        if fee is None:
            # 电子监察 trigger 7: unauthorised fees.
            _irregular(case, "fee_not_in_list", f"收取了事项收费清单以外的费用：{name} {amount}元")
        elif fee.amount_yuan is not None and amount > fee.amount_yuan:
            _irregular(
                case, "fee_not_in_list", f"{name}收取{amount}元，超过标准{fee.amount_yuan}元"
            )
        w = rows.Changes()
        _event(w, case, "fee", f"收费：{name} {amount}元", on, by)
        audit.record(
            "cases.charge_fee",
            case,
            changes=w,
            actor=by,
            role=_role(by),
            after={"name": name, "amount": str(amount), "listed": fee is not None},
        )
    return row
