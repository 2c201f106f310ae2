"""电子监察: cards issued on late or irregular handling, their rectification, and the daily
snapshots of the heavy statistics (domain-rules §4)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from zhengwu.core.models import Clock
from zhengwu.core.workflow import Transition, Workflow


class Card(models.Model):
    """黄牌 / 红牌 — a card issued by the supervision system (domain-rules §4, 湛江 model).

    A 黄牌 follows a clock that ran past its due date, or an irregularity (kind other than
    `overdue`); a 红牌 follows a clock still not finished when the 督办 period after its yellow
    card ended. Each clock gets each level once: the unique constraint is what guarantees it,
    even when two sweeps run at the same time.
    """

    YELLOW, RED = "yellow", "red"
    LEVELS = [(YELLOW, "黄牌"), (RED, "红牌")]

    OVERDUE = "overdue"
    NOT_ONLINE = "not_online"
    KINDS = {
        OVERDUE: "超过办理期限",
        "refused_acceptance": "对符合法定条件的申请不予受理",
        "step_overdue": "环节超时",
        "late_forwarding": "初审单位逾期上报",
        "refusal_without_reasons": "不予许可（不予办理）未说明理由",
        NOT_ONLINE: "应当网上办理而未网上办理",
        "fee_not_in_list": "擅自收费或不按标准收费",
        "other": "其他不规范审批行为",
    }

    OPEN, ANSWERED, ACCEPTED = "open", "answered", "accepted"
    STATES = [(OPEN, "待整改"), (ANSWERED, "已反馈待审核"), (ACCEPTED, "整改通过")]

    level = models.CharField("等级", max_length=8, choices=LEVELS)
    kind = models.CharField("事由", max_length=30, default=OVERDUE)
    clock = models.ForeignKey(
        Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="cards"
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField()
    purpose = models.CharField("时限名称/事项", max_length=60, blank=True)
    agency_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    scope_path = models.CharField(max_length=64, db_index=True)
    detail = models.TextField("情况说明", blank=True)
    due_date = models.DateField("原截止日", null=True, blank=True)
    issued_on = models.DateField("亮牌日期")
    state = models.CharField("整改状态", max_length=10, choices=STATES, default=OPEN)
    # Which sweep inserted the row: the sweep notifies only for the cards it inserted itself.
    run = models.CharField(max_length=32, blank=True, default="")
    version = models.PositiveIntegerField("版本", default=1)

    # The card's rectification (core/workflow.py): the unit answers, the supervisors of the
    # area accept the answer or return it. Issuing a card is not a transition (it creates it).
    workflow = Workflow(
        "state",
        Transition(
            "supervision.rectification_answered",
            "提交整改情况",
            (OPEN,),
            ANSWERED,
            refused="该亮牌当前不在待整改状态，请刷新后重试",
        ),
        Transition(
            "supervision.rectification_accepted",
            "审核通过",
            (ANSWERED,),
            ACCEPTED,
            refused="该亮牌没有待审核的整改反馈",
        ),
        Transition(
            "supervision.rectification_returned",
            "退回重新整改",
            (ANSWERED,),
            OPEN,
            refused="该亮牌没有待审核的整改反馈",
        ),
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "监察亮牌"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["clock", "level"], condition=Q(clock__isnull=False), name="card_once"
            ),
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind"],
                condition=Q(clock__isnull=True) & ~Q(state="accepted"),
                name="irregularity_card_open_once",
            ),
        ]
        indexes = [models.Index(fields=["state", "level"], name="card_state_level")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.purpose} {self.issued_on}"

    @property
    def kind_label(self) -> str:
        return self.KINDS.get(self.kind, self.kind)


class Rectification(models.Model):
    """整改反馈 — the unit's answer to a card and the supervision office's decision on it."""

    PENDING, ACCEPTED, RETURNED = "pending", "accepted", "returned"
    DECISIONS = [(PENDING, "待审核"), (ACCEPTED, "通过"), (RETURNED, "退回重新整改")]

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="rectifications")
    answer = models.TextField("整改情况")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField()
    decision = models.CharField(max_length=10, choices=DECISIONS, default=PENDING)
    decision_note = models.TextField("审核意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    # The answer's decision, taken with the card's (services.decide): the same two actions.
    workflow = Workflow(
        "decision",
        Transition("supervision.rectification_accepted", "审核通过", (PENDING,), ACCEPTED),
        Transition("supervision.rectification_returned", "退回重新整改", (PENDING,), RETURNED),
    )

    class Meta:
        ordering = ["answered_at", "id"]
        verbose_name = "整改反馈"
        verbose_name_plural = verbose_name


class Snapshot(models.Model):
    """One day's value of one measure for one jurisdiction (heavy figures are read from here)."""

    date = models.DateField()
    jurisdiction_code = models.CharField(max_length=12)
    measure = models.CharField(max_length=80)
    numerator = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    denominator = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        ordering = ["-date", "jurisdiction_code", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "jurisdiction_code", "measure"], name="snapshot_once"
            )
        ]
        indexes = [models.Index(fields=["jurisdiction_code", "measure", "date"], name="snap_jm")]


class LateTally(models.Model):
    """How many running clocks are in 预警 / 黄牌 / 红牌, per agency, place and purpose, as of
    the last sweep (the sweep sets the states, so this is as live as the states themselves).
    Dashboards add these rows up instead of grouping hundreds of thousands of clocks."""

    agency_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    scope_path = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=60)
    status = models.CharField(max_length=10)
    count = models.PositiveIntegerField()
    as_of = models.DateTimeField()
