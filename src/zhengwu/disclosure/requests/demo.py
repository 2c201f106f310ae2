"""A realistic two years of requests for 吉首市人民政府 and four of its departments (2024, 2025),
with every channel, applicant type and outcome, 补正, consultations, extensions, fees, 复议 and
诉讼, and a few open requests of this month with running clocks; then the annual reports of
every body that must publish (`demo_reports`). Deterministic (seeded); a second run changes
nothing but a report still to publish."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from zhengwu.core import calendar
from zhengwu.core.identity import id_number_check_char
from zhengwu.org.demo import DEMO_PASSWORD, usci_for
from zhengwu.org.models import Agency, Role, RoleAssignment, User

from . import demo_reports, released, rules, services
from .models import Consultation, Remedy, Request

JISHOU = "433101"
DEPARTMENTS = ["市场监管", "自然资源", "住建", "人社"]
PER_YEAR = {"gov": 90, "市场监管": 40, "自然资源": 45, "住建": 35, "人社": 25}
OUTCOME_WEIGHTS = [
    ("disclosed", 34),
    ("already_public", 8),
    ("partial", 8),
    ("withheld_secret", 1),
    ("withheld_law", 1),
    ("withheld_security", 1),
    ("withheld_third_party", 3),
    ("withheld_internal", 2),
    ("withheld_process", 3),
    ("withheld_enforcement", 2),
    ("withheld_query", 2),
    ("not_held", 14),
    ("not_responsible", 5),
    ("needs_compiling", 3),
    ("petition", 4),
    ("repeat", 3),
    ("publication", 1),
    ("excessive", 1),
    ("confirm", 1),
    ("other", 2),
]
SUBJECTS = [
    "{y}年度城区老旧小区改造项目实施方案",
    "乾州片区棚户区改造征收补偿安置方案",
    "峒河治理工程立项批复文件",
    "{y}年度部门预算及“三公”经费说明",
    "某地块国有建设用地使用权出让合同",
    "城区农贸市场食品抽检结果",
    "集体土地征收补偿标准及批复",
    "某小区规划许可及竣工验收资料",
    "最低生活保障对象审批名单",
    "企业职工基本养老保险政策文件",
    "某企业行政处罚决定书",
    "{y}年重点建设项目计划",
    "城市道路拓宽工程环评批复",
    "政府常务会议纪要（涉及本人房屋征收部分）",
    "农村危房改造补助资金发放情况",
    "某特种设备检验报告",
]
SURNAMES = "张王李刘陈杨黄向彭田龙石吴麻滕姚符"
GIVEN = [
    "秀英",
    "志军",
    "红梅",
    "建华",
    "小明",
    "海燕",
    "德胜",
    "春花",
    "永福",
    "丽娟",
    "国平",
    "文静",
]
ORG_NAMES = {
    rules.BUSINESS: [
        "湘西峒河茶业有限公司",
        "吉首市乾元房地产开发有限公司",
        "湘西武陵山建材有限公司",
    ],
    rules.RESEARCH: ["吉首大学武陵山区发展研究院", "湘西州农业科学研究院"],
    rules.PUBLIC_WELFARE: ["湘西州青少年发展基金会", "吉首市环保志愿者协会"],
    rules.LEGAL_SERVICE: ["湖南武陵律师事务所", "吉首市法律援助中心"],
    rules.OTHER_ORG: ["吉首市乾州街道某社区居民委员会", "某业主委员会"],
}


def _person_id(rng: random.Random) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 18000))
    body = f"{JISHOU}{born:%Y%m%d}{rng.randint(1, 999):03d}"
    return body + id_number_check_char(body)


def _applicant(rng: random.Random, kind: str, n: int) -> dict:
    if kind == rules.NATURAL:
        name, ident = rng.choice(SURNAMES) + rng.choice(GIVEN), _person_id(rng)
    else:
        name = rng.choice(ORG_NAMES[kind])
        ident = usci_for(JISHOU, 500000 + sum(map(ord, name)) % 90000, registry="91")
    return {
        "applicant_kind": kind,
        "applicant_name": name,
        "applicant_id_number": ident,
        "applicant_phone": f"139{rng.randint(0, 99999999):08d}",
        "applicant_address": f"湖南省吉首市{rng.choice(['乾州', '峒河', '石家冲', '镇溪'])}街道{rng.randint(1, 300)}号",
    }


def _head(gov: Agency) -> User:
    """The 政府信息公开工作机构负责人 of 吉首市人民政府, who approves extensions (条例 §33)."""
    user, _ = User.objects.get_or_create(
        username="xxgk-head",
        defaults={
            "real_name": "吉首市政府办公室主任 滕云",
            "kind": User.STAFF,
            "password": make_password(DEMO_PASSWORD),
            "password_changed_at": timezone.now(),
        },
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.DEPT_HEAD, agency=gov)
    return user


def _workday(start: dt.date, n: int) -> dt.date:
    return calendar.add_workdays(start, n, JISHOU)


def _provide(req: Request, outcome: str, on: dt.date, by: User) -> str:
    """What an answer that provides information gives: a document the body had published by
    then, linked; else the viewing the letter names (returned, for the answer)."""
    if outcome not in rules.PROVIDING:
        return ""
    docs = list(
        released.linkable(req).filter(published_on__lte=on).values_list("pk", flat=True)[:20]
    )
    if docs:
        released.link_document(req, document_id=docs[req.pk % len(docs)], by=by)
        return ""
    office = req.agency.disclosure_office or req.agency.name
    return f"现场查阅：请于工作日上午9时至12时到{office}查阅、抄录"


def _one(rng, agency, received: dt.date, by, head, *, finish: bool) -> Request:
    kind = rng.choices([c for c, _ in rules.APPLICANT_KINDS], weights=[70, 12, 3, 3, 7, 5])[0]
    data = _applicant(rng, kind, 0) | {
        "subject": rng.choice(SUBJECTS).format(y=received.year - 1),
        "form": rng.choice(["paper", "electronic", "electronic"]),
        "delivery": rng.choice(["post", "email", "online", "pickup"]),
    }
    channel = rng.choices([c for c, _ in rules.REGISTERED_CHANNELS], weights=[55, 12, 15, 8, 4, 6])[
        0
    ]
    if channel == rules.ONLINE:
        req, _ = services.submit_online(agency, data, by=None, history_date=received)
    else:
        dates = {
            rules.LETTER: {"submitted_on": received},
            rules.VISIT: {"submitted_on": received},
            rules.REGISTERED_POST: {"signed_for_on": received},
            rules.MAIL: {"arrived_on": received, "confirmed_on": received},
            rules.FAX: {"arrived_on": received, "confirmed_on": received},
        }[channel]
        req, _ = services.register(agency, data, channel=channel, by=by, **dates)
    services.review(req, by=by)
    if not finish and rng.random() < 0.5:
        return req
    day = received
    roll = rng.random()
    if roll < 0.12:  # 补正
        notice = _workday(received, rng.randint(1, 6))
        services.notify_clarification(
            req, what="请明确所需信息的文件名称或文号", period_workdays=15, on=notice, by=by
        )
        if not finish:
            return req
        if rng.random() < 0.3:
            services.abandon_unclarified(req, on=_workday(notice, 16), by=by)
            return req
        day = _workday(notice, rng.randint(2, 10))
        services.receive_clarification(req, on=day, text="所需为相关批复文件", by=by)
    services.handle(req, by=by, on=day)
    if roll > 0.9:  # third party or another agency
        sent = _workday(day, 3)
        c = services.consult(
            req,
            kind=rng.choice([Consultation.THIRD_PARTY, Consultation.OTHER_AGENCY]),
            party_name=rng.choice(ORG_NAMES[rules.BUSINESS]),
            sent_on=sent,
            by=by,
        )
        if not finish:
            return req
        services.record_reply(
            c,
            reply=rng.choice([Consultation.AGREE, Consultation.OBJECT]),
            on=_workday(sent, rng.randint(5, 15)),
            by=by,
        )
    if 0.85 < roll <= 0.9 and head is not None:
        services.extend(
            req, days=rng.choice([10, 15, 20]), reason="涉及信息量大，需调取档案", by=head
        )
    if not finish:
        return req
    main = services.answer_clock(req)
    assert main is not None  # the submission above started it
    main.refresh_from_db()
    due = main.due_date or _workday(day, 20)
    span = max(1, calendar.workdays_between(day, due, JISHOU))
    answered = _workday(day, rng.randint(max(1, span // 4), span))
    if 0.80 < roll <= 0.82:  # a heavy requester: 信息处理费 by volume
        services.notify_fee(
            req, method=rules.PER_VOLUME, pages=rng.randint(60, 250), on=_workday(day, 2), by=by
        )
        if rng.random() < 0.3:
            pay = services._clock(req, services.FEE_PAYMENT)
            assert pay is not None and pay.due_date is not None  # notify_fee started it
            services.end_unpaid(req, on=pay.due_date + dt.timedelta(days=1), by=by)
            return req
        services.record_payment(req, on=_workday(day, 6), by=by)
        main.refresh_from_db()
        answered = _workday(day, 12)
    outcome = rng.choices([o for o, _ in OUTCOME_WEIGHTS], weights=[w for _, w in OUTCOME_WEIGHTS])[
        0
    ]
    if outcome == "still_unclear" and not req.clarified_on:
        outcome = "not_held"
    reason = "详见答复说明。" if rules.OUTCOME_BY_CODE[outcome].needs_reason else ""
    services.answer(
        req,
        outcome=outcome,
        reason=reason,
        on=answered,
        provided_otherwise=_provide(req, outcome, answered, by),
        by=by,
    )
    services.archive(req, by=by, on=answered)
    if (
        outcome in ("withheld_third_party", "withheld_process", "not_held", "partial")
        and rng.random() < 0.25
    ):
        filed = answered + dt.timedelta(days=rng.randint(10, 50))
        kind = rng.choices(
            [Remedy.RECONSIDERATION, Remedy.DIRECT_SUIT, Remedy.SUIT_AFTER], weights=[6, 2, 1]
        )[0]
        decided = filed + dt.timedelta(days=rng.randint(40, 120))
        result = rng.choices([Remedy.UPHELD, Remedy.CORRECTED, Remedy.OTHER], weights=[6, 2, 1])[0]
        decided_on: dt.date | None = decided
        if decided > timezone.localdate():
            result, decided_on = Remedy.PENDING, None
        services.record_remedy(
            req, kind=kind, filed_on=filed, result=result, decided_on=decided_on, by=by
        )
    return req


@transaction.atomic
def build(stdout=None) -> dict:
    say = stdout.write if stdout else (lambda s: None)
    gov = Agency.objects.get(jurisdiction__code=JISHOU, kind=Agency.GOVERNMENT)
    admin = User.objects.get(username="admin")
    if Request.objects.filter(agency=gov, received_on__year=2024).exists():
        say(f"依申请公开：演示数据已存在（{Request.objects.count()} 件）")
        _reports(admin, say)
        return {}
    rng = random.Random(20240101)
    head = _head(gov)
    dept_head = User.objects.filter(username="head").first()
    agencies = {"gov": gov} | {
        s: Agency.objects.get(jurisdiction__code=JISHOU, short_name=s) for s in DEPARTMENTS
    }
    today = timezone.localdate()
    for year in (2024, 2025):
        for key, agency in agencies.items():
            approver = head if key == "gov" else (dept_head if key == "市场监管" else None)
            for _ in range(PER_YEAR[key]):
                received = dt.date(year, 1, 2) + dt.timedelta(days=rng.randint(0, 362))
                received = calendar.for_jurisdiction(JISHOU).next_workday_on_or_after(received)
                _one(
                    rng,
                    agency,
                    received,
                    admin,
                    approver,
                    finish=received < dt.date(year, 12, 1) or rng.random() < 0.6,
                )
    # Requests carried into 2026 are answered in January; a few of this month stay open.
    for req in Request.objects.filter(
        status__in=Request.OPEN_STATUSES, received_on__year__lt=today.year
    ):
        if req.status == Request.CLARIFYING:
            assert req.clarify_noticed_on is not None  # the notice made it 补正中
            services.receive_clarification(
                req, on=req.clarify_noticed_on + dt.timedelta(days=3), by=admin
            )
        for c in req.consultations.filter(reply=""):
            services.record_reply(
                c, reply=Consultation.AGREE, on=c.sent_on + dt.timedelta(days=10), by=admin
            )
        if req.status != Request.HANDLING:
            services.handle(req, by=admin, on=req.received_on)
        on = dt.date(req.received_on.year + 1, 1, 15)
        otherwise = _provide(req, "disclosed", on, admin)
        services.answer(req, outcome="disclosed", on=on, provided_otherwise=otherwise, by=admin)
    for i in range(8):
        agency = agencies["gov"] if i % 2 == 0 else agencies[DEPARTMENTS[i % 4]]
        received = _workday(today - dt.timedelta(days=30), 1 + i * 2)
        if received > today:
            received = today
        _one(rng, agency, received, admin, head if agency == gov else None, finish=False)
    say(f"依申请公开：{Request.objects.count()} 件申请")
    _reports(admin, say)
    return {}


def _reports(by: User, say) -> None:
    demo_reports.publish(by)
    say(demo_reports.summary())
