"""政务服务"好差评" (国办发〔2019〕51号; GB/T 39734/39735-2020; domain-rules §5)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency, Window


class BadReason(models.Model):
    """差评评价内容 — a reason offered with a bad rating (GB/T 39734 Annex A); configurable."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField("差评原因", max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "差评原因"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    """One rating of one service: 一事一评 online, 一次一评 at a window, or recorded by a
    village agent. 5 levels (domain-rules §5): 好评 = 非常满意 + 满意, 中评 = 基本满意,
    差评 = 不满意 + 非常不满意."""

    LEVELS = [(5, "非常满意"), (4, "满意"), (3, "基本满意"), (2, "不满意"), (1, "非常不满意")]
    GOOD_MIN, BAD_MAX = 4, 2

    ONLINE, WINDOW, AGENT = "online", "window", "agent"
    CHANNELS = [(ONLINE, "网上一事一评"), (WINDOW, "窗口一次一评"), (AGENT, "村级代办员代录")]

    # National indicators (domain-rules §5, [JKT]).
    ONLINE_DIMENSIONS = [
        ("overall", "整体满意度"),
        ("efficiency", "办事效率"),
        ("guide_accuracy", "办事指南精确度"),
        ("convenience", "办事便捷度"),
        ("usability", "平台操作性"),
    ]
    OFFLINE_DIMENSIONS = [
        ("overall", "整体满意度"),
        ("efficiency", "服务效率"),
        ("competence", "服务水平"),
        ("attitude", "服务态度"),
    ]

    VALID, SET_ASIDE = "valid", "set_aside"
    STATES = [(VALID, "有效"), (SET_ASIDE, "经申诉复核剔除")]

    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="ratings")
    window = models.ForeignKey(
        Window, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings"
    )
    item_id = models.PositiveBigIntegerField("事项", null=True, blank=True, db_index=True)
    scope_path = models.CharField(max_length=64, db_index=True)
    channel = models.CharField("评价渠道", max_length=8, choices=CHANNELS)
    level = models.PositiveSmallIntegerField("评价等级", choices=LEVELS)
    dimensions = models.JSONField("分项评价", default=dict, blank=True)
    reasons = models.ManyToManyField(BadReason, blank=True, verbose_name="差评原因")
    comment = models.TextField("评价意见", blank=True)
    # 主动评价: the rater chose the level; False for a 默认评价 recorded when the period lapsed.
    active = models.BooleanField("主动评价", default=True)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rater_phone = models.CharField("评价人联系电话", max_length=20, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField("评价时间", db_index=True)
    state = models.CharField(max_length=10, choices=STATES, default=VALID)
    version = models.PositiveIntegerField("版本", default=1)

    # The rating's states (core/workflow.py): an upheld appeal sets it aside, once.
    workflow = Workflow(
        "state",
        Transition(
            "ratings.appeal_upheld",
            "剔除",
            (VALID,),
            SET_ASIDE,
            refused="该评价已经申诉复核剔除",
        ),
    )

    class Meta:
        ordering = ["-rated_at", "-id"]
        verbose_name = "好差评"
        verbose_name_plural = verbose_name
        constraints = [
            # 一事一评: one rating per rated matter.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"],
                condition=Q(subject_id__isnull=False),
                name="rating_once_per_subject",
            )
        ]
        indexes = [models.Index(fields=["agency", "rated_at"], name="rating_agency_at")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.rated_at:%Y-%m-%d}"

    @property
    def is_bad(self) -> bool:
        return self.level <= self.BAD_MAX

    @property
    def is_good(self) -> bool:
        return self.level >= self.GOOD_MIN


class Rectification(models.Model):
    """差评整改: 回访核实, then the fix by a deadline (a core Clock), then 反馈 to the rater
    ("谁办理、谁负责", domain-rules §5)."""

    CALLBACK, FIXING, FIXED, CLOSED = "callback", "fixing", "fixed", "closed"
    STATES = [
        (CALLBACK, "待回访核实"),
        (FIXING, "整改中"),
        (FIXED, "已整改待反馈"),
        (CLOSED, "已反馈评价人"),
    ]
    FIX_NOW, FIX_BY_DEADLINE, EXPLAIN = "fix_now", "deadline", "explain"
    WAYS = [
        (FIX_NOW, "情况清楚、诉求合理：立行立改"),
        (FIX_BY_DEADLINE, "情况复杂、一时难以解决：建立台账、限期整改"),
        (EXPLAIN, "缺乏法定依据：做好解释说明"),
    ]

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="rectification")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    scope_path = models.CharField(max_length=64, db_index=True)
    state = models.CharField(max_length=10, choices=STATES, default=CALLBACK, db_index=True)
    opened_on = models.DateField()
    callback_note = models.TextField("回访核实情况", blank=True)
    callback_at = models.DateTimeField(null=True, blank=True)
    way = models.CharField("处置方式", max_length=10, choices=WAYS, blank=True)
    fix_note = models.TextField("整改情况", blank=True)
    fixed_at = models.DateTimeField(null=True, blank=True)
    feedback_note = models.TextField("向评价人反馈", blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    rater_satisfied = models.BooleanField("评价人对整改满意", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    # The rectification's steps (core/workflow.py): the action, the states it may be taken from
    # and the state it leaves. Opening one is not a step: a bad rating creates it.
    workflow = Workflow(
        "state",
        Transition("ratings.callback", "回访核实", (CALLBACK,), FIXING),
        Transition("ratings.fixed", "登记整改完成", (FIXING,), FIXED),
        Transition("ratings.fed_back", "向评价人反馈", (FIXED,), CLOSED),
    )

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = "差评整改"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"差评整改 #{self.pk}"


class Appeal(models.Model):
    """申诉复核: the unit asks the supervision office to set aside a mistaken or malicious
    rating (误评、恶意差评, domain-rules §5)."""

    PENDING, UPHELD, REJECTED = "pending", "upheld", "rejected"
    DECISIONS = [(PENDING, "待复核"), (UPHELD, "申诉成立，剔除该评价"), (REJECTED, "申诉不成立")]
    GROUNDS = [("mistaken", "误评"), ("malicious", "恶意差评")]

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="appeals")
    ground = models.CharField("申诉理由类别", max_length=10, choices=GROUNDS)
    reason = models.TextField("申诉理由")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField()
    decision = models.CharField(max_length=10, choices=DECISIONS, default=PENDING)
    decision_reason = models.TextField("复核意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    # The appeal's decision (core/workflow.py): filing one is not a transition (it creates it).
    workflow = Workflow(
        "decision",
        Transition(
            "ratings.appeal_upheld",
            "复核（申诉成立）",
            (PENDING,),
            UPHELD,
            refused="该申诉已经复核",
        ),
        Transition(
            "ratings.appeal_rejected",
            "复核（申诉不成立）",
            (PENDING,),
            REJECTED,
            refused="该申诉已经复核",
        ),
    )

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = "差评申诉"
        verbose_name_plural = verbose_name


class Invitation(models.Model):
    """评价邀请: a completed case or an answered disclosure request waits for its owner's online
    一事一评 (issue 5 §3). Stored when the business app sends `core.signals.rateable`; rated
    once, through the rate page or the API."""

    PENDING, RATED, EXPIRED = "pending", "rated", "expired"
    STATES = [(PENDING, "待评价"), (RATED, "已评价"), (EXPIRED, "已过期")]

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rating_invitations"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    item_id = models.PositiveBigIntegerField("事项", null=True, blank=True)
    scope_path = models.CharField(max_length=64, db_index=True)
    title = models.CharField("评价对象", max_length=200)
    created_at = models.DateTimeField("邀请时间", auto_now_add=True)
    state = models.CharField(max_length=8, choices=STATES, default=PENDING)
    rating = models.OneToOneField(
        Rating, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )
    version = models.PositiveIntegerField("版本", default=1)

    # The invitation's states (core/workflow.py): rated once, by its owner (一事一评).
    workflow = Workflow(
        "state",
        Transition(
            "ratings.rated",
            "评价",
            (PENDING,),
            RATED,
            refused="该事项已经评价过（一事一评）",
        ),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "评价邀请"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"], name="rating_invitation_once"
            )
        ]
        indexes = [models.Index(fields=["rater", "state"], name="invitation_rater_state")]

    def __str__(self) -> str:
        return self.title


class ProvinceFigure(models.Model):
    """A 好评率 the province published (for 湖南省 itself or one of its 市州), entered by the
    office from the published table so the satisfaction page can say where Xiangxi stands."""

    year = models.PositiveSmallIntegerField("年度")
    region = models.CharField("地区", max_length=30)
    good_rate = models.DecimalField("好评率（%）", max_digits=5, decimal_places=2)
    source = models.CharField("来源", max_length=200)
    link = models.URLField("链接", max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-good_rate", "region"]
        verbose_name = "全省好评率公布数据"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["year", "region"], name="province_figure_once")
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.region} {self.good_rate}%"
