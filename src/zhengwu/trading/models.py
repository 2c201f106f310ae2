"""公共资源交易: the rules of its periods, its projects and their notices, and the 异议/质疑 and
投诉 raised against them (domain-rules-trading-sites-archive §0–1).

A project (项目, the spec's TENDER_PROJECT / PURCHASE_PROJECT / a land parcel / a property) belongs
to the body that trades (招标人/采购人/出让人/转让方) in a jurisdiction, is run in a trading centre
that is part of a service centre, and moves through the steps of its kind (`steps.STEPS`). Each
step records its dates under the national names (`DATE_NAMES`) and, where the step is public,
publishes a notice. The periods between the dates are `Rule` rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengwu.core.models import Clock
from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency, Jurisdiction, ServiceCentre

ENGINEERING, PROCUREMENT, LAND, PROPERTY, OTHER = (
    "engineering",
    "procurement",
    "land",
    "property",
    "other",
)
KINDS = [
    (ENGINEERING, "工程建设项目招标投标"),
    (PROCUREMENT, "政府采购"),
    (LAND, "国有建设用地使用权出让"),
    (PROPERTY, "企业国有产权（资产）交易"),
    (OTHER, "其他公共资源交易"),
]
KIND_LABELS = dict(KINDS)

# 政府采购法 §26 and 财库〔2014〕214号; 招标投标法 §10; 国土资源部令第39号; 国资委 财政部令第32号.
METHODS: dict[str, list[tuple[str, str]]] = {
    ENGINEERING: [("open_tender", "公开招标"), ("invited_tender", "邀请招标")],
    PROCUREMENT: [
        ("open_tender", "公开招标"),
        ("invited_tender", "邀请招标"),
        ("competitive_negotiation", "竞争性谈判"),
        ("competitive_consultation", "竞争性磋商"),
        ("inquiry", "询价"),
        ("single_source", "单一来源采购"),
    ],
    LAND: [("tender", "招标出让"), ("auction", "拍卖出让"), ("listing", "挂牌出让")],
    PROPERTY: [
        ("transfer", "产权转让"),
        ("capital_increase", "增资扩股"),
        ("asset_transfer", "资产转让"),
    ],
    OTHER: [("other", "其他方式")],
}

# The dates of a project, by kind, under the names of the schedule-check contract.
DATE_NAMES: dict[str, dict[str, str]] = {
    ENGINEERING: {
        "documents_issued": "招标文件发出日",
        "amendment_issued": "澄清或者修改发出日",
        "bid_deadline": "投标截止日（开标日）",
        "report_received": "收到评标报告日",
        "candidates_published": "中标候选人公示发布日",
        "publicity_ends": "公示截止日",
        "award_notice": "中标通知书发出日",
        "contract_signed": "合同签订日",
    },
    PROCUREMENT: {
        "intent_published": "采购意向公开日",
        "documents_issued": "采购文件发出日",
        "bid_deadline": "投标（响应）截止日",
        "result_confirmed": "采购人确定中标（成交）供应商日",
        "result_published": "中标（成交）结果公告日",
        "contract_signed": "合同签订日",
        "contract_published": "合同公告日",
    },
    LAND: {
        "announced": "出让公告发布日",
        "listing_starts": "挂牌起始日",
        "listing_ends": "挂牌截止日",
    },
    PROPERTY: {
        "disclosure_starts": "信息披露起始日",
        "disclosure_ends": "信息披露截止日",
    },
    OTHER: {},
}

# Where each kind's notices are published besides the trading column: the key-area column of
# the disclosure catalogue (disclosure.catalogue.KEY_AREAS).
KEY_AREA_COLUMNS = {
    ENGINEERING: "k-gczbtb",
    PROCUREMENT: "k-zfcg",
    LAND: "k-tdzpg",
    PROPERTY: "k-gycq",
    OTHER: "k-ggzypz",
}


class Rule(models.Model):
    """One period of the law, as data: between two dates of a project (or on one), its number
    in 日 or 工作日 (never converted), the article, and whether breaking it refuses the step or
    warns. The rows are seeded from `rules.SEED`; the office may change a number of a rule marked
    unverified on /workbench/trading/rules/."""

    AT_LEAST, AT_MOST, WORKDAY, SUSPENDS = "at_least", "at_most", "workday", "suspends"
    RELATIONS = [
        (AT_LEAST, "最短间隔"),
        (AT_MOST, "最迟日期"),
        (WORKDAY, "应为工作日"),
        (SUSPENDS, "暂停程序"),
    ]
    REFUSE, WARN = "refuse", "warn"
    ENFORCEMENTS = [(REFUSE, "不予发布"), (WARN, "提示")]

    code = models.CharField("规则编号", max_length=12, unique=True)
    trade_kind = models.CharField("交易类型", max_length=12, choices=KINDS)
    methods = models.CharField("适用方式", max_length=200, blank=True)  # comma list; "" = all
    name = models.CharField("规则", max_length=120)
    relation = models.CharField("类型", max_length=10, choices=RELATIONS)
    from_field = models.CharField("起算日期", max_length=40, blank=True)
    to_field = models.CharField("受约束日期", max_length=40)
    number = models.PositiveIntegerField("期限")
    unit = models.CharField("单位", max_length=8, choices=Clock.UNITS, default=Clock.CALENDAR_DAYS)
    article = models.CharField("依据", max_length=200)
    enforcement = models.CharField("违反时", max_length=8, choices=ENFORCEMENTS, default=REFUSE)
    verified = models.BooleanField("已核实", default=True)
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["trade_kind", "order", "code"]
        verbose_name = "交易期限规则"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def amount(self) -> str:
        return f"{self.number}个工作日" if self.unit == Clock.WORKDAYS else f"{self.number}日"

    def applies_to(self, method: str) -> bool:
        return not self.methods or method in self.methods.split(",")


class Project(models.Model):
    """A trading project and where it stands. `dates` holds the project's dates by their
    national names (planned ones before the step, actual ones after)."""

    PLANNED, NOTICE, OPENED, EVALUATED, PUBLICITY, AWARDED, CONTRACTED, CLOSED, TERMINATED = (
        "planned",
        "notice",
        "opened",
        "evaluated",
        "publicity",
        "awarded",
        "contracted",
        "closed",
        "terminated",
    )
    STATES = [
        (PLANNED, "待发布公告"),
        (NOTICE, "公告期"),
        (OPENED, "已开标"),
        (EVALUATED, "评审完成"),
        (PUBLICITY, "结果公示期"),
        (AWARDED, "已确定中标（成交）人"),
        (CONTRACTED, "已签订合同"),
        (CLOSED, "已完成"),
        (TERMINATED, "已终止"),
    ]

    kind = models.CharField("交易类型", max_length=12, choices=KINDS)
    method = models.CharField("交易方式", max_length=30)
    code = models.CharField("项目编号", max_length=50, unique=True)
    unified_deal_code = models.CharField("统一交易标识码", max_length=60, unique=True)
    name = models.CharField("项目名称", max_length=200)
    content = models.TextField("项目概况", blank=True)
    owner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="招标人（采购人、出让人）"
    )
    agent_name = models.CharField("代理机构", max_length=100, blank=True)
    centre = models.ForeignKey(
        ServiceCentre,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="交易场所",
    )
    supervisor = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="行政监督部门",
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name="所属行政区域"
    )
    scope_path = models.CharField(max_length=64, db_index=True)  # = owner.scope_path
    budget = models.DecimalField(
        "预算金额（元）", max_digits=16, decimal_places=2, null=True, blank=True
    )
    statutory = models.BooleanField("依法必须招标", default=True)
    state_funded = models.BooleanField("国有资金占控股或者主导地位", default=True)
    details = models.JSONField("其他信息", default=dict, blank=True)  # spec fields by kind
    dates = models.JSONField("日期", default=dict, blank=True)
    state = models.CharField("状态", max_length=12, choices=STATES, default=PLANNED)
    # A process suspended while an 异议 or 质疑 is answered (实施条例 §22, §54; 政府采购法 §57).
    suspended = models.BooleanField("暂停", default=False)
    created_on = models.DateField("登记日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    workflow: Workflow  # set by steps.py, which declares every step once

    class Meta:
        ordering = ["-created_on", "-id"]
        verbose_name = "交易项目"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["scope_path", "kind"], name="trading_project_scope_kind"),
            models.Index(fields=["owner", "state"], name="trading_project_owner_state"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def method_label(self) -> str:
        return dict(METHODS.get(self.kind, [])).get(self.method, self.method)


class Section(models.Model):
    """标段（包）: the spec's SECTION / PURCHASE_SECTION."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField("标段（包）编号", max_length=60)
    name = models.CharField("标段（包）名称", max_length=200)
    content = models.TextField("标段（包）内容", blank=True)
    budget = models.DecimalField(
        "合同估算价（元）", max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["project", "code"]
        verbose_name = "标段（包）"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="trading_section_code_once")
        ]

    def __str__(self) -> str:
        return self.name


