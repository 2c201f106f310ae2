"""The standardization programme: a centre's plan, an inspection that finds standards met (the
centre's flags set, audited), the county view's numbers and its target in supervision."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.core import clock
from zhengwu.core.errors import Invalid, NotAllowed
from zhengwu.core.models import AuditEvent, Clock
from zhengwu.org.models import Jurisdiction, ServiceCentre
from zhengwu.programmes import measures, queries
from zhengwu.programmes.services import standardization as std
from zhengwu.supervision import stats

from .conftest import GUZHANG, logged_in, pdf, png

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def plan_data(**extra):
    return {
        "task_std_site": "调整大厅布局，设置综合受理区",
        "due_std_site": f"{YEAR}-06-30",
        "task_std_rules": "完善首问负责、一次性告知制度",
        "due_std_rules": f"{YEAR}-09-30",
        **extra,
    }


def test_a_plan_and_an_inspection_that_meets_two_standards(gz_township, guzhang_admin):
    plan = std.save_plan(gz_township, YEAR, plan_data(), by=guzhang_admin)
    assert plan.deadline == dt.date(YEAR, 9, 30)
    assert [(i.standard, i.due_on) for i in plan.items.all()] == [
        ("std_site", dt.date(YEAR, 6, 30)),
        ("std_rules", dt.date(YEAR, 9, 30)),
    ]
    day = min(timezone.localdate(), dt.date(YEAR, 7, 1))
    inspection = std.record_inspection(
        plan,
        {
            "held_on": day.isoformat(),
            "inspectors": "县政务服务中心 向明、县政务公开办 田芳",
            "met_std_site": "1",
            "met_std_rules": "1",
            "met_std_service": "0",
            "text_std_service": "窗口人员未统一着装",
        },
        files=[pdf("验收记录.pdf"), png()],
        by=guzhang_admin,
    )
    gz_township.refresh_from_db()
    assert (gz_township.std_site, gz_township.std_rules, gz_township.std_service) == (
        True,
        True,
        False,
    )
    assert gz_township.standards_met == 2 and gz_township.standardized_year is None
    assert [f.name for f in inspection.files.all()] == ["验收记录.pdf", "现场.png"]
    assert set(plan.items.values_list("met_on", flat=True)) == {day}
    flags = AuditEvent.objects.get(
        action="programmes.centre.standard_met", object_id=str(gz_township.pk)
    )
    assert flags.before == {"std_site": False, "std_rules": False}
    assert flags.after["std_site"] is True and flags.after["source"] == str(inspection)
    assert AuditEvent.objects.filter(
        action="programmes.inspection.record", object_id=str(inspection.pk)
    ).exists()
    assert AuditEvent.objects.filter(
        action="programmes.std_plan.save", object_id=str(plan.pk)
    ).exists()


def test_the_plan_deadline_is_a_clock_stopped_when_all_is_met(gz_township, guzhang_admin):
    plan = std.save_plan(gz_township, YEAR, plan_data(), by=guzhang_admin)
    [c] = clock.clocks_of(plan)
    assert (c.purpose, c.started_on, c.unit) == (
        "标准化建设计划完成时限",
        dt.date(YEAR, 1, 1),
        Clock.CALENDAR_DAYS,
    )
    assert c.due_date >= dt.date(YEAR, 9, 30) and c.scope_path == gz_township.scope_path
    plan = std.save_plan(
        gz_township, YEAR, plan_data(due_std_rules=f"{YEAR}-11-30"), by=guzhang_admin
    )
    c.refresh_from_db()
    assert c.limit == (dt.date(YEAR, 11, 30) - dt.date(YEAR, 1, 1)).days
    day = timezone.localdate()
    std.record_inspection(
        plan,
        {"held_on": day.isoformat(), "inspectors": "甲", "met_std_site": "1"},
        by=guzhang_admin,
    )
    c.refresh_from_db()
    assert c.state == Clock.RUNNING  # 制度 still to do
    std.record_inspection(
        plan,
        {"held_on": day.isoformat(), "inspectors": "甲", "met_std_rules": "1"},
        by=guzhang_admin,
    )
    c.refresh_from_db()
    assert (c.state, c.stopped_on) == (Clock.STOPPED, day)
    with pytest.raises(Invalid, match="古阳镇便民服务中心的场地标准化已达标，无需再安排"):
        std.save_plan(gz_township, YEAR, plan_data(), by=guzhang_admin)


def test_the_last_standard_met_marks_the_year(ys_centre, office):
    missing = [s for s, _ in ServiceCentre.STANDARDS if not getattr(ys_centre, s)]
    data = {f"task_{s}": "按标准建设" for s in missing} | {
        f"due_{s}": f"{YEAR}-12-31" for s in missing
    }
    plan = std.save_plan(ys_centre, YEAR, data, by=office)
    std.record_inspection(
        plan,
        {"held_on": timezone.localdate().isoformat(), "inspectors": "州验收组"}
        | {f"met_{s}": "1" for s in missing},
        by=office,
    )
    ys_centre.refresh_from_db()
    assert ys_centre.standards_met == 5 and ys_centre.standardized_year == YEAR


def test_the_county_view_flags_a_county_without_a_plan(guzhang, gz_township, guzhang_admin):
    counties = Jurisdiction.objects.filter(pk=guzhang.pk)
    [row] = queries.county_rows(counties, YEAR)
    # 古丈: its county centre and 7 township centres; only the county centre is standardized
    assert (row.centres, row.done, row.planned) == (8, 1, 0)
    assert row.flagged and "本年未安排计划，尚有7个中心未达标" in row.outlook(YEAR)
    before = measures.counties_on_plan(Jurisdiction.objects.get(code="433100"), year=YEAR)

    std.save_plan(gz_township, YEAR, plan_data(), by=guzhang_admin)
    [row] = queries.county_rows(counties, YEAR)
    assert (row.planned, row.on_plan) == (1, True)
    assert row.finish_year(YEAR) == YEAR + 6  # 7 left at one a year
    assert row.outlook(YEAR) == f"按本年进度，预计{YEAR + 6}年全部完成"
    after = measures.counties_on_plan(Jurisdiction.objects.get(code="433100"), year=YEAR)
    assert after["numerator"] == before["numerator"] + 1 and after["denominator"] == 8
    target = next(
        t
        for t in stats.targets(Jurisdiction.objects.get(code=GUZHANG))
        if t["key"] == "standardization_plans"
    )
    assert (target["numerator"], target["denominator"], target["value"]) == (1, 1, 100.0)


def test_a_task_past_its_due_date_and_not_met_is_late(guzhang, gz_township, guzhang_admin):
    std.save_plan(gz_township, YEAR, plan_data(), by=guzhang_admin)
    counties = Jurisdiction.objects.filter(pk=guzhang.pk)
    [row] = queries.county_rows(counties, YEAR, today=dt.date(YEAR, 7, 1))
    assert row.late == 1
    [row] = queries.county_rows(counties, YEAR, today=dt.date(YEAR, 6, 30))
    assert row.late == 0
    late = queries.late_plans(guzhang_admin, YEAR, today=dt.date(YEAR, 10, 1))
    assert [p.centre.name for p in late] == ["古阳镇便民服务中心"]


def test_bad_input_is_refused_in_words(gz_township, guzhang_admin):
    with pytest.raises(Invalid, match=f"场地标准化完成时限应在{YEAR}年内"):
        std.save_plan(gz_township, YEAR, plan_data(due_std_site="2011-01-01"), by=guzhang_admin)
    with pytest.raises(Invalid, match="请至少为一项标准填写"):
        std.save_plan(gz_township, YEAR, {}, by=guzhang_admin)
    plan = std.save_plan(gz_township, YEAR, plan_data(), by=guzhang_admin)
    with pytest.raises(Invalid, match="只能上传PDF 文件或 PNG、JPEG 图片"):
        std.record_inspection(
            plan,
            {"held_on": "2020-01-01", "inspectors": "甲", "met_std_site": "1"},
            files=[pdf().__class__("a.pdf", b"MZ\x90\x00", content_type="application/pdf")],
            by=guzhang_admin,
        )
    assert not plan.inspections.exists()


def test_a_county_may_not_plan_another_countys_centre(ys_centre, guzhang_admin):
    with pytest.raises(NotAllowed, match="制定标准化建设计划"):
        std.save_plan(ys_centre, YEAR, plan_data(), by=guzhang_admin)
    client = logged_in(guzhang_admin)
    url = f"/workbench/programmes/standardization/centres/{ys_centre.pk}/{YEAR}/"
    assert client.get(url).status_code == 404
    assert client.post(url, plan_data()).status_code == 404


def test_the_pages(gz_township, guzhang_admin):
    client = logged_in(guzhang_admin)
    page = client.get(f"/workbench/programmes/standardization/?year={YEAR}").content.decode()
    assert "古丈县" in page and "未落实" in page and "永顺县" not in page
    url = f"/workbench/programmes/standardization/centres/{gz_township.pk}/{YEAR}/"
    r = client.post(url, plan_data(due_std_site="2011-01-01"))
    assert r.status_code == 422
    text = r.content.decode()
    assert "完成时限应在" in text and "调整大厅布局，设置综合受理区" in text  # kept
    r = client.post(url, plan_data(), follow=True)
    assert f"计划于{YEAR}年09月30日前完成" in r.content.decode()
    r = client.post(
        url + "inspect/",
        {
            "held_on": timezone.localdate().isoformat(),
            "inspectors": "县验收组",
            "met_std_site": "1",
            "met_std_rules": "1",
            "files": pdf("验收.pdf"),
        },
        follow=True,
    )
    assert "认定场地、制度标准化达标。尚有3项未达标" in r.content.decode()
    gz_township.refresh_from_db()
    assert gz_township.standards_met == 2
