"""办件: an application for a 政务服务事项 and its handling, from submission to delivery.

A case records the item version and flow version it runs under; its steps are the item's
steps copied onto the case. Every legal time limit of a case is a `core.Clock` (the clock is
not a method of Case); the due dates the workbench sorts by are copied onto the case row so the
待办 list is one indexed query.
"""

from django.conf import settings
from django.db import models

from zhengwu.core.clock import status_against
from zhengwu.core.models import Clock
from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency, Role
from zhengwu.services.models import Fee, Item, Material, Step


class CaseCounter(models.Model):
    """The last case number given per agency and year (numbers never repeat, gaps are allowed)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="case_counter_once")]


# The statuses in which a case waits for a member of staff (待办).
TODO_STATUSES = ["submitted", "handling", "suspended", "decided"]


class Case(models.Model):
    """办件 — one application and its handling."""

    ONLINE, WINDOW, AGENT, POST = "online", "window", "agent", "post"
    CHANNELS = [(ONLINE, "网上申请"), (WINDOW, "窗口申请"), (AGENT, "村级代办"), (POST, "快递申请")]
    PERSON, LEGAL = "person", "legal"
    APPLICANT_KINDS = [(PERSON, "自然人"), (LEGAL, "法人或其他组织")]

    SUBMITTED = "submitted"
    SUPPLEMENT = "supplement"
    HANDLING = "handling"
    SUSPENDED = "suspended"
    DECIDED = "decided"
    REFUSED = "refused"
    COMPLETED = "completed"
    STATUSES = [
        (SUBMITTED, "待受理"),
        (SUPPLEMENT, "待补正"),
        (HANDLING, "办理中"),
        (SUSPENDED, "特别程序（中止计时）"),
        (DECIDED, "已决定待送达"),
        (REFUSED, "不予受理"),
        (COMPLETED, "已办结"),
    ]
    OPEN_STATUSES = [SUBMITTED, SUPPLEMENT, HANDLING, SUSPENDED, DECIDED]

    number = models.CharField("办件编号", max_length=40)
    # 查询码: told to the applicant once, at submission; stored only as core.tracking.hash_code.
    query_code_hash = models.CharField(max_length=64)
    query_code = ""  # the code itself: set on the instance `services.submit` creates, never stored
    # A case row is rewritten at every transition, with every index, so the foreign keys
    # below have no index of their own: each leads a composite index in Meta or is never
    # filtered on alone (agent: always with origin_path). Their rows are not deleted in the
    # course of work; an admin deleting a user scans the cases once.
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="cases", db_index=False)
    item_version = models.PositiveIntegerField("事项版本")
    flow_version = models.PositiveIntegerField("流程版本")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    scope_path = models.CharField(max_length=64)  # the item's jurisdiction
    origin_path = models.CharField(max_length=64)  # where it was filed
    jurisdiction_code = models.CharField(max_length=12)

    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        db_index=False,
    )
    applicant_kind = models.CharField(max_length=8, choices=APPLICANT_KINDS, default=PERSON)
    applicant_name = models.CharField("申请人", max_length=100)
    applicant_id_number = models.CharField("身份证号", max_length=18, blank=True)
    applicant_usci = models.CharField("统一社会信用代码", max_length=18, blank=True)
    applicant_phone = models.CharField("联系电话", max_length=20)
    address = models.CharField("送达地址", max_length=200, blank=True)
    summary = models.TextField("申请事项说明", blank=True)
    # 情形: the situations of the item's materials the applicant declared (e.g. 委托他人办理的),
    # one per line; their required materials are required of this application.
    situations = models.TextField("申报情形", blank=True, default="")

    channel = models.CharField("申请渠道", max_length=8, choices=CHANNELS)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="filed_cases",
        db_index=False,
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agent_cases",
        db_index=False,
    )
    authorisation = models.FileField(
        "代办授权委托书", upload_to="cases/authorisations/", blank=True
    )
    # the submission's Idempotency-Key (core.idempotency), kept with the case it made
    idempotency_key = models.CharField(max_length=100)

    status = models.CharField("状态", max_length=12, choices=STATUSES, default=SUBMITTED)
    version = models.PositiveIntegerField(default=1)

    # The case's states (core/workflow.py). The transitions lock and write their rows through
    # core.rows (the hot path, bench/README.md) and check this table (services/_common.py).
    workflow = Workflow(
        "status",
        Transition("cases.supplement", "补正", (SUPPLEMENT,), SUBMITTED),
        Transition("cases.accept", "受理", (SUBMITTED,), HANDLING),
        Transition("cases.deemed_accept", "视为受理", (SUBMITTED,), HANDLING),
        Transition("cases.refuse", "不予受理", (SUBMITTED, SUPPLEMENT), REFUSED),
        Transition("cases.request_supplement", "一次性告知补正", (SUBMITTED,), SUPPLEMENT),
        Transition("cases.advance", "完成办理环节", (HANDLING, DECIDED)),
        Transition("cases.decide", "作出决定", (HANDLING,), DECIDED),
        Transition("cases.deliver", "送达办结", (DECIDED,), COMPLETED),
        Transition("cases.suspend", "中止计时", (HANDLING,), SUSPENDED),
        Transition("cases.resume", "恢复计时", (SUSPENDED,), HANDLING),
        Transition("cases.extend", "延长办理期限", (HANDLING, SUSPENDED)),
        Transition(
            "cases.charge_fee",
            "收费",
            (SUBMITTED, SUPPLEMENT, HANDLING, SUSPENDED, DECIDED),
            refused="办件已办结，不能再收费",
        ),
    )
    current_step = models.ForeignKey(
        "CaseStep",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    step_role = models.CharField("当前环节角色", max_length=24, blank=True)
    due_date = models.DateField("承诺截止日", null=True, blank=True)
    warn_on = models.DateField("预警日", null=True, blank=True)

    received_on = models.DateField("收件日期")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    deemed_accepted = models.BooleanField("逾期未告知视为受理", default=False)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    completed_on = models.DateField("办结日期", null=True, blank=True)
    statutory_limit = models.PositiveIntegerField("法定办结时限")
    statutory_unit = models.CharField(max_length=8, default=Clock.WORKDAYS)
    promised_limit = models.PositiveIntegerField("承诺办结时限")
    promised_unit = models.CharField(max_length=8, default=Clock.WORKDAYS)
    intake_clock = models.ForeignKey(
        Clock, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    statutory_clock = models.ForeignKey(
        Clock, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    promised_clock = models.ForeignKey(
        Clock, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    extended = models.BooleanField("已延长", default=False)
    extension_reason = models.CharField("延长理由", max_length=300, blank=True)
    missing_materials = models.TextField("一次性告知内容", blank=True)
    refusal_reason = models.TextField("不予受理理由", blank=True)
    refusal_basis = models.CharField("不予受理法律依据", max_length=300, blank=True)
    approved = models.BooleanField("准予", null=True)
    decision_reason = models.TextField("决定理由", blank=True)
    handling_workdays = models.PositiveIntegerField("实际办理用时（工作日）", null=True, blank=True)
    on_time = models.BooleanField("承诺期内办结", null=True)
    within_statutory = models.BooleanField("法定期内办结", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "办件"
        verbose_name_plural = verbose_name
        constraints = [
            # 办件查询 by number (`queries.track`); nothing searches a prefix of it, so it is a
            # constraint, not `unique=True`, which on PostgreSQL adds a second, LIKE index.
            models.UniqueConstraint(fields=["number"], name="case_number_once"),
            # A double click or a retried request never makes two cases; also the index of
            # filed_by (已办, PROTECT on users).
            models.UniqueConstraint(
                fields=["filed_by", "idempotency_key"], name="case_submit_once"
            ),
        ]
        indexes = [
            # 待办: the open cases of an agency (or of a role over a jurisdiction) by due date.
            # The columns after `id` do not change the order: they let the workbench's counts
            # (预警 by warn_on) and a jurisdiction's filter (scope_path) read the index alone.
            models.Index(
                fields=["agency", "step_role", "due_date", "received_on", "id", "warn_on"],
                condition=models.Q(status__in=TODO_STATUSES),
                name="case_todo_agency_warn",
            ),
            models.Index(
                fields=["step_role", "due_date", "received_on", "id", "scope_path", "warn_on"],
                condition=models.Q(status__in=TODO_STATUSES),
                name="case_todo_role_scope",
            ),
            # An agency's measures (办结 cases: on time, 好差评) and the window queue by status.
            models.Index(fields=["agency", "status"], name="case_agency_status"),
            # 已办 and an agency's list, newest first: filed_by lets the index alone tell which
            # cases the user filed, so 已办 reads one agency's entries, not the whole table.
            models.Index(
                fields=["agency", "received_on", "id", "filed_by"], name="case_agency_received"
            ),
            # A jurisdiction's cases (`scope_path__startswith`: scoped lists, measures, window
            # queue). The database collation is not C, so only the pattern opclass serves LIKE;
            # it serves equality as well.
            models.Index(
                fields=["scope_path"], name="case_scope", opclasses=["varchar_pattern_ops"]
            ),
            # The cases filed in a village or township (the agent's list, agent cases per
            # township by year): LIKE on origin_path, then received_on within the index.
            models.Index(
                fields=["origin_path", "received_on"],
                name="case_origin_received",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            # The applicant's own cases, newest first; a case filed at the window or by an
            # agent has no applicant account and no entry.
            models.Index(
                fields=["applicant_user", "received_on"],
                name="case_applicant",
                condition=models.Q(applicant_user__isnull=False),
            ),
            # Jurisdiction-wide lists, newest first.
            models.Index(fields=["received_on"], name="case_received"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.item.name}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def promised_date(self):
        """承诺办结日期: the promised clock's due date. `due_date` is its copy for the 待办 list,
        cleared when the case is finished; the clock keeps it (select_related it for a list)."""
        if self.due_date or not self.promised_clock_id:
            return self.due_date
        return self.promised_clock.due_date

    def deadline_state(self, today) -> str:
        """`overdue` once the promised date has passed, `warning` from the warning day, empty
        before it or once the case is finished (its clocks stopped): the clocks' own rule, on
        the promised clock's dates the case keeps."""
        if not (today and self.is_open):
            return ""
        status = status_against(self.due_date, self.warn_on, today)
        return "" if status == "normal" else status

    def statutory_late(self, today) -> bool:
        """Whether the case is still open past its statutory date (法定办结期限)."""
        if not (today and self.is_open and self.statutory_clock_id):
            return False
        statutory = self.statutory_clock
        return (
            statutory is not None and status_against(statutory.due_date, None, today) == "overdue"
        )


