"""依申请公开 requests, their consultations and remedies, and the yearly report's editable parts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengwu.core.masking import mask_id_number, mask_name, mask_phone, mask_text
from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency

from . import rules


class Request(models.Model):
    """依申请公开 — a request for disclosure under 条例 §27, handled per §45:
    登记 → 审核 → 办理 → 答复 → 归档."""

    REGISTERED, REVIEWING, CLARIFYING, HANDLING, ANSWERED, ARCHIVED = (
        "registered",
        "reviewing",
        "clarifying",
        "handling",
        "answered",
        "archived",
    )
    STATUSES = [
        (REGISTERED, "登记"),
        (REVIEWING, "审核"),
        (CLARIFYING, "待补正"),
        (HANDLING, "办理"),
        (ANSWERED, "答复"),
        (ARCHIVED, "归档"),
    ]
    OPEN_STATUSES = [REGISTERED, REVIEWING, CLARIFYING, HANDLING]

    FORMS = [("paper", "纸质"), ("electronic", "电子文本"), ("other", "其他")]
    DELIVERIES = [
        ("pickup", "自行领取"),
        ("post", "邮寄"),
        ("email", "电子邮件"),
        ("online", "网上获取"),
        ("viewing", "当场阅读、抄录"),
    ]

    number = models.CharField("申请编号", max_length=24, unique=True)
    query_code_hash = models.CharField(max_length=64)
    client_key = models.CharField(max_length=64, blank=True, default="")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="info_requests")
    scope_path = models.CharField(max_length=64, db_index=True)

    channel = models.CharField("申请渠道", max_length=16, choices=rules.CHANNELS)
    arrived_on = models.DateField("到达/提交日期")
    received_on = models.DateField("收到申请之日（条例第三十一条）", db_index=True)
    receipt_basis = models.CharField("收到日期依据", max_length=60)

    applicant_kind = models.CharField("申请人类型", max_length=16, choices=rules.APPLICANT_KINDS)
    applicant_name = models.CharField("申请人姓名/名称", max_length=100)
    applicant_id_number = models.CharField(
        "身份证件号码/统一社会信用代码", max_length=18, db_index=True
    )
    applicant_phone = models.CharField("联系电话", max_length=20)
    applicant_address = models.CharField("通信地址", max_length=200, blank=True)
    applicant_email = models.EmailField("电子邮箱", blank=True)
    contact_person = models.CharField("联系人（法人或其他组织）", max_length=40, blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="info_requests",
    )

    subject = models.CharField("所需政府信息名称", max_length=200)
    description = models.TextField("所需政府信息的内容描述（文号等）", blank=True)
    form = models.CharField(
        "信息的指定提供形式", max_length=12, choices=FORMS, default="electronic"
    )
    delivery = models.CharField(
        "获取信息的方式", max_length=12, choices=DELIVERIES, default="online"
    )

    status = models.CharField("状态", max_length=12, choices=STATUSES, default=REGISTERED)
    outcome = models.CharField(
        "答复结果", max_length=24, choices=rules.OUTCOME_CHOICES, blank=True, default=""
    )
    outcome_row = models.CharField("年报统计行", max_length=120, blank=True, default="")
    answer_reason = models.TextField("答复理由与说明", blank=True)
    provided_otherwise = models.TextField(
        "其他提供方式（未随答复书附送信息时，写明方式、地点和时间）", blank=True, default=""
    )
    answered_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)

    clarify_request = models.TextField("补正内容", blank=True)
    clarify_noticed_on = models.DateField("补正告知日期", null=True, blank=True)
    clarified_on = models.DateField("收到补正日期", null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField("延长工作日", default=0)

    fee_method = models.CharField(
        "收费方式", max_length=12, choices=rules.FEE_METHODS, blank=True, default=""
    )
    fee_pages = models.PositiveIntegerField("页数", null=True, blank=True)
    fee_yuan = models.DecimalField("信息处理费（元）", max_digits=10, decimal_places=2, default=0)
    fee_noticed_on = models.DateField("收费通知日期", null=True, blank=True)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField("版本", default=1)

    # 条例 §45 in one table (core/workflow.py): each action, the states it may be taken from and
    # the state it leaves; the action is also the audit event and the permission rule.
    workflow = Workflow(
        "status",
        Transition("disclosure_request.review", "开始审核", (REGISTERED,), REVIEWING),
        Transition("disclosure_request.handle", "转入办理", (REGISTERED, REVIEWING), HANDLING),
        Transition(
            "disclosure_request.clarify_notice", "告知补正", (REGISTERED, REVIEWING), CLARIFYING
        ),
        Transition("disclosure_request.clarified", "登记补正", (CLARIFYING,), REVIEWING),
        Transition("disclosure_request.abandoned", "按逾期不补正处理", (CLARIFYING,), ANSWERED),
        Transition("disclosure_request.extend", "延期", (REGISTERED, REVIEWING, HANDLING)),
        Transition("disclosure_request.consult", "征求意见", (REVIEWING, HANDLING)),
        Transition("disclosure_request.fee_notice", "发出收费通知", (REVIEWING, HANDLING)),
        Transition("disclosure_request.fee_paid", "登记缴费", tuple(OPEN_STATUSES)),
        Transition(
            "disclosure_request.fee_unpaid", "按逾期未缴费处理", tuple(OPEN_STATUSES), ANSWERED
        ),
        Transition(
            "disclosure_request.answer", "答复", (REGISTERED, REVIEWING, HANDLING), ANSWERED
        ),
        Transition("disclosure_request.archive", "归档", (ANSWERED,), ARCHIVED),
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "政府信息公开申请"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["agency", "received_on"], name="inforeq_agency_received"),
            models.Index(fields=["agency", "answered_on"], name="inforeq_agency_answered"),
            models.Index(fields=["status", "scope_path"], name="inforeq_status_scope"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client_key"], condition=~models.Q(client_key=""), name="inforeq_key_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def outcome_info(self) -> rules.Outcome | None:
        return rules.OUTCOME_BY_CODE.get(self.outcome)

    # Masked forms for public pages and for lists seen by roles that do not handle the request.
    @property
    def masked_name(self) -> str:
        if self.applicant_kind == rules.NATURAL:
            return mask_name(self.applicant_name)
        return self.applicant_name

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.applicant_id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.applicant_phone)

    @property
    def masked_subject(self) -> str:
        return mask_text(self.subject)


def released_path(instance, filename):
    # The stored name is made by the service; the uploader's file name is only displayed.
    return f"disclosure_requests/released/{instance.request_id}/{filename}"


class ReleasedItem(models.Model):
    """Information released with a 予以公开, 部分公开 or 已主动公开 answer: a file the officer
    uploaded (stored privately, downloaded by the applicant only), or a link to a document
    already published (主动公开). Fixed once the answer is issued."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="released_items")
    document = models.ForeignKey(
        "disclosure.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="已主动公开的文件",
    )
    # The 公文库 record it was taken from (its file copied, or its published document linked).
    record = models.ForeignKey(
        "disclosure_archive.OfficialDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="公文库中的公文",
    )
    title = models.CharField("名称", max_length=300)
    index_no = models.CharField("索引号", max_length=60, blank=True, default="")
    file = models.FileField(upload_to=released_path, max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True, default="")
    size = models.PositiveIntegerField("大小（字节）", default=0)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["request", "id"]
        verbose_name = "随答复提供的信息"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(document__isnull=True) & ~models.Q(file=""))
                | (models.Q(document__isnull=False) & models.Q(file="")),
                name="released_file_or_document",
            ),
            models.UniqueConstraint(
                fields=["request", "document"],
                condition=models.Q(document__isnull=False),
                name="released_document_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return not self.document_id


class Consultation(models.Model):
    """征求意见 — a written consultation of a third party (条例 §32) or another agency (§34);
    the time it takes does not count against the answer period (§33¶3)."""

    THIRD_PARTY, OTHER_AGENCY = "third_party", "other_agency"
    KINDS = [(THIRD_PARTY, "第三方"), (OTHER_AGENCY, "其他机关")]
    AGREE, OBJECT, NO_REPLY = "agree", "object", "no_reply"
    REPLIES = [(AGREE, "同意公开"), (OBJECT, "不同意公开"), (NO_REPLY, "逾期未答复")]

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField("征求对象", max_length=16, choices=KINDS)
    party_name = models.CharField("对象名称", max_length=100)
    sent_on = models.DateField("发出征求意见函日期")
    reply = models.CharField("答复", max_length=10, choices=REPLIES, blank=True, default="")
    replied_on = models.DateField("答复日期", null=True, blank=True)
    note = models.TextField("意见", blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    # Sent, then answered once (or its silence recorded): the reply is the state.
    workflow = Workflow(
        "reply",
        Transition(
            "disclosure_request.consultation_reply",
            "登记答复",
            ("",),
            refused="该征求意见已登记答复",
        ),
    )

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = "征求意见"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.party_name}"


class Remedy(models.Model):
    """行政复议 or 行政诉讼 brought against the handling of a request (年报 表四)."""

    RECONSIDERATION, DIRECT_SUIT, SUIT_AFTER = "reconsideration", "direct_suit", "suit_after"
    KINDS = [
        (RECONSIDERATION, "行政复议"),
        (DIRECT_SUIT, "行政诉讼（未经复议直接起诉）"),
        (SUIT_AFTER, "行政诉讼（复议后起诉）"),
    ]
    UPHELD, CORRECTED, OTHER, PENDING = "upheld", "corrected", "other", "pending"
    RESULTS = [
        (UPHELD, "结果维持"),
        (CORRECTED, "结果纠正"),
        (OTHER, "其他结果"),
        (PENDING, "尚未审结"),
    ]

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="remedies")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    scope_path = models.CharField(max_length=64, db_index=True)
    kind = models.CharField("类型", max_length=16, choices=KINDS)
    filed_on = models.DateField("申请/起诉日期")
    result = models.CharField("结果", max_length=10, choices=RESULTS, default=PENDING)
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.CharField("案号或说明", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    # Filed pending (or already decided), then its result recorded once.
    workflow = Workflow(
        "result",
        Transition(
            "disclosure_request.remedy_decided",
            "登记审结结果",
            (PENDING,),
            refused="该复议或诉讼已登记审结结果",
        ),
    )

    class Meta:
        ordering = ["filed_on", "id"]
        verbose_name = "行政复议、行政诉讼"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["agency", "filed_on"], name="remedy_agency_filed")]