class Notice(models.Model):
    """A notice of a project as published (公告/公示), or a record of a step kept with the
    project (开标记录 is published; 中标通知书 is sent to the winner, its result published)."""

    KINDS = [
        ("intent", "采购意向公开"),
        ("prequalification", "资格预审公告"),
        ("tender", "招标（采购）公告"),
        ("amendment", "变更（澄清）公告"),
        ("opening", "开标记录"),
        ("candidates", "中标候选人公示"),
        ("result", "中标（成交）结果公告"),
        ("contract", "合同公告"),
        ("land_announcement", "国有建设用地使用权出让公告"),
        ("land_result", "成交公示"),
        ("property_pre", "产权转让预披露公告"),
        ("property_formal", "正式信息披露公告"),
        ("property_result", "成交公告"),
        ("termination", "终止公告"),
    ]
    KIND_LABELS = dict(KINDS)
    PUBLISHED, WITHDRAWN = "published", "withdrawn"
    STATES = [(PUBLISHED, "已发布"), (WITHDRAWN, "已撤回")]

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField("公告类型", max_length=20, choices=KINDS)
    title = models.CharField("公告标题", max_length=300)
    body = models.TextField("公告内容", blank=True)
    facts = models.JSONField("公告要素", default=dict, blank=True)  # candidates, winner, amounts
    published_on = models.DateField("发布日期", db_index=True)
    # A 公示 (candidates, result, disclosure): until when it runs, and how to object.
    publicity_ends = models.DateField("公示截止日", null=True, blank=True)
    objection_until = models.DateField("异议（质疑）截止日", null=True, blank=True)
    objection_method = models.CharField("提出异议（质疑）的渠道和方式", max_length=500, blank=True)
    document = models.ForeignKey(
        "disclosure.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="重点领域公开栏目中的文件",
    )
    state = models.CharField("状态", max_length=10, choices=STATES, default=PUBLISHED)
    scope_path = models.CharField(max_length=64, db_index=True)  # = project.scope_path
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = "交易公告"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(
                fields=["scope_path", "state", "-published_on"], name="trading_notice_scope"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        return self.KIND_LABELS.get(self.kind, self.kind)


OBJECTION_FILED = "trading.objection_filed"
OBJECTION_ANSWERED = "trading.objection_answered"
COMPLAINT_FILED = "trading.complaint_filed"
COMPLAINT_ACCEPTED = "trading.complaint_accepted"
COMPLAINT_REFUSED = "trading.complaint_refused"
COMPLAINT_DECIDED = "trading.complaint_decided"


class Objection(models.Model):
    """异议 (招标投标, to the 招标人) or 质疑 (政府采购, to the 采购人), filed online by a registered
    enterprise and answered within the legal period (T8: 3 日; P24: 7 个工作日)."""

    OBJECTION, CHALLENGE = "objection", "challenge"
    KINDS = [(OBJECTION, "异议"), (CHALLENGE, "质疑")]
    FILED, ANSWERED = "filed", "answered"
    STATES = [(FILED, "待答复"), (ANSWERED, "已答复")]

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="objections")
    notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="objections"
    )
    kind = models.CharField("类型", max_length=10, choices=KINDS)
    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="提出人"
    )
    filer_name = models.CharField("提出人名称", max_length=100)
    filer_usci = models.CharField("统一社会信用代码", max_length=18)
    contact = models.CharField("联系人", max_length=30, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    subject = models.CharField("事项", max_length=200)
    content = models.TextField("异议（质疑）内容")
    filed_on = models.DateField("提出日期")
    state = models.CharField("状态", max_length=10, choices=STATES, default=FILED)
    answer = models.TextField("答复内容", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    late = models.BooleanField("超期答复", default=False)
    scope_path = models.CharField(max_length=64, db_index=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")  # = owner
    version = models.PositiveIntegerField(default=1)

    workflow = Workflow(
        "state",
        Transition(OBJECTION_ANSWERED, "答复", (FILED,), ANSWERED, refused="该异议（质疑）已答复"),
    )

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = "异议（质疑）"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.subject}"


class Complaint(models.Model):
    """投诉 to the 行政监督部门 (招标投标法实施条例 §60–61; 政府采购法 §55–56): checked for
    acceptance, then decided in writing, each on its own clock."""

    FILED, ACCEPTED, REFUSED, DECIDED = "filed", "accepted", "refused", "decided"
    STATES = [(FILED, "待审查"), (ACCEPTED, "已受理"), (REFUSED, "不予受理"), (DECIDED, "已处理")]

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="complaints")
    objection = models.ForeignKey(
        Objection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name="此前的异议（质疑）",
    )
    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="投诉人"
    )
    filer_name = models.CharField("投诉人名称", max_length=100)
    filer_usci = models.CharField("统一社会信用代码", max_length=18)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    content = models.TextField("投诉事项和主张")
    reason = models.TextField("事实和理由", blank=True)
    filed_on = models.DateField("投诉日期")
    supervisor = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="行政监督部门"
    )
    state = models.CharField("状态", max_length=10, choices=STATES, default=FILED)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    decided_on = models.DateField("处理决定日期", null=True, blank=True)
    decision = models.TextField("处理决定", blank=True)
    basis = models.CharField("处理依据", max_length=300, blank=True)
    refuse_reason = models.CharField("不予受理理由", max_length=500, blank=True)
    scope_path = models.CharField(max_length=64, db_index=True)
    version = models.PositiveIntegerField(default=1)

    workflow = Workflow(
        "state",
        Transition(COMPLAINT_ACCEPTED, "受理", (FILED,), ACCEPTED, refused="该投诉已审查"),
        Transition(COMPLAINT_REFUSED, "不予受理", (FILED,), REFUSED, refused="该投诉已审查"),
        Transition(
            COMPLAINT_DECIDED,
            "作出处理决定",
            (ACCEPTED,),
            DECIDED,
            refused="该投诉尚未受理或已处理",
        ),
    )

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = "投诉"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"投诉：{self.project.name}"
