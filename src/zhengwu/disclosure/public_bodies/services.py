"""The only way 公共企事业单位 records change: sectors and their columns, registering a body
(its agency, its profile, its catalogue) and its officer's account. Each function takes the
acting user (`by=`, None for the system: migrations, the demo, the CLI), checks the permission
map and writes its audit event in the change's transaction.

A body's own agency is made by `_create_agency` here (`Agency.objects.create` and the
`org.agency_created` event, as org's import does) rather than org's `network.create_agency`:
that one is the 政务公开办's alone, while a supervising department's head registers its bodies
too; a missing department is made through `network.create_agency`."""

from __future__ import annotations

from django.db import transaction

from zhengwu.core import audit
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.core.identity import validate_usci
from zhengwu.disclosure import catalogue
from zhengwu.disclosure.models import Column
from zhengwu.org import network, permissions
from zhengwu.org import queries as org_queries
from zhengwu.org import services as org_services
from zhengwu.org.models import Agency, Jurisdiction, Role, User

from .models import PublicBody, Sector, SectorColumn

SECTOR_SAVE = "public_bodies.sector.save"
REGISTER = "public_bodies.body.register"
EDIT = "public_bodies.body.edit"
GROUP_CODE = "ggqsy"  # the body's catalogue group: “公共企事业单位信息公开”
STANDARD_CODES = {
    r["code"]
    for level in ("prefecture", "county", "township")
    for r in catalogue.standard_columns(level)
}


def _text(data: dict, name: str, label: str, limit: int, *, required: bool = False) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        raise Invalid(f"请填写{label}", code=f"{name}_required", field=name)
    if len(value) > limit:
        raise Invalid(f"{label}不能超过{limit}字", code=f"{name}_too_long", field=name)
    return value


def column_names(value) -> list[str]:
    """The columns as typed: one a line (or a list), blanks dropped, each once, in order."""
    lines = value if isinstance(value, list) else str(value or "").splitlines()
    out: list[str] = []
    for line in lines:
        name = str(line).strip()
        if name and name not in out:
            if len(name) > 100:
                raise Invalid(
                    f"栏目名称“{name[:20]}…”超过100字", code="column_too_long", field="columns"
                )
            out.append(name)
    if not out:
        raise Invalid(
            "请至少填写一个公开栏目（每行一个）", code="columns_required", field="columns"
        )
    return out


def _require_office(by) -> None:
    if by is not None:
        root = org_queries.root()
        permissions.require(by, SECTOR_SAVE, agency_id=None, path=root.path if root else "/")


