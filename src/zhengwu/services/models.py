"""政务服务事项: the item catalogue (基本目录 → 实施清单), its materials, fees and handling steps.

Fields follow the national item-data exchange (domain-rules §3.4). Items are versioned: a
revision makes a new row with the same `basic_code`/`implementation_code` and a higher
`version`, and the old one gets `cancelled_on`; cases record the version they ran under.
"""

from django.db import models

from zhengwu.org.models import Agency, Jurisdiction, Role


class ItemType(models.Model):
    """事项类型 with a configurable code table (provinces differ: domain-rules §3.2)."""

    code = models.CharField("代码", max_length=4, unique=True)
    name = models.CharField("名称", max_length=20, unique=True)
    is_licensing = models.BooleanField("行政许可类（进驻目标95%）", default=False)
    is_public_service = models.BooleanField("公共服务类（进驻目标90%）", default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = "事项类型"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """One 实施清单 entry: a main item, sub-item or 业务办理项 claimed by one 实施主体."""

    MAIN, SUB, HANDLING = "main", "sub", "handling"
    GRAINS = [(MAIN, "主项"), (SUB, "子项"), (HANDLING, "业务办理项")]
    WORKDAYS, DAYS = "workdays", "days"
    UNITS = [(WORKDAYS, "工作日"), (DAYS, "自然日")]
    IMMEDIATE, PROMISED = "immediate", "promised"
    CASE_KINDS = [(IMMEDIATE, "即办件"), (PROMISED, "承诺件")]
    LEVELS = [
        ("1", "国家级"),
        ("2", "省级"),
        ("3", "市级"),
        ("4", "县级"),
        ("5", "镇（乡、街道）级"),
        ("6", "村（社区）级"),
    ]
    POWER_SOURCES = [
        ("1", "法定本级行使"),
        ("2", "上级下放"),
        ("3", "上级授权"),
        ("4", "同级授权"),
        ("5", "上级委托"),
        ("6", "同级委托"),
    ]
    SUBJECT_NATURES = [("1", "法定机关"), ("2", "授权组织"), ("3", "受委托组织")]
    ACTIVE, CANCELLED, MERGED, SUPERSEDED = "active", "cancelled", "merged", "superseded"
    STATES = [
        (ACTIVE, "在用"),
        (CANCELLED, "已取消"),
        (MERGED, "已合并"),
        (SUPERSEDED, "已被新版本替代"),
    ]

    name = models.CharField("事项名称", max_length=200)
    basic_code = models.CharField("基本编码", max_length=12, db_index=True)
    implementation_code = models.CharField("实施编码", max_length=64, db_index=True)
    handling_code = models.CharField("业务办理项编码", max_length=80, blank=True)
    grain = models.CharField("颗粒度", max_length=10, choices=GRAINS, default=HANDLING)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    item_type = models.ForeignKey(ItemType, on_delete=models.PROTECT, verbose_name="事项类型")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="items", verbose_name="实施主体"
    )
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="items")
    scope_path = models.CharField(max_length=64, db_index=True)
    exercise_level = models.CharField("行使层级", max_length=1, choices=LEVELS, default="4")
    power_source = models.CharField("权力来源", max_length=1, choices=POWER_SOURCES, default="1")
    subject_nature = models.CharField(
        "实施主体性质", max_length=1, choices=SUBJECT_NATURES, default="1"
    )
    for_person = models.BooleanField("面向自然人", default=True)
    for_legal_person = models.BooleanField("面向法人", default=False)
    themes = models.CharField("主题分类（逗号分隔）", max_length=200, blank=True)
    legal_basis = models.TextField("设定依据", blank=True)
    conditions = models.TextField("受理条件", blank=True)
    procedure = models.TextField("办理流程说明", blank=True)
    statutory_limit = models.PositiveIntegerField("法定办结时限", default=20)
    statutory_unit = models.CharField("法定时限单位", max_length=8, choices=UNITS, default=WORKDAYS)
    promised_limit = models.PositiveIntegerField("承诺办结时限", default=10)
    promised_unit = models.CharField("承诺时限单位", max_length=8, choices=UNITS, default=WORKDAYS)
    case_kind = models.CharField("办件类型", max_length=10, choices=CASE_KINDS, default=PROMISED)
    joint = models.BooleanField("联合办理（45+15日）", default=False)
    charges_fee = models.BooleanField("是否收费", default=False)
    online = models.BooleanField("可网上办理", default=False)
    online_required = models.BooleanField("应当网上可办", default=True)
    by_window = models.BooleanField("窗口办理", default=True)
    by_agent = models.BooleanField("村级代办", default=False)
    by_post = models.BooleanField("快递申请", default=False)
    visits = models.PositiveSmallIntegerField("到办事现场次数", default=1)
    visit_reason = models.CharField("必须现场办理原因", max_length=200, blank=True)
    in_centre = models.BooleanField("进驻政务服务中心", default=True)
    location = models.CharField("办理地点", max_length=200, blank=True)
    hours = models.CharField("办理时间", max_length=100, blank=True)
    consult = models.CharField("咨询方式", max_length=200, blank=True)
    complaint = models.CharField("监督投诉方式", max_length=200, blank=True)
    result_type = models.CharField("审批结果类型", max_length=20, blank=True)
    result_name = models.CharField("审批结果名称", max_length=100, blank=True)
    state = models.CharField(
        "事项状态", max_length=10, choices=STATES, default=ACTIVE, db_index=True
    )
    version = models.PositiveIntegerField("事项版本", default=1)
    effective_on = models.DateField("生效日期")
    cancelled_on = models.DateField("取消日期", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    # 逐级认领: the upper-level catalogue entry this implementation entry was claimed from.
    claimed_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
        verbose_name="认领自",
    )
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_version",
        verbose_name="上一版本",
    )
    change_note = models.CharField("变更说明", max_length=300, blank=True)
    updated_at = models.DateTimeField("最后修改", auto_now=True)

    class Meta:
        ordering = ["scope_path", "basic_code", "-version"]
        verbose_name = "政务服务事项"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["implementation_code", "handling_code", "version"], name="item_version_once"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "state"], name="item_agency_state"),
            models.Index(fields=["jurisdiction", "state"], name="item_jurisdiction_state"),
        ]

    def __str__(self) -> str:
        return self.name


