"""The service network as an office keeps it in a workbook (issue 23 §1.4): three sheets —
服务中心, 窗口 (keyed by centre name + window number, stationed agencies by 统一社会信用代码
separated by 、) and 工作人员 (one row per role). Read with `core.sheets`, written with openpyxl.

An import goes row by row through the same services as the pages (scope checked, audited);
any bad row is reported with its sheet and line and nothing is loaded, unless `partial`. A new
account gets a generated initial password, returned once in the report and never stored in
clear. Export → import changes nothing."""

from __future__ import annotations

import io
import secrets
import string
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from zhengwu.core import audit, sheets
from zhengwu.core.errors import Invalid, NotAllowed, ServiceError

from . import network, scopes, services
from .models import Agency, Jurisdiction, Role, RoleAssignment, ServiceCentre, User, Window

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CENTRES, WINDOWS, STAFF = "服务中心", "窗口", "工作人员"
STANDARD_HEADERS = [label for _, label in ServiceCentre.STANDARDS]
CENTRE_HEADERS = {
    "name": ["名称", "服务中心名称"],
    "kind": ["类型"],
    "jurisdiction": ["区划代码"],
    "floor_area": ["面积（平方米）", "面积", "面积(平方米)"],
    "address": ["地址"],
    "office_hours": ["办公时间"],
    "phone": ["咨询电话", "电话"],
    "responsible_person": ["负责人"],
    "responsible_phone": ["负责人电话"],
    **{name: [label] for name, label in ServiceCentre.STANDARDS},
}
WINDOW_HEADERS = {
    "centre": ["服务中心名称", "服务中心"],
    "jurisdiction": ["区划代码"],
    "number": ["窗口号"],
    "name": ["窗口名称"],
    "agencies": ["进驻单位统一社会信用代码", "进驻单位"],
}
STAFF_HEADERS = {
    "username": ["用户名"],
    "real_name": ["姓名"],
    "phone": ["手机号", "手机"],
    "role": ["角色"],
    "scope": ["范围（区划代码或统一社会信用代码）", "范围", "区划代码或统一社会信用代码"],
    "centre": ["所在服务中心", "服务中心"],
}
KIND_CHOICES = sheets.Choices(
    "类型",
    {
        **{label: code for code, label in ServiceCentre.KINDS},
        "便民服务中心": ServiceCentre.TOWNSHIP_CENTRE,
        "便民服务室": ServiceCentre.VILLAGE_ROOM,
        "代办点": ServiceCentre.AGENCY_POINT,
    },
    shown=[label for _, label in ServiceCentre.KINDS],
)
ROLE_CHOICES = sheets.Choices("角色", {label: code for code, label in Role.choices})
YES = {"是", "达标", "√", "1", "Y", "YES", "TRUE"}
NO = {"", "否", "未达标", "×", "0", "N", "NO", "FALSE"}


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    passwords: list[dict] = field(default_factory=list)
    loaded: bool = False

    def error(self, sheet: str, line: int, message: str) -> None:
        self.errors.append({"sheet": sheet, "line": line, "message": message})

    def as_dict(self) -> dict:
        return {
            "loaded": self.loaded,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
            "passwords": self.passwords,
        }

    def summary(self) -> str:
        return (
            f"新增 {self.created}，更新 {self.updated}，未变 {self.unchanged}，"
            f"错误 {len(self.errors)}"
        )


class _Rollback(Exception):
    pass


def initial_password() -> str:
    """16 characters of the four kinds (passes both password policies), for a new account."""
    kinds = [string.ascii_uppercase, string.ascii_lowercase, string.digits, "-_#%+="]
    chars = [secrets.choice(k) for k in kinds]
    pool = "".join(kinds).translate(str.maketrans("", "", "Il0O1"))
    chars += [secrets.choice(pool) for _ in range(12)]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def _flag(value, label: str) -> bool:
    k = sheets.key(value).upper()
    if k in YES:
        return True
    if k in NO:
        return False
    raise Invalid(f"{label}“{sheets.text(value)}”应填“是”或“否”", code="bad_flag")


