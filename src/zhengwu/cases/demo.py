"""Demo cases for 2025–2026 on the items the catalogue demo created: every channel, most
finished (some late), some open with running clocks, one in 补正, one suspended for 检测, one
extended. Runs through the service functions, so the clocks, documents and audit chain are
real. Deterministic (seeded); a second run changes nothing; nothing happens without items."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from zhengwu.core.calendar import add_workdays
from zhengwu.org import scopes
from zhengwu.org.demo import demo_agent, id_number, usci_for
from zhengwu.org.models import Role, RoleAssignment, User
from zhengwu.services.models import Item

from . import permissions, results, services
from .models import Case

FIRST_DAY = dt.date(2025, 1, 2)
LAST_DAY = dt.date(2026, 11, 20)
FINISHED = 220
OPEN = 40
PDF = b"%PDF-1.4\n% zhengwu demo material\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SURNAMES = "张王李刘陈杨黄向彭田龙石吴麻滕符宋"
GIVEN = [
    "秀英",
    "建国",
    "红梅",
    "志强",
    "小芳",
    "德明",
    "春花",
    "国庆",
    "玉兰",
    "永红",
    "海燕",
    "光荣",
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _person(rng: random.Random, n: int, region: str) -> dict:
    born = dt.date(1950 + rng.randint(0, 50), rng.randint(1, 12), rng.randint(1, 28))
    return {
        "applicant_kind": Case.PERSON,
        "applicant_name": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "applicant_id_number": id_number(region, born, 100 + n % 800),
        "applicant_phone": f"139{rng.randint(0, 99999999):08d}",
    }


TRADES = ["农业科技", "茶业", "商贸", "建筑工程", "旅游开发", "食品", "物流", "药业"]


def _company(n: int, item: Item) -> dict:
    """An enterprise of the item's county (统一社会信用代码 of registry 9 / enterprise 1)."""
    j = item.agency.jurisdiction
    return {
        "applicant_kind": Case.LEGAL,
        "applicant_name": f"{j.short_name}{TRADES[n % len(TRADES)]}有限公司",
        "applicant_usci": usci_for(j.code[:6], 70000 + n, registry="91"),
        "applicant_phone": f"0743-{8200000 + n}",
    }


# What a registrar or licensing officer writes on the demo's licences beyond what the case
# already tells (cases.results.prefilled)
LICENCE = {
    "组成形式": "个人经营",
    "经营范围": "日用百货、预包装食品零售",
    "类型": "有限责任公司（自然人投资或控股）",
    "注册资本": "伍拾万元整",
    "主体业态": "食品销售经营者（便利店）",
    "经营项目": "预包装食品销售（含冷藏冷冻食品）",
}


def _licence(case: Case, n: int, on: dt.date) -> dict:
    """The fields of the item's licence template, filled as the office would."""
    rows = results.prefilled(case, results.template_of(case), on)
    region = case.jurisdiction_code[:6]
    made = {
        "统一社会信用代码": case.applicant_usci or usci_for(region, 90000 + n, registry="92"),
        "经营者": case.applicant_name,
        "法定代表人": SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)],
        "法定代表人（负责人）": SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)],
        "住所": f"湘西州{case.agency.jurisdiction.short_name}人民北路{n % 200 + 1}号",
        "经营场所": f"湘西州{case.agency.jurisdiction.short_name}人民北路{n % 200 + 1}号",
        "许可证编号": f"JY1{region}{n:06d}1",
        "有效期至": f"{on.year + 5}年{on.month}月{on.day - 1 or 1}日",
    }
    return {
        r["label"]: r["value"] or made.get(r["label"]) or LICENCE.get(r["label"], "—") for r in rows
    }


def _actor(user: User | None, item: Item, roles, root: User) -> User:
    if user and scopes.covers(user, agency_id=item.agency_id, path=item.scope_path, roles=roles):
        return user
    return root


