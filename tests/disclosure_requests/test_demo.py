"""The demo (loaded into the session database by load_demo): real numbers that pass the checks."""

import datetime as dt
import io

from zhengwu.core.models import Clock
from zhengwu.disclosure.requests import annual, demo, demo_reports, services
from zhengwu.disclosure.requests.models import AnnualReport, Remedy, Request
from zhengwu.org.models import Agency


def test_demo_year_passes_the_checks(gov):
    for year in (2024, 2025):
        data = annual.build(gov, year)
        assert data["checks"]["passed"], data["checks"]["failures"]
        assert data["published_at"]
        assert data["table3"]["一、本年新收政府信息公开申请数量"]["总计"] > 100
        assert (
            data["table3"]["二、上年结转政府信息公开申请数量"]["总计"]
            + data["table3"]["一、本年新收政府信息公开申请数量"]["总计"]
            > 0
        )
    assert sum(annual.build(gov, 2025)["table4"]["行政复议"].values()) > 0
    channels = set(
        Request.objects.filter(scope_path=gov.scope_path).values_list("channel", flat=True)
    )
    assert len(channels) == 6
    assert Remedy.objects.filter(scope_path=gov.scope_path).exists()
    assert (
        AnnualReport.objects.filter(
            agency__scope_path=gov.scope_path, year=2025, published_at__isnull=True
        ).count()
        == 1
    )


def test_demo_has_open_requests_with_running_clocks(gov):
    open_ = Request.objects.filter(scope_path=gov.scope_path, status__in=Request.OPEN_STATUSES)
    assert open_.exists()
    states = {services.answer_clock(r).state for r in open_}
    assert Clock.RUNNING in states


def test_demo_is_idempotent(gov):
    before = Request.objects.count()
    demo.build()
    assert Request.objects.count() == before


def test_every_body_that_must_publish_has_its_reports_but_the_one_left_on_purpose(db):
    must = annual.publishers()
    assert must.count() == 117  # the 州 and 8 counties: a government and 12 departments each
    assert not must.filter(kind=Agency.INSTITUTION).exists()  # 社会保险事务中心: 条例 §55
    for year in (2024, 2025):
        published = AnnualReport.objects.filter(year=year, published_at__isnull=False)
        unpublished = must.exclude(pk__in=published.values("agency_id")).order_by("name")
        expected = [] if year == 2024 else ["吉首市住房和城乡建设局"]
        assert list(unpublished.values_list("name", flat=True)) == expected
    state = must.get(jurisdiction__code="433100", kind=Agency.GOVERNMENT)
    report = AnnualReport.objects.get(agency=state, year=2025)
    assert report.published_at.date() == dt.date(2026, 3, 26)  # 5 days before 3-31 (条例 §49)
    assert services.clock.clocks_of(report).get().stopped_on == dt.date(2026, 3, 26)


def test_load_demo_prints_what_the_database_holds(db):
    out = io.StringIO()
    demo.build(out)  # a second run: requests exist, reports are all there
    printed = out.getvalue()
    assert "年度报告：2024年度 117/117 个应公布机关已发布；" in printed
    assert "2025年度 116/117 个应公布机关已发布（未发布：吉首市住房和城乡建设局）" in printed
    # Computed, not written: unpublish the 州's report and the summary names it.
    AnnualReport.objects.filter(agency__name="湘西土家族苗族自治州人民政府", year=2025).update(
        published_at=None
    )
    assert demo_reports.summary() == (
        "年度报告：2024年度 117/117 个应公布机关已发布；2025年度 115/117 个应公布机关已发布"
        "（未发布：湘西土家族苗族自治州人民政府、吉首市住房和城乡建设局）"
    )
