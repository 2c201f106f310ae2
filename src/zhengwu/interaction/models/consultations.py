"""民意征集: a draft document by sections, the public's comments on them and the 采纳情况
feedback (services.consultations)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency

from ._common import FollowsAgencyScope


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
            "interaction.consultation_edited",
            "修改征集稿",
            (DRAFT,),
            refused="征集已发布，征集稿不能再修改",
        ),
        Transition("interaction.consultation_opened", "发布征集", (DRAFT,), OPEN),
        Transition("interaction.consultation_closed", "结束征集", (OPEN,), CLOSED),
        Transition("interaction.consultation_expired", "征集期满截止", (OPEN,), CLOSED),
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