def _sheet(wb, name: str, headers: dict, required: list[str]) -> list[tuple[int, dict]]:
    """The sheet's rows as (line, {field: value}); a missing sheet has none."""
    if name not in wb.sheetnames:
        return []
    rows = sheets.rows(wb[name].iter_rows(values_only=True))
    _, head = next(rows)
    found = sheets.columns(list(head), headers, required)
    return [(line, {found[h]: v for h, v in row.items() if h in found}) for line, row in rows]


def _centre(name: str, code: str) -> ServiceCentre:
    qs = ServiceCentre.objects.filter(name=name)
    if code:
        qs = qs.filter(jurisdiction__code=code)
    found = list(qs[:2])
    if not found:
        raise Invalid(f"服务中心“{name}”不存在（须先在“服务中心”表中列出）", code="unknown_centre")
    if len(found) > 1:
        raise Invalid(f"有多个名为“{name}”的服务中心，请填写区划代码区分", code="ambiguous_centre")
    return found[0]


def _centre_row(row: dict, by, report: Report) -> None:
    data: dict = {k: sheets.text(v) for k, v in row.items()}
    data["kind"] = KIND_CHOICES.get(row.get("kind", ""))
    for name, label in ServiceCentre.STANDARDS:
        data[name] = _flag(row.get(name), label)
    existing = ServiceCentre.objects.filter(
        name=data.get("name", ""), jurisdiction__code=data.get("jurisdiction", "")
    ).first()
    if existing is None:
        network.create_centre(data, by=by)
        report.created += 1
        return
    before = network.snapshot(existing)
    network.update_centre(existing, data, by=by)
    if network.snapshot(existing) == before:
        report.unchanged += 1
    else:
        report.updated += 1


def _window_row(row: dict, by, report: Report) -> None:
    centre = _centre(sheets.text(row.get("centre")), sheets.text(row.get("jurisdiction")))
    if by is not None and not scopes.covers(
        by, agency_id=None, path=centre.scope_path, roles=[Role.OPENNESS_ADMIN]
    ):
        raise NotAllowed(f"{centre.name}不在您的管辖范围内")
    usci = [u for u in sheets.text(row.get("agencies")).replace(",", "、").split("、") if u.strip()]
    stationed = network.stationable(centre, usci)
    data = {"number": sheets.text(row.get("number")), "name": sheets.text(row.get("name"))}
    window = centre.windows.filter(number=data["number"]).first()
    if window is None:
        network.create_window(centre, data, stationed, by=by)
        report.created += 1
        return
    before = network.window_snapshot(window)
    network.update_window(window, data, stationed, by=by)
    report.unchanged += network.window_snapshot(window) == before
    report.updated += network.window_snapshot(window) != before


def _scope(value: str):
    value = value.strip().upper()
    if len(value) == 18:
        agency = Agency.objects.filter(usci=value).first()
        if agency is None:
            raise Invalid(f"未找到统一社会信用代码为“{value}”的单位", code="unknown_agency")
        return agency
    return network.jurisdiction(value)


def _staff_row(row: dict, by, report: Report) -> None:
    username = sheets.text(row.get("username"))
    if not username:
        raise Invalid("请填写用户名", code="username_required")
    role = ROLE_CHOICES.get(row.get("role", ""))
    over = _scope(sheets.text(row.get("scope")))
    centre_name = sheets.text(row.get("centre"))
    centre = None
    if centre_name:
        path = over.scope_path if isinstance(over, Agency) else over.path
        found = list(
            ServiceCentre.objects.filter(name=centre_name, scope_path__startswith=path)[:2]
        )
        if len(found) != 1:
            raise Invalid(
                f"{over}范围内{'没有' if not found else '有多个'}名为“{centre_name}”的服务中心",
                code="unknown_centre",
            )
        centre = found[0]
    if role == Role.VILLAGE_AGENT and centre is None:
        raise Invalid("代办员须填写所在服务中心（村便民服务室或代办点）", code="centre_required")
    user = User.objects.filter(username=username).first()
    if user is None:
        password = initial_password()
        user = services.create_staff(
            username=username,
            real_name=sheets.text(row.get("real_name")) or username,
            phone=sheets.text(row.get("phone")),
            password=password,
            roles=[],
            by=by,
        )
        report.passwords.append({"username": username, "password": password})
        services.grant_role(user, role, over, by=by, centre=centre)
        report.created += 1
        return
    if user.kind != User.STAFF:
        raise Invalid(f"用户名“{username}”已被公众账户使用", code="username_taken")
    kwargs = {"agency": over} if isinstance(over, Agency) else {"jurisdiction": over}
    if RoleAssignment.objects.filter(user=user, role=role, centre=centre, **kwargs).exists():
        report.unchanged += 1
        return
    services.grant_role(user, role, over, by=by, centre=centre)
    report.updated += 1


