"""A county's yearly 政务公开工作 plan, filed (备案) with the 州 office: 草稿 → 已报送 →
退回修改 → 已报送 … → 已备案, each step an audited action of `core.workflow`."""

from django.conf import settings
from django.db import models

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Jurisdiction

SUBMIT, RETURN, FILE, EDIT = (
    "programmes.county_plan.submit",
    "programmes.county_plan.return",
    "programmes.county_plan.file",
    "programmes.county_plan.edit",
)


class CountyPlan(models.Model):
    DRAFT, SUBMITTED, RETURNED, FILED = "draft", "submitted", "returned", "filed"
    STATES = [
        (DRAFT, "草稿"),
        (SUBMITTED, "已报送待审核"),
        (RETURNED, "退回修改"),
        (FILED, "已备案"),
    ]

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="openness_plans", verbose_name="县市"
    )
    scope_path = models.CharField(max_length=64, db_index=True)
    year = models.PositiveIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    summary = models.TextField("内容摘要")
    file = models.FileField("方案文件", upload_to="programmes/plans/%Y/", max_length=200)
    file_name = models.CharField(max_length=120)
    state = models.CharField("状态", max_length=10, choices=STATES, default=DRAFT)
    return_reason = models.CharField("退回理由", max_length=500, blank=True)
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    filing_number = models.CharField("备案号", max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    workflow = Workflow(
        "state",
        Transition(EDIT, "修改", (DRAFT, RETURNED), refused="只有草稿或退回修改的方案可以修改"),
        Transition(SUBMIT, "报送备案", (DRAFT, RETURNED), SUBMITTED),
        Transition(RETURN, "退回修改", (SUBMITTED,), RETURNED),
        Transition(FILE, "备案", (SUBMITTED,), FILED),
    )

    class Meta:
        ordering = ["-year", "scope_path"]
        verbose_name = "县市政务公开工作方案"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year"], name="one_plan_per_county")
        ]

    def __str__(self) -> str:
        return self.title
