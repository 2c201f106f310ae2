"""The annual report (条例 §49, §50): its row and clock, its text, its publication."""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, clock
from zhengwu.core.errors import Invalid
from zhengwu.core.models import Clock
from zhengwu.core.params import whole_number
from zhengwu.org import permissions
from zhengwu.org.models import Agency

from .. import annual
from ..models import AnnualReport
from ..rules import report_due
from ._common import REPORT_DUE, today


def ensure_report(agency: Agency, year: int) -> AnnualReport:
    """The report row and its statutory clock (calendar days from 12-31; a due date on a holiday
    moves to the next working day)."""
    report, created = AnnualReport.objects.get_or_create(
        agency=agency, year=year, defaults={"scope_path": agency.scope_path}
    )
    if created:
        start = dt.date(year, 12, 31)
        clock.start(
            report,
            purpose=REPORT_DUE,
            started_on=start,
            limit=(report_due(agency, year) - start).days,
            unit=Clock.CALENDAR_DAYS,
            jurisdiction_code=agency.jurisdiction.code,
            scope_path=agency.scope_path,
            agency_id=agency.pk,
        )
    return report


FIELDS = ["overview", "problems", "other_matters", "penalty_decisions", "enforcement_decisions"]
# The most decisions a figure may give (a body's year, with room to spare).
MOST_DECISIONS = 10_000_000


def decisions_count(value, field: str):
    """A 本年处理决定数量 as typed: "" or None → None (not given), else a whole number ≥ 0
    (full-width digits too); anything else is refused naming the row."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    n = whole_number(text)
    if isinstance(value, bool) or n is None or n > MOST_DECISIONS:
        row = annual.ENTERED_LABEL[field]
        raise Invalid(
            f"表二“{row}”本年处理决定数量应为不小于0的整数", code="bad_figure", field=field
        )
    return n


@transaction.atomic
def save_report(
    agency: Agency,
    year: int,
    *,
    overview: str,
    problems: str,
    other_matters: str,
    by,
    penalty_decisions=None,
    enforcement_decisions=None,
) -> AnnualReport:
    """Sections 一, 五, 六 as given; 行政处罚 and 行政强制 of table 二 (typed in, or from an
    import: the platform does not hold them) when given, kept as they are when None or ""."""
    permissions.require(by, "annual_report.save", agency_id=agency.pk, path=agency.scope_path)
    figures = {
        "penalty_decisions": decisions_count(penalty_decisions, "penalty_decisions"),
        "enforcement_decisions": decisions_count(enforcement_decisions, "enforcement_decisions"),
    }
    report = ensure_report(agency, year)
    if report.published_at:
        raise Invalid("年度报告已发布，不能修改", code="report_published")
    before = audit.snapshot(report, FIELDS)
    report.overview, report.problems, report.other_matters = overview, problems, other_matters
    for field, n in figures.items():
        if n is not None:
            setattr(report, field, n)
    report.save()
    audit.record(
        "annual_report.save", report, actor=by, before=before, after=audit.snapshot(report, FIELDS)
    )
    return report


@transaction.atomic
def publish_report(agency: Agency, year: int, *, by) -> AnnualReport:
    """A report whose tables fail a 勾稽 check, or whose text keeps a prompt of the prefilled
    text (“（请填写…）”), cannot be published; the message says which and where."""
    permissions.require(by, "annual_report.publish", agency_id=agency.pk, path=agency.scope_path)
    report = ensure_report(agency, year)
    if report.published_at:
        raise Invalid("年度报告已发布", code="report_published")
    if year >= today().year:
        raise Invalid("年度尚未结束，不能发布该年度报告", code="year_not_over")
    data = annual.build(agency, year)
    failures = data["checks"]["failures"]
    if failures:
        raise Invalid(
            "年度报告未通过勾稽校验，不能发布：" + "；".join(failures), code="checks_failed"
        )
    if data["prompts"]:
        raise Invalid(
            "年度报告中尚有待填写的提示文字，请填写后再发布：" + "；".join(data["prompts"]),
            code="prompts_left",
        )
    sections = data["sections"]
    report.overview = report.overview or sections["一、总体情况"]
    report.problems = report.problems or sections["五、存在的主要问题及改进情况"]
    report.other_matters = report.other_matters or sections["六、其他需要报告的事项"]
    report.published_tables = {k: data[k] for k in ("table2", "table3", "table4")}
    report.published_at = timezone.now()
    report.save()
    on = timezone.localdate()
    for c in clock.clocks_of(report).exclude(state=Clock.STOPPED):
        clock.stop(c, on=on)
    audit.record(
        "annual_report.publish", report, actor=by, after={"published_at": report.published_at}
    )
    return report
