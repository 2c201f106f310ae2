"""The law's numbers: receipt dates of 条例 §31, the fee tariffs of 国办函〔2020〕109号, and the
outcome → annual-report row table of domain-rules §1.2."""

import datetime as dt

import pytest

from zhengwu.core.errors import Invalid
from zhengwu.disclosure.requests import annual, rules

D = dt.date(2025, 3, 3)


@pytest.mark.parametrize(
    ("nth", "fee"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (20, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
    ],
)
def test_per_item_fee_tiers(nth, fee):
    assert rules.per_item_fee(nth) == fee


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),  # 70 pages × 10
        (101, 720),  # + 1 × 20
        (200, 2700),  # 700 + 100 × 20
        (201, 2740),  # + 1 × 40
        (250, 4700),  # 2700 + 50 × 40
    ],
)
def test_per_volume_fee_is_progressive(pages, fee):
    assert rules.per_volume_fee(pages) == fee


def test_fee_bad_numbers():
    with pytest.raises(Invalid):
        rules.per_volume_fee(-1)
    with pytest.raises(Invalid):
        rules.per_item_fee(0)


def test_receipt_date_per_channel():
    day, later = D, D + dt.timedelta(days=2)
    assert rules.receipt_date(rules.LETTER, submitted_on=day) == day
    assert rules.receipt_date(rules.VISIT, submitted_on=day) == day
    # Registered post: the day the agency signs for it, not the postmark or arrival.
    assert rules.receipt_date(rules.REGISTERED_POST, signed_for_on=later, arrived_on=day) == later
    # Ordinary mail: confirmed with the applicant on the day it arrives.
    assert rules.receipt_date(rules.MAIL, arrived_on=day, confirmed_on=day) == day
    # Internet and fax: the day both sides confirm.
    assert rules.receipt_date(rules.FAX, arrived_on=day, confirmed_on=later) == later
    assert rules.receipt_date(rules.ONLINE, confirmed_on=day) == day


@pytest.mark.parametrize(
    ("channel", "kwargs", "code"),
    [
        (rules.LETTER, {}, "submitted_on_required"),
        (rules.REGISTERED_POST, {"submitted_on": D}, "signed_for_on_required"),
        (
            rules.MAIL,
            {"arrived_on": D, "confirmed_on": D + dt.timedelta(days=1)},
            "mail_confirm_same_day",
        ),
        (rules.FAX, {"arrived_on": D}, "confirmed_on_required"),
        ("pigeon", {}, "bad_channel"),
        # 其他方式 comes only from an imported register: a new request names its §31 channel.
        (rules.OTHER_CHANNEL, {"submitted_on": D, "confirmed_on": D}, "bad_channel"),
    ],
)
def test_receipt_date_refuses_missing_dates(channel, kwargs, code):
    with pytest.raises(Invalid) as e:
        rules.receipt_date(channel, **kwargs)
    assert e.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in e.value.message)


EXPECTED_ROWS = {
    "disclosed": "（一）予以公开",
    "already_public": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld_secret": "（三）不予公开/1.属于国家秘密",
    "withheld_law": "（三）不予公开/2.其他法律行政法规禁止公开",
    "withheld_security": "（三）不予公开/3.危及“三安全一稳定”",
    "withheld_third_party": "（三）不予公开/4.保护第三方合法权益",
    "withheld_internal": "（三）不予公开/5.属于三类内部事务信息",
    "withheld_process": "（三）不予公开/6.属于四类过程性信息",
    "withheld_enforcement": "（三）不予公开/7.属于行政执法案卷",
    "withheld_query": "（三）不予公开/8.属于行政查询事项",
    "not_held": "（四）无法提供/1.本机关不掌握相关政府信息",
    "not_responsible": "（四）无法提供/1.本机关不掌握相关政府信息",
    "needs_compiling": "（四）无法提供/2.没有现成信息需要另行制作",
    "still_unclear": "（四）无法提供/3.补正后申请内容仍不明确",
    "petition": "（五）不予处理/1.信访举报投诉类申请",
    "repeat": "（五）不予处理/2.重复申请",
    "publication": "（五）不予处理/3.要求提供公开出版物",
    "excessive": "（五）不予处理/4.无正当理由大量反复申请",
    "confirm": "（五）不予处理/5.要求行政机关确认或重新出具已获取信息",
    "no_clarification": "（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "fee_unpaid": "（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other": "（六）其他处理/3.其他",
}


def test_every_outcome_maps_to_its_official_row():
    assert {o.code: o.row for o in rules.OUTCOMES} == EXPECTED_ROWS
    assert set(EXPECTED_ROWS.values()) == set(rules.RESULT_ROWS)
    assert len(rules.RESULT_ROWS) == 21


def test_every_letter_cites_the_articles():
    for o in rules.OUTCOMES:
        assert o.articles.startswith(
            ("《中华人民共和国政府信息公开条例》", "《政府信息公开信息处理费管理办法》")
        )
    assert rules.OUTCOME_BY_CODE["withheld_secret"].articles.endswith("第三十六条第（三）项")


def test_table_labels_are_the_official_ones():
    assert annual.SECTIONS == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert annual.COLUMNS == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert annual.TABLE3_ROWS[0] == "一、本年新收政府信息公开申请数量"
    assert annual.TABLE3_ROWS[1] == "二、上年结转政府信息公开申请数量"
    assert "三、本年度办理结果/（三）不予公开/1.属于国家秘密" in annual.TABLE3_ROWS
    assert annual.TABLE3_ROWS[-2] == "三、本年度办理结果/（七）总计"
    assert annual.TABLE3_ROWS[-1] == "四、结转下年度继续办理"
    assert len(annual.TABLE3_ROWS) == 25
