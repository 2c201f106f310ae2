"""The Xiangxi demo's organisations and people, built on the real divisions.

Coverage is realistic, not perfect: some townships still lack a 便民服务中心, some villages a
service room or agents, some county centres are under 5,000 m², so the plan's targets have
something to measure. Deterministic (seeded), idempotent: a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from zhengwu.core.identity import id_number_check_char, usci_check_char

from .models import Agency, Jurisdiction, Role, RoleAssignment, ServiceCentre, User, Window

DEMO_PASSWORD = "Xiangxi@2026demo"

# (short name, full name at a county, full name at the 州, stationed in the centre)
DEPARTMENTS = [
    ("政府办", "人民政府办公室", "人民政府办公室", False),
    ("发改", "发展和改革局", "发展和改革委员会", True),
    ("教育", "教育局", "教育和体育局", True),
    ("公安", "公安局", "公安局", True),
    ("民政", "民政局", "民政局", True),
    ("财政", "财政局", "财政局", False),
    ("人社", "人力资源和社会保障局", "人力资源和社会保障局", True),
    ("自然资源", "自然资源局", "自然资源和规划局", True),
    ("住建", "住房和城乡建设局", "住房和城乡建设局", True),
    ("农业农村", "农业农村局", "农业农村局", True),
    ("卫健", "卫生健康局", "卫生健康委员会", True),
    ("市场监管", "市场监督管理局", "市场监督管理局", True),
]


def org_code(n: int) -> str:
    """A 9-character 组织机构代码 with its GB 11714 check character."""
    body = f"{n:08d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    c = 11 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(c, str(c))


def usci_for(region: str, n: int, registry: str = "11") -> str:
    """登记管理部门 1 (机构编制) + 机构类别 1 (机关) / 2 (事业单位), region, org code, check."""
    body = registry + region + org_code(n)
    return body + usci_check_char(body)


def id_number(region: str, born: dt.date, seq: int) -> str:
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + id_number_check_char(body)


def _government_name(j: Jurisdiction) -> str:
    return j.government_name


@transaction.atomic
def build(stdout=None) -> dict:
    rng = random.Random(433100)
    say = stdout.write if stdout else (lambda s: None)
    root = Jurisdiction.objects.get(code="433100")
    counties = list(Jurisdiction.objects.filter(level=Jurisdiction.COUNTY).order_by("code"))
    governments = [root, *counties]
    serial = 10000
    agencies: dict[tuple[str, str], Agency] = {}
    for j in governments:
        serial += 1
        region = j.code
        gov, _ = Agency.objects.update_or_create(
            usci=usci_for(region, serial),
            defaults={
                "name": _government_name(j),
                "short_name": j.short_name + "政府",
                "kind": Agency.GOVERNMENT,
                "jurisdiction": j,
                "disclosure_office": f"{j.short_name}人民政府办公室",
                "address": f"{j.name}人民政府大院",
                "office_hours": "工作日 8:00—12:00，14:30—17:30",
                "phone": f"0743-{8200000 + serial % 1000:07d}",
                "fax": f"0743-{8300000 + serial % 1000:07d}",
                # No e-mail: an invented address would be shown as real (the 政府信息公开指南
                # falls back to the site's 网站信息, portal/sites.py).
                "email": "",
                "postcode": "416000",
            },
        )
        agencies[(j.code, "gov")] = gov
        for i, (short, county_name, prefecture_name, _stationed) in enumerate(DEPARTMENTS):
            serial += 1
            name = (
                f"{j.name}{prefecture_name if j.level == Jurisdiction.PREFECTURE else county_name}"
            )
            a, _ = Agency.objects.update_or_create(
                usci=usci_for(region, serial),
                defaults={
                    "name": name,
                    "short_name": short,
                    "kind": Agency.DEPARTMENT,
                    "jurisdiction": j,
                    "parent": gov,
                    "disclosure_office": f"{name}办公室",
                    "address": f"{j.short_name}行政中心{i + 1}号楼",
                    "office_hours": "工作日 8:00—12:00，14:30—17:30",
                    "phone": f"0743-{8210000 + serial % 10000:07d}",
                    "email": "",
                },
            )
            agencies[(j.code, short)] = a
    # One 事业单位 per county, under the 人社局: the 社会保险事务中心.
    for j in governments:
        serial += 1
        Agency.objects.update_or_create(
            usci=usci_for(j.code, serial, registry="12"),
            defaults={
                "name": f"{j.name}社会保险事务中心",
                "short_name": "社保中心",
                "kind": Agency.INSTITUTION,
                "jurisdiction": j,
                "parent": agencies[(j.code, "人社")],
            },
        )
    say(f"机关单位：{Agency.objects.count()} 个")

    # Centres: 州 12,000 m², counties mostly ≥ 5,000 m² (two short), ~90% of townships, ~80% of villages.
    centres = {}
    for j in governments:
        area = (
            12000
            if j.level == Jurisdiction.PREFECTURE
            else rng.choice([5200, 6000, 7500, 4200, 5600, 3800, 6800, 5000])
        )
        std = rng.random() < 0.7
        c, _ = ServiceCentre.objects.update_or_create(
            name=f"{j.name}政务服务中心",
            jurisdiction=j,
            defaults={
                "kind": ServiceCentre.CENTRE,
                "floor_area": area,
                "opened_on": dt.date(2011 + rng.randint(0, 4), 6, 1),
                "address": f"{j.short_name}政务服务大厦",
                "office_hours": "工作日 9:00—17:00，周六上午",
                "phone": "0743-12345",
                "std_site": area >= (10000 if j.level == Jurisdiction.PREFECTURE else 5000),
                "std_approval": std,
                "std_rules": True,
                "std_service": std,
                "std_hardware": rng.random() < 0.8,
                "standardized_year": 2013 + rng.randint(0, 3) if std else None,
            },
        )
        centres[j.code] = c
        for n, (short, _cn, _pn, stationed) in enumerate(DEPARTMENTS, start=1):
            if not stationed:
                continue
            w, _ = Window.objects.get_or_create(
                centre=c, number=f"{n:02d}", defaults={"name": f"{short}窗口"}
            )
            w.agencies.add(agencies[(j.code, short)])
    townships = list(Jurisdiction.objects.filter(level=Jurisdiction.TOWNSHIP).order_by("code"))
    for t in townships:
        if t.name.endswith("林场") or rng.random() < 0.08:
            continue
        ServiceCentre.objects.update_or_create(
            name=f"{t.name}便民服务中心",
            jurisdiction=t,
            defaults={
                "kind": ServiceCentre.TOWNSHIP_CENTRE,
                "floor_area": rng.choice([120, 200, 260, 300, 450]),
                "opened_on": dt.date(2012 + rng.randint(0, 3), 3, 1),
                "office_hours": "工作日 8:30—17:30",
            },
        )
    villages = list(Jurisdiction.objects.filter(level=Jurisdiction.VILLAGE).order_by("code"))
    agent_hash = make_password(DEMO_PASSWORD)
    existing_agents = set(
        User.objects.filter(username__startswith="agent").values_list("username", flat=True)
    )
    new_agents, rooms = [], []
    for v in villages:
        if rng.random() < 0.18:
            continue
        kind = ServiceCentre.VILLAGE_ROOM if rng.random() < 0.85 else ServiceCentre.AGENCY_POINT
        room, _ = ServiceCentre.objects.update_or_create(
            name=f"{v.short_name}便民服务室"
            if kind == ServiceCentre.VILLAGE_ROOM
            else f"{v.short_name}代办点",
            jurisdiction=v,
            defaults={
                "kind": kind,
                "floor_area": rng.choice([20, 30, 40, 60]),
                "responsible_person": rng.choice("张王李刘陈杨黄向彭田龙石吴")
                + rng.choice(["书记", "主任"]),
            },
        )
        agents = 0 if rng.random() < 0.12 else rng.choice([1, 1, 2])
        for k in range(agents):
            username = f"agent{v.code}{k + 1}"
            rooms.append((username, room, v))
            if username not in existing_agents:
                new_agents.append(
                    User(
                        username=username,
                        real_name=f"{v.short_name}代办员{k + 1}",
                        kind=User.STAFF,
                        password=agent_hash,
                        password_changed_at=timezone.now(),
                    )
                )
    User.objects.bulk_create(new_agents)
    agent_ids = dict(
        User.objects.filter(username__startswith="agent").values_list("username", "id")
    )
    have = set(
        RoleAssignment.objects.filter(role=Role.VILLAGE_AGENT).values_list("user_id", flat=True)
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                user_id=agent_ids[u], role=Role.VILLAGE_AGENT, jurisdiction=v, centre=room
            )
            for u, room, v in rooms
            if agent_ids[u] not in have
        ]
    )
    say(f"服务中心/便民服务室：{ServiceCentre.objects.count()} 个；代办员：{len(agent_ids)} 名")

    jishou = Jurisdiction.objects.get(code="433101")
    fenghuang = Jurisdiction.objects.get(code="433123")
    # A township clerk: 信息公开工作人员 over 吉首市峒河街道, who writes its own site's news.
    donghe = Jurisdiction.objects.get(code="433101002")
    staff = [
        ("window", "窗口人员 彭晓梅", Role.WINDOW_CLERK, jishou, centres["433101"]),
        (
            "officer",
            "市场监管局经办 田志军",
            Role.DEPT_OFFICER,
            agencies[("433101", "市场监管")],
            None,
        ),
        ("head", "市场监管局局长 向红", Role.DEPT_HEAD, agencies[("433101", "市场监管")], None),
        (
            "disclosure",
            "信息公开专员 龙建华",
            Role.DISCLOSURE_OFFICER,
            agencies[("433101", "gov")],
            None,
        ),
        ("handler", "州长信箱办理员 石玲", Role.MESSAGE_HANDLER, agencies[("433100", "gov")], None),
        ("supervisor", "州监察人员 吴国强", Role.SUPERVISOR, root, None),
        ("admin", "州政务公开办 杨慧", Role.OPENNESS_ADMIN, root, None),
        ("watcher", "政务公开监督员 黄德明", Role.OUTSIDE_SUPERVISOR, root, None),
        ("fh-supervisor", "凤凰县监察人员 麻建平", Role.SUPERVISOR, fenghuang, None),
        ("township", "峒河街道信息公开员 滕小燕", Role.DISCLOSURE_OFFICER, donghe, None),
    ]
    staff_hash = make_password(DEMO_PASSWORD)
    for i, (username, name, role, over, centre) in enumerate(staff, start=1):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "real_name": name,
                "kind": User.STAFF,
                "phone": f"1397430{i:04d}",
                "password": staff_hash,
                "password_changed_at": timezone.now(),
            },
        )
        kwargs = {"agency": over} if isinstance(over, Agency) else {"jurisdiction": over}
        RoleAssignment.objects.get_or_create(user=user, role=role, centre=centre, **kwargs)
    # Citizens and an enterprise, with valid numbers from real county codes.
    publics = [
        ("citizen", "张秀英", id_number("433101", dt.date(1988, 3, 14), 22), "", "13907430001"),
        ("citizen", "向阳", id_number("433123", dt.date(1995, 11, 2), 17), "", "13907430002"),
        (
            "enterprise",
            "湘西土家族苗族自治州峒河茶业有限公司",
            "",
            usci_for("433101", 77001, registry="91"),
            "13907430003",
        ),
    ]
    for kind, name, idn, usci, phone in publics:
        username = idn or usci
        User.objects.get_or_create(
            username=username,
            defaults={
                "real_name": name,
                "kind": kind,
                "id_number": idn,
                "usci": usci,
                "phone": phone,
                "password": staff_hash,
                "password_changed_at": timezone.now(),
            },
        )
    if not User.objects.filter(username="root").exists():
        User.objects.create_superuser(
            "root",
            password=DEMO_PASSWORD,
            kind=User.STAFF,
            real_name="系统管理员",
            password_changed_at=timezone.now(),
        )
    return {"logins": login_list(), "password": DEMO_PASSWORD}


def demo_agent() -> RoleAssignment | None:
    """The village agent whose login is printed: the first of 吉首's."""
    return (
        RoleAssignment.objects.filter(
            role=Role.VILLAGE_AGENT, jurisdiction__path__startswith="433100/433101/"
        )
        .select_related("user", "jurisdiction")
        .order_by("user__username")
        .first()
    )


def login_list() -> list[tuple[str, str, str]]:
    """One demo login per role, read back from the database (so it is right on a second run)."""
    rows = []
    for username in [
        "window",
        "officer",
        "head",
        "disclosure",
        "handler",
        "supervisor",
        "admin",
        "watcher",
        "fh-supervisor",
        "township",
    ]:
        a = (
            RoleAssignment.objects.filter(user__username=username)
            .select_related("agency", "jurisdiction")
            .first()
        )
        if a:
            rows.append((a.get_role_display(), username, str(a.agency or a.jurisdiction)))
    agent = demo_agent()
    if agent:
        rows.append((agent.get_role_display(), agent.user.username, str(agent.jurisdiction)))
    for u in User.objects.exclude(kind=User.STAFF).order_by("kind", "username")[:3]:
        rows.append(
            ("公众（个人）" if u.kind == User.CITIZEN else "公众（法人）", u.username, u.real_name)
        )
    rows.append(("系统管理员（/admin/）", "root", "全部"))
    return rows
