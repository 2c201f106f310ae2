"""A realistic Xiangxi catalogue: the 州 and each county implement 30–60 items, townships their
own few, villages offer the county items a village agent can file.

Coverage is deliberately imperfect (some items not in the centre, some not online, a few needing
two visits) so the plan's measures have something to measure. A little history too: in 2025
some items were revised, cancelled or merged and some fees cut, through the audited services.
Deterministic (seeded) and idempotent.
"""

from __future__ import annotations

import datetime as dt
import random
from importlib import import_module

from django.db import transaction

from zhengwu.org.models import Agency, Jurisdiction, User

from .. import result_templates, services
from ..models import Fee, Item, ItemType, Material, Step
from . import chiefs
from .business import BUSINESS
from .land import LAND_AND_FAMILY
from .residents import RESIDENTS
from .township import TOWNSHIP_TEMPLATES

# The county catalogue, one module per item area, in the order the serial numbers follow.
TEMPLATES = [*BUSINESS, *RESIDENTS, *LAND_AND_FAMILY]
TYPE_PREFIX = {
    "01": "XK",
    "05": "JF",
    "07": "QR",
    "08": "JL",
    "09": "CJ",
    "10": "QT",
    "11": "BA",
    "20": "GG",
}
STEPS = [
    ("accept", "受理", "window_clerk", None),
    ("review", "审查", "dept_officer", None),
    ("decide", "决定", "dept_head", None),
    ("complete", "办结", "dept_officer", None),
    ("deliver", "送达", "window_clerk", None),
]
IMMEDIATE_STEPS = [("accept", "受理", "window_clerk", 0), ("complete", "办结", "window_clerk", 0)]


def _steps(limit: int, immediate: bool) -> list[dict]:
    """The steps' limits add up to the promised limit (a step of 0 days is done on the spot)."""
    if immediate:
        return [
            {"order": i, "code": c, "name": n, "role": r, "limit": lim}
            for i, (c, n, r, lim) in enumerate(IMMEDIATE_STEPS, start=1)
        ]
    if limit >= 6:
        limits = [1, limit - 5, 2, 1, 1]
    else:
        limits = [0, max(limit - 2, 0), min(limit, 1), 1 if limit >= 2 else 0, 0]
    return [
        {"order": i, "code": c, "name": n, "role": r, "limit": lim}
        for i, ((c, n, r, _), lim) in enumerate(zip(STEPS, limits, strict=True), start=1)
    ]


def _row(t, *, j: Jurisdiction, agency: Agency, serial: int, rng: random.Random, centre: str):
    (
        name,
        tcode,
        _dept,
        basis,
        slimit,
        sunit,
        plimit,
        themes,
        aud,
        result,
        fees,
        mats,
        _lv,
        agent,
    ) = t
    immediate = slimit <= 1
    online = rng.random() < 0.88
    visits = 0 if online and rng.random() < 0.5 else (1 if rng.random() < 0.85 else 2)
    by_post = visits == 0 and not online or rng.random() < 0.3
    fields = {
        "name": name,
        "for_person": "p" in aud,
        "for_legal_person": "l" in aud,
        "themes": themes,
        "legal_basis": basis,
        "conditions": f"符合{basis.split('；')[0]}规定条件的申请人，材料齐全、符合法定形式。",
        "statutory_limit": slimit,
        "statutory_unit": sunit,
        "promised_limit": min(plimit, slimit) if rng.random() < 0.9 else slimit,
        "promised_unit": sunit,
        "case_kind": Item.IMMEDIATE if immediate else Item.PROMISED,
        "online": online,
        "by_post": by_post,
        "by_agent": agent,
        "visits": visits,
        "visit_reason": "需核验原件并现场签字" if visits else "",
        "in_centre": (stationed := rng.random() < 0.93),
        "location": centre if stationed else f"{agency.name}（{agency.address or j.name}）",
        "hours": "工作日 上午9:00—12:00，下午14:30—17:00",
        "consult": f"{agency.name}窗口，电话 {agency.phone or '0743-12345'}",
        "complaint": f"{j.short_name}政务服务中心投诉台；12345政务服务便民热线",
        "result_name": result,
    }
    materials = [
        {"name": m, "situation": "", "required": True, "source": "申请人自备"} for m in mats
    ]
    if "许可" in name and "新办" in name:
        materials.append(
            {
                "name": "委托代理人身份证明及授权委托书",
                "situation": "委托他人办理的",
                "required": True,
            }
        )
    return (
        fields,
        materials,
        [{"name": n, "standard": s, "amount_yuan": y, "basis": b} for n, s, y, b in fees],
        _steps(fields["promised_limit"], immediate),
    )


