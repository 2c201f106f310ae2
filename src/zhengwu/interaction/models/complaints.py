"""行政投诉: a complaint about a case, a disclosure request, a window or an agency, decided
and answered by the supervision office on the law's clocks (services.complaints)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency, Window


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