class AnnualReport(models.Model):
    """政府信息公开工作年度报告 of one agency (or a government for its level) for one year:
    the editable sections 一, 五, 六; tables 二–四 are computed and frozen on publication."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="annual_reports")
    scope_path = models.CharField(max_length=64, db_index=True)
    year = models.PositiveSmallIntegerField("年度")
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    # Table 二's figures the platform does not hold, typed in (or imported) by the office:
    # 第二十条第（六）项 本年处理决定数量; None = not given yet (a prompt that blocks publishing).
    penalty_decisions = models.PositiveIntegerField(
        "行政处罚本年处理决定数量", null=True, blank=True
    )
    enforcement_decisions = models.PositiveIntegerField(
        "行政强制本年处理决定数量", null=True, blank=True
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_tables = models.JSONField("发布时的表格", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="annual_report_once")
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年度政府信息公开工作年度报告"


class PublicationProposal(models.Model):
    """转为主动公开建议 (条例 §44): several applicants asked this body for the same information, or
    an applicant suggested publishing it. The body decides — publish (a 主动公开 draft whose §26
    clock runs from the decision) or not, with its reason."""

    PENDING, PUBLISH, DECLINE = "pending", "publish", "decline"
    STATUSES = [(PENDING, "待决定"), (PUBLISH, "已决定公开"), (DECLINE, "决定不公开")]
    LIKE_REQUESTS, SUGGESTED = "like_requests", "suggested"
    SOURCES = [(LIKE_REQUESTS, "相同申请达到规定件数"), (SUGGESTED, "申请人建议")]

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    scope_path = models.CharField(max_length=64, db_index=True)
    subject = models.CharField("建议公开的信息", max_length=200)
    source = models.CharField("来源", max_length=16, choices=SOURCES)
    requests = models.ManyToManyField(
        Request,
        through="ProposalRequest",
        related_name="publication_proposals",
        verbose_name="相同内容的申请",
    )
    applicants = models.PositiveSmallIntegerField("申请人数", default=0)
    suggested_by_request = models.ForeignKey(
        Request,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="提出建议的申请",
    )
    suggestion_reason = models.TextField("申请人建议理由", blank=True, default="")
    proposed_on = models.DateField("提出日期")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=PENDING)
    decision_reason = models.TextField("决定理由", blank=True, default="")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="决定人",
    )
    document = models.ForeignKey(
        "disclosure.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="主动公开文件",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("版本", default=1)

    workflow = Workflow(
        "status",
        Transition(
            "disclosure_request.proposal_join",
            "列入相同申请",
            (PENDING,),
            refused="该建议已作出决定，不能再列入申请",
        ),
        Transition(
            "disclosure_request.proposal_publish",
            "决定转为主动公开",
            (PENDING,),
            PUBLISH,
            refused="该建议已作出决定",
        ),
        Transition(
            "disclosure_request.proposal_decline",
            "决定不予转为主动公开",
            (PENDING,),
            DECLINE,
            refused="该建议已作出决定",
        ),
    )

    class Meta:
        ordering = ["proposed_on", "id"]
        verbose_name = "转为主动公开建议"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["status", "scope_path"], name="proposal_status_scope"),
            models.Index(fields=["agency", "status"], name="proposal_agency_status"),
        ]

    def __str__(self) -> str:
        return f"转为主动公开建议：{self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status == self.PENDING

    @property
    def masked_subject(self) -> str:
        return mask_text(self.subject)


class ProposalRequest(models.Model):
    """A request listed in a proposal: found alike by search, or the applicant's own that
    suggested it (with the reason given)."""

    proposal = models.ForeignKey(PublicationProposal, on_delete=models.CASCADE)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="+")
    added_on = models.DateField("列入日期")
    suggestion = models.TextField("申请人建议理由", blank=True, default="")

    class Meta:
        ordering = ["request__received_on", "request_id"]
        verbose_name = "建议所列申请"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["proposal", "request"], name="proposal_request_once")
        ]
