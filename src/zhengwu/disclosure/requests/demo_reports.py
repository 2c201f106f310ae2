"""The demo's 政府信息公开工作年度报告: 2024 and 2025 published by every body that must publish
(条例 §49, `annual.publishers`), a few days before the statutory date, but those left unpublished
on purpose (for supervision to find); and what load_demo says about them, read back from the
database. Idempotent: a published report is left as it is."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhengwu.core import clock
from zhengwu.org.models import Agency, User

from . import annual, services
from .models import AnnualReport

YEARS = (2024, 2025)
# (place code, short name, year): the report left overdue on purpose.
UNPUBLISHED = {("433101", "住建", 2025)}
# How many unpublished bodies the summary names before “等”.
NAMED = 5

PROBLEMS = (
    "（一）存在的主要问题：一是部分栏目信息更新不够及时，个别政策文件解读材料发布滞后；"
    "二是依申请公开答复文书的说理还不够充分。\n"
    "（二）改进情况：下一步，{name}将健全信息发布前的审核和定期检查机制，"
    "规范答复文书格式和说理，加强业务培训，不断提升政府信息公开工作质量。"
)
ASSESSMENT = (
    "{year}年度政府信息公开工作纳入绩效考核，考核结果为优秀；开展社会评议1次，"
    "群众满意率97.6%；未发生因政府信息公开工作被追究责任的情况"
)


def _write(agency: Agency, year: int, by: User) -> None:
    """The text as the office writes it before publishing: the prefilled prompts filled in."""
    sections = annual.build(agency, year)["sections"]
    services.save_report(
        agency,
        year,
        overview=annual.PROMPT_TEXT.sub(ASSESSMENT.format(year=year), sections["一、总体情况"]),
        problems=PROBLEMS.format(name=agency.name),
        other_matters=sections["六、其他需要报告的事项"],
        by=by,
        # Table 二's 行政处罚 and 行政强制, as the office copies them from its enforcement system.
        penalty_decisions=(agency.pk * 7 + year) % 40,
        enforcement_decisions=(agency.pk + year) % 6,
    )


def publish(by: User) -> int:
    """Publish what is not yet published; returns how many were published now."""
    done = set(
        AnnualReport.objects.filter(published_at__isnull=False).values_list("agency_id", "year")
    )
    bodies = list(annual.publishers().select_related("jurisdiction").order_by("scope_path", "id"))
    n = 0
    for year in YEARS:
        for agency in bodies:
            if (agency.pk, year) in done:
                continue
            if (agency.jurisdiction.code, agency.short_name, year) in UNPUBLISHED:
                services.ensure_report(agency, year)
                continue
            _write(agency, year, by)
            report = services.publish_report(agency, year, by=by)
            # Shown as published in time: a few days before the statutory date (条例 §49).
            on_time = services.report_due(agency, year) - dt.timedelta(days=5)
            report.published_at = timezone.make_aware(dt.datetime.combine(on_time, dt.time(10)))
            report.save(update_fields=["published_at"])
            clock.clocks_of(report).update(stopped_on=on_time)
            n += 1
    return n


def summary() -> str:
    """Per year: how many of the bodies that must publish have published, and which have not."""
    must = annual.publishers()
    years = sorted(set(AnnualReport.objects.values_list("year", flat=True)))
    parts = []
    for year in years:
        published = AnnualReport.objects.filter(year=year, published_at__isnull=False)
        missing = list(
            must.exclude(pk__in=published.values("agency_id"))
            .order_by("scope_path", "kind", "name")
            .values_list("name", flat=True)
        )
        n = must.filter(pk__in=published.values("agency_id")).count()
        part = f"{year}年度 {n}/{must.count()} 个应公布机关已发布"
        if missing:
            more = f"等{len(missing)}个" if len(missing) > NAMED else ""
            part += f"（未发布：{'、'.join(missing[:NAMED])}{more}）"
        parts.append(part)
    return "年度报告：" + ("；".join(parts) if parts else "尚无")
