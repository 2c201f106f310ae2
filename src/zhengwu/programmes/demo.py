"""Demo 年度工作, on the demo's real centres and divisions, acted by the 州政务公开办 (`admin`):
this year's standardization plans for two centres below full standard with one inspection;
the county plans of 吉首市 (filed), 凤凰县 (submitted) and 泸溪县 (returned); two training
sessions; a published best-practice case; the 2025 以奖代补 proposed from the 2025 考核 results,
awaiting a second officer's approval. No centre is brought to full standard here (the targets
keep the org demo's count). Idempotent: a second run adds nothing."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from zhengwu.core.times import now_in_beijing
from zhengwu.org.models import Agency, Jurisdiction, ServiceCentre, User

from .models import STANDARDS, AwardBudget, BestCase, CountyPlan, TrainingSession
from .services import awards, plans, standardization, training

PDF = b"%PDF-1.4\n% zhengwu demo plan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TASKS = {
    "std_site": "按功能分区调整大厅布局，设置综合受理区、自助服务区和休息区",
    "std_approval": "梳理进驻事项清单，推行“前台综合受理、后台分类审批、统一窗口出件”",
    "std_rules": "完善首问负责、一次性告知、限时办结等制度并上墙公示",
    "std_service": "统一窗口人员着装和服务用语，开展服务礼仪培训",
    "std_hardware": "配齐排队叫号、评价器和自助终端，接入政务服务网",
}


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _std(admin, year: int, today: dt.date, say) -> None:
    picked = []
    kinds = [ServiceCentre.CENTRE, ServiceCentre.TOWNSHIP_CENTRE]
    for code in ("433122", "433101"):
        county = Jurisdiction.objects.get(code=code)
        for c in ServiceCentre.objects.filter(
            scope_path__startswith=county.path, kind__in=kinds
        ).order_by("scope_path", "name"):
            if c.standards_met <= 3:
                picked.append(c)
                break
    for centre in picked:
        if centre.standardization_plans.filter(year=year).exists():
            continue
        open_ = [s for s, _ in STANDARDS if not getattr(centre, s)]
        data = {}
        for i, s in enumerate(open_):
            data[f"task_{s}"] = TASKS[s]
            data[f"due_{s}"] = dt.date(year, min(12, 6 + 2 * i), 30 if i != 3 else 31).isoformat()
        plan = standardization.save_plan(centre, year, data, by=admin)
        if today.month >= 7:
            first = open_[0]
            standardization.record_inspection(
                plan,
                {
                    "kind": "check",
                    "held_on": dt.date(year, 7, 10).isoformat(),
                    "inspectors": "州政务服务中心 彭建华、州政务公开办 杨慧",
                    f"met_{first}": "1",
                    "note": "场地改造已完成，其余项目按计划推进",
                },
                by=admin,
            )
        say(f"  标准化建设计划：{centre.name}")


def _county_plans(admin, year: int, say) -> None:
    for code, end in (("433101", "file"), ("433123", "submit"), ("433122", "return")):
        county = Jurisdiction.objects.get(code=code)
        if CountyPlan.objects.filter(jurisdiction=county, year=year).exists():
            continue
        plan = plans.create(
            county,
            {
                "year": year,
                "title": f"{county.name}{year}年政务公开工作要点",
                "summary": "围绕基层政务公开标准化规范化，推进决策、执行、管理、服务、结果公开，"
                "加强政策解读和回应关切，办好政府网站和政务新媒体。",
            },
            _pdf(f"{county.name}{year}年政务公开工作要点.pdf"),
            by=admin,
        )
        plans.submit(plan, by=admin)
        if end == "file":
            plans.file(plan, by=admin)
        elif end == "return":
            plans.return_(plan, "请补充政策解读和基层政务公开标准目录的具体任务分工", by=admin)
        say(f"  工作方案：{plan.title}（{plan.get_state_display()}）")


def _training(admin, year: int, today: dt.date, say) -> None:
    if TrainingSession.objects.exists():
        return
    root = Jurisdiction.objects.filter(parent__isnull=True).first()
    gov = Agency.objects.filter(jurisdiction=root, kind=Agency.GOVERNMENT).first()
    counties = Agency.objects.filter(
        jurisdiction__level=Jurisdiction.COUNTY, kind=Agency.GOVERNMENT
    ).order_by("jurisdiction__code")
    if gov is None:
        return
    day = min(today, dt.date(year, 4, 18))
    training.record_session(
        {
            "held_on": day.isoformat(),
            "subject": "全州基层政务公开标准化规范化工作培训",
            "organiser": gov.usci,
            "trainers": "州政务公开办 杨慧",
            "attendee_count": "86",
        },
        [a.usci for a in counties],
        by=admin,
    )
    say("  培训：全州基层政务公开标准化规范化工作培训")


def _case(admin, say) -> None:
    if BestCase.objects.exists():
        return
    county = Jurisdiction.objects.get(code="433101")
    case = training.create_case(
        county,
        {
            "title": "吉首市推行村务公开“明白墙”",
            "body": "吉首市在各村（社区）便民服务室设置村务公开栏，按季度公开村级财务收支、"
            "惠民资金发放和村级项目建设情况，群众扫码即可查看明细。",
        },
        by=admin,
    )
    training.submit_case(case, by=admin)
    training.publish_case(case, by=admin)
    say(f"  典型经验案例：{case.title}")


def _awards(admin, say) -> None:
    if AwardBudget.objects.filter(year=2025).exists() or not awards.county_results(2025):
        return
    budget = awards.set_budget(2025, {"amount": "2000000"}, by=admin)
    awards.propose(budget, by=admin)
    say("  以奖代补：2025年度分配方案已拟定，待另一位管理员审定")


@transaction.atomic
def build(stdout=None) -> dict:
    say = stdout.write if stdout else (lambda s: None)
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return {}
    today = now_in_beijing().date()
    year = today.year
    say("年度工作：")
    _std(admin, year, today, say)
    _county_plans(admin, year, say)
    _training(admin, year, today, say)
    _case(admin, say)
    _awards(admin, say)
    return {}
