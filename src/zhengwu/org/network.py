"""The service network an openness office sets up (issue 23 §1): service centres at each level,
their windows and the agencies stationed there, agencies themselves, village rooms with their
代办员. Every change is checked against the office's scope and audited."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from zhengwu.core import audit
from zhengwu.core.errors import Invalid, NotAllowed, NotFound
from zhengwu.core.identity import validate_usci

from . import permissions, scopes
from .models import Agency, Jurisdiction, Role, ServiceCentre, Window

ROOM_KINDS = (ServiceCentre.VILLAGE_ROOM, ServiceCentre.AGENCY_POINT)
# Which kind of centre a jurisdiction's level may have.
KIND_LEVELS = {
    ServiceCentre.CENTRE: (Jurisdiction.PREFECTURE, Jurisdiction.COUNTY),
    ServiceCentre.TOWNSHIP_CENTRE: (Jurisdiction.TOWNSHIP,),
    ServiceCentre.VILLAGE_ROOM: (Jurisdiction.VILLAGE,),
    ServiceCentre.AGENCY_POINT: (Jurisdiction.VILLAGE,),
}
KIND_WHERE = {
    ServiceCentre.CENTRE: "州或县市",
    ServiceCentre.TOWNSHIP_CENTRE: "乡镇（街道）",
    ServiceCentre.VILLAGE_ROOM: "村（社区）",
    ServiceCentre.AGENCY_POINT: "村（社区）",
}
CENTRE_TEXT = {
    "name": ("名称", 100),
    "address": ("地址", 200),
    "office_hours": ("办公时间", 100),
    "phone": ("咨询电话", 40),
    "responsible_person": ("负责人", 40),
    "responsible_phone": ("负责人电话", 20),
}
STANDARDS = [name for name, _ in ServiceCentre.STANDARDS]
AGENTS_MIN, AGENTS_MAX = 1, 2


# ---------------------------------------------------------------- reading


def jurisdiction(code: str, *, field: str = "jurisdiction") -> Jurisdiction:
    code = (code or "").strip()
    if not code:
        raise Invalid("请填写区划代码", code="jurisdiction_required", field=field)
    found = Jurisdiction.objects.filter(code=code).first()
    if found is None:
        raise Invalid(f"区划代码“{code}”不存在", code="unknown_jurisdiction", field=field)
    return found


def centres_visible_to(user):
    """The centres an openness office (or a supervisor) manages: those under its jurisdictions,
    each with its window count and its 代办员 count."""
    q = scopes.scope_q(user, [Role.OPENNESS_ADMIN, Role.SUPERVISOR], agency_field=None)
    return (
        ServiceCentre.objects.filter(q)
        .select_related("jurisdiction")
        .annotate(
            window_count=Count("windows", distinct=True),
            agent_count=Count("staff", filter=Q(staff__role=Role.VILLAGE_AGENT), distinct=True),
        )
    )


def agencies_visible_to(user):
    q = scopes.scope_q(user, [Role.OPENNESS_ADMIN, Role.SUPERVISOR], agency_field=None)
    return Agency.objects.filter(q).select_related("jurisdiction")


def agents_flagged(centre) -> bool:
    """A village room or point with no 代办员 or more than two (R2.4: one or two per village)."""
    count = getattr(centre, "agent_count", None)
    if count is None:
        count = centre.staff.filter(role=Role.VILLAGE_AGENT).count()
    return centre.kind in ROOM_KINDS and not AGENTS_MIN <= count <= AGENTS_MAX


def flagged_rooms(path: str) -> list[ServiceCentre]:
    """The village rooms under `path` whose 代办员 are fewer than one or more than two."""
    rooms = (
        ServiceCentre.objects.filter(scope_path__startswith=path, kind__in=ROOM_KINDS)
        .annotate(
            agent_count=Count("staff", filter=Q(staff__role=Role.VILLAGE_AGENT), distinct=True)
        )
        .select_related("jurisdiction")
        .order_by("scope_path", "name")
    )
    return [r for r in rooms if agents_flagged(r)]


# ---------------------------------------------------------------- centres


def _area(value) -> Decimal | None:
    raw = str(value if value is not None else "").strip()
    if not raw:
        return None
    try:
        area = Decimal(raw)
    except InvalidOperation:
        raise Invalid(f"面积“{raw}”不是数字", code="bad_area", field="floor_area") from None
    if area < 0 or area >= Decimal("100000000"):
        raise Invalid("面积应为0到一亿平方米之间的数字", code="bad_area", field="floor_area")
    return area.quantize(Decimal("0.1"))


def _clean_centre(data: dict) -> dict:
    out: dict = {}
    for name, (label, limit) in CENTRE_TEXT.items():
        value = str(data.get(name) or "").strip()
        if len(value) > limit:
            raise Invalid(f"{label}不能超过{limit}个字", code="too_long", field=name)
        out[name] = value
    if not out["name"]:
        raise Invalid("请填写服务中心名称", code="name_required", field="name")
    phone = out["responsible_phone"]
    if phone and not (phone.isdigit() and len(phone) == 11 and phone.startswith("1")):
        raise Invalid("负责人电话应为11位手机号码", code="phone_invalid", field="responsible_phone")
    out["floor_area"] = _area(data.get("floor_area"))
    for name in STANDARDS:
        out[name] = bool(data.get(name))
    kind = str(data.get("kind") or "")
    if kind not in KIND_LEVELS:
        raise Invalid("请选择服务中心类型", code="kind_required", field="kind")
    out["kind"] = kind
    return out


def _check_kind(kind: str, j: Jurisdiction) -> None:
    if j.level not in KIND_LEVELS[kind]:
        raise Invalid(
            f"{j.name}是{j.get_level_display()}，不能设立{dict(ServiceCentre.KINDS)[kind]}："
            f"该类型只设在{KIND_WHERE[kind]}",
            code="kind_level_mismatch",
            field="kind",
        )


def _require(by, action: str, path: str) -> None:
    if by is not None:
        permissions.require(by, action, agency_id=None, path=path)


def snapshot(centre: ServiceCentre) -> dict:
    data = {name: getattr(centre, name) for name in [*CENTRE_TEXT, "kind", *STANDARDS]}
    data["floor_area"] = str(centre.floor_area) if centre.floor_area is not None else ""
    data["jurisdiction"] = centre.jurisdiction.code
    return data


def _name_free(name: str, j: Jurisdiction, pk: int = 0) -> None:
    if ServiceCentre.objects.filter(name=name, jurisdiction=j).exclude(pk=pk).exists():
        raise Invalid(f"{j.name}已有名为“{name}”的服务中心", code="name_taken", field="name")


@transaction.atomic
def create_centre(data: dict, *, by) -> ServiceCentre:
    j = jurisdiction(data.get("jurisdiction", ""))
    _require(by, "org.centre_created", j.path)
    fields = _clean_centre(data)
    _check_kind(fields["kind"], j)
    _name_free(fields["name"], j)
    centre = ServiceCentre.objects.create(jurisdiction=j, **fields)
    audit.record("org.centre_created", centre, actor=by, after=snapshot(centre))
    return centre


@transaction.atomic
def update_centre(centre: ServiceCentre, data: dict, *, by) -> ServiceCentre:
    _require(by, "org.centre_updated", centre.scope_path)
    fields = _clean_centre({**data, "kind": data.get("kind") or centre.kind})
    _check_kind(fields["kind"], centre.jurisdiction)
    _name_free(fields["name"], centre.jurisdiction, centre.pk)
    before = snapshot(centre)
    for name, value in fields.items():
        setattr(centre, name, value)
    after = snapshot(centre)
    if after != before:
        centre.save()
        changed = [k for k in after if after[k] != before[k]]
        audit.record(
            "org.centre_updated",
            centre,
            actor=by,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return centre


# ---------------------------------------------------------------- windows


def stationable(centre: ServiceCentre, usci_list) -> list[Agency]:
    """The agencies named by their 统一社会信用代码, each of the centre's jurisdiction subtree."""
    found = []
    for raw in usci_list:
        raw = raw.strip()
        if not raw:
            continue
        try:
            code = validate_usci(raw)
        except Invalid as e:
            raise Invalid(f"“{raw}”：{e.message}", code=e.code, field="agencies") from None
        agency = Agency.objects.filter(usci=code, is_active=True).first()
        if agency is None:
            raise Invalid(
                f"未找到统一社会信用代码为“{raw}”的单位", code="unknown_agency", field="agencies"
            )
        if not agency.scope_path.startswith(centre.scope_path):
            raise Invalid(
                f"{agency.name}不属于{centre.jurisdiction.name}，不能进驻{centre.name}",
                code="agency_outside",
                field="agencies",
            )
        if agency not in found:
            found.append(agency)
    return found


