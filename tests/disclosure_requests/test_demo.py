"""The demo (loaded into the session database by load_demo): real numbers that pass the checks."""

from zhengwu.core.models import Clock
from zhengwu.disclosure.requests import annual, demo, services
from zhengwu.disclosure.requests.models import AnnualReport, Remedy, Request


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
