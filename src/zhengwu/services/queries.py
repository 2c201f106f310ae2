"""Read paths of the catalogue: staff lists (scoped), public guides, the plan's measures and
the yearly clean-up report."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Case, Count, F, FloatField, Q, Sum, When
from django.db.models.functions import Cast

from zhengwu.core.errors import NotAllowed, NotFound
from zhengwu.org import scopes
from zhengwu.org.models import Jurisdiction, Role

from . import themes
from .models import Fee, Item

VIEW_ROLES = [Role.DEPT_OFFICER, Role.DEPT_HEAD, Role.OPENNESS_ADMIN, Role.SUPERVISOR]


def visible_to(user):
    """Every version of every item the user's roles cover (staff catalogue management)."""
    return Item.objects.filter(scopes.scope_q(user, VIEW_ROLES)).select_related(
        "agency", "jurisdiction", "item_type"
    )


def upper_catalogue(user):
    """逐级认领: the active items of the levels above the user's agencies or jurisdictions,
    which the user may claim for their own implementation list."""
    paths = set()
    for a in scopes.assignments(user, [Role.DEPT_OFFICER, Role.DEPT_HEAD, Role.OPENNESS_ADMIN]):
        parts = a.path.strip("/").split("/")
        paths |= {"/".join(parts[:k]) + "/" for k in range(1, len(parts))}
    return active().filter(scope_path__in=paths)


def active():
    return Item.objects.filter(state=Item.ACTIVE).select_related(
        "agency", "jurisdiction", "item_type"
    )


def available_at(j: Jurisdiction):
    """What can be done at this level: the items of the jurisdiction itself; a village also
    offers its county's items that a village agent can file (代办)."""
    q = Q(jurisdiction=j)
    if j.level == Jurisdiction.VILLAGE:
        county_path = "/".join(j.path.split("/")[:2]) + "/"
        q |= Q(scope_path=county_path, by_agent=True)
    return active().filter(q)


@dataclass
class Filters:
    agency: int | None = None
    item_type: str = ""  # ItemType.code
    theme: str = ""
    audience: str = ""  # "person" / "legal"
    online: bool | None = None
    in_centre: bool | None = None
    q: str = ""


def apply_filters(qs, f: Filters):
    if f.agency:
        qs = qs.filter(agency_id=f.agency)
    if f.item_type:
        qs = qs.filter(item_type__code=f.item_type)
    if f.theme:
        qs = qs.filter(themes__contains=f.theme)
    if f.audience == "person":
        qs = qs.filter(for_person=True)
    elif f.audience == "legal":
        qs = qs.filter(for_legal_person=True)
    if f.online is not None:
        qs = qs.filter(online=f.online)
    if f.in_centre is not None:
        qs = qs.filter(in_centre=f.in_centre)
    if f.q:
        qs = qs.filter(name__contains=f.q.strip()[:50])
    return qs


def subtree(qs, j: Jurisdiction):
    return qs.filter(scope_path__startswith=j.path)


def guide(item: Item) -> dict:
    """Everything a 办事指南 shows, in the national order (domain-rules §3.4)."""
    groups: dict[str, list] = defaultdict(list)
    for m in item.materials.all():
        groups[m.situation or ""].append(m)
    steps = list(item.steps.all())
    flow = max((s.flow_version for s in steps), default=1)
    return {
        "item": item,
        "material_groups": sorted(groups.items(), key=lambda kv: kv[0] != ""),
        "fees": [f for f in item.fees.all() if f.cut_on is None],
        "steps": [s for s in steps if s.flow_version == flow],
        "flow_version": flow,
        "themes": themes.split(item.themes),
        "forms": [
            label
            for flag, label in [
                (item.by_window, "窗口办理"),
                (item.online, "网上办理"),
                (item.by_post, "快递申请"),
                (item.by_agent, "村级代办"),
            ]
            if flag
        ],
    }


