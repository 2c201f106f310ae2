"""The catalogue's services: validation, versioning, claiming, the clean-up report, measures."""

import datetime as dt

import pytest

from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.core.models import AuditEvent
from zhengwu.org.models import Agency, Jurisdiction, User
from zhengwu.services import queries, services
from zhengwu.services.models import Fee, Item

from .conftest import ON, STEPS, YEAR

pytestmark = pytest.mark.django_db


def test_create_writes_item_children_and_audit(make_item):
    item = make_item(
        fees=[{"name": "工本费", "standard": "10元/证", "basis": "发改价格〔2004〕2831号"}]
    )
    assert item.version == 1 and item.state == Item.ACTIVE
    assert item.implementation_code.startswith(item.basic_code + "-433101-")
    assert [m.name for m in item.materials.all()] == ["申请书", "营业执照"]
    assert item.charges_fee is True
    assert [s.code for s in item.steps.all()] == ["accept", "review", "decide"]
    assert {s.flow_version for s in item.steps.all()} == {1}
    assert AuditEvent.objects.filter(action="services.item.create", object_id=str(item.pk)).exists()


@pytest.mark.parametrize(
    ("fields", "code", "words"),
    [
        ({"visits": 2, "visit_reason": ""}, "visit_reason_required", "必须现场办理的原因"),
        (
            {"visits": 0, "online": False, "by_post": False},
            "zero_visit_needs_post",
            "快递（邮寄）申请",
        ),
        (
            {"result_name": "食品经营许可证", "result_type": "审批办结"},
            "result_type_mismatch",
            "应为“出证办结”",
        ),
        (
            {"result_name": "项目核准批复", "result_type": "出证办结"},
            "result_type_mismatch",
            "应为“审批办结”",
        ),
        ({"promised_limit": 25}, "promise_exceeds_law", "不得超过法定办结时限"),
        ({"themes": "吃喝玩乐"}, "bad_theme", "未知的主题分类"),
        ({"statutory_unit": "weeks"}, "bad_choice", "不在代码表中"),
    ],
)
def test_validation_errors_in_chinese(make_item, fields, code, words):
    with pytest.raises(Invalid) as e:
        make_item(**fields)
    assert e.value.code == code
    assert words in e.value.message


def test_fee_needs_legal_basis(make_item):
    with pytest.raises(Invalid) as e:
        make_item(fees=[{"name": "证书工本费", "standard": "10元", "basis": ""}])
    assert e.value.code == "fee_basis_required"
    assert "收费依据" in e.value.message and "第五十八条" in e.value.message


def test_zero_visit_item_with_post_or_online_is_fine(make_item):
    a = make_item("甲", visits=0, visit_reason="", online=False, by_post=True)
    b = make_item("乙", visits=0, visit_reason="", online=True)
    assert a.visits == b.visits == 0


def test_result_type_filled_from_result_name(make_item):
    assert make_item(result_name="食品经营许可证").result_type == "出证办结"
    assert make_item(result_name="关于同意立项的批复").result_type == "审批办结"


def test_revision_makes_new_version_and_supersedes_old(make_item, officer):
    item = make_item()
    later = dt.date(YEAR, 7, 1)
    new = services.revise(
        item, {"promised_limit": 5}, by=officer, effective_on=later, note="压缩时限"
    )
    item.refresh_from_db()
    assert (item.state, item.cancelled_on) == (Item.SUPERSEDED, later)
    assert (new.version, new.effective_on, new.previous_id) == (2, later, item.pk)
    assert new.implementation_code == item.implementation_code
    assert new.promised_limit == 5 and item.promised_limit == 10
    # Steps unchanged: the flow version stays 1; materials are carried over.
    assert {s.flow_version for s in new.steps.all()} == {1}
    assert [m.name for m in new.materials.all()] == ["申请书", "营业执照"]
    with pytest.raises(Conflict):
        services.revise(item, {"promised_limit": 4}, by=officer)


def test_changing_steps_increments_flow_version(make_item, officer):
    item = make_item()
    steps = STEPS + [
        {"order": 4, "code": "deliver", "name": "送达", "role": "window_clerk", "limit": 1}
    ]
    v2 = services.revise(item, {}, by=officer, steps=steps, effective_on=ON)
    assert {s.flow_version for s in v2.steps.all()} == {2}
    v3 = services.revise(v2, {"hours": "工作日"}, by=officer, effective_on=ON)
    assert {s.flow_version for s in v3.steps.all()} == {2}
    assert v3.version == 3