def _clean_window(data: dict) -> tuple[str, str]:
    number = str(data.get("number") or "").strip()
    name = str(data.get("name") or "").strip()
    if not number:
        raise Invalid("请填写窗口号", code="number_required", field="number")
    if len(number) > 10:
        raise Invalid("窗口号不能超过10个字符", code="too_long", field="number")
    if not name:
        raise Invalid("请填写窗口名称", code="name_required", field="name")
    if len(name) > 60:
        raise Invalid("窗口名称不能超过60个字", code="too_long", field="name")
    return number, name


def window_snapshot(window: Window) -> dict:
    return {
        "number": window.number,
        "name": window.name,
        "agencies": sorted(window.agencies.values_list("usci", flat=True)),
    }


@transaction.atomic
def create_window(centre: ServiceCentre, data: dict, agencies: list[Agency], *, by) -> Window:
    _require(by, "org.window_created", centre.scope_path)
    number, name = _clean_window(data)
    if centre.windows.filter(number=number).exists():
        raise Invalid(f"{centre.name}已有{number}号窗口", code="number_taken", field="number")
    try:
        with transaction.atomic():
            window = Window.objects.create(centre=centre, number=number, name=name)
    except IntegrityError:
        raise Invalid(
            f"{centre.name}已有{number}号窗口", code="number_taken", field="number"
        ) from None
    window.agencies.set(agencies)
    audit.record("org.window_created", window, actor=by, after=window_snapshot(window))
    return window