def guide_json(item: Item) -> dict:
    g = guide(item)
    return {
        "id": item.pk,
        "name": item.name,
        "basic_code": item.basic_code,
        "implementation_code": item.implementation_code,
        "handling_code": item.handling_code,
        "version": item.version,
        "effective_on": item.effective_on.isoformat(),
        "item_type": item.item_type.name,
        "agency": item.agency.name,
        "agency_usci": item.agency.usci,
        "jurisdiction": item.jurisdiction.code,
        "exercise_level": item.get_exercise_level_display(),
        "power_source": item.get_power_source_display(),
        "conditions": item.conditions,
        "legal_basis": item.legal_basis,
        "materials": [
            {
                "situation": situation,
                "items": [
                    {
                        "name": m.name,
                        "required": m.required,
                        "electronic": m.electronic,
                        "paper_copies": m.paper_copies,
                        "source": m.source,
                        "notes": m.notes,
                    }
                    for m in ms
                ],
            }
            for situation, ms in g["material_groups"]
        ],
        "steps": [
            {"order": s.order, "code": s.code, "name": s.name, "role": s.role, "limit": s.limit}
            for s in g["steps"]
        ],
        "flow_version": g["flow_version"],
        "statutory_limit": item.statutory_limit,
        "statutory_unit": item.get_statutory_unit_display(),
        "promised_limit": item.promised_limit,
        "promised_unit": item.get_promised_unit_display(),
        "case_kind": item.get_case_kind_display(),
        "fees": [
            {
                "name": f.name,
                "standard": f.standard,
                "amount_yuan": str(f.amount_yuan) if f.amount_yuan is not None else None,
                "basis": f.basis,
                "reducible": f.reducible,
            }
            for f in g["fees"]
        ],
        "visits": item.visits,
        "forms": g["forms"],
        "location": item.location,
        "hours": item.hours,
        "consult": item.consult,
        "complaint": item.complaint,
        "result_type": item.result_type,
        "result_name": item.result_name,
        "themes": g["themes"],
        "online": item.online,
        "in_centre": item.in_centre,
        "by_agent": item.by_agent,
    }


# ---- measures (section 4, catalogue side) ----------------------------------------------------
# Goals of the plan (brief R2): licensing items 95% and public-service items 90% in the centre,
# 95% of items handled online; 一次办 = items with 到办事现场次数 ≤ 1 ÷ all items (domain-rules §3.4).
GOALS = {
    "licensing_in_centre": 0.95,
    "public_service_in_centre": 0.90,
    "online": 0.95,
    "one_visit": None,
    "time_shortened": 0.30,
}
LABELS = {
    "licensing_in_centre": "行政许可事项进驻政务服务中心比例",
    "public_service_in_centre": "公共服务事项进驻政务服务中心比例",
    "online": "可网上办理事项比例",
    "one_visit": "最多跑一次事项比例",
    "time_shortened": "承诺时限较法定时限平均压缩比例",
}
# Calendar days compared with working days at 5 working days a week.
_WORKDAY_FACTOR = 5 / 7


def _workdays(limit: str, unit: str):
    return Case(
        When(**{unit: Item.DAYS}, then=Cast(F(limit), FloatField()) * _WORKDAY_FACTOR),
        default=Cast(F(limit), FloatField()),
        output_field=FloatField(),
    )


def _rate(n, d) -> float | None:
    return round(n / d, 4) if d else None


def _measure_row(agg: Mapping[str, Any]) -> dict:
    rows = {
        "licensing_in_centre": (agg["lic_in"], agg["lic"]),
        "public_service_in_centre": (agg["pub_in"], agg["pub"]),
        "online": (agg["online"], agg["total"]),
        "one_visit": (agg["one_visit"], agg["total"]),
    }
    out = {
        k: {
            "label": LABELS[k],
            "numerator": n or 0,
            "denominator": d or 0,
            "rate": _rate(n or 0, d),
            "goal": GOALS[k],
        }
        for k, (n, d) in rows.items()
    }
    shortened = agg["shortening"]
    out["time_shortened"] = {
        "label": LABELS["time_shortened"],
        # numerator: working days promised, denominator: statutory working days (承诺件 only);
        # rate: the average of (法定 − 承诺) ÷ 法定 per item.
        "numerator": round(agg["promised_days"] or 0, 1),
        "denominator": round(agg["statutory_days"] or 0, 1),
        "rate": round(shortened, 4) if shortened is not None else None,
        "goal": GOALS["time_shortened"],
    }
    return out


def _aggregates():
    promised = Q(case_kind=Item.PROMISED, statutory_limit__gt=0)
    return {
        "total": Count("id"),
        "lic": Count("id", filter=Q(item_type__is_licensing=True)),
        "lic_in": Count("id", filter=Q(item_type__is_licensing=True, in_centre=True)),
        "pub": Count("id", filter=Q(item_type__is_public_service=True)),
        "pub_in": Count("id", filter=Q(item_type__is_public_service=True, in_centre=True)),
        "online": Count("id", filter=Q(online=True)),
        "one_visit": Count("id", filter=Q(visits__lte=1)),
        "promised_days": Sum(_workdays("promised_limit", "promised_unit"), filter=promised),
        "statutory_days": Sum(_workdays("statutory_limit", "statutory_unit"), filter=promised),
        "shortening": Avg(
            1.0
            - _workdays("promised_limit", "promised_unit")
            / _workdays("statutory_limit", "statutory_unit"),
            filter=promised,
        ),
    }