class ResultTemplate(models.Model):
    """审批结果文书模板: what an item's licence or decision carries, edited by its agency.

    One per implementation (`implementation_code` + `handling_code`), so it outlives the item's
    versions. `fields` is a list of {"label": 字段名称, "required": bool}; the officer fills them
    when deciding, and the values are stored on the issued result (services.result_templates)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="result_templates")
    implementation_code = models.CharField("实施编码", max_length=64)
    handling_code = models.CharField("业务办理项编码", max_length=80, blank=True)
    title = models.CharField("文书名称", max_length=100)
    fields = models.JSONField("文书字段", default=list, blank=True)
    fixed_text = models.TextField("固定文字", blank=True)
    updated_at = models.DateTimeField("最后修改", auto_now=True)

    class Meta:
        verbose_name = "审批结果文书模板"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["implementation_code", "handling_code"], name="result_template_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Material(models.Model):
    """申请材料, optionally within a situation group (情形分组)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="materials")
    situation = models.CharField("情形", max_length=100, blank=True)
    name = models.CharField("材料名称", max_length=200)
    required = models.BooleanField("必要", default=True)
    electronic = models.BooleanField("接受电子材料", default=True)
    paper_copies = models.PositiveSmallIntegerField("纸质份数", default=1)
    source = models.CharField("来源渠道", max_length=100, blank=True)
    blank_form = models.FileField("空白表格", upload_to="items/forms/", blank=True)
    sample = models.FileField("示例样表", upload_to="items/samples/", blank=True)
    notes = models.CharField("填报须知", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["item", "order", "id"]

    def __str__(self) -> str:
        return self.name


class Fee(models.Model):
    """收费项目 with its legal basis (行政许可法 §58: no fee without a law or regulation)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField("收费项目", max_length=100)
    standard = models.CharField("收费标准", max_length=200)
    amount_yuan = models.DecimalField(
        "金额（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    basis = models.CharField("收费依据", max_length=300)
    reducible = models.BooleanField("允许减免", default=False)
    # 清理规范收费: a cut fee stays on record (for the yearly clean-up report) but no longer applies.
    cut_on = models.DateField("取消收费日期", null=True, blank=True, db_index=True)
    cut_reason = models.CharField("取消收费依据", max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name


class Step(models.Model):
    """One handling step of an item's flow (受理 → 审查 → 决定 → 办结/制证 → 送达): data, not code.

    A case records the flow version it started under; changing steps makes a new flow version.
    """

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="steps")
    flow_version = models.PositiveIntegerField(default=1)
    order = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=30)
    name = models.CharField("环节名称", max_length=40)
    role = models.CharField("办理角色", max_length=24, choices=Role.choices)
    limit = models.PositiveSmallIntegerField("环节时限（工作日）", default=1)

    class Meta:
        ordering = ["item", "flow_version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "flow_version", "order"], name="step_order_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ChiefRepresentative(models.Model):
    """首席代表 (三集中、三到位, R4.2): the staff member an agency stations at a centre's window
    with the power to decide (授权审批) the agency's in-centre items listed here."""

    window = models.ForeignKey(
        "org.Window", on_delete=models.CASCADE, related_name="chiefs", verbose_name="窗口"
    )
    user = models.ForeignKey(
        "org.User", on_delete=models.PROTECT, related_name="chief_posts", verbose_name="首席代表"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="chiefs", verbose_name="派驻单位"
    )
    items = models.ManyToManyField(
        Item, related_name="chiefs", blank=True, verbose_name="授权审批事项"
    )
    appointed_on = models.DateField("任命日期")
    scope_path = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["window", "agency"]
        verbose_name = "首席代表"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["window", "agency"], name="chief_once_per_window")
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}首席代表 {self.user}"

    def save(self, *args, **kwargs):
        self.scope_path = self.agency.scope_path
        super().save(*args, **kwargs)
