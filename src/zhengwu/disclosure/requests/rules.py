"""The law as data: channels and the receipt date of 条例 §31, applicant kinds (the annual
report's columns), every legal answer of 条例 §§30, 35–39 with its annual-report row
(domain-rules §1.2), and the 信息处理费 tariffs of 国办函〔2020〕109号."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhengwu.core.errors import Invalid
from zhengwu.org.models import Agency

# ---------------------------------------------------------------- channels (条例 §31)
ONLINE, LETTER, REGISTERED_POST, MAIL, FAX, VISIT = (
    "online",
    "letter",
    "registered_post",
    "mail",
    "fax",
    "visit",
)
OTHER_CHANNEL = "other"
CHANNELS = [
    (ONLINE, "互联网渠道"),
    (LETTER, "当面提交书面申请"),
    (REGISTERED_POST, "挂号信、EMS等需签收的邮件"),
    (MAIL, "平常信函"),
    (FAX, "传真"),
    (VISIT, "当面口头提出（代为填写）"),
    # Only from an imported register whose 申请方式 reads 其他: not offered when registering.
    (OTHER_CHANNEL, "其他方式"),
]
CHANNEL_LABELS = dict(CHANNELS)
REGISTERED_CHANNELS = [c for c in CHANNELS if c[0] != OTHER_CHANNEL]
# The date that decides which event makes the receipt date, per channel.
RECEIPT_BASIS = {
    ONLINE: "双方确认之日",
    FAX: "双方确认之日",
    REGISTERED_POST: "行政机关签收之日",
    MAIL: "政府信息公开工作机构于收到申请当日与申请人确认之日",
    LETTER: "申请人提交之日",
    VISIT: "申请人提交之日",
    OTHER_CHANNEL: "登记簿记载的收到申请之日",
}


def receipt_date(
    channel: str,
    *,
    submitted_on: dt.date | None = None,
    signed_for_on: dt.date | None = None,
    arrived_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
) -> dt.date:
    """条例 §31: the date a request counts as received, by channel.

    In person (letter or oral): the day it is handed in. Registered post: the day the agency signs
    for it. Ordinary mail: the agency confirms with the applicant on the day it arrives; that day.
    Internet or the office's fax: the day both sides confirm.
    """
    if channel not in dict(REGISTERED_CHANNELS):
        raise Invalid("申请渠道不正确", code="bad_channel", field="channel")
    if channel in (LETTER, VISIT):
        if not submitted_on:
            raise Invalid("当面提交的申请应填写提交日期", code="submitted_on_required")
        return submitted_on
    if channel == REGISTERED_POST:
        if not signed_for_on:
            raise Invalid("挂号信等邮件应填写签收日期", code="signed_for_on_required")
        return signed_for_on
    if channel == MAIL:
        if not arrived_on or not confirmed_on:
            raise Invalid("平常信函应填写到达日期和与申请人确认日期", code="mail_dates_required")
        if confirmed_on != arrived_on:
            raise Invalid(
                "平常信函应于收到当日与申请人确认（条例第三十一条第（三）项），确认日期应与到达日期相同",
                code="mail_confirm_same_day",
                field="confirmed_on",
            )
        return confirmed_on
    if not confirmed_on:
        raise Invalid("互联网渠道和传真提交的申请应填写双方确认日期", code="confirmed_on_required")
    return confirmed_on


# ---------------------------------------------------------------- applicant kinds (年报 表三 columns)
NATURAL, BUSINESS, RESEARCH, PUBLIC_WELFARE, LEGAL_SERVICE, OTHER_ORG = (
    "natural",
    "business",
    "research",
    "public_welfare",
    "legal_service",
    "other_org",
)
APPLICANT_KINDS = [
    (NATURAL, "自然人"),
    (BUSINESS, "商业企业"),
    (RESEARCH, "科研机构"),
    (PUBLIC_WELFARE, "社会公益组织"),
    (LEGAL_SERVICE, "法律服务机构"),
    (OTHER_ORG, "其他"),
]
APPLICANT_LABELS = dict(APPLICANT_KINDS)
TABLE3_COLUMNS = [label for _code, label in APPLICANT_KINDS] + ["总计"]

# ---------------------------------------------------------------- outcomes (条例 §§30, 35–39)
R3 = "三、本年度办理结果"
WITHHELD = "（三）不予公开"
UNAVAILABLE = "（四）无法提供"
NOT_HANDLED = "（五）不予处理"
OTHER = "（六）其他处理"
PARTIAL_LABEL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"

TIAOLI = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True)
class Outcome:
    code: str
    label: str
    row: str  # the row path below 三、本年度办理结果 (domain-rules §2.6)
    articles: str  # the articles the answer letter cites
    letter: str  # the decision paragraph of the 答复书
    needs_reason: bool = False
    # The answer gives the applicant information (条例 §36(一)(二), §37): it goes with the
    # letter, as files or links to published documents, or the letter says how it is provided.
    provides: bool = False


OUTCOMES = [
    Outcome(
        "disclosed",
        "予以公开",
        "（一）予以公开",
        f"{TIAOLI}第三十六条第（二）项",
        "经审查，您申请获取的政府信息属于可以公开的政府信息，现予以提供（获取方式、途径和时间见下文）。",
        provides=True,
    ),
    Outcome(
        "already_public",
        "已主动公开，告知获取方式",
        "（一）予以公开",
        f"{TIAOLI}第三十六条第（一）项",
        "经审查，您申请获取的政府信息已经主动公开，现告知您获取该政府信息的方式、途径。",
        provides=True,
    ),
    Outcome(
        "partial",
        "部分公开",
        PARTIAL_LABEL,
        f"{TIAOLI}第三十七条",
        "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，"
        "但能够作区分处理，现向您提供可以公开的部分，并说明不予公开部分的理由。",
        True,
        provides=True,
    ),
    Outcome(
        "withheld_secret",
        "不予公开：属于国家秘密",
        f"{WITHHELD}/1.属于国家秘密",
        f"{TIAOLI}第十四条、第三十六条第（三）项",
        "经审查，您申请获取的政府信息属于依法确定的国家秘密，根据规定不予公开。",
        True,
    ),
    Outcome(
        "withheld_law",
        "不予公开：其他法律行政法规禁止公开",
        f"{WITHHELD}/2.其他法律行政法规禁止公开",
        f"{TIAOLI}第十四条、第三十六条第（三）项",
        "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，根据规定不予公开。",
        True,
    ),
    Outcome(
        "withheld_security",
        "不予公开：危及“三安全一稳定”",
        f"{WITHHELD}/3.危及“三安全一稳定”",
        f"{TIAOLI}第十四条、第三十六条第（三）项",
        "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，根据规定不予公开。",
        True,
    ),
    Outcome(
        "withheld_third_party",
        "不予公开：保护第三方合法权益",
        f"{WITHHELD}/4.保护第三方合法权益",
        f"{TIAOLI}第十五条、第三十二条、第三十六条第（三）项",
        "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，根据规定不予公开。",
        True,
    ),
    Outcome(
        "withheld_internal",
        "不予公开：属于三类内部事务信息",
        f"{WITHHELD}/5.属于三类内部事务信息",
        f"{TIAOLI}第十六条第一款、第三十六条第（三）项",
        "经审查，您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，根据规定不予公开。",
        True,
    ),
    Outcome(
        "withheld_process",
        "不予公开：属于四类过程性信息",
        f"{WITHHELD}/6.属于四类过程性信息",
        f"{TIAOLI}第十六条第二款、第三十六条第（三）项",
        "经审查，您申请获取的政府信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，根据规定不予公开。",
        True,
    ),
    Outcome(
        "withheld_enforcement",
        "不予公开：属于行政执法案卷",
        f"{WITHHELD}/7.属于行政执法案卷",
        f"{TIAOLI}第十六条第二款、第三十六条第（三）项",
        "经审查，您申请获取的政府信息属于行政执法案卷信息，根据规定不予公开。",
        True,
    ),
    Outcome(
        "withheld_query",
        "不予公开：属于行政查询事项",
        f"{WITHHELD}/8.属于行政查询事项",
        f"{TIAOLI}第三十六条第（七）项",
        "经审查，您申请获取的信息属于工商、不动产登记资料等有关法律、行政法规对信息的获取有特别规定的事项，"
        "请依照有关法律、行政法规的规定办理。",
    ),
    Outcome(
        "not_held",
        "无法提供：本机关不掌握相关政府信息",
        f"{UNAVAILABLE}/1.本机关不掌握相关政府信息",
        f"{TIAOLI}第三十六条第（四）项",
        "经检索，本机关未制作或者获取您申请的政府信息，该政府信息不存在。",
    ),
    Outcome(
        "not_responsible",
        "无法提供：非本机关负责公开",
        f"{UNAVAILABLE}/1.本机关不掌握相关政府信息",
        f"{TIAOLI}第三十六条第（五）项",
        "经审查，您申请获取的政府信息不属于本机关负责公开，负责公开该政府信息的行政机关及其联系方式见下文。",
        True,
    ),
    Outcome(
        "needs_compiling",
        "无法提供：没有现成信息需要另行制作",
        f"{UNAVAILABLE}/2.没有现成信息需要另行制作",
        f"{TIAOLI}第三十八条",
        "经审查，本机关没有您所申请的现成信息，提供该信息需要对现有政府信息进行加工、分析，本机关不予提供。",
    ),
    Outcome(
        "still_unclear",
        "无法提供：补正后申请内容仍不明确",
        f"{UNAVAILABLE}/3.补正后申请内容仍不明确",
        f"{TIAOLI}第二十九条、第三十条",
        "经审查，您补正后的申请内容仍不明确，本机关无法确定您所需的政府信息，无法提供。",
    ),
    Outcome(
        "petition",
        "不予处理：信访举报投诉类申请",
        f"{NOT_HANDLED}/1.信访举报投诉类申请",
        f"{TIAOLI}第三十九条第一款",
        "经审查，您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，"
        "您可以通过相应渠道提出。",
    ),
    Outcome(
        "repeat",
        "不予处理：重复申请",
        f"{NOT_HANDLED}/2.重复申请",
        f"{TIAOLI}第三十六条第（六）项",
        "经审查，本机关已就您申请公开的政府信息作出答复，您重复申请公开相同政府信息，本机关不予重复处理。",
    ),
    Outcome(
        "publication",
        "不予处理：要求提供公开出版物",
        f"{NOT_HANDLED}/3.要求提供公开出版物",
        f"{TIAOLI}第三十九条第二款",
        "经审查，您要求提供政府公报、报刊、书籍等公开出版物，您可以通过下文所列途径获取。",
    ),
    Outcome(
        "excessive",
        "不予处理：无正当理由大量反复申请",
        f"{NOT_HANDLED}/4.无正当理由大量反复申请",
        f"{TIAOLI}第三十五条",
        "经审查，您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，本机关不予处理。",
        True,
    ),
    Outcome(
        "confirm",
        "不予处理：要求行政机关确认或重新出具已获取信息",
        f"{NOT_HANDLED}/5.要求行政机关确认或重新出具已获取信息",
        f"{TIAOLI}第二条",
        "经审查，您要求本机关确认或者重新出具已获取的信息，不属于《中华人民共和国政府信息公开条例》"
        "所指的政府信息公开申请，本机关不予处理。",
    ),
    Outcome(
        "no_clarification",
        "其他处理：逾期不补正",
        f"{OTHER}/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        f"{TIAOLI}第三十条",
        "本机关已书面告知您补正申请，您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    Outcome(
        "fee_unpaid",
        "其他处理：逾期未按收费通知缴费",
        f"{OTHER}/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
        "本机关已向您发出收费通知，您逾期未按收费通知要求缴纳信息处理费，本机关不再处理该政府信息公开申请。",
    ),
    Outcome(
        "other",
        "其他处理：其他",
        f"{OTHER}/3.其他",
        TIAOLI,
        "本机关对您的申请作如下处理：",
        True,
    ),
]
OUTCOME_BY_CODE = {o.code: o for o in OUTCOMES}
OUTCOME_CHOICES = [(o.code, o.label) for o in OUTCOMES]
PROVIDING = [o.code for o in OUTCOMES if o.provides]
# Outcomes an officer chooses in 答复; the two 其他处理 of §30 and the fee end through their own paths.
ANSWER_CHOICES = [
    (o.code, o.label) for o in OUTCOMES if o.code not in ("no_clarification", "fee_unpaid")
]

# Table 三's leaf rows under 三、本年度办理结果, in order (domain-rules §2.3 r3–r23).
RESULT_ROWS = [
    "（一）予以公开",
    PARTIAL_LABEL,
    *[
        f"{WITHHELD}/{x}"
        for x in [
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
        ]
    ],
    *[
        f"{UNAVAILABLE}/{x}"
        for x in [
            "1.本机关不掌握相关政府信息",
            "2.没有现成信息需要另行制作",
            "3.补正后申请内容仍不明确",
        ]
    ],
    *[
        f"{NOT_HANDLED}/{x}"
        for x in [
            "1.信访举报投诉类申请",
            "2.重复申请",
            "3.要求提供公开出版物",
            "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息",
        ]
    ],
    *[
        f"{OTHER}/{x}"
        for x in [
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3.其他",
        ]
    ],
]
# For the import: the row path (or the short （二）部分公开) → the outcome it stands for.
OUTCOME_BY_ROW: dict[str, str] = {}
for _o in OUTCOMES:
    OUTCOME_BY_ROW.setdefault(_o.row, _o.code)
OUTCOME_BY_ROW["（二）部分公开"] = "partial"

# ---------------------------------------------------------------- 信息处理费 (国办函〔2020〕109号)
PER_ITEM, PER_VOLUME = "per_item", "per_volume"
FEE_METHODS = [(PER_ITEM, "按件计收"), (PER_VOLUME, "按量计收")]


def per_item_fee(nth_in_month: int) -> int:
    """按件计收: the fee in 元 for an applicant's n-th request in one calendar month.

    1–10 free; 11–30 100元/件; from the 31st, every further band of 10 adds 100元/件
    (31–40 200元, 41–50 300元, …).
    """
    if nth_in_month < 1:
        raise Invalid("申请序号应从1开始", code="bad_nth")
    if nth_in_month <= 10:
        return 0
    if nth_in_month <= 30:
        return 100
    return 100 + 100 * ((nth_in_month - 31) // 10 + 1)


def per_volume_fee(pages: int) -> int:
    """按量计收 for one request, progressive: ≤30 pages free; 31–100 10元/页; 101–200 20元/页;
    from 201 40元/页."""
    if pages < 0:
        raise Invalid("页数不能为负数", code="bad_pages", field="pages")
    fee = 0
    for low, high, rate in ((31, 100, 10), (101, 200, 20), (201, None, 40)):
        if pages >= low:
            top = pages if high is None else min(pages, high)
            fee += (top - low + 1) * rate
    return fee


def report_due(agency: Agency, year: int) -> dt.date:
    """条例 §49: departments publish by 1-31, governments (their 主管部门) by 3-31 of the next year."""
    return (
        dt.date(year + 1, 3, 31) if agency.kind == Agency.GOVERNMENT else dt.date(year + 1, 1, 31)
    )
