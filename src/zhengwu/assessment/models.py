"""考核: the yearly indicator system, scores of counties and departments, grades and ranking
(mission R6.1/R6.2; domain-rules §4 performance evaluation: 优秀/良好/合格/不合格)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency, Jurisdiction

# The audited actions that change a scheme (permissions.py, actions.py): each is a version.
INDICATOR_ADDED = "assessment.indicator_added"
INDICATOR_CHANGED = "assessment.indicator_changed"
INDICATOR_REMOVED = "assessment.indicator_removed"
INDICATORS_COPIED = "assessment.indicators_copied"
SURVEY_LINKED = "assessment.survey_linked"
SCORING_STARTED = "assessment.scoring_started"


class Scheme(models.Model):
    """One year's indicator system (考核方案) with its grade thresholds: edited by the office
    while 编制中, frozen once 评分中 (services/editing.py)."""

    DRAFTING, SCORING = "drafting", "scoring"
    STATES = [(DRAFTING, "编制中"), (SCORING, "评分中")]

    year = models.PositiveIntegerField("年度", unique=True)
    name = models.CharField("名称", max_length=100)
    excellent_from = models.DecimalField("优秀分数线", max_digits=5, decimal_places=1, default=90)
    good_from = models.DecimalField("良好分数线", max_digits=5, decimal_places=1, default=80)
    pass_from = models.DecimalField("合格分数线", max_digits=5, decimal_places=1, default=60)
    published = models.BooleanField("已公开结果", default=False)
    state = models.CharField("状态", max_length=10, choices=STATES, default=DRAFTING)
    scoring_started_at = models.DateTimeField("开始评分时间", null=True, blank=True)
    revision = models.PositiveIntegerField("指标体系版本号", default=1)  # SchemeVersion.number
    version = models.PositiveIntegerField("版本", default=1)

    # The edits are taken in any state and refused in words naming the year once scoring has
    # started (editing.frozen); starting the scoring moves 编制中 → 评分中 once.
    workflow = Workflow(
        "state",
        Transition(INDICATOR_ADDED, "增加指标", ()),
        Transition(INDICATOR_CHANGED, "修改指标", ()),
        Transition(INDICATOR_REMOVED, "删除指标", ()),
        Transition(INDICATORS_COPIED, "沿用上年度指标", ()),
        Transition(SURVEY_LINKED, "关联公众评议问卷", ()),
        Transition(
            SCORING_STARTED,
            "开始评分",
            (DRAFTING,),
            SCORING,
            refused="该年度考核方案已开始评分",
        ),
    )

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
    """量化指标: automatic (a `core.measures` provider or a clock's timeliness, catalogue.py),
    manual (评议, with evidence when required) or 公众评议 computed from a linked survey."""

    AUTOMATIC, MANUAL, SURVEY = "automatic", "manual", "survey"
    KINDS = [(AUTOMATIC, "自动采集"), (MANUAL, "人工评议"), (SURVEY, "公众评议（问卷）")]

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(max_length=40)
    name = models.CharField("指标", max_length=100)
    weight = models.DecimalField("权重（分）", max_digits=5, decimal_places=1)
    kind = models.CharField("类型", max_length=10, choices=KINDS)
    provider = models.CharField("数据来源（监察指标名）", max_length=80, blank=True)
    full_marks_at = models.DecimalField(
        "满分对应值（%）", max_digits=5, decimal_places=1, default=100
    )
    evidence_required = models.BooleanField("须附佐证材料", default=False)
    evidence_note = models.CharField("佐证材料要求", max_length=200, blank=True)
    survey = models.ForeignKey(
        "interaction.Survey",
        verbose_name="公众评议问卷",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["scheme", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="indicator_code_once")
        ]

    def __str__(self) -> str:
        return self.name


class Evaluation(models.Model):
    """A manual score (0–100) with its comment and evidence files: an outside supervisor's or
    the office's 评议 (公众评议 is computed from its survey, not entered)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="evaluations")
    jurisdiction = models.ForeignKey(
        Jurisdiction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField("评分", max_digits=5, decimal_places=1)
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


class Evidence(models.Model):
    """A file supporting a manual evaluation (佐证材料)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="assessment/evidence/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["evaluation", "id"]


class SchemeVersion(models.Model):
    """One change to a year's indicator system: who, when, what, and the indicators after it."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    change = models.CharField("修改内容", max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    indicators = models.JSONField(default=list)  # [{name, weight, kind, source, …}]
    total_weight = models.DecimalField(max_digits=6, decimal_places=1)

    class Meta:
        ordering = ["scheme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="scheme_version_once")
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
