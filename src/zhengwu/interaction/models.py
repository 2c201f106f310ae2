"""政民互动: 网民留言 (messages to mailboxes), 在线访谈, 民意征集, 征集调查, 行政投诉 and 民意汇报.

Every record carries its handling `agency` and/or `scope_path` (the jurisdiction path) so the
same `scope_q` builds every list. Legal time limits are core Clocks (see services/).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency, Window


class FollowsAgencyScope:
    """A record's `scope_path` is always its agency's: set on every save (scopes, org.scopes)."""

    def save(self, *args, **kwargs):
        self.scope_path = self.agency.scope_path
        super().save(*args, **kwargs)


class SensitiveWord(models.Model):
    """敏感词: a word that holds a text for moderation, or is masked automatically."""

    HOLD, MASK = "hold", "mask"
    ACTIONS = [(HOLD, "送人工审核"), (MASK, "自动替换为＊")]

    word = models.CharField("词语", max_length=40, unique=True)
    action = models.CharField("处理方式", max_length=8, choices=ACTIONS, default=HOLD)
    is_active = models.BooleanField("启用", default=True)
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        ordering = ["word"]
        verbose_name = "敏感词"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.word


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


# --- 在线访谈 ---------------------------------------------------------------------------------


class Interview(FollowsAgencyScope, models.Model):
    """在线访谈 with leaders of a government or department: 预告 → 直播 → 实录 → 归档."""

    PREVIEW, LIVE, FINISHED = "preview", "live", "finished"
    STATES = [(PREVIEW, "预告"), (LIVE, "正在直播"), (FINISHED, "已结束（实录）")]

    title = models.CharField("主题", max_length=100)
    summary = models.TextField("内容简介")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="interviews")
    scope_path = models.CharField(max_length=64, db_index=True)
    guests = models.CharField("访谈嘉宾", max_length=200)
    host = models.CharField("主持人", max_length=50)
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("结束时间")
    state = models.CharField(max_length=10, choices=STATES, default=PREVIEW)
    transcript_intro = models.TextField("实录说明", blank=True)
    is_published = models.BooleanField("已发布", default=True)
    version = models.PositiveIntegerField("版本", default=1)

    workflow = Workflow(
        "state",
        Transition(
            "interaction.interview_state",
            "变更状态",
            (PREVIEW, LIVE),
            (PREVIEW, LIVE, FINISHED),
            refused="访谈已结束，不能再变更状态",
        ),
        Transition("interaction.interview_post", "发言", (LIVE,), refused="访谈不在直播中"),
        Transition("interaction.interview_image", "上传图片", ()),
        Transition("interaction.interview_transcript", "整理文字实录", ()),
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "在线访谈"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.title


class InterviewQuestion(models.Model):
    """A question from the public, before or during the interview; shown only once approved."""

    PENDING, APPROVED, REJECTED, ANSWERED = "pending", "approved", "rejected", "answered"
    STATES = [
        (PENDING, "待审核"),
        (APPROVED, "已采用"),
        (REJECTED, "未采用"),
        (ANSWERED, "已回答"),
    ]

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions")
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asker_name = models.CharField("网友昵称", max_length=30)
    text = models.TextField("问题")
    public_text = models.TextField("公开文本", blank=True)
    held_words = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=STATES, default=PENDING, db_index=True)
    asked_at = models.DateTimeField(default=timezone.now)
    moderation_reason = models.CharField("审核意见", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    workflow = Workflow(
        "state",
        Transition(
            "interaction.question_moderated",
            "审核",
            (PENDING,),
            (APPROVED, REJECTED),
            refused="该问题已审核",
        ),
    )

    class Meta:
        ordering = ["asked_at", "id"]
        verbose_name = "访谈提问"
        verbose_name_plural = verbose_name


class InterviewPost(models.Model):
    """One line of the live text: a guest's answer (to a question) or the host's words."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="posts")
    question = models.ForeignKey(
        InterviewQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )
    speaker = models.CharField("发言人", max_length=50)
    text = models.TextField("内容")
    posted_at = models.DateTimeField(default=timezone.now)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["posted_at", "id"]
        verbose_name = "访谈发言"
        verbose_name_plural = verbose_name


