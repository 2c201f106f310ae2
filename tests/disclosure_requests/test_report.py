"""Table 三 and 四 from the data, every outcome in its row, the 勾稽 checks with numbers that pass
and numbers that fail, publication refused on a failed check, and the statutory due dates."""

import copy
import datetime as dt

import pytest

from zhengwu.core.errors import Invalid
from zhengwu.core.models import Clock
from zhengwu.disclosure.requests import annual, rules, services
from zhengwu.disclosure.requests.models import AnnualReport, Remedy, Request

D = dt.date
R3 = "三、本年度办理结果/"


def answer(req, outcome, on, by):
    if outcome == "still_unclear":
        services.notify_clarification(req, what="请写明文号", on=req.received_on, by=by)
        services.receive_clarification(req, on=req.received_on + dt.timedelta(days=1), by=by)
    if outcome == "no_clarification":
        services.notify_clarification(
            req, what="请写明文号", period_workdays=5, on=req.received_on, by=by
        )
        services.abandon_unclarified(req, on=on, by=by)
        return
    if outcome == "fee_unpaid":
        services.handle(req, by=by)
        services.notify_fee(req, method=rules.PER_VOLUME, pages=40, on=req.received_on, by=by)
        services.end_unpaid(req, on=on, by=by)
        return
    reason = "理由" if rules.OUTCOME_BY_CODE[outcome].needs_reason else ""
    otherwise = "现场查阅" if rules.OUTCOME_BY_CODE[outcome].provides else ""
    services.answer(req, outcome=outcome, reason=reason, on=on, provided_otherwise=otherwise, by=by)


def test_every_outcome_counts_in_its_row(fh_dept, admin, make):
    kinds = [c for c, _ in rules.APPLICANT_KINDS]
    for i, o in enumerate(rules.OUTCOMES):
        kind = kinds[i % len(kinds)]
        req = make(fh_dept, admin, on=D(2025, 3, 3), kind=kind, n=100 + i)
        answer(req, o.code, D(2025, 6, 2), admin)
    t3 = annual.table3([fh_dept.pk], 2025)
    for i, o in enumerate(rules.OUTCOMES):
        label = rules.APPLICANT_LABELS[kinds[i % len(kinds)]]
        same = [
            j
            for j, p in enumerate(rules.OUTCOMES)
            if p.row == o.row and kinds[j % len(kinds)] == kinds[i % len(kinds)]
        ]
        assert t3[R3 + o.row][label] == len(same), o.code
    assert t3["一、本年新收政府信息公开申请数量"]["总计"] == len(rules.OUTCOMES)
    assert t3[R3 + "（七）总计"]["总计"] == len(rules.OUTCOMES)
    assert t3[R3 + "（一）予以公开"]["总计"] == 2  # 予以公开 and 已主动公开
    assert t3[R3 + "（四）无法提供/1.本机关不掌握相关政府信息"]["总计"] == 2
    assert annual.check(t3, annual.table4([fh_dept.pk], 2025)) == []


def test_carried_from_last_year_and_into_next(fh_dept, admin, make):
    old_open = make(fh_dept, admin, on=D(2024, 12, 20), n=1)  # answered in 2025
    make(fh_dept, admin, on=D(2024, 12, 23), n=2)  # still open
    answered_2024 = make(fh_dept, admin, on=D(2024, 11, 4), n=3)
    services.answer(
        answered_2024,
        outcome="disclosed",
        on=D(2024, 11, 20),
        provided_otherwise="现场查阅",
        by=admin,
    )
    services.answer(old_open, outcome="not_held", on=D(2025, 1, 10), by=admin)
    late = make(fh_dept, admin, on=D(2025, 12, 29), kind=rules.LEGAL_SERVICE, n=4)
    services.answer(
        late, outcome="disclosed", on=D(2026, 1, 6), provided_otherwise="现场查阅", by=admin
    )
    t3 = annual.table3([fh_dept.pk], 2025)
    assert t3["二、上年结转政府信息公开申请数量"]["自然人"] == 2
    assert t3["一、本年新收政府信息公开申请数量"]["法律服务机构"] == 1
    assert t3[R3 + "（七）总计"]["总计"] == 1
    assert t3["四、结转下年度继续办理"] == {
        "自然人": 1,
        "商业企业": 0,
        "科研机构": 0,
        "社会公益组织": 0,
        "法律服务机构": 1,
        "其他": 0,
        "总计": 2,
    }
    t2024 = annual.table3([fh_dept.pk], 2024)
    assert t2024["四、结转下年度继续办理"]["总计"] == t3["二、上年结转政府信息公开申请数量"]["总计"]
    assert annual.check(t3, annual.table4([fh_dept.pk], 2025)) == []