class CaseMaterial(models.Model):
    """A material uploaded for a case, against the item's required Material."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(Material, null=True, blank=True, on_delete=models.SET_NULL)
    name = models.CharField("材料名称", max_length=200)
    file = models.FileField(upload_to="cases/materials/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class CaseStep(models.Model):
    """One of the item's steps instantiated on a case, with its own clock."""

    PENDING, ACTIVE, DONE = "pending", "active", "done"
    STATES = [(PENDING, "未开始"), (ACTIVE, "办理中"), (DONE, "已完成")]

    # No index of their own (a step row is rewritten as the case moves on): `case` leads
    # case_step_order_once; nothing looks steps up by item step or by clock.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps", db_index=False)
    step = models.ForeignKey(Step, null=True, on_delete=models.SET_NULL, db_index=False)
    order = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=30)
    name = models.CharField("环节名称", max_length=40)
    role = models.CharField("办理角色", max_length=24, choices=Role.choices)
    limit = models.PositiveSmallIntegerField("环节时限（工作日）")
    state = models.CharField(max_length=8, choices=STATES, default=PENDING)
    started_on = models.DateField(null=True, blank=True)
    finished_on = models.DateField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opinion = models.TextField("办理意见", blank=True)
    clock = models.ForeignKey(
        Clock, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        ordering = ["case", "order"]
        # Indexes: this constraint (a case's steps in order) and handled_by's own, which 已办
        # (`queries.done`) reads to find the steps a user finished without scanning them all.
        constraints = [
            models.UniqueConstraint(fields=["case", "order"], name="case_step_order_once")
        ]

    def __str__(self) -> str:
        return self.name


class CaseEvent(models.Model):
    """The case's history as the applicant and staff see it (the audit chain keeps the proof)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    on = models.DateField("日期")
    kind = models.CharField(max_length=30)
    title = models.CharField(max_length=100)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # Not a column: views._history sets who acted, as the page's reader may see them.
    by_name: str

    class Meta:
        ordering = ["at", "id"]
        # Indexes: case's own (a case's history); nothing looks events up by `by`.


class CaseDocument(models.Model):
    """A written, dated notice (行政许可法 §32¶2): 受理通知书, 不予受理通知书, 一次性告知书…"""

    ACCEPTANCE, REFUSAL, SUPPLEMENT, EXTENSION, SUSPENSION = (
        "acceptance",
        "refusal",
        "supplement",
        "extension",
        "suspension",
    )
    KINDS = [
        (ACCEPTANCE, "受理通知书"),
        (REFUSAL, "不予受理通知书"),
        (SUPPLEMENT, "补正材料一次性告知书"),
        (EXTENSION, "延长办理期限告知书"),
        (SUSPENSION, "特别程序告知书"),
    ]
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=12, choices=KINDS)
    # The notice as issued (documents.render's arguments, the date as ISO text): fixed at issue,
    # so renaming the item or agency later does not change it. The PDF is rendered from it on
    # first download (documents.pdf_file); rows from before carry only their file.
    text = models.JSONField("文书内容", default=dict, blank=True)
    file = models.FileField(upload_to="cases/notices/%Y/", blank=True)
    issued_on = models.DateField()
    # printed with its QR code: the public verification page (/zwfw/verify/<code>/); none on
    # notices issued before documents carried one
    verification_code = models.CharField("验证码", max_length=16, blank=True)

    class Meta:
        ordering = ["issued_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["verification_code"],
                condition=~models.Q(verification_code=""),
                name="document_code_once",
            )
        ]


class Suspension(models.Model):
    """A period the law excludes from the time limit (行政许可法 §45)."""

    KINDS = [
        ("hearing", "听证"),
        ("tender", "招标"),
        ("auction", "拍卖"),
        ("inspection", "检验"),
        ("testing", "检测"),
        ("quarantine", "检疫"),
        ("appraisal", "鉴定"),
        ("expert_review", "专家评审"),
        ("supplement", "申请人补正材料"),
    ]
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspensions")
    kind = models.CharField("特别程序", max_length=16, choices=KINDS)
    reason = models.CharField("说明", max_length=300, blank=True)
    expected_days = models.PositiveSmallIntegerField("预计所需时间（日）", null=True, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]


class Result(models.Model):
    """审批结果: the licence or decision document, numbered, with a public verification code."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="result")
    number = models.CharField("文书编号", max_length=60, unique=True)
    verification_code = models.CharField("验证码", max_length=16, unique=True)
    title = models.CharField("名称", max_length=100)
    approved = models.BooleanField("准予")
    holder_name = models.CharField(max_length=100)
    issued_on = models.DateField("出具日期")
    text = models.JSONField("文书内容", default=dict, blank=True)  # as CaseDocument.text
    file = models.FileField(upload_to="cases/results/%Y/", blank=True)
    revoked = models.BooleanField("已撤销", default=False)


class Delivery(models.Model):
    """送达: at the window, by post, or online."""

    WINDOW, POST, ONLINE = "window", "post", "online"
    METHODS = [(WINDOW, "窗口领取"), (POST, "邮寄送达"), (ONLINE, "网上送达")]

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="delivery")
    method = models.CharField("送达方式", max_length=8, choices=METHODS)
    address = models.CharField("邮寄地址", max_length=200, blank=True)
    tracking_number = models.CharField("快递单号", max_length=40, blank=True)
    delivered_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class CaseFee(models.Model):
    """A fee charged on a case; one outside the item's fee list is irregular (行政许可法 §58)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="fees")
    fee = models.ForeignKey(Fee, null=True, blank=True, on_delete=models.SET_NULL)
    name = models.CharField("收费项目", max_length=100)
    amount_yuan = models.DecimalField(max_digits=10, decimal_places=2)
    charged_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