def interview_image_path(instance, filename):
    return f"interaction/interviews/{instance.interview_id}/{instance.sha256[:16]}.{instance.ext}"


class InterviewImage(models.Model):
    """A picture for the transcript (checked by magic bytes and size, stored under a new name)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="images")
    image = models.FileField(upload_to=interview_image_path)
    ext = models.CharField(max_length=4)
    sha256 = models.CharField(max_length=64)
    caption = models.CharField("说明", max_length=100, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = "访谈图片"
        verbose_name_plural = verbose_name


# --- 民意征集 and 征集调查 -----------------------------------------------------------------------


class Consultation(FollowsAgencyScope, models.Model):
    """民意征集: a draft document open for comment, then its 采纳情况 feedback."""

    DRAFT, OPEN, CLOSED, FEEDBACK = "draft", "open", "closed", "feedback"
    STATES = [(DRAFT, "未发布"), (OPEN, "征集中"), (CLOSED, "已截止"), (FEEDBACK, "已反馈")]

    title = models.CharField("标题", max_length=120)
    summary = models.TextField("起草说明", blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="consultations")
    scope_path = models.CharField(max_length=64, db_index=True)
    opens_on = models.DateField("征集开始")
    closes_on = models.DateField("征集截止")
    state = models.CharField(max_length=10, choices=STATES, default=DRAFT)
    feedback = models.TextField("意见采纳情况说明", blank=True)
    feedback_published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    workflow = Workflow(
        "state",
        Transition(
            "interaction.feedback_published", "公布采纳情况", (OPEN, CLOSED, FEEDBACK), FEEDBACK
        ),
    )

    class Meta:
        ordering = ["-opens_on"]
        verbose_name = "民意征集"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.state == self.OPEN and self.opens_on <= day <= self.closes_on


class ConsultationSection(models.Model):
    """One article or paragraph of the draft; comments attach to it."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField()
    heading = models.CharField("条目", max_length=40)
    text = models.TextField("内容")

    class Meta:
        ordering = ["consultation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "order"], name="section_order_once")
        ]