def measures(j: Jurisdiction, *, per_agency: bool = False) -> dict:
    """The catalogue measures over the active items of `j`'s subtree, and optionally per agency."""
    qs = Item.objects.filter(state=Item.ACTIVE, scope_path__startswith=j.path)
    result = {
        "jurisdiction": j.code,
        "name": j.name,
        "measures": _measure_row(qs.aggregate(**_aggregates())),
    }
    if per_agency:
        rows = (
            qs.values("agency_id", "agency__name", "agency__usci")
            .annotate(**_aggregates())
            .order_by("agency__usci")
        )
        result["agencies"] = [
            {
                "agency": r["agency__name"],
                "usci": r["agency__usci"],
                "measures": _measure_row(r),
            }
            for r in rows
        ]
    return result


# ---- yearly clean-up report (R4.1) -----------------------------------------------------------
KINDS = [
    ("added", "新增"),
    ("merged", "合并"),
    ("cancelled", "取消"),
    ("revised", "修订"),
    ("fees_cut", "取消收费"),
]


def _county_key(path: str) -> str:
    parts = path.strip("/").split("/")
    return parts[1] if len(parts) > 1 else parts[0]


def cleanup_report(year: int, j: Jurisdiction) -> dict:
    """Items added, merged, cancelled and revised, and fees cut, in `year`, per agency and county.

    Added = first versions (新增 or 认领) effective that year; merged / cancelled = rows that left
    the catalogue that year; revised = new versions that year; fees cut = fees cut that year.
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    items = Item.objects.filter(scope_path__startswith=j.path)
    sets = {
        "added": items.filter(version=1, effective_on__range=(start, end)),
        "merged": items.filter(state=Item.MERGED, cancelled_on__range=(start, end)),
        "cancelled": items.filter(state=Item.CANCELLED, cancelled_on__range=(start, end)),
        "revised": items.filter(version__gt=1, effective_on__range=(start, end)),
    }
    fees = Fee.objects.filter(item__scope_path__startswith=j.path, cut_on__range=(start, end))
    per_agency: dict[int, dict] = {}
    per_county: dict[str, dict] = {}
    names = dict(
        Jurisdiction.objects.filter(
            level__in=[Jurisdiction.PREFECTURE, Jurisdiction.COUNTY]
        ).values_list("code", "name")
    )

    def bump(agency_id, agency_name, path, kind, n):
        a = per_agency.setdefault(
            agency_id,
            {"agency": agency_name, "county": names.get(_county_key(path), "")}
            | {k: 0 for k, _ in KINDS},
        )
        a[kind] += n
        code = _county_key(path)
        c = per_county.setdefault(
            code,
            {
                "code": code,
                "county": names.get(code, code)
                if len(path) > 7
                else f"{names.get(code, code)}本级",
            }
            | {k: 0 for k, _ in KINDS},
        )
        c[kind] += n

    for kind, qs in sets.items():
        for r in qs.values("agency_id", "agency__name", "scope_path").annotate(n=Count("id")):
            bump(r["agency_id"], r["agency__name"], r["scope_path"], kind, r["n"])
    for f in fees.values("item__agency_id", "item__agency__name", "item__scope_path").annotate(
        n=Count("id")
    ):
        bump(
            f["item__agency_id"], f["item__agency__name"], f["item__scope_path"], "fees_cut", f["n"]
        )
    totals = {k: sum(a[k] for a in per_agency.values()) for k, _ in KINDS}
    lists = {
        kind: list(qs.select_related("agency").order_by("scope_path", "agency__name", "name"))
        for kind, qs in sets.items()
    }
    return {
        "year": year,
        "jurisdiction": j,
        "kinds": KINDS,
        "totals": totals,
        "per_agency": sorted(per_agency.values(), key=lambda a: (a["county"], a["agency"])),
        "per_county": sorted(per_county.values(), key=lambda c: c["code"]),
        "lists": lists,
        "fees": list(fees.select_related("item", "item__agency").order_by("cut_on", "id")),
    }


def report_scope(user, code: str) -> Jurisdiction:
    """The jurisdiction a report covers: the one asked for, if the user's roles reach it."""
    if code:
        j = Jurisdiction.objects.filter(code=code).first()
        if j is None:
            raise NotFound(
                f"区划代码“{code}”不存在", code="unknown_jurisdiction", field="jurisdiction"
            )
    else:
        a = scopes.assignments(user, VIEW_ROLES)
        j = (
            (a[0].agency.jurisdiction if a[0].agency else a[0].jurisdiction)
            if a
            else Jurisdiction.objects.filter(parent__isnull=True).first()
        )
    if not user.is_superuser and (
        j is None
        or not any(j.path.startswith(x.path) for x in scopes.assignments(user, VIEW_ROLES))
    ):
        raise NotAllowed("您没有查看该区划事项清理报告的权限")
    if j is None:  # a superuser before any 区划 exists
        raise NotFound("尚未建立任何区划", code="unknown_jurisdiction", field="jurisdiction")
    return j
