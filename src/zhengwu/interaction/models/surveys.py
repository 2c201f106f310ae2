"""征集调查: a questionnaire (questions and their choices) and the answer sheets, one per
account or per anonymous browser session (services.surveys)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhengwu.org.models import Agency

from ._common import FollowsAgencyScope


class Survey(FollowsAgencyScope, models.Model):
    """征集调查: a questionnaire of single, multiple and free-text questions."""

    title = models.CharField("标题", max_length=120)
    description = models.TextField("说明", blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="surveys")
    scope_path = models.CharField(max_length=64, db_index=True)
    opens_on = models.DateField("开始")
    closes_on = models.DateField("截止")
    is_published = models.BooleanField("已发布", default=True)
    closed_at = models.DateTimeField("提前结束时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        ordering = ["-opens_on"]
        verbose_name = "征集调查"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return (
            self.is_published and self.closed_at is None and self.opens_on <= day <= self.closes_on
        )

    @property
    def state_label(self) -> str:
        if not self.is_published:
            return "未发布"
        if self.closed_at is not None:
            return "已结束"
        return "已发布"


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
