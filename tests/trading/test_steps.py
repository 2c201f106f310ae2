"""A project's steps through the services: each kind run to its result, the dates checked by
the rule rows, the clocks of the periods started and stopped, the law's own refusals."""

import datetime as dt

import pytest

from zhengwu.core import clock
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.core.models import Clock
from zhengwu.trading import services
from zhengwu.trading.models import Notice, Project

D = dt.date


def project(by, body, kind, method, **extra) -> Project:
    data = {
        "kind": kind,
        "method": method,
        "name": extra.pop("name", "吉首市乾州片区排水管网改造工程"),
        "owner": body.pk,
        "budget": "3860000",
        **extra,
    }
    return services.create_project(data, by=by, today=D(2026, 9, 1))


def step(p, action, today, **data):
    p.refresh_from_db()
    return services.take_step(p, f"trading.{action}", data, by=data.pop("by", None) or BY[0],
                              today=today)  # fmt: skip


BY: list = []


@pytest.fixture(autouse=True)
def _by(buyer):
    BY[:] = [buyer]


def running(p) -> dict[str, Clock]:
    return {c.purpose: c for c in clock.clocks_of(p)}


@pytest.mark.django_db
def test_a_procurement_from_intent_to_the_published_contract(buyer, body):
    p = project(buyer, body, "procurement", "open_tender", name="吉首市中小学课桌椅采购项目")
    assert p.code.startswith("433101-2026-C") and p.state == Project.PLANNED
    step(p, "intent_published", D(2026, 9, 1), on=D(2026, 9, 1))
    # 20 日 from documents issued on 10-09 is 10-29 at the earliest (政府采购法 §35)
    with pytest.raises(Invalid) as refused:
        step(p, "tender_published", D(2026, 10, 9), on=D(2026, 10, 9), bid_deadline="2026-10-28")
    assert "2026年10月29日" in refused.value.message and "第三十五条" in refused.value.message
    _, notice, _ = step(p, "tender_published", D(2026, 10, 9), on=D(2026, 10, 9),
                        bid_deadline="2026-10-29")  # fmt: skip
    assert notice.kind == "tender"
    bidders = [{"name": f"供应商{i}", "price": "3500000"} for i in range(3)]
    step(p, "bids_opened", D(2026, 10, 29), on=D(2026, 10, 29), facts={"bidders": bidders})
    step(p, "report_received", D(2026, 10, 30), on=D(2026, 10, 30))
    step(p, "result_confirmed", D(2026, 11, 2), on=D(2026, 11, 2))
    assert running(p)["中标（成交）结果公告发布"].due_date == D(2026, 11, 4)  # 2 工作日
    _, result, _ = step(p, "result_published", D(2026, 11, 4), on=D(2026, 11, 4),
                        facts={"winner": {"name": "供应商0"}})  # fmt: skip
    # 公告期 1 个工作日, then 7 个工作日 to 质疑 (政府采购法 §52; 实施条例 §53)
    assert (result.publicity_ends, result.objection_until) == (D(2026, 11, 5), D(2026, 11, 16))
    assert "质疑" in result.objection_method
    clocks = running(p)
    assert clocks["中标（成交）结果公告发布"].state == Clock.STOPPED
    assert clocks["签订政府采购合同"].due_date == D(2026, 12, 4)  # 30 日 (§46)
    step(p, "contract_signed", D(2026, 11, 20), on=D(2026, 11, 20))
    assert running(p)["政府采购合同公告"].due_date == D(2026, 11, 24)
    p, contract, _ = step(p, "contract_published", D(2026, 11, 24), on=D(2026, 11, 24))
    assert p.state == Project.CLOSED and contract.kind == "contract"
    assert all(c.state == Clock.STOPPED for c in running(p).values())
    assert all(c.stopped_on <= c.due_date for c in running(p).values())
    assert list(p.notices.values_list("kind", flat=True).order_by("id")) == [
        "intent", "tender", "opening", "result", "contract"]  # fmt: skip


