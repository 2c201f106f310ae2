"""Demo 主动公开 data: for the 州 and each county government and a few departments, documents in
several columns across 2023–2026 (some published late, some repealed with a replacement, some
still in drafting or review), a guide per agency, the rules page and one gazette issue a year.
Deterministic (seeded); a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from zhengwu.core import calendar, clock
from zhengwu.org.models import Agency, Jurisdiction

from . import services
from .models import Column, Document, DocumentVersion, GazetteIssue, GuideRevision, RulesPage

YEARS = [2023, 2024, 2025, 2026]

# (column code, genre, topic, title pattern, number pattern or "") for a government.
GOVERNMENT_DOCS = [
    (
        "k-czyjs",
        "预决算",
        "财政、金融、审计",
        "{area}{y}年财政预算执行情况和{y1}年财政预算草案的报告",
        "",
    ),
    ("g20-07", "预决算", "财政、金融、审计", "{area}{y0}年政府决算公开", ""),
    (
        "g20-04",
        "统计信息",
        "国民经济管理、国有资产监管",
        "{area}{y0}年国民经济和社会发展统计公报",
        "",
    ),
    (
        "g20-03",
        "规划计划",
        "国民经济管理、国有资产监管",
        "{area}{y}年国民经济和社会发展计划执行情况",
        "",
    ),
    (
        "k-zdjsxm",
        "规划计划",
        "城乡建设、环境保护",
        "{gov}关于下达{y}年重点建设项目计划的通知",
        "{short}政发〔{y}〕{n}号",
    ),
    (
        "k-snzj",
        "其他文件",
        "农业、林业、水利",
        "{area}{y}年衔接推进乡村振兴补助资金分配方案",
        "{short}政办函〔{y}〕{n}号",
    ),
    (
        "g20-12",
        "其他文件",
        "公安、安全、司法",
        "{area}突发地质灾害应急预案（{y}年修订）",
        "{short}政办发〔{y}〕{n}号",
    ),
    ("g20-14", "通知公告", "劳动、人事、监察", "{area}{y}年考试录用公务员拟录用人员公示", ""),
    (
        "g21-shjz",
        "行政规范性文件",
        "民政、扶贫、救灾",
        "{gov}关于调整{y}年城乡最低生活保障标准的通知",
        "{short}政发〔{y}〕{n}号",
    ),
    (
        "k-zfcg",
        "行政规范性文件",
        "财政、金融、审计",
        "{gov}关于印发{area}{y}—{y1}年政府集中采购目录及标准的通知",
        "{short}政办发〔{y}〕{n}号",
    ),
]
# Normative documents replaced by a revision: (title, topic) — the 2023 text is repealed in 2025.
REPLACED = [
    ("{area}行政规范性文件管理办法", "综合政务"),
    ("{area}城市市容和环境卫生管理办法", "城乡建设、环境保护"),
]
DEPARTMENT_DOCS = {
    "财政": [("k-czyjs", "预决算", "财政、金融、审计", "{name}{y}年部门预算公开", "")],
    "市场监管": [
        (
            "g20-13",
            "通知公告",
            "市场监管、安全生产监管",
            "{name}{y}年食品安全监督抽检信息公告（第{n}期）",
            "",
        ),
        ("g20-06", "其他文件", "市场监管、安全生产监管", "{name}{y}年行政处罚裁量权基准", ""),
    ],
    "人社": [("k-sbjj", "统计信息", "劳动、人事、监察", "{area}{y}年社会保险基金预算执行情况", "")],
    "教育": [
        (
            "k-jyylsf",
            "行政规范性文件",
            "科技、教育",
            "{area}公办幼儿园保育教育费收费标准（{y}年）",
            "{short}教发〔{y}〕{n}号",
        )
    ],
    "住建": [("k-zfgjj", "统计信息", "城乡建设、环境保护", "{area}住房公积金{y0}年年度报告", "")],
}

RULES = """第一条　为规范本机关政府信息公开工作，根据《中华人民共和国政府信息公开条例》，制定本制度。
第二条　本机关政府信息公开工作机构负责本机关政府信息公开的日常工作，组织编制政府信息公开指南、目录和年度报告。
第三条　拟公开的政府信息应当依照《中华人民共和国保守国家秘密法》等规定进行审查（保密审查），未经审查不得公开。
第四条　属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内予以公开（条例第二十六条）。
第五条　依申请公开的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经负责人同意并告知申请人，延长期限不超过20个工作日（条例第三十三条）。
第六条　每年1月31日前（部门）或3月31日前（本级人民政府）公布上一年度政府信息公开工作年度报告（条例第四十九条）。"""


def _area(j: Jurisdiction) -> str:
    return j.short_name if j.level == Jurisdiction.COUNTY else "湘西州"


def _short(j: Jurisdiction) -> str:
    return "州" if j.level == Jurisdiction.PREFECTURE else j.short_name[:1]


@transaction.atomic
def build(stdout=None) -> None:
    say = stdout.write if stdout else (lambda s: None)
    root = Jurisdiction.objects.get(code="433100")
    root_gov = Agency.objects.filter(jurisdiction=root, kind=Agency.GOVERNMENT).first()
    if root_gov is None:
        return
    if Document.objects.filter(agency=root_gov).exists():
        say(f"主动公开：已有 {Document.objects.count()} 件文件，跳过")
        return
    rng = random.Random(20231)
    today = timezone.localdate()
    agencies = list(Agency.objects.select_related("jurisdiction").order_by("scope_path", "id"))
    for a in agencies:
        services.ensure_columns(a)
    columns = {(c.agency_id, c.code): c for c in Column.objects.all()}
    made: list[Document] = []
    plans = []  # (document, publish date or None, status)

    def plan(
        agency,
        code,
        genre,
        topic,
        title,
        number,
        created,
        *,
        status=Document.PUBLISHED,
        late=False,
        body="",
    ):
        published = None
        if status == Document.PUBLISHED:
            delay = rng.randint(24, 40) if late else rng.randint(1, 15)
            published = calendar.add_workdays(created, delay, agency.jurisdiction.code)
            if published > today:
                published, status = None, Document.REVIEW
        doc = Document(
            agency=agency,
            scope_path=agency.scope_path,
            column=columns.get((agency.pk, code)),
            index_no=services.next_index_no(agency, created.year),
            title=title,
            summary=f"{agency.name}发布：{title}。",
            created_on=created,
            doc_number=number,
            published_on=published,
            topic=topic,
            genre=genre,
            keywords="、".join(w for w in [topic.split("、")[0], genre] if w),
            body=body
            or f"{title}\n\n{agency.name}按照《中华人民共和国政府信息公开条例》有关规定，现予公开。\n\n{agency.name}\n{created:%Y年%m月%d日}",
            status=status,
        )
        plans.append(doc)
        return doc

    governments = [a for a in agencies if a.kind == Agency.GOVERNMENT]
    for gov in governments:
        j = gov.jurisdiction
        words = {"area": _area(j), "gov": gov.name, "short": _short(j)}
        serial = 0
        for y in YEARS:
            for code, genre, topic, pattern, number in GOVERNMENT_DOCS:
                if rng.random() < 0.25:
                    continue
                serial += 1
                created = dt.date(y, rng.randint(1, 11), rng.randint(1, 28))
                if created >= today:
                    continue
                plan(
                    gov,
                    code,
                    genre,
                    topic,
                    pattern.format(y=y, y0=y - 1, y1=y + 1, **words),
                    number.format(y=y, n=serial, **words),
                    created,
                    late=rng.random() < 0.12,
                )
        # A rule text replaced by its revision: repealed in 2025 with the replacement linked.
        for title, topic in REPLACED[: 2 if j.level == Jurisdiction.PREFECTURE else 1]:
            genre = (
                Document.RULE
                if j.level == Jurisdiction.PREFECTURE and "市容" in title
                else Document.NORMATIVE
            )
            old = plan(
                gov,
                "g20-01",
                genre,
                topic,
                title.format(**words),
                f"{words['short']}政发〔2023〕{rng.randint(1, 30)}号",
                dt.date(2023, 4, 10),
            )
            new = plan(
                gov,
                "g20-01",
                genre,
                topic,
                title.format(**words) + "（2025年修订）",
                f"{words['short']}政发〔2025〕{rng.randint(1, 30)}号",
                dt.date(2025, 5, 12),
            )
            old.validity, old.validity_changed_on = Document.REPEALED, dt.date(2025, 5, 20)
            old.validity_reason = "已由修订后的办法替代"
            old._replacement = new
        # Work in progress this month: a draft, one in review near its due date, one overdue.
        plan(
            gov,
            "k-czyjs",
            "预决算",
            "财政、金融、审计",
            f"{words['area']}2026年1—10月财政收支情况",
            "",
            today - dt.timedelta(days=3),
            status=Document.DRAFT,
        )
        plan(
            gov,
            "g20-12",
            "其他文件",
            "公安、安全、司法",
            f"{words['area']}冬春季森林防火工作方案",
            f"{words['short']}政办发〔2026〕{rng.randint(40, 60)}号",
            today - dt.timedelta(days=25),
            status=Document.REVIEW,
        )
        plan(
            gov,
            "g20-04",
            "统计信息",
            "国民经济管理、国有资产监管",
            f"{words['area']}2026年前三季度经济运行情况",
            "",
            today - dt.timedelta(days=40),
            status=Document.DRAFT,
        )
    departments = [
        a
        for a in agencies
        if a.kind == Agency.DEPARTMENT
        and a.short_name in DEPARTMENT_DOCS
        and a.jurisdiction.code in ("433100", "433101", "433123", "433130")
    ]
    for dept in departments:
        j = dept.jurisdiction
        words = {"area": _area(j), "name": dept.name, "short": _short(j)}
        for y in YEARS:
            for n, (code, genre, topic, pattern, number) in enumerate(
                DEPARTMENT_DOCS[dept.short_name], start=1
            ):
                created = dt.date(y, rng.randint(2, 10), rng.randint(1, 28))
                if created >= today:
                    continue
                plan(
                    dept,
                    code,
                    genre,
                    topic,
                    pattern.format(y=y, y0=y - 1, n=n, **words),
                    number.format(y=y, n=n + 3, **words),
                    created,
                    late=rng.random() < 0.1,
                )
    made = Document.objects.bulk_create(plans)
    for doc in made:
        replacement = getattr(doc, "_replacement", None)
        if replacement is not None:
            doc.replaced_by_id = replacement.pk
    Document.objects.bulk_update([d for d in made if d.replaced_by_id], ["replaced_by"])
    DocumentVersion.objects.bulk_create(
        [
            DocumentVersion(
                document=d, number=1, data={"title": d.title, "status": d.status}, note="演示数据"
            )
            for d in made
        ]
    )
    late = 0
    by_agency = {a.pk: a for a in agencies}
    for doc in made:
        doc.agency = by_agency[doc.agency_id]
        running = services.start_publication_clock(doc)
        if doc.published_on:
            doc.published_late = bool(running.due_date and doc.published_on > running.due_date)
            late += doc.published_late
            clock.stop(running, on=doc.published_on)
    Document.objects.bulk_update([d for d in made if d.published_late], ["published_late"])

    # Guides: every agency revised in 2025; about two thirds again this year (the rest are listed as stale).
    guides = []
    for a in agencies:
        fields = services.guide_from_agency(a)
        guides.append(
            GuideRevision(
                agency=a, scope_path=a.scope_path, revised_on=dt.date(2025, 2, 20), **fields
            )
        )
        if rng.random() < 0.67:
            guides.append(
                GuideRevision(
                    agency=a,
                    scope_path=a.scope_path,
                    revised_on=dt.date(today.year, 3, 2),
                    **fields,
                )
            )
    GuideRevision.objects.bulk_create(guides)
    RulesPage.objects.bulk_create(
        [RulesPage(agency=g, scope_path=g.scope_path, body=RULES) for g in governments]
    )

    # 政府公报: one issue a year for the 州 with its published 规章 and 规范性文件 (and a few more).
    for y in YEARS:
        docs = [
            d
            for d in made
            if d.agency_id == root_gov.pk
            and d.status == Document.PUBLISHED
            and d.created_on.year == y
        ]
        docs = [d for d in docs if d.genre in (Document.RULE, Document.NORMATIVE)] + [
            d for d in docs if d.genre not in (Document.RULE, Document.NORMATIVE)
        ][:4]
        if not docs:
            continue
        issue = GazetteIssue.objects.create(
            jurisdiction=root,
            scope_path=root.path,
            year=y,
            number=1,
            published_on=max(d.published_on for d in docs if d.published_on),
        )
        issue.documents.set(docs)
    say(
        f"主动公开：{len(made)} 件文件（逾期发布 {late} 件），指南 {len(guides)} 版，公报 {GazetteIssue.objects.count()} 期"
    )