def test_revision_cannot_predate_current_version(make_item, officer):
    item = make_item()
    with pytest.raises(Invalid) as e:
        services.revise(item, {}, by=officer, effective_on=ON - dt.timedelta(days=1))
    assert e.value.field == "effective_on"


def test_claim_level_by_level(admin_user, licensing):
    """The 州 entry is claimed by a county, and the county's by a township (逐级认领)."""
    zhou = Agency.objects.get(jurisdiction__code="433100", short_name="民政")
    county = Agency.objects.get(jurisdiction__code="433101", short_name="民政")
    top = services.create_item(
        by=admin_user,
        agency=zhou,
        item_type=licensing,
        basic_code="QR9000001000",
        name="社会团体成立登记（测试）",
        visits=1,
        visit_reason="核验",
        steps=STEPS,
        materials=[{"name": "申请书"}],
        effective_on=ON,
    )
    assert top.exercise_level == "3"
    mine = services.claim(top, by=admin_user, agency=county)
    assert (mine.claimed_from_id, mine.agency_id, mine.jurisdiction.code) == (
        top.pk,
        county.pk,
        "433101",
    )
    assert mine.exercise_level == "4" and mine.basic_code == top.basic_code
    assert mine.implementation_code != top.implementation_code
    assert [m.name for m in mine.materials.all()] == ["申请书"]
    township = Jurisdiction.objects.filter(parent__code="433101").order_by("code")[0]
    down = services.claim(mine, by=admin_user, agency=county, jurisdiction=township)
    assert (down.jurisdiction_id, down.exercise_level, down.scope_path) == (
        township.pk,
        "5",
        township.path,
    )
    with pytest.raises(Conflict):
        services.claim(top, by=admin_user, agency=county)
    with pytest.raises(Invalid) as e:
        services.claim(
            mine, by=admin_user, agency=zhou, jurisdiction=Jurisdiction.objects.get(code="433100")
        )
    assert e.value.code == "claim_not_below"


def test_officer_of_another_agency_cannot_claim_or_edit(make_item):
    item = make_item()
    other = User.objects.get(username="fh-supervisor")
    with pytest.raises(NotAllowed):
        services.revise(item, {"hours": "x"}, by=other)
    with pytest.raises(NotAllowed):
        services.cancel(item, by=other, reason="x")
    fh_agency = Agency.objects.get(jurisdiction__code="433123", short_name="市场监管")
    with pytest.raises(NotAllowed):
        services.claim(
            Item.objects.filter(jurisdiction__code="433100", state=Item.ACTIVE).first(),
            by=User.objects.get(username="officer"),
            agency=fh_agency,
        )


def test_cancel_merge_and_cut_fee(make_item, officer):
    a = make_item("甲")
    b = make_item(
        "乙", fees=[{"name": "登记费", "standard": "80元/件", "basis": "发改价格规〔2016〕2559号"}]
    )
    services.merge(a, b, by=officer, on=dt.date(YEAR, 5, 1))
    a.refresh_from_db()
    assert (a.state, a.merged_into_id, a.cancelled_on) == (Item.MERGED, b.pk, dt.date(YEAR, 5, 1))
    fee = b.fees.get()
    services.cut_fee(fee, by=officer, reason="湘发改价费〔2031〕1号", on=dt.date(YEAR, 6, 1))
    b.refresh_from_db()
    assert b.charges_fee is False
    assert queries.guide(b)["fees"] == []
    with pytest.raises(Invalid):
        services.cancel(b, by=officer, reason="  ")
    services.cancel(b, by=officer, reason="上级取消", on=dt.date(YEAR, 9, 1))
    b.refresh_from_db()
    assert b.state == Item.CANCELLED
    with pytest.raises(Conflict):
        services.cancel(b, by=officer, reason="再取消")