@transaction.atomic
def build(stdout=None) -> dict:
    say = stdout.write if stdout else (lambda s: None)
    rng = random.Random(20260414)
    # The code table is seeded by a migration; a test database flushed after a transactional
    # test has lost it, so put the same rows back (the migration's list is the one source).
    seeded = import_module("zhengwu.services.migrations.0002_item_types").TYPES
    for code, name, licensing, public in seeded:
        ItemType.objects.get_or_create(
            code=code,
            defaults={"name": name, "is_licensing": licensing, "is_public_service": public},
        )
    types = {t.code: t for t in ItemType.objects.all()}
    root = Jurisdiction.objects.get(code="433100")
    counties = list(Jurisdiction.objects.filter(level=Jurisdiction.COUNTY).order_by("code"))
    existing = set(Item.objects.values_list("implementation_code", flat=True))
    agencies = {
        (a.jurisdiction_id, a.short_name): a
        for a in Agency.objects.filter(jurisdiction__in=[root, *counties])
    }
    for j in [root, *counties]:
        gov = Agency.objects.filter(jurisdiction=j, kind=Agency.GOVERNMENT).first()
        if gov:
            agencies[(j.pk, "gov")] = gov
    plan = []  # (template, jurisdiction, agency, location)
    for j in [root, *counties]:
        level = "p" if j.level == Jurisdiction.PREFECTURE else "c"
        pool = [t for t in TEMPLATES if level in t[12]]
        if level == "c":
            pool = rng.sample(pool, min(len(pool), rng.randint(30, 44)))
        for t in pool:
            agency = agencies.get((j.pk, t[2]))
            if agency:
                plan.append((t, j, agency, f"{j.short_name}政务服务中心{t[2]}窗口"))
    for t_j in Jurisdiction.objects.filter(level=Jurisdiction.TOWNSHIP).order_by("code"):
        county_pk = Jurisdiction.objects.filter(code=t_j.path.split("/")[1]).values_list(
            "pk", flat=True
        )[0]
        for t in TOWNSHIP_TEMPLATES[: 2 + (int(t_j.code[-3:]) % 2)]:
            agency = agencies.get((county_pk, t[2]))
            if agency:
                plan.append((t, t_j, agency, f"{t_j.name}便民服务中心"))
    items, children = [], []
    for n, (t, j, agency, location) in enumerate(plan):
        serial = TEMPLATES.index(t) + 1 if t in TEMPLATES else 900 + TOWNSHIP_TEMPLATES.index(t)
        basic = f"{TYPE_PREFIX[t[1]]}{serial:07d}000"
        code = services.implementation_code(basic, j, agency)
        fields, materials, fees, steps = _row(
            t, j=j, agency=agency, serial=n, rng=rng, centre=location
        )
        if code in existing:
            continue
        fields["result_type"] = services.expected_result_type(fields["result_name"]) or (
            "其他" if fields["result_name"] else ""
        )
        item = Item(
            agency=agency,
            jurisdiction=j,
            scope_path=j.path,
            item_type=types[t[1]],
            basic_code=basic,
            implementation_code=code,
            exercise_level=services.LEVEL_OF[j.level],
            power_source="5" if j.level == Jurisdiction.TOWNSHIP else "1",
            effective_on=dt.date(2024, 1, 1),
            charges_fee=bool(fees),
            **fields,
        )
        services.validate_item({f: getattr(item, f) for f in services.EDITABLE})
        items.append(item)
        children.append((materials, fees, steps))
    Item.objects.bulk_create(items, batch_size=500)
    materials, fees, steps = [], [], []
    for item, (ms, fs, ss) in zip(items, children, strict=True):
        materials += [Material(item=item, order=i, **m) for i, m in enumerate(ms, start=1)]
        fees += [Fee(item=item, **f) for f in fs]
        steps += [Step(item=item, flow_version=1, **s) for s in ss]
    Material.objects.bulk_create(materials, batch_size=1000)
    Fee.objects.bulk_create(fees, batch_size=1000)
    Step.objects.bulk_create(steps, batch_size=1000)
    # the national licences' fields (营业执照, 食品经营许可证); the rest issue decision letters
    seeded = result_templates.seed(
        Item.objects.filter(result_name__in=["营业执照", "食品经营许可证"])
    )
    if items:
        _history(rng)
    say(
        f"政务服务事项：{Item.objects.filter(state=Item.ACTIVE).count()} 项在用；"
        f"审批结果文书模板 {seeded} 个（营业执照、食品经营许可证）"
    )
    chiefs.build(say)
    return {"items": len(items)}


def _history(rng: random.Random) -> None:
    """The 2025 yearly clean-up, done through the audited services by the 州 administrator."""
    admin = User.objects.filter(username="admin").first() or User.objects.get(username="root")
    jishou = Jurisdiction.objects.get(code="433101")
    at = dt.date(2025, 6, 30)
    qs = Item.objects.filter(jurisdiction=jishou, state=Item.ACTIVE)
    food = qs.filter(name="食品经营许可（变更）").first()
    target = qs.filter(name="食品经营许可（新办）").first()
    if food and target:
        services.merge(food, target, by=admin, on=at, reason="按2025年度清理，并入新办事项统一办理")
    for name in ["再生育审批", "高龄津贴发放"]:
        item = qs.filter(name=name).first()
        if item:
            services.cancel(item, by=admin, on=at, reason="依据上级文件取消（2025年度清理）")
    for item in qs.filter(state=Item.ACTIVE, case_kind=Item.PROMISED).order_by("basic_code")[:3]:
        services.revise(
            item,
            {"promised_limit": max(1, item.promised_limit // 2)},
            by=admin,
            effective_on=at,
            note="2025年度修订：压缩承诺时限",
        )
    for fee in Fee.objects.filter(
        item__jurisdiction=jishou, item__state=Item.ACTIVE, name__startswith="证书工本费"
    )[:1]:
        services.cut_fee(fee, by=admin, on=at, reason="湘发改价费〔2025〕1号：免收证书工本费")
