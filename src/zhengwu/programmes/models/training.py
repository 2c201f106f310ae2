"""宣传培训: training sessions (who organised, who taught, who attended, the materials) and
best-practice cases (典型经验案例) written up, reviewed and published on the portal."""

from django.conf import settings
from django.db import models

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency, Jurisdiction

CASE_EDIT, CASE_SUBMIT, CASE_RETURN, CASE_PUBLISH, CASE_WITHDRAW = (
    "programmes.case.edit",
    "programmes.case.submit",
    "programmes.case.return",
    "programmes.case.publish",
    "programmes.case.withdraw",
)


class TrainingSession(models.Model):
    held_on = models.DateField("培训日期")
    subject = models.CharField("培训主题", max_length=200)
    # The organiser: a body, or (no body) the 政务公开办 of the jurisdiction itself.
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name="所属区划"
    )
    organiser = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name="主办单位",
    )
    scope_path = models.CharField(max_length=64, db_index=True)  # = jurisdiction.path
    trainers = models.CharField("授课人", max_length=200)
    attendee_count = models.PositiveIntegerField("参训人数")
    attendee_bodies = models.ManyToManyField(
        Agency, related_name="trainings_attended", verbose_name="参训单位", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "培训"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["scope_path", "held_on"], name="training_path_day")]

    def __str__(self) -> str:
        return self.subject

    @property
    def organiser_name(self) -> str:
        return self.organiser.name if self.organiser else office_name(self.jurisdiction)


def office_name(j: Jurisdiction) -> str:
    """The openness office of a jurisdiction, as trainings name their organiser."""
    return f"{j.name}政务公开办"


class TrainingFile(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="files")
    name = models.CharField("文件名", max_length=120)
    file = models.FileField(upload_to="programmes/training/%Y/", max_length=200)


class BestCase(models.Model):
    DRAFT, SUBMITTED, PUBLISHED, WITHDRAWN = "draft", "submitted", "published", "withdrawn"
    STATES = [(DRAFT, "草稿"), (SUBMITTED, "待审核"), (PUBLISHED, "已发布"), (WITHDRAWN, "已撤回")]

    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name="所属区划"
    )
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="单位",
    )
    scope_path = models.CharField(max_length=64, db_index=True)
    picture = models.FileField("图片", upload_to="programmes/cases/%Y/", blank=True, max_length=200)
    state = models.CharField("状态", max_length=10, choices=STATES, default=DRAFT)
    reason = models.CharField("退回/撤回理由", max_length=300, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    workflow = Workflow(
        "state",
        Transition(CASE_EDIT, "修改", (DRAFT,), refused="只有草稿可以修改"),
        Transition(CASE_SUBMIT, "提交审核", (DRAFT,), SUBMITTED),
        Transition(CASE_RETURN, "退回修改", (SUBMITTED,), DRAFT),
        Transition(CASE_PUBLISH, "审核发布", (SUBMITTED,), PUBLISHED),
        Transition(CASE_WITHDRAW, "撤回", (PUBLISHED,), WITHDRAWN),
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "典型经验案例"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.title
