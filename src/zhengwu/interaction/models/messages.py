"""网民留言: the mailboxes (信箱), the letters sent to them, and each letter's 转办 and 延期申请.

A letter carries its handling `agency` and `scope_path` (the jurisdiction path) so the same
`scope_q` builds every list; its legal time limits are core Clocks (services.messages, and
services.petitions for a letter handled as a 信访事项).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency

from ._common import FollowsAgencyScope


class Mailbox(FollowsAgencyScope, models.Model):
    """信箱: 州长信箱, each 县(市)长信箱 and each department's mailbox."""

    LEADER, DEPARTMENT = "leader", "department"
    KINDS = [(LEADER, "领导信箱"), (DEPARTMENT, "部门信箱")]

    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=12, choices=KINDS, default=DEPARTMENT)
    agency = models.OneToOneField(Agency, on_delete=models.PROTECT, related_name="mailbox")
    scope_path = models.CharField(max_length=64, db_index=True)
    topics = models.CharField(
        "受理范围（关键词，以空格分隔，用于按主题分派）", max_length=300, blank=True
    )
    intro = models.CharField("说明", max_length=300, blank=True)
    # 怀化市长信箱 answers within 7 days, at most 15 in special cases (domain-rules §6.1 [HHMB]);
    # no national number exists (U), so each mailbox sets its own.
    reply_limit = models.PositiveSmallIntegerField("答复时限（工作日）", default=7)
    max_limit = models.PositiveSmallIntegerField("经批准最长时限（工作日）", default=15)
    is_active = models.BooleanField("开通", default=True)

    class Meta:
        ordering = ["scope_path", "kind", "name"]
        verbose_name = "信箱"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_limit__gte=models.F("reply_limit")),
                name="mailbox_max_at_least_limit",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Message(models.Model):
    """网民留言 — a letter to a mailbox: accepted or declined, transferred, answered, published."""

    CONSULT, SUGGEST, COMPLAIN, HELP, REPORT = "consult", "suggest", "complain", "help", "report"
    KINDS = [
        (CONSULT, "咨询"),
        (SUGGEST, "建议"),
        (COMPLAIN, "投诉"),
        (HELP, "求助"),
        (REPORT, "举报"),
    ]
    SUBMITTED, ACCEPTED, DECLINED, REPLIED = "submitted", "accepted", "declined", "replied"
    STATES = [
        (SUBMITTED, "待受理"),
        (ACCEPTED, "办理中"),
        (DECLINED, "不予受理"),
        (REPLIED, "已答复"),
    ]
    PRIVATE, PENDING, PUBLISHED, HIDDEN = "private", "pending", "published", "hidden"
    PUBLICATION = [
        (PRIVATE, "不公开"),
        (PENDING, "待审核"),
        (PUBLISHED, "已公开"),
        (HIDDEN, "已屏蔽"),
    ]
    SATISFIED, BASIC, UNSATISFIED = "satisfied", "basic", "unsatisfied"
    SATISFACTION = [(SATISFIED, "满意"), (BASIC, "基本满意"), (UNSATISFIED, "不满意")]

    number = models.CharField("留言编号", max_length=20, unique=True)
    query_code_hash = models.CharField(max_length=64)
    kind = models.CharField("类型", max_length=10, choices=KINDS)
    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="messages")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="messages", verbose_name="办理单位"
    )
    scope_path = models.CharField(max_length=64, db_index=True)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容")
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interaction_messages",
    )
    writer_name = models.CharField("姓名", max_length=50)
    writer_phone = models.CharField("联系电话", max_length=20, blank=True)
    writer_email = models.EmailField("电子邮箱", blank=True)
    allow_publish = models.BooleanField("同意公开", default=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    similar_numbers = models.JSONField("疑似重复留言", default=list, blank=True)
    fingerprint = models.TextField("分词指纹", blank=True)

    state = models.CharField("办理状态", max_length=10, choices=STATES, default=SUBMITTED)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    decline_reason = models.TextField("不予受理理由", blank=True)
    reply = models.TextField("答复内容", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    reply_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_time = models.BooleanField("按期答复", null=True, blank=True)

    # 信访: a letter that is really a petition follows 信访工作条例 (its own clocks).
    is_petition = models.BooleanField("按信访事项办理", default=False)
    petition_accepted_on = models.DateField("信访受理告知日期", null=True, blank=True)

    publication = models.CharField(
        "公开状态", max_length=10, choices=PUBLICATION, default=PRIVATE, db_index=True
    )
    public_title = models.CharField("公开标题", max_length=100, blank=True)
    public_body = models.TextField("公开内容", blank=True)
    public_reply = models.TextField("公开答复", blank=True)
    held_words = models.JSONField("命中敏感词", default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField("屏蔽理由", max_length=200, blank=True)

    satisfaction = models.CharField(
        "满意度", max_length=12, choices=SATISFACTION, blank=True, db_index=True
    )
    satisfaction_comment = models.CharField("评价意见", max_length=300, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    # The message's states (core/workflow.py): the action, the states it may be taken from and
    # the state it leaves (none: unchanged, or the block's choice where an action has two
    # outcomes, as deciding has). Publication is a second table on its own field.
    workflow = Workflow(
        "state",
        Transition(
            "interaction.message_accepted",
            "受理",
            (SUBMITTED,),
            ACCEPTED,
            refused="该留言已处理，不能再受理",
        ),
        Transition(
            "interaction.message_declined",
            "不予受理",
            (SUBMITTED, ACCEPTED),
            DECLINED,
            refused="该留言已办结",
        ),
        Transition(
            "interaction.message_transferred",
            "转办",
            (SUBMITTED, ACCEPTED),
            refused="已办结的留言不能转办",
        ),
        Transition(
            "interaction.extension_requested",
            "申请延期",
            (SUBMITTED, ACCEPTED),
            refused="该留言没有计时中的答复期限",
        ),
        Transition(
            "interaction.marked_petition",
            "转为信访事项",
            (SUBMITTED, ACCEPTED),
            refused="已办结的留言不能转为信访事项",
        ),
        Transition(
            "interaction.petition_accepted", "受理信访事项", (SUBMITTED, ACCEPTED), ACCEPTED
        ),
        Transition(
            "interaction.petition_extended",
            "延长信访办理期限",
            (ACCEPTED,),
            refused="该信访事项没有计时中的办理期限",
        ),
        Transition(
            "interaction.message_replied",
            "答复",
            (SUBMITTED, ACCEPTED),
            REPLIED,
            refused="该留言已办结",
        ),
        Transition("interaction.reply_rated", "评价答复", (REPLIED,), refused="留言答复后才能评价"),
    )
    publication_flow = Workflow(
        "publication",
        Transition(
            "interaction.message_published",
            "公开",
            (PENDING, PUBLISHED, HIDDEN),
            PUBLISHED,
            refused="留言答复后才能公开",
        ),
        Transition(
            "interaction.message_hidden",
            "屏蔽",
            (PRIVATE, PENDING, PUBLISHED),
            HIDDEN,
            refused="该留言已屏蔽",
        ),
    )
    # Not a column: abuse.duplicates_shown_to sets the title its reader may see.
    shown_title: str

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "网民留言"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["publication", "-replied_on"], name="msg_public_list"),
            models.Index(fields=["state", "due_on"], name="msg_open_due"),
            models.Index(fields=["mailbox", "submitted_at"], name="msg_mailbox_month"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Transfer(models.Model):
    """转办: the message moved from one agency to another, with the reason."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="transfers")
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("转办理由", max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "转办记录"
        verbose_name_plural = verbose_name


class Extension(models.Model):
    """延期申请: more working days, up to the mailbox's maximum, approved by the 部门负责人."""

    PENDING, APPROVED, REFUSED = "pending", "approved", "refused"
    STATES = [(PENDING, "待审批"), (APPROVED, "已批准"), (REFUSED, "未批准")]

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField("延长工作日")
    reason = models.CharField("理由", max_length=300)
    state = models.CharField(max_length=10, choices=STATES, default=PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    workflow = Workflow(
        "state",
        Transition(
            "interaction.extension_decided",
            "审批",
            (PENDING,),
            (APPROVED, REFUSED),
            refused="该延期申请已审批",
        ),
    )

    class Meta:
        ordering = ["requested_at"]
        verbose_name = "延期申请"
        verbose_name_plural = verbose_name