class ConsultationComment(models.Model):
    """An opinion on one section (or the whole draft), moderated and masked before it shows."""

    PENDING, PUBLISHED, HIDDEN = "pending", "published", "hidden"
    STATES = [(PENDING, "待审核"), (PUBLISHED, "已公开"), (HIDDEN, "已屏蔽")]
    UNDECIDED, ADOPTED, PARTLY, NOT_ADOPTED = "", "adopted", "partly", "not_adopted"
    ADOPTION = [
        (UNDECIDED, "未反馈"),
        (ADOPTED, "采纳"),
        (PARTLY, "部分采纳"),
        (NOT_ADOPTED, "未采纳"),
    ]

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    section = models.ForeignKey(
        ConsultationSection,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField("署名", max_length=30)
    text = models.TextField("意见")
    public_text = models.TextField(blank=True)
    held_words = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=STATES, default=PENDING, db_index=True)
    hidden_reason = models.CharField("屏蔽理由", max_length=200, blank=True)
    adoption = models.CharField("采纳情况", max_length=12, choices=ADOPTION, blank=True)
    adoption_reason = models.CharField("理由", max_length=300, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField("版本", default=1)

    workflow = Workflow(
        "state",
        Transition("interaction.comment_moderated", "审核", (), (PUBLISHED, HIDDEN)),
        Transition(
            "interaction.comment_adoption",
            "登记采纳情况",
            (PUBLISHED,),
            refused="只有公开的意见可以登记采纳情况",
        ),
    )

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = "征集意见"
        verbose_name_plural = verbose_name


class Survey(FollowsAgencyScope, models.Model):
    """征集调查: a questionnaire of single, multiple and free-text questions."""

    title = models.CharField("标题", max_length=120)
    description = models.TextField("说明", blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="surveys")
    scope_path = models.CharField(max_length=64, db_index=True)
    opens_on = models.DateField("开始")
    closes_on = models.DateField("截止")
    is_published = models.BooleanField("已发布", default=True)

    class Meta:
        ordering = ["-opens_on"]
        verbose_name = "征集调查"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    SINGLE, MULTIPLE, TEXT = "single", "multiple", "text"
    KINDS = [(SINGLE, "单选"), (MULTIPLE, "多选"), (TEXT, "填空")]

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    text = models.CharField("题目", max_length=200)
    kind = models.CharField(max_length=10, choices=KINDS)
    required = models.BooleanField("必答", default=True)

    class Meta:
        ordering = ["survey", "order"]


class SurveyChoice(models.Model):
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField()
    text = models.CharField("选项", max_length=100)

    class Meta:
        ordering = ["question", "order"]


class SurveyResponse(models.Model):
    """One answer sheet: one per account, or one per browser session for the anonymous."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    session_key = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                condition=models.Q(respondent__isnull=False),
                name="survey_once_per_account",
            ),
            models.UniqueConstraint(
                fields=["survey", "session_key"],
                condition=~models.Q(session_key=""),
                name="survey_once_per_session",
            ),
        ]


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        SurveyChoice, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(blank=True)


# --- 行政投诉 and 民意汇报 ------------------------------------------------------------------------


class Complaint(models.Model):
    """行政投诉 about a case, a disclosure request, a window or an agency; the supervision office
    (监察, `supervisor` role over the jurisdiction) decides within 5 working days whether to accept."""

    CASE, DISCLOSURE, WINDOW, AGENCY = "case", "disclosure", "window", "agency"
    ABOUT = [(CASE, "办件"), (DISCLOSURE, "政府信息公开申请"), (WINDOW, "窗口"), (AGENCY, "单位")]
    SUBMITTED, ACCEPTED, DECLINED, ANSWERED = "submitted", "accepted", "declined", "answered"
    STATES = [
        (SUBMITTED, "待审查"),
        (ACCEPTED, "已受理"),
        (DECLINED, "不予受理"),
        (ANSWERED, "已答复"),
    ]

    number = models.CharField("投诉编号", max_length=20, unique=True)
    about = models.CharField("投诉对象类型", max_length=12, choices=ABOUT)
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_reference = models.CharField("办件号/申请号", max_length=40, blank=True)
    window = models.ForeignKey(Window, null=True, blank=True, on_delete=models.PROTECT)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="complaints", verbose_name="被投诉单位"
    )
    scope_path = models.CharField(max_length=64, db_index=True)
    complainant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interaction_complaints"
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("投诉内容")
    state = models.CharField(max_length=10, choices=STATES, default=SUBMITTED, db_index=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_on = models.DateField("受理决定日期", null=True, blank=True)
    decision_reason = models.TextField("受理意见", blank=True)
    answer = models.TextField("处理结果", blank=True)
    answered_on = models.DateField(null=True, blank=True)
    due_on = models.DateField("当前期限", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    workflow = Workflow(
        "state",
        Transition(
            "interaction.complaint_decided",
            "作出受理决定",
            (SUBMITTED,),
            (ACCEPTED, DECLINED),
            refused="该投诉已作出受理决定",
        ),
        Transition(
            "interaction.complaint_answered",
            "答复",
            (ACCEPTED,),
            ANSWERED,
            refused="只有已受理的投诉可以答复",
        ),
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "行政投诉"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="complaint_subject")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class OpinionReport(models.Model):
    """民意汇报: one month of messages for an agency (or, with no agency, the whole 州)."""

    month = models.DateField("月份（当月1日）")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="opinion_reports"
    )
    scope_path = models.CharField(max_length=64, db_index=True)
    data = models.JSONField()
    generated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month", "scope_path"]
        verbose_name = "民意汇报"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["month", "agency"], name="opinion_report_once_per_agency"
            ),
            models.UniqueConstraint(
                fields=["month"],
                condition=models.Q(agency__isnull=True),
                name="opinion_report_once_for_prefecture",
            ),
        ]
