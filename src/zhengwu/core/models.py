"""The shared kernel's data: the official calendar, clocks and the audit chain.

No domain words here: a clock belongs to "a subject" in "a jurisdiction"; what the subject is
(a case, a disclosure request, a message) is the owning app's business.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class CalendarYear(models.Model):
    """A year whose official holiday arrangement (国务院办公厅 notice) has been entered."""

    year = models.PositiveIntegerField(unique=True)
    source = models.CharField("依据", max_length=200, blank=True)
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = "已发布年度日历"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """One exception to the Monday–Friday week: a rest day on a weekday or a make-up workday.

    `jurisdiction_code` empty = the national calendar; a code = a local overlay (e.g. Xiangxi's
    州庆, 433100) that applies to that jurisdiction and everything below it.
    """

    REST = "rest"
    WORK = "work"
    KINDS = [(REST, "放假"), (WORK, "调休上班")]

    date = models.DateField()
    kind = models.CharField(max_length=4, choices=KINDS)
    name = models.CharField("名称", max_length=40)
    jurisdiction_code = models.CharField("适用区划代码", max_length=12, blank=True, default="")

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date", "jurisdiction_code"], name="calendar_day_once")
        ]
        verbose_name = "节假日与调休"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.date} {self.name} {self.get_kind_display()}"


class Clock(models.Model):
    """A legal time limit running for one subject (条例 §33, 行政许可法 §42, …).

    The due date is stored so that supervision is one indexed query; it is recomputed by
    `core.clock.recompute` whenever the start, limit, extension, suspensions or calendar change.
    """

    WORKDAYS = "workdays"
    CALENDAR_DAYS = "days"
    UNITS = [(WORKDAYS, "工作日"), (CALENDAR_DAYS, "自然日")]

    RUNNING = "running"
    SUSPENDED = "suspended"
    STOPPED = "stopped"
    STATES = [(RUNNING, "计时中"), (SUSPENDED, "暂停计时"), (STOPPED, "已办结")]

    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, db_index=False)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    purpose = models.CharField("时限名称", max_length=60)
    jurisdiction_code = models.CharField(max_length=12, blank=True, default="")
    scope_path = models.CharField(max_length=64, blank=True, default="")
    agency_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)

    started_on = models.DateField("起算日")
    limit = models.PositiveIntegerField("时限")
    unit = models.CharField(max_length=8, choices=UNITS, default=WORKDAYS)
    extension = models.PositiveIntegerField("延长", default=0)
    state = models.CharField(max_length=10, choices=STATES, default=RUNNING)
    due_date = models.DateField("截止日", null=True, blank=True)
    warn_on = models.DateField("预警日", null=True, blank=True)
    provisional = models.BooleanField("按工作日暂算", default=False)
    stopped_on = models.DateField(null=True, blank=True)
    status = models.CharField("监察状态", max_length=10, default="normal")

    class Meta:
        # A clock row is rewritten whenever it starts, stops or is swept, with every index
        # whose condition it meets; most clocks are stopped and 正常, so the indexes that serve
        # only open or late clocks leave them out (a case's life stops six clocks).
        # agency_id's own index: a unit's clocks (scope_q, the board's agency filter).
        indexes = [
            # The sweep and supervision counts: open clocks by due date / warning day.
            models.Index(
                fields=["state", "due_date"],
                name="clock_open_due",
                condition=~models.Q(state="stopped"),
            ),
            models.Index(
                fields=["state", "warn_on"],
                name="clock_open_warn",
                condition=~models.Q(state="stopped"),
            ),
            # The board's 超期办结 list: the few clocks stopped after their due date.
            models.Index(
                fields=["due_date", "id"],
                name="clock_finished_late",
                condition=models.Q(state="stopped", stopped_on__gt=models.F("due_date")),
            ),
            # A subject's clocks (`clock.clocks_of`); also the index of subject_type.
            models.Index(fields=["subject_type", "subject_id"], name="clock_subject"),
            # A jurisdiction's clocks (`scope_path__startswith`): the pattern opclass, as the
            # collation is not C; it serves equality too.
            models.Index(
                fields=["scope_path"], name="clock_scope", opclasses=["varchar_pattern_ops"]
            ),
            # The board's lists by supervision state: 预警/黄牌/红牌 are few, 正常 is not listed.
            models.Index(
                fields=["status"], name="clock_status", condition=~models.Q(status="normal")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.started_on}+{self.limit + self.extension} → {self.due_date}"


class ClockSuspension(models.Model):
    """A period that does not count (补正, 征求第三方意见, 听证, 检验检测 …).

    Working days strictly after `started_on` up to and including `ended_on` are not counted.
    An open suspension (`ended_on` empty) pauses the clock.
    """

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="suspensions")
    reason = models.CharField("原因", max_length=80)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]


class AuditEvent(models.Model):
    """One link of an audit chain: every state change, log in, log out and failed log in.

    `seq` counts within the chain; `id` gives the order across chains."""

    chain = models.PositiveSmallIntegerField(default=1)
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=60)
    success = models.BooleanField(default=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=40, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        # Constraints rather than unique=True / db_index=True, which on PostgreSQL add a LIKE
        # index per text column that nothing uses. actor_id keeps its own (PROTECT on users).
        constraints = [
            # The chain walk (`audit.verify`) and its head check. Nothing looks an event up by
            # its hash, and (chain, seq) already makes each link unique: an index of hashes
            # would take every append at a random place of an ever-growing index.
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq"),
        ]
        indexes = [
            # An object's trail (`audit.trail`).
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            # The admin's filter by action.
            models.Index(fields=["action"], name="audit_action"),
        ]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The head of one audit chain (`id` = the chain's number): its row lock serialises appends
    to that chain, and it remembers the chain's last event."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)


class ScheduledRun(models.Model):
    """When each scheduled job was last enqueued; the row lock keeps two schedulers from
    enqueuing the same run twice."""

    name = models.CharField(max_length=80, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)


class Notice(models.Model):
    """A site message (站内消息) to one user; SMS and e-mail backends send the same notice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_unread")]


