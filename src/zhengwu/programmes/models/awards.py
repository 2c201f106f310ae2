"""以奖代补: the year's budget shared among the counties by their 考核 grade (grade → weight,
editable), proposed from the year's assessment results, adjusted with a reason, approved by a
second officer and published. 草稿 → 已拟定 → 已审定 → 已公布."""

from django.conf import settings
from django.db import models

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Jurisdiction

PROPOSE, ADJUST, APPROVE, PUBLISH = (
    "programmes.award.propose",
    "programmes.award.adjust",
    "programmes.award.approve",
    "programmes.award.publish",
)
DEFAULT_WEIGHTS = {"优秀": 3, "良好": 2, "合格": 1, "不合格": 0}


class AwardBudget(models.Model):
    DRAFT, PROPOSED, APPROVED, PUBLISHED = "draft", "proposed", "approved", "published"
    STATES = [
        (DRAFT, "草稿"),
        (PROPOSED, "已拟定待审定"),
        (APPROVED, "已审定"),
        (PUBLISHED, "已公布"),
    ]

    year = models.PositiveIntegerField("年度", unique=True)
    amount = models.DecimalField("奖补资金总额（元）", max_digits=14, decimal_places=2)
    weights = models.JSONField("等次系数", default=dict)  # grade → weight
    state = models.CharField("状态", max_length=10, choices=STATES, default=DRAFT)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    published_on = models.DateField("公布日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    workflow = Workflow(
        "state",
        Transition(PROPOSE, "拟定分配方案", (DRAFT, PROPOSED), PROPOSED),
        Transition(ADJUST, "调整金额", (PROPOSED,), refused="只有待审定的分配方案可以调整"),
        Transition(APPROVE, "审定", (PROPOSED,), APPROVED),
        Transition(PUBLISH, "公布", (APPROVED,), PUBLISHED),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = "以奖代补资金"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.year}年度以奖代补资金"


class Award(models.Model):
    budget = models.ForeignKey(AwardBudget, on_delete=models.CASCADE, related_name="awards")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField("考核得分", max_digits=5, decimal_places=1, null=True)
    grade = models.CharField("考核等次", max_length=4)
    weight = models.DecimalField("系数", max_digits=5, decimal_places=2)
    proposed = models.DecimalField("测算金额（元）", max_digits=14, decimal_places=2)
    amount = models.DecimalField("奖补金额（元）", max_digits=14, decimal_places=2)
    reason = models.CharField("调整理由", max_length=300, blank=True)

    class Meta:
        ordering = ["budget", "-amount", "jurisdiction__code"]
        verbose_name = "以奖代补金额"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["budget", "jurisdiction"], name="one_award_per_county")
        ]