@pytest.mark.django_db
def test_a_tender_refuses_fewer_than_3_bidders_and_a_late_candidate_list(buyer, body):
    p = project(buyer, body, "engineering", "open_tender")
    step(p, "tender_published", D(2026, 10, 9), on=D(2026, 10, 9), bid_deadline="2026-10-29")
    with pytest.raises(Invalid) as few:
        step(p, "bids_opened", D(2026, 10, 29), facts={"bidders": [{"name": "甲"}, {"name": "乙"}]})
    assert "不得开标" in few.value.message and "第四十四条" in few.value.message
    bidders = [{"name": n} for n in ("甲公司", "乙公司", "丙公司", "丁公司")]
    step(p, "bids_opened", D(2026, 10, 29), facts={"bidders": bidders})
    step(p, "report_received", D(2026, 11, 2))
    assert running(p)["中标候选人公示发布"].due_date == D(2026, 11, 5)  # 3 日 (§54)
    with pytest.raises(Invalid) as many:
        step(p, "candidates_published", D(2026, 11, 4), publicity_ends="2026-11-08",
             facts={"candidates": bidders})  # fmt: skip
    assert "不超过3个" in many.value.message
    with pytest.raises(Invalid) as short:
        step(p, "candidates_published", D(2026, 11, 4), publicity_ends="2026-11-06",
             facts={"candidates": bidders[:3]})  # fmt: skip
    assert "公示期不得少于3日" in short.value.message
    _, shown, _ = step(p, "candidates_published", D(2026, 11, 4), publicity_ends="2026-11-07",
                       facts={"candidates": bidders[:3]})  # fmt: skip
    assert shown.objection_until == D(2026, 11, 7) and "异议" in shown.objection_method
    with pytest.raises(Invalid) as early:
        step(p, "awarded", D(2026, 11, 7), facts={"winner": {"name": "甲公司"}})
    assert "公示期满后" in early.value.message
    with pytest.raises(Invalid) as second:
        step(p, "awarded", D(2026, 11, 9), facts={"winner": {"name": "乙公司"}})
    assert "排名第一" in second.value.message and "第五十五条" in second.value.message
    step(p, "awarded", D(2026, 11, 9), facts={"winner": {"name": "甲公司"}})
    assert running(p)["订立中标合同"].due_date == D(2026, 12, 9)
    step(p, "contract_signed", D(2026, 11, 20))
    p, _, _ = step(p, "contract_published", D(2026, 11, 23))
    assert p.state == Project.CLOSED


@pytest.mark.django_db
def test_a_listed_land_sale_and_a_property_disclosure_run_to_their_results(buyer, body):
    land = project(buyer, body, "land", "listing", name="吉首市乾州新区JS2026-08号地块")
    with pytest.raises(Invalid) as short:
        step(land, "land_announced", D(2026, 11, 2), listing_starts="2026-11-23",
             listing_ends="2026-12-04")  # fmt: skip
    assert "10个工作日" in short.value.message and "2026年12月07日" not in short.value.message
    step(land, "land_announced", D(2026, 11, 2), listing_starts="2026-11-23",
         listing_ends="2026-12-07")  # fmt: skip
    step(land, "land_dealt", D(2026, 12, 7), facts={"winner": {"name": "湘西某置业有限公司"}})
    assert running(land)["土地出让结果公布"].due_date == D(2026, 12, 21)
    land, result, _ = step(land, "land_result_published", D(2026, 12, 8))
    assert land.state == Project.CLOSED and result.kind == "land_result"

    stake = project(buyer, body, "property", "transfer", name="湘西州某国有公司100%股权转让")
    step(stake, "property_predisclosed", D(2026, 10, 9))
    step(stake, "property_disclosed", D(2026, 11, 2), disclosure_ends="2026-11-30")
    with pytest.raises(Invalid) as running_yet:
        step(stake, "property_dealt", D(2026, 11, 30), facts={"winner": {"name": "某投资公司"}})
    assert "期满后方可成交" in running_yet.value.message
    stake, _, _ = step(stake, "property_dealt", D(2026, 12, 1),
                       facts={"winner": {"name": "某投资公司"}})  # fmt: skip
    assert stake.state == Project.CLOSED
    assert Notice.objects.filter(project=stake).count() == 3


@pytest.mark.django_db
def test_a_suspended_tender_takes_no_step(buyer, body):
    p = project(buyer, body, "engineering", "open_tender")
    step(p, "tender_published", D(2026, 10, 9), on=D(2026, 10, 9), bid_deadline="2026-10-29")
    Project.objects.filter(pk=p.pk).update(suspended=True)
    with pytest.raises(Conflict) as held:
        step(p, "bids_opened", D(2026, 10, 29), facts={"bidders": [{"name": "甲"}] * 3})
    assert "暂停" in held.value.message
