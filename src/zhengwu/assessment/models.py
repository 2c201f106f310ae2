"""考核: the yearly indicator system, scores of counties and departments, grades and ranking
(mission R6.1/R6.2; domain-rules §4 performance evaluation: 优秀/良好/合格/不合格)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhengwu.org.models import Agency, Jurisdiction


class Scheme(models.Model):
    """One year's indicator system (考核方案) with its grade thresholds."""

    year = models.PositiveIntegerField("年度", unique=True)
    name = models.CharField("名称", max_length=100)
    excellent_from = models.DecimalField("优秀分数线", max_digits=5, decimal_places=1, default=90)
    good_from = models.DecimalField("良好分数线", max_digits=5, decimal_places=1, default=80)
    pass_from = models.DecimalField("合格分数线", max_digits=5, decimal_places=1, default=60)
    published = models.BooleanField("已公开结果", default=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = "考核方案"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.name

    def grade(self, total: Decimal | None) -> str:
        if total is None:
            return ""
        if total >= self.excellent_from:
            return "优秀"
        if total >= self.good_from:
            return "良好"
        if total >= self.pass_from:
            return "合格"
        return "不合格"


class Indicator(models.Model):
    """量化指标: automatic (from a supervision measure provider) or manual (评议)."""

    AUTOMATIC, MANUAL = "automatic", "manual"
    KINDS = [(AUTOMATIC, "自动采集"), (MANUAL, "人工评议")]

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(max_length=40)
    name = models.CharField("指标", max_length=100)
    weight = models.DecimalField("权重（分）", max_digits=5, decimal_places=1)
    kind = models.CharField("类型", max_length=10, choices=KINDS)
    provider = models.CharField("数据来源（监察指标名）", max_length=80, blank=True)
    full_marks_at = models.DecimalField(
        "满分对应值（%）", max_digits=5, decimal_places=1, default=100
    )

    class Meta:
        ordering = ["scheme", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="indicator_code_once")
        ]

    def __str__(self) -> str:
        return self.name


class Evaluation(models.Model):
    """A manual score (0–100) with comments: an outside supervisor's 评议 or a public
    evaluation survey's result (公众评议)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="evaluations")
    jurisdiction = models.ForeignKey(
        Jurisdiction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField("评分", max_digits=5, decimal_places=1)
    respondents = models.PositiveIntegerField("调查样本数", null=True, blank=True)
    comment = models.TextField("评议意见", blank=True)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "jurisdiction", "agency", "evaluator"],
                name="evaluation_once_per_evaluator",
            )
        ]


class Result(models.Model):
    """The score of one county or department under one scheme, with its grade and rank."""

    COUNTY, DEPARTMENT = "county", "department"
    GROUPS = [(COUNTY, "县市"), (DEPARTMENT, "州直部门")]

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="results")
    group = models.CharField(max_length=10, choices=GROUPS)
    jurisdiction = models.ForeignKey(
        Jurisdiction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=100)
    scores = models.JSONField(default=dict)  # indicator code → {value, score, points}
    total = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    grade = models.CharField(max_length=4, blank=True)
    rank = models.PositiveIntegerField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["scheme", "group", "rank", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "jurisdiction"],
                condition=Q(agency__isnull=True),
                name="result_once_per_county",
            ),
            models.UniqueConstraint(
                fields=["scheme", "agency"],
                condition=Q(agency__isnull=False),
                name="result_once_per_agency",
            ),
        ]
