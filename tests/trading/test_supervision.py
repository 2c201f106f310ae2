"""Late trading steps are carded by 电子监察 like every other clock, and counted in the R2.2
figure: a contract not published within 2 工作日 of signing (政府采购法实施条例 §50), a
candidates' 公示 not published within 3 日 of the report (招标投标法实施条例 §54)."""

import datetime as dt

import pytest

from zhengwu.core import clock, measures
from zhengwu.org.models import Jurisdiction
from zhengwu.supervision import services as supervision
from zhengwu.supervision import stats
from zhengwu.supervision.models import Card
from zhengwu.trading import services
from zhengwu.trading.models import Project

D = dt.date


def procurement_signed(buyer, body, signed: dt.date) -> Project:
    p = services.create_project(
        {"kind": "procurement", "method": "inquiry", "name": "吉首市环卫车辆采购",
         "owner": body.pk, "budget": "920000"},
        by=buyer, today=D(2026, 9, 1),
    )  # fmt: skip
    steps = [
        ("tender_published", D(2026, 9, 1), {"bid_deadline": "2026-09-10"}),
        ("bids_opened", D(2026, 9, 10), {"facts": {"bidders": [{"name": "甲"}] * 3}}),
        ("report_received", D(2026, 9, 11), {}),
        ("result_confirmed", D(2026, 9, 14), {}),
        ("result_published", D(2026, 9, 15), {"facts": {"winner": {"name": "甲"}}}),
        ("contract_signed", signed, {}),
    ]
    for action, on, data in steps:
        p.refresh_from_db()
        services.take_step(p, f"trading.{action}", {"on": on, **data}, by=buyer, today=on)
    p.refresh_from_db()
    return p


@pytest.mark.django_db
def test_a_contract_not_published_in_2_working_days_is_carded_then_published_late(buyer, body):
    p = procurement_signed(buyer, body, D(2026, 9, 30))
    [running] = [c for c in clock.clocks_of(p) if c.purpose == "政府采购合同公告"]
    assert running.due_date == D(2026, 10, 9)  # 国庆 off: 10-08 and 10-09 are the 2 工作日
    supervision.sweep(today=D(2026, 10, 16))
    cards = Card.objects.filter(clock=running)
    assert {c.level for c in cards} >= {Card.YELLOW}
    assert {(c.subject_id, c.purpose) for c in cards} == {(p.pk, "政府采购合同公告")}
    # published late, it is published (not refused) with the lateness said, and counted late
    p, notice, warnings = services.take_step(
        p, "trading.contract_published", {"on": D(2026, 10, 16)}, by=buyer, today=D(2026, 10, 16)
    )
    assert notice.kind == "contract"
    assert any(w.rule == "P17" and w.message.startswith("已逾期") for w in warnings)
    figure = measures.measure(
        "trading.steps_on_time", Jurisdiction.objects.get(code="433101"), year=2026
    )
    assert figure["denominator"] >= 1 and figure["numerator"] < figure["denominator"]


@pytest.mark.django_db
def test_the_targets_page_lists_trading_on_time(buyer, body):
    procurement_signed(buyer, body, D(2026, 9, 30))
    found = {t["key"]: t for t in stats.targets(Jurisdiction.objects.get(code="433100"))}
    assert found["trading_on_time"]["source"] == "R2.2"
    assert found["trading_on_time"]["denominator"] >= 1