class IdempotencyKey(models.Model):
    """A submission's key (the Idempotency-Key header, or a form's hidden field) and its first
    result, so that the same key within ZHENGWU_IDEMPOTENCY_HOURS returns that result and
    creates nothing (`core.idempotency`). Written in the transaction of the record the
    submission creates: a crash keeps both or neither."""

    # "user:<id>" for an account (session or API token), "ip:<address>" for anyone else
    principal = models.CharField(max_length=64)
    key = models.CharField(max_length=100)
    # SHA-256 of the method, the path and the content: the same key for another request is refused
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    # the first response, replayed as it was
    status = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    location = models.CharField(max_length=500, blank=True)
    body = models.BinaryField(blank=True, default=b"")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["principal", "key"], name="idempotency_once")
        ]
        # the purge of keys past their time
        indexes = [models.Index(fields=["created_at"], name="idempotency_created")]

    def __str__(self) -> str:
        return f"{self.principal} {self.key}"


class Counter(models.Model):
    """A numbering counter: the last number given for one scope key in one year
    (`core.numbering.next_number`)."""

    key = models.CharField("编号范围", max_length=100)
    year = models.PositiveIntegerField("年度")
    last = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="counter_once")]


class StatutoryLimit(models.Model):
    """A time limit a law (or a rule the domain notes mark unverified, U) sets: the national
    default, read through `core.limits.days(code, jurisdiction)` (as Froide's `FoiLaw`)."""

    WORKDAYS, DAYS = Clock.WORKDAYS, Clock.CALENDAR_DAYS
    UNITS = [(WORKDAYS, "工作日"), (DAYS, "日")]

    code = models.CharField("代码", max_length=40, unique=True)
    name = models.CharField("期限名称", max_length=60)
    days = models.PositiveIntegerField("期限")
    unit = models.CharField("单位", max_length=8, choices=UNITS, default=WORKDAYS)
    article = models.CharField("依据", max_length=200)
    # A 州 or county may set its own value: the law leaves the period open or it is unverified.
    configurable = models.BooleanField("地方可另行规定", default=False)
    # The environment variable (or setting) that overrides the national default in a deployment.
    setting = models.CharField(max_length=60, blank=True, default="")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "法定期限"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.name} {self.days}{self.get_unit_display()}"


class LocalLimit(models.Model):
    """A jurisdiction's own value for a configurable limit; it applies to the jurisdiction and
    everything below it unless a nearer one sets its own."""

    limit = models.ForeignKey(StatutoryLimit, on_delete=models.CASCADE, related_name="locals")
    jurisdiction_code = models.CharField("适用区划代码", max_length=12)
    days = models.PositiveIntegerField("期限")
    unit = models.CharField("单位", max_length=8, choices=StatutoryLimit.UNITS)
    reason = models.CharField("理由", max_length=300)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["limit", "jurisdiction_code"], name="local_limit_once")
        ]
        verbose_name = "地方期限"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.jurisdiction_code} {self.limit.name} {self.days}"