def _example():
    """domain-rules §2.3–2.4's example numbers (a real 2025 report): they pass."""
    t3 = {row: dict.fromkeys(annual.COLUMNS, 0) for row in annual.TABLE3_ROWS}
    for row, n in [
        ("一、本年新收政府信息公开申请数量", 14069),
        ("二、上年结转政府信息公开申请数量", 560),
        (R3 + "（一）予以公开", 13000),
        (R3 + "（三）不予公开/1.属于国家秘密", 810),
        (R3 + "（七）总计", 13810),
        ("四、结转下年度继续办理", 819),
    ]:
        t3[row]["自然人"] = n
        t3[row]["总计"] = n
    t4 = {g: dict.fromkeys(annual.TABLE4_FIELDS, 0) for g in annual.TABLE4_GROUPS}
    for g, (a, b, c, d, total) in zip(
        annual.TABLE4_GROUPS,
        [(376, 97, 196, 121, 790), (16, 1, 12, 27, 56), (74, 1, 30, 51, 156)],
        strict=True,
    ):
        t4[g] = dict(zip(annual.TABLE4_FIELDS, (a, b, c, d, total), strict=True))
    return t3, t4


def test_checks_pass_with_the_example_numbers():
    t3, t4 = _example()
    assert annual.check(t3, t4) == []


def test_check_first_plus_second_equals_third_plus_fourth():
    t3, t4 = _example()
    t3["四、结转下年度继续办理"]["自然人"] = 818
    t3["四、结转下年度继续办理"]["总计"] = 818
    failures = annual.check(t3, t4)
    assert any(
        "“自然人”列：第一项加第二项之和（14629）不等于第三项加第四项之和（14628）" in f
        for f in failures
    )


def test_check_total_is_the_sum_of_the_results():
    t3, t4 = _example()
    t3[R3 + "（七）总计"]["自然人"] = 13811
    t3[R3 + "（七）总计"]["总计"] = 13811
    t3["四、结转下年度继续办理"]["自然人"] = 818
    t3["四、结转下年度继续办理"]["总计"] = 818
    failures = annual.check(t3, t4)
    assert failures == [
        "表三“自然人”列：（七）总计（13811）不等于各办理结果之和（13810）",
        "表三“总计”列：（七）总计（13811）不等于各办理结果之和（13810）",
    ]


def test_check_total_column_is_the_sum_of_applicants():
    t3, t4 = _example()
    t3["一、本年新收政府信息公开申请数量"]["商业企业"] = 1
    t3["一、本年新收政府信息公开申请数量"]["总计"] = 14069  # not 14070
    failures = annual.check(t3, t4)
    assert (
        "表三“一、本年新收政府信息公开申请数量”行：总计（14069）不等于各类申请人之和（14070）"
        in failures
    )


def test_check_table4_totals():
    t3, t4 = _example()
    bad = copy.deepcopy(t4)
    bad["行政诉讼/复议后起诉"]["总计"] = 155
    assert annual.check(t3, bad) == [
        "表四“行政诉讼/复议后起诉”：总计（155）不等于维持、纠正、其他、尚未审结之和（156）"
    ]


def test_table4_from_remedies(fh_dept, admin, make):
    req = make(fh_dept, admin, on=D(2025, 2, 3))
    services.answer(req, outcome="withheld_process", reason="过程稿", on=D(2025, 2, 20), by=admin)
    services.record_remedy(
        req,
        kind=Remedy.RECONSIDERATION,
        filed_on=D(2025, 3, 10),
        result=Remedy.UPHELD,
        decided_on=D(2025, 5, 1),
        by=admin,
    )
    services.record_remedy(
        req,
        kind=Remedy.RECONSIDERATION,
        filed_on=D(2025, 11, 10),
        result=Remedy.CORRECTED,
        decided_on=D(2026, 1, 20),
        by=admin,
    )
    services.record_remedy(req, kind=Remedy.DIRECT_SUIT, filed_on=D(2025, 4, 1), by=admin)
    services.record_remedy(
        req,
        kind=Remedy.SUIT_AFTER,
        filed_on=D(2025, 6, 1),
        result=Remedy.OTHER,
        decided_on=D(2025, 9, 1),
        by=admin,
    )
    with pytest.raises(Invalid):
        services.record_remedy(
            req, kind=Remedy.DIRECT_SUIT, filed_on=D(2025, 4, 1), result=Remedy.UPHELD, by=admin
        )
    t4 = annual.table4([fh_dept.pk], 2025)
    assert t4["行政复议"] == {"结果维持": 1, "结果纠正": 0, "其他结果": 0, "尚未审结": 1, "总计": 2}
    assert t4["行政诉讼/未经复议直接起诉"] == {
        "结果维持": 0,
        "结果纠正": 0,
        "其他结果": 0,
        "尚未审结": 1,
        "总计": 1,
    }
    assert t4["行政诉讼/复议后起诉"] == {
        "结果维持": 0,
        "结果纠正": 0,
        "其他结果": 1,
        "尚未审结": 0,
        "总计": 1,
    }