@transaction.atomic
def build(stdout=None) -> dict:
    say = stdout.write if stdout else (lambda s: None)
    items = list(Item.objects.filter(state=Item.ACTIVE).select_related("agency__jurisdiction"))
    if not items:
        say("办件：没有在用的事项，跳过")
        return {"cases": 0}
    if Case.objects.filter(idempotency_key__startswith="demo-").exists():
        say(f"办件：已有 {Case.objects.count()} 件，跳过")
        return {"cases": Case.objects.count()}
    rng = random.Random(433100)
    root = User.objects.get(username="root")
    named = {u.username: u for u in User.objects.filter(username__in=["window", "officer", "head"])}
    publics = list(User.objects.exclude(kind=User.STAFF).order_by("username"))
    agents = list(
        RoleAssignment.objects.filter(role=Role.VILLAGE_AGENT)
        .select_related("user", "jurisdiction")
        .order_by("jurisdiction__path")
    )
    agents_in = {
        item.pk: [a for a in agents if a.path.startswith(item.scope_path)][::7][:12]
        for item in items
    }
    # the agent whose login is printed files the first agent cases their village may file
    printed = demo_agent()
    printed_files = 4 if printed else 0
    # Half the open cases are the demo staff's (吉首 市场监管), so the printed logins find work
    # waiting at every step; the rest are spread over the catalogue like the finished ones.
    officer = named.get("officer")
    own = [
        i
        for i in items
        if officer
        and scopes.covers(
            officer, agency_id=i.agency_id, path=i.scope_path, roles=[Role.DEPT_OFFICER]
        )
    ]
    made = 0
    specials = ["supplement", "testing", "extended"]
    for n in range(FINISHED + OPEN):
        is_open = n >= FINISHED
        item = own[n % len(own)] if is_open and own and n % 2 == 0 else items[n % len(items)]
        if is_open:
            received = LAST_DAY - dt.timedelta(days=rng.randint(0, 18))
        else:
            received = FIRST_DAY + dt.timedelta(
                days=rng.randint(0, (LAST_DAY - FIRST_DAY).days - 60)
            )
        window = _actor(named.get("window"), item, permissions.INTAKE_ROLES, root)
        officer = _actor(named.get("officer"), item, [Role.DEPT_OFFICER], root)
        head = _actor(named.get("head"), item, [Role.DEPT_HEAD], root)
        roll = rng.random()
        required = list(item.materials.filter(required=True))
        # every fourth applicant declares the item's situations (委托他人办理的…) and brings
        # their materials too; the others only the basic ones
        situations = services.situations_of(required) if n % 4 == 0 else []
        materials = {
            m.pk: _pdf(f"{m.name}.pdf")
            for m in required
            if not m.situation or m.situation in situations
        }
        kwargs: dict[str, Any] = {
            "materials": materials,
            "situations": situations,
            "idempotency_key": f"demo-{n}",
            "on": received,
        }
        online = [
            u
            for u in publics
            if services.serves(item, Case.PERSON if u.kind == User.CITIZEN else Case.LEGAL)
        ]
        if item.online and roll < 0.45 and online:
            filer = online[n % len(online)]
            kwargs |= {"channel": Case.ONLINE, "applicant": {"applicant_phone": filer.phone}}
        elif not services.serves(item, Case.PERSON):
            filer = window  # enterprises apply at the window (village agents file for villagers)
            kwargs |= {"channel": Case.WINDOW, "applicant": _company(n, item)}
        elif item.by_agent and roll < 0.75 and agents_in[item.pk]:
            a = agents_in[item.pk][n % len(agents_in[item.pk])]
            if printed and printed_files and printed.path.startswith(item.scope_path):
                a, printed_files = printed, printed_files - 1
            filer = a.user
            village = a.jurisdiction
            assert village is not None  # a village agent's role is over the village served
            kwargs |= {
                "channel": Case.AGENT,
                "applicant": _person(rng, n, village.code[:6]),
                "origin": village,
                "authorisation": _pdf("代办授权委托书.pdf"),
            }
        else:
            filer = window
            kwargs |= {
                "channel": Case.WINDOW,
                "applicant": _person(rng, n, item.agency.jurisdiction.code[:6]),
            }
        try:
            case, _ = services.submit(item, by=filer, **kwargs)
        except services.Invalid as e:
            say(f"办件：第{n}件未能提交（{e.message}）")
            continue
        made += 1
        if is_open and specials and n % 3 == 0 and specials[0] == "supplement":
            services.request_supplement(
                case, missing="营业执照复印件不清晰，请重新提供", by=window, on=received
            )
            specials.pop(0)
            continue
        if is_open and n % 5 == 0:
            continue  # still waiting for acceptance
        services.accept(case, by=window, on=received)
        case.refresh_from_db()
        steps = list(case.steps.order_by("order"))
        decision = services.decision_step(case)
        # finished cases: most well inside the promise, some late
        total = case.promised_limit + (
            rng.randint(1, 8)
            if rng.random() < 0.12
            else -rng.randint(0, max(0, case.promised_limit - 1))
        )
        finish = add_workdays(received, max(0, total), case.jurisdiction_code)
        day = received
        for step in steps:
            case.refresh_from_db()
            if case.current_step_id != step.pk:
                continue
            if is_open and rng.random() < 0.5:
                break
            if decision and step.pk == decision.pk:
                break
            day = min(finish, add_workdays(day, 1, case.jurisdiction_code))
            if is_open and day > LAST_DAY:
                break
            services.advance(case, opinion="经审查，符合条件", by=officer, on=min(day, LAST_DAY))
        case.refresh_from_db()
        if is_open:
            if specials and specials[0] == "testing" and case.status == Case.HANDLING:
                services.suspend(
                    case,
                    kind="testing",
                    reason="样品送检",
                    expected_days=15,
                    by=officer,
                    on=LAST_DAY,
                )
                specials.pop(0)
            elif specials and specials[0] == "extended" and case.status == Case.HANDLING:
                services.extend(case, reason="需现场核查，报负责人批准延长", by=head, on=LAST_DAY)
                specials.pop(0)
            continue
        if case.current_step and decision and case.current_step_id == decision.pk:
            approve = rng.random() > 0.05
            services.decide(
                case,
                approve=approve,
                reason="" if approve else "申请材料反映的条件不符合法定要求",
                by=head,
                on=finish,
                fields=_licence(case, n, finish) if approve else None,
            )
            services.deliver(
                case,
                method=rng.choice(["window", "post", "online"]),
                address="湘西州吉首市人民北路" + str(rng.randint(1, 200)) + "号",
                by=window,
                on=finish,
            )
    say(f"办件：{made} 件（{Case.objects.filter(status=Case.COMPLETED).count()} 件已办结）")
    return {"cases": made}