def test_cleanup_report_with_known_numbers(make_item, officer, jishou):
    """2031: 4 added, 1 merged, 1 cancelled, 1 revised, 1 fee cut — all at 吉首市市场监管局."""
    a, b, c = make_item("甲"), make_item("乙"), make_item("丙")
    d = make_item(
        "丁", fees=[{"name": "登记费", "standard": "80元", "basis": "发改价格规〔2016〕2559号"}]
    )
    services.merge(a, b, by=officer, on=dt.date(YEAR, 4, 1))
    services.cancel(c, by=officer, reason="取消", on=dt.date(YEAR, 5, 1))
    services.revise(d, {"promised_limit": 3}, by=officer, effective_on=dt.date(YEAR, 6, 1))
    services.cut_fee(
        Fee.objects.get(item__name="丁", cut_on__isnull=True, item__state="active"),
        by=officer,
        reason="免收",
        on=dt.date(YEAR, 7, 1),
    )
    r = queries.cleanup_report(YEAR, jishou)
    assert r["totals"] == {"added": 4, "merged": 1, "cancelled": 1, "revised": 1, "fees_cut": 1}
    assert r["per_county"] == [
        {
            "code": "433101",
            "county": "吉首市",
            "added": 4,
            "merged": 1,
            "cancelled": 1,
            "revised": 1,
            "fees_cut": 1,
        }
    ]
    [row] = r["per_agency"]
    assert row["agency"] == "吉首市市场监督管理局"
    whole = queries.cleanup_report(YEAR, Jurisdiction.objects.get(code="433100"))
    assert whole["totals"] == r["totals"]
    assert (
        queries.cleanup_report(YEAR, Jurisdiction.objects.get(code="433123"))["totals"]["added"]
        == 0
    )
    assert queries.cleanup_report(YEAR - 1, jishou)["totals"]["added"] == 0


def test_measures_with_hand_computed_numbers(make_item, village, public_service):
    """At one village: 2 licensing items (1 in centre), 2 public services (2 in centre),
    3 of 4 online, 3 of 4 with ≤ 1 visit, promised/statutory 10/20 and 5/20 and 3/10 workdays
    and 14/28 calendar days → shortening (0.5 + 0.75 + 0.7 + 0.5) / 4 = 0.6125."""
    make_item("甲", jurisdiction=village, in_centre=True, online=True)
    make_item("乙", jurisdiction=village, in_centre=False, online=False, promised_limit=5)
    make_item(
        "丙",
        jurisdiction=village,
        item_type=public_service,
        online=True,
        statutory_limit=10,
        promised_limit=3,
        visits=2,
    )
    make_item(
        "丁",
        jurisdiction=village,
        item_type=public_service,
        online=True,
        visits=0,
        visit_reason="",
        statutory_limit=28,
        statutory_unit="days",
        promised_limit=14,
        promised_unit="days",
    )
    m = queries.measures(village)["measures"]
    assert (m["licensing_in_centre"]["numerator"], m["licensing_in_centre"]["denominator"]) == (
        1,
        2,
    )
    assert m["licensing_in_centre"]["rate"] == 0.5 and m["licensing_in_centre"]["goal"] == 0.95
    assert (
        m["public_service_in_centre"]["numerator"],
        m["public_service_in_centre"]["denominator"],
    ) == (2, 2)
    assert (m["online"]["numerator"], m["online"]["denominator"], m["online"]["rate"]) == (
        3,
        4,
        0.75,
    )
    assert (m["one_visit"]["numerator"], m["one_visit"]["denominator"]) == (3, 4)
    assert m["time_shortened"]["rate"] == pytest.approx(0.6125)
    # 10 + 5 + 3 + 14×5/7 = 28 promised working days against 20 + 20 + 10 + 28×5/7 = 70.
    assert m["time_shortened"]["numerator"] == 28.0 and m["time_shortened"]["denominator"] == 70.0
    per = queries.measures(village, per_agency=True)["agencies"]
    assert len(per) == 1 and per[0]["measures"]["online"]["numerator"] == 3


def test_measures_count_active_items_only(make_item, village, officer):
    a = make_item("甲", jurisdiction=village, online=True)
    make_item("乙", jurisdiction=village, online=False)
    services.cancel(a, by=officer, reason="取消")
    m = queries.measures(village)["measures"]
    assert (m["online"]["numerator"], m["online"]["denominator"]) == (0, 1)