@pytest.mark.django_db
def test_table2_labels_and_zero_for_an_agency_without_documents():
    t2 = annual.table2([0], 2025)
    assert list(t2) == [
        "第二十条第（一）项/规章",
        "第二十条第（一）项/行政规范性文件",
        "第二十条第（五）项/行政许可",
        "第二十条第（六）项/行政处罚",
        "第二十条第（六）项/行政强制",
        "第二十条第（八）项/行政事业性收费",
    ]
    assert t2["第二十条第（一）项/规章"] == {
        "本年制发件数": 0,
        "本年废止件数": 0,
        "现行有效件数": 0,
    }
    assert t2["第二十条第（八）项/行政事业性收费"] == {"本年收费金额（单位：万元）": 0}


def test_government_report_aggregates_its_departments(fh_gov, fh_dept, admin, make):
    make(fh_gov, admin, on=D(2025, 3, 3), n=1)
    make(fh_dept, admin, on=D(2025, 3, 4), n=2)
    assert annual.build(fh_gov, 2025)["table3"]["一、本年新收政府信息公开申请数量"]["总计"] == 2
    assert annual.build(fh_dept, 2025)["table3"]["一、本年新收政府信息公开申请数量"]["总计"] == 1


def test_publish_refused_when_a_check_fails(fh_dept, admin, officer, make):
    req = make(fh_dept, admin, on=D(2025, 12, 1))
    services.answer(
        req, outcome="disclosed", on=D(2025, 12, 20), provided_otherwise="现场查阅", by=admin
    )
    # A corrupted record: received after it was answered, in the next year.
    Request.objects.filter(pk=req.pk).update(received_on=D(2026, 1, 5))
    with pytest.raises(Invalid) as e:
        services.publish_report(fh_dept, 2025, by=admin)
    assert e.value.code == "checks_failed"
    assert "第一项加第二项之和（0）不等于第三项加第四项之和（1）" in e.value.message
    assert not AnnualReport.objects.filter(
        agency=fh_dept, year=2025, published_at__isnull=False
    ).exists()


def test_publish_freezes_tables_and_scope(fh_dept, admin, officer, make):
    with pytest.raises(Exception):  # noqa: B017 — the 吉首 government's officer has no say over a department
        services.publish_report(fh_dept, 2025, by=officer)
    req = make(fh_dept, admin, on=D(2025, 3, 3))
    services.answer(
        req, outcome="disclosed", on=D(2025, 3, 20), provided_otherwise="现场查阅", by=admin
    )
    services.save_report(
        fh_dept,
        2025,
        overview="总体情况正文",
        problems="问题与改进",
        other_matters="",
        by=admin,
        penalty_decisions=0,
        enforcement_decisions=0,
    )
    report = services.publish_report(fh_dept, 2025, by=admin)
    assert report.published_tables["table3"][R3 + "（一）予以公开"]["总计"] == 1
    # Later data does not change a published report.
    late = make(fh_dept, admin, on=D(2025, 4, 1), n=9)
    services.answer(
        late, outcome="disclosed", on=D(2025, 4, 9), provided_otherwise="现场查阅", by=admin
    )
    data = annual.build(fh_dept, 2025)
    assert data["table3"][R3 + "（一）予以公开"]["总计"] == 1
    assert data["sections"]["一、总体情况"] == "总体情况正文"
    with pytest.raises(Invalid):
        services.save_report(fh_dept, 2025, overview="改", problems="", other_matters="", by=admin)
    with pytest.raises(Invalid):
        services.publish_report(fh_dept, dt.date.today().year, by=admin)


def test_statutory_due_dates(fh_gov, fh_dept):
    assert services.report_due(fh_dept, 2025) == D(2026, 1, 31)
    assert services.report_due(fh_gov, 2025) == D(2026, 3, 31)
    dept_clock = services.clock.clocks_of(services.ensure_report(fh_dept, 2025)).get()
    gov_clock = services.clock.clocks_of(services.ensure_report(fh_gov, 2025)).get()
    assert dept_clock.unit == Clock.CALENDAR_DAYS
    assert dept_clock.due_date == D(2026, 2, 2)  # 1-31 is a Saturday: the next working day
    assert gov_clock.due_date == D(2026, 3, 31)
    data = annual.build(fh_dept, 2025)
    assert data["due_date"] == "2026-01-31"


def test_prefilled_sections_carry_the_figures(fh_dept, admin, make):
    req = make(fh_dept, admin, on=D(2025, 3, 3))
    services.handle(req, by=admin)
    services.notify_fee(req, method=rules.PER_VOLUME, pages=100, on=D(2025, 3, 4), by=admin)
    services.record_payment(req, on=D(2025, 3, 5), by=admin)
    services.answer(
        req, outcome="disclosed", on=D(2025, 3, 20), provided_otherwise="现场查阅", by=admin
    )
    data = annual.build(fh_dept, 2025)
    assert "全年新收政府信息公开申请1件" in data["sections"]["一、总体情况"]
    assert "共收取信息处理费700" in data["sections"]["六、其他需要报告的事项"]
    assert list(data["section_titles"]) == annual.SECTIONS