@transaction.atomic
def save_sector(data: dict, *, by, sector: Sector | None = None) -> Sector:
    """Create a sector, or change its name, basis and column set. A column kept by name keeps
    its code (and so its bodies' items); a removed column leaves the set (its items stay on
    the bodies' pages until withdrawn); every body of the sector gets the new columns."""
    _require_office(by)
    name = _text(data, "name", "行业名称", 30, required=True)
    basis = _text(data, "basis", "依据", 200)
    names = column_names(data.get("columns"))
    clash = Sector.objects.filter(name=name)
    if sector is not None:
        clash = clash.exclude(pk=sector.pk)
    if clash.exists():
        raise Invalid(f"已有名为“{name}”的行业", code="sector_exists", field="name")
    before = _sector_snapshot(sector) if sector else None
    if sector is None:
        code = _text(data, "code", "行业代码", 8) or _next_sector_code()
        if not code.isascii() or not code.isalnum():
            raise Invalid("行业代码只能由字母和数字组成，如 jy", code="code_invalid", field="code")
        if Sector.objects.filter(code=code.lower()).exists():
            raise Invalid(f"行业代码“{code}”已被使用", code="code_taken", field="code")
        order = (Sector.objects.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        sector = Sector.objects.create(code=code.lower(), name=name, basis=basis, order=order)
    else:
        sector.name, sector.basis = name, basis
        sector.save()
    existing = {c.name: c for c in sector.columns.all()}
    for i, column_name in enumerate(names):
        column = existing.pop(column_name, None)
        if column is None:
            SectorColumn.objects.create(
                sector=sector, code=_next_column_code(sector), name=column_name, order=i
            )
        elif (column.order, column.active) != (i, True):
            column.order, column.active = i, True
            column.save()
    for column in existing.values():
        if column.active:
            column.active = False
            column.save()
    for body in sector.bodies.select_related("agency", "sector"):
        sync_columns(body)
    audit.record(SECTOR_SAVE, sector, actor=by, before=before, after=_sector_snapshot(sector))
    return sector


def _sector_snapshot(sector: Sector) -> dict:
    columns = sector.columns.filter(active=True).order_by("order").values_list("name", flat=True)
    return {"name": sector.name, "basis": sector.basis, "columns": "、".join(columns)}


def _next_sector_code() -> str:
    n = Sector.objects.count() + 1
    while Sector.objects.filter(code=f"s{n}").exists():
        n += 1
    return f"s{n}"


def _next_column_code(sector: Sector) -> str:
    n = sector.columns.count() + 1
    while SectorColumn.objects.filter(code=f"{sector.code}-{n:02d}").exists():
        n += 1
    return f"{sector.code}-{n:02d}"


def sync_columns(body: PublicBody) -> None:
    """The body's catalogue is its sector's columns under one group: add the missing ones, keep
    the names current. The standard government catalogue every new agency is given (条例
    §§20–21) does not apply to a public body and is removed while it holds nothing."""
    agency = body.agency
    Column.objects.filter(agency=agency, code__in=STANDARD_CODES, documents__isnull=True).exclude(
        children__documents__isnull=False
    ).delete()
    group, _ = Column.objects.get_or_create(
        agency=agency,
        code=GROUP_CODE,
        defaults={
            "name": "公共企事业单位信息公开",
            "basis": body.sector.basis[:60],
            "order": 0,
            "scope_path": agency.scope_path,
        },
    )
    have = {c.code: c for c in Column.objects.filter(agency=agency, parent=group)}
    for sc in body.sector.columns.filter(active=True):
        column = have.get(sc.code)
        if column is None:
            Column.objects.create(
                agency=agency,
                parent=group,
                code=sc.code,
                name=sc.name,
                order=sc.order + 1,
                scope_path=agency.scope_path,
            )
        elif (column.name, column.order) != (sc.name, sc.order + 1):
            column.name, column.order = sc.name, sc.order + 1
            column.save(update_fields=["name", "order"])


def clean_body(data: dict, *, body: PublicBody | None = None) -> dict:
    """Checked fields of a body from a form, the API or an import row (Chinese errors)."""
    out: dict = {}
    if body is None:
        out["usci"] = validate_usci(str(data.get("usci") or ""))
        out["name"] = _text(data, "name", "单位名称", 100, required=True)
        code = str(data.get("jurisdiction") or "").strip()
        j = Jurisdiction.objects.filter(code=code).first() if code else None
        if j is None:
            raise Invalid(
                "请选择单位所在的行政区划", code="jurisdiction_required", field="jurisdiction"
            )
        if j.level == Jurisdiction.VILLAGE:
            raise Invalid(
                "公共企事业单位应登记在州、县市或乡镇街道",
                code="jurisdiction_level",
                field="jurisdiction",
            )
        out["jurisdiction"] = j
    else:
        j = body.agency.jurisdiction
    sector_key = str(data.get("sector") or "").strip()
    sector = (
        Sector.objects.filter(code=sector_key).first()
        or Sector.objects.filter(name=sector_key).first()
    )
    if sector is None:
        known = "、".join(Sector.objects.values_list("name", flat=True))
        raise Invalid(
            f"行业“{sector_key}”不存在，应为：{known}", code="sector_invalid", field="sector"
        )
    out["sector"] = sector
    sup_key = str(data.get("supervisor") or "").strip().upper()
    supervisor = Agency.objects.filter(usci=sup_key, is_active=True).first() if sup_key else None
    if supervisor is None:
        supervisor = Agency.objects.filter(
            name=str(data.get("supervisor") or "").strip(), is_active=True, kind=Agency.DEPARTMENT
        ).first()
    if supervisor is None:
        raise Invalid("请选择主管部门", code="supervisor_required", field="supervisor")
    if supervisor.kind != Agency.DEPARTMENT or not j.path.startswith(supervisor.scope_path):
        raise Invalid(
            f"主管部门应为{j.name}或其上级的部门，“{supervisor.name}”不是",
            code="supervisor_invalid",
            field="supervisor",
        )
    out["supervisor"] = supervisor
    out["contact_person"] = _text(data, "contact_person", "联系人", 40)
    out["contact_phone"] = _text(data, "contact_phone", "联系电话", 40)
    return out


@transaction.atomic
def register_body(data: dict, *, by, fields: dict | None = None) -> PublicBody:
    """Register a 公共企事业单位: its agency (kind 公共企事业单位), its profile and catalogue.
    `fields` are already checked (`clean_body`, an import)."""
    fields = fields or clean_body(data)
    j, supervisor = fields["jurisdiction"], fields["supervisor"]
    if by is not None:
        permissions.require(by, REGISTER, agency_id=supervisor.pk, path=j.path)
    agency = Agency.objects.filter(usci=fields["usci"]).first()
    if agency is not None:
        raise Conflict(
            f"统一社会信用代码{fields['usci']}已登记为“{agency.name}”", code="usci_taken"
        )
    agency = _create_agency(fields["usci"], fields["name"], j, by=by, phone=fields["contact_phone"])
    body = PublicBody.objects.create(
        agency=agency,
        sector=fields["sector"],
        supervisor=supervisor,
        contact_person=fields["contact_person"],
        contact_phone=fields["contact_phone"],
        scope_path=agency.scope_path,
        registered_by=by if getattr(by, "pk", None) else None,
    )
    sync_columns(body)
    audit.record(REGISTER, body, actor=by, after=audit.snapshot(body))
    return body


def create_department(data: dict, *, by) -> Agency:
    """A supervising department (部门) not registered yet, made while registering its bodies:
    org's own `network.create_agency` (its checks, permission and audit), kept to the 州 and
    the counties, where departments are."""
    code = str(data.get("jurisdiction") or "").strip()
    j = Jurisdiction.objects.filter(code=code).first() if code else None
    if j is None or j.level not in (Jurisdiction.PREFECTURE, Jurisdiction.COUNTY):
        raise Invalid("主管部门应属于州或县市", code="jurisdiction_invalid", field="jurisdiction")
    fields = {k: data.get(k, "") for k in ("usci", "name")}
    return network.create_agency(fields | {"kind": Agency.DEPARTMENT, "jurisdiction": code}, by=by)


def _create_agency(usci: str, name: str, j: Jurisdiction, *, by, phone: str) -> Agency:
    agency = Agency.objects.create(
        usci=usci, name=name, kind=Agency.ENTERPRISE, jurisdiction=j, phone=phone
    )
    audit.record("org.agency_created", agency, actor=by, after=audit.snapshot(agency))
    return agency


@transaction.atomic
def edit_body(body: PublicBody, data: dict, *, by) -> PublicBody:
    """Change a body's sector, supervising department or contact."""
    if by is not None:
        permissions.require(by, EDIT, agency_id=body.supervisor_id, path=body.scope_path)
    fields = clean_body(data, body=body)
    if by is not None:
        permissions.require(by, EDIT, agency_id=fields["supervisor"].pk, path=body.scope_path)
    before = audit.snapshot(body)
    for k, v in fields.items():
        setattr(body, k, v)
    body.save()
    sync_columns(body)
    audit.record(EDIT, body, actor=by, before=before, after=audit.snapshot(body))
    return body


def create_officer(body: PublicBody, data: dict, *, by) -> User:
    """The body's 信息公开工作人员 account (org's `create_staff`: its checks and audit)."""
    return org_services.create_staff(
        username=_text(data, "username", "登录用户名", 150, required=True),
        real_name=_text(data, "real_name", "姓名", 100, required=True),
        password=str(data.get("password") or ""),
        phone=_text(data, "phone", "手机号", 20),
        roles=[(Role.DISCLOSURE_OFFICER, body.agency)],
        by=by,
    )
