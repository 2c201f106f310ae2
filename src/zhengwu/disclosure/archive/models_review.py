"""The §18 review (动态调整审查, 条例 §18): each round, a body looks again at its 依申请公开 and
不予公开 公文 and decides per record to keep, to change the attribute, or to publish.

The 条例 sets no interval (domain rules §5.1, U); the default is yearly, as 保密法 2024 §24's
review of state secrets, read through settings.ZHENGWU_ARCHIVE_REVIEW_MONTHS. A round is due
ZHENGWU_ARCHIVE_REVIEW_WORKDAYS working days after it opens (U), on a core Clock, so 电子监察
sees a round not done in time as it sees every late matter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency

# The actions of a round (audit event, permission rule, row of the table).
OPEN_ACTION = "archive_review.open"
DECIDE_ACTION = "archive_review.decide"
DONE_ACTION = "archive_review.done"


class Review(models.Model):
    """一次动态调整审查 — one round of one body: the records due when it opened."""

    OPEN, DONE = "open", "done"
    STATES = [(OPEN, "审查中"), (DONE, "已完成")]

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="archive_reviews")
    scope_path = models.CharField(max_length=64, db_index=True)
    year = models.PositiveSmallIntegerField("年度")
    opened_on = models.DateField("开始日期")
    due_on = models.DateField("完成期限")
    status = models.CharField("状态", max_length=8, choices=STATES, default=OPEN)
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)

    workflow = Workflow(
        "status",
        Transition(DONE_ACTION, "完成审查", (OPEN,), DONE, refused="本轮审查已完成"),
    )

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = "动态调整审查"
        verbose_name_plural = verbose_name
        constraints = [
            # A body has one round open at a time: records falling due join it.
            models.UniqueConstraint(
                fields=["agency"], condition=Q(status="open"), name="archive_review_open_once"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "-opened_on"], name="archive_review_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年度政府信息动态调整审查"


class ReviewDecision(models.Model):
    """One record of a round: 待审查 until the reviewer decides (decision blank), then the
    decision with its reason, the attribute it left and whether the secret was released by law."""

    PENDING, KEEP, CHANGE, PUBLISH = "", "keep", "change", "publish"
    DECISIONS = [
        (PENDING, "待审查"),
        (KEEP, "维持公开属性"),
        (CHANGE, "变更公开属性"),
        (PUBLISH, "转为主动公开"),
    ]

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    record = models.ForeignKey(
        "disclosure_archive.OfficialDocument",
        on_delete=models.PROTECT,
        related_name="review_decisions",
        verbose_name="公文",
    )
    # The day the secret is released by law (保密法 §20), as computed when the round opened: the
    # list puts the released first; the decision recomputes it.
    release_on = models.DateField("依法解密日期", null=True, blank=True)
    decision = models.CharField(
        "审查决定", max_length=8, choices=DECISIONS, blank=True, default=PENDING
    )
    attribute_before = models.CharField("原公开属性", max_length=12, blank=True)
    new_attribute = models.CharField("变更后的公开属性", max_length=12, blank=True)
    new_ground = models.CharField("变更后的不予公开依据", max_length=20, blank=True)
    reason = models.TextField("审查理由", blank=True)
    released_by_law = models.BooleanField("保密期限已满，依法自行解密", default=False)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["review", "id"]
        verbose_name = "动态调整审查决定"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["review", "record"], name="archive_review_record_once"),
        ]
        indexes = [
            # Who is due: a record's last decision.
            models.Index(fields=["record", "decided_on"], name="archive_decision_record"),
            # A round's list: the records still to decide, the released first.
            models.Index(fields=["review", "decision", "release_on"], name="archive_decision_list"),
        ]

    def __str__(self) -> str:
        return f"{self.review} · {self.record_id}"

    @property
    def pending(self) -> bool:
        return self.decision == self.PENDING