STEPS = [
    (CENTRES, CENTRE_HEADERS, ["name", "kind", "jurisdiction"], _centre_row),
    (WINDOWS, WINDOW_HEADERS, ["centre", "number", "name"], _window_row),
    (STAFF, STAFF_HEADERS, ["username", "real_name", "role", "scope"], _staff_row),
]


def import_workbook(data: bytes, *, by, dry_run: bool = False, partial: bool = False) -> Report:
    """Load the three sheets in order (centres before their windows, before their agents)."""
    wb = sheets.workbook(data)
    if not any(name in wb.sheetnames for name, *_ in STEPS):
        raise Invalid(
            f"工作簿中没有“{CENTRES}”“{WINDOWS}”或“{STAFF}”工作表", code="no_network_sheet"
        )
    report = Report()
    try:
        with transaction.atomic():
            for name, headers, required, load in STEPS:
                try:
                    rows = _sheet(wb, name, headers, required)
                except Invalid as e:
                    report.error(name, 1, e.message)
                    continue
                for line, row in rows:
                    try:
                        with transaction.atomic():
                            load(row, by, report)
                    except ServiceError as e:
                        report.error(name, line, e.message)
            if dry_run or (report.errors and not partial):
                raise _Rollback
            audit.record(
                "org.network_imported",
                by,
                actor=by,
                after={k: v for k, v in report.as_dict().items() if k != "passwords"}
                | {"passwords": len(report.passwords)},
            )
            report.loaded = True
    except _Rollback:
        pass
    if not report.loaded:
        report.passwords = []
    return report


# ---------------------------------------------------------------- export


def export_for(user, code: str) -> tuple[Jurisdiction, bytes]:
    j = network.jurisdiction(code)
    if not scopes.covers(
        user, agency_id=None, path=j.path, roles=[Role.OPENNESS_ADMIN, Role.SUPERVISOR]
    ):
        raise NotAllowed(f"{j.name}不在您的管辖范围内")
    return j, export_workbook(j)


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def export_workbook(j: Jurisdiction) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = CENTRES
    ws.append([names[0] for names in CENTRE_HEADERS.values()])
    centres = ServiceCentre.objects.filter(scope_path__startswith=j.path).select_related(
        "jurisdiction"
    )
    for c in centres.order_by("scope_path", "name"):
        ws.append(
            [
                c.name,
                c.get_kind_display(),
                c.jurisdiction.code,
                float(c.floor_area) if c.floor_area is not None else "",
                c.address,
                c.office_hours,
                c.phone,
                c.responsible_person,
                c.responsible_phone,
                *[_yes(getattr(c, name)) for name, _ in ServiceCentre.STANDARDS],
            ]
        )
    ws = wb.create_sheet(WINDOWS)
    ws.append([names[0] for names in WINDOW_HEADERS.values()])
    windows = (
        Window.objects.filter(centre__scope_path__startswith=j.path)
        .select_related("centre__jurisdiction")
        .prefetch_related("agencies")
        .order_by("centre__scope_path", "centre__name", "number")
    )
    for w in windows:
        ws.append(
            [
                w.centre.name,
                w.centre.jurisdiction.code,
                w.number,
                w.name,
                "、".join(sorted(a.usci for a in w.agencies.all())),
            ]
        )
    ws = wb.create_sheet(STAFF)
    ws.append([names[0] for names in STAFF_HEADERS.values()])
    held = (
        RoleAssignment.objects.filter(
            Q(jurisdiction__path__startswith=j.path) | Q(agency__scope_path__startswith=j.path),
            user__kind=User.STAFF,
        )
        .select_related("user", "agency", "jurisdiction", "centre")
        .order_by("user__username", "role", "id")
    )
    for a in held:
        ws.append(
            [
                a.user.username,
                a.user.real_name,
                a.user.phone,
                a.get_role_display(),
                a.agency.usci if a.agency else a.jurisdiction.code if a.jurisdiction else "",
                a.centre.name if a.centre else "",
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