@transaction.atomic
def update_window(window: Window, data: dict, agencies: list[Agency], *, by) -> Window:
    _require(by, "org.window_updated", window.centre.scope_path)
    number, name = _clean_window(data)
    if window.centre.windows.filter(number=number).exclude(pk=window.pk).exists():
        raise Invalid(
            f"{window.centre.name}已有{number}号窗口", code="number_taken", field="number"
        )
    before = window_snapshot(window)
    window.number, window.name = number, name
    window.save()
    window.agencies.set(agencies)
    after = window_snapshot(window)
    if after != before:
        audit.record("org.window_updated", window, actor=by, before=before, after=after)
    return window


# ---------------------------------------------------------------- agencies

AGENCY_TEXT = {
    "name": ("名称", 100),
    "short_name": ("简称", 40),
    "address": ("办公地址", 200),
    "office_hours": ("办公时间", 100),
    "phone": ("联系电话", 40),
}


def _clean_agency(data: dict) -> dict:
    out = {}
    for name, (label, limit) in AGENCY_TEXT.items():
        value = str(data.get(name) or "").strip()
        if len(value) > limit:
            raise Invalid(f"{label}不能超过{limit}个字", code="too_long", field=name)
        out[name] = value
    if not out["name"]:
        raise Invalid("请填写单位名称", code="name_required", field="name")
    kind = str(data.get("kind") or "")
    if kind not in dict(Agency.KINDS):
        raise Invalid("请选择单位类型", code="kind_required", field="kind")
    out["kind"] = kind
    return out


def _agency_snapshot(a: Agency) -> dict:
    return {
        **{k: getattr(a, k) for k in [*AGENCY_TEXT, "kind", "usci"]},
        "jurisdiction": a.jurisdiction.code,
    }


@transaction.atomic
def create_agency(data: dict, *, by) -> Agency:
    j = jurisdiction(data.get("jurisdiction", ""))
    _require(by, "org.agency_created", j.path)
    fields = _clean_agency(data)
    raw = str(data.get("usci") or "").strip()
    if not raw:
        raise Invalid("请填写统一社会信用代码", code="usci_required", field="usci")
    usci = validate_usci(raw)
    if Agency.objects.filter(usci=usci).exists():
        raise Invalid(f"统一社会信用代码“{usci}”已登记", code="usci_taken", field="usci")
    agency = Agency.objects.create(usci=usci, jurisdiction=j, **fields)
    audit.record("org.agency_created", agency, actor=by, after=_agency_snapshot(agency))
    return agency


@transaction.atomic
def update_agency(agency: Agency, data: dict, *, by) -> Agency:
    _require(by, "org.agency_updated", agency.scope_path)
    fields = _clean_agency(data)
    before = _agency_snapshot(agency)
    for name, value in fields.items():
        setattr(agency, name, value)
    after = _agency_snapshot(agency)
    if after != before:
        agency.save()
        changed = [k for k in after if after[k] != before[k]]
        audit.record(
            "org.agency_updated",
            agency,
            actor=by,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return agency


def role_target(user, data: dict):
    """The agency (by its id in the picker) or else the jurisdiction (by its code) a role is over."""
    if data.get("agency"):
        pk = str(data["agency"])
        found = agencies_visible_to(user).filter(pk=pk).first() if pk.isdigit() else None
        if found is None:
            raise NotAllowed("所选单位不存在或不在您的管辖范围内", field="agency")
        return found
    if not data.get("jurisdiction"):
        raise Invalid("请选择单位，或填写辖区的区划代码", code="scope_required", field="agency")
    return jurisdiction(data["jurisdiction"])


def centre_in_scope(user, pk) -> ServiceCentre:
    centre = centres_visible_to(user).filter(pk=pk).first()
    if centre is None:
        raise NotFound("未找到该服务中心，或它不在您的管辖范围内")
    return centre


def workbench_panel(user):
    """工作台: the office's network, with the village rooms whose 代办员 need changing as 待办."""
    held = scopes.assignments(user, [Role.OPENNESS_ADMIN])
    if not held:
        return None
    paths = {a.path for a in held}
    return {
        "title": "服务网络：代办员需调整的村（社区）便民服务室",
        "todo": sum(len(flagged_rooms(p)) for p in paths),
        "warning": 0,
        "done": centres_visible_to(user).count(),
        "url": "/workbench/org/centres/",
    }
