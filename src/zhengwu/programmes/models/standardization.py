"""The centre standardization programme (brief R2.3): each centre's plan for a year, what is to
be done for each of the five standards and by when, and the inspections (验收/检查) that find a
standard met or not. A standard found met sets the centre's flag (org.ServiceCentre)."""

from django.conf import settings
from django.db import models

from zhengwu.org.models import ServiceCentre

# The centre's five flags, in the office's words (org.ServiceCentre.STANDARDS without 标准化).
STANDARDS = [
    ("std_site", "场地"),
    ("std_approval", "审批"),
    ("std_rules", "制度"),
    ("std_service", "服务"),
    ("std_hardware", "硬件"),
]


class StandardizationPlan(models.Model):
    centre = models.ForeignKey(
        ServiceCentre, on_delete=models.PROTECT, related_name="standardization_plans"
    )
    year = models.PositiveIntegerField("年度")
    scope_path = models.CharField(max_length=64, db_index=True)  # = centre.scope_path
    deadline = models.DateField("计划完成日期")
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-year", "scope_path", "centre__name"]
        verbose_name = "标准化建设计划"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["centre", "year"], name="one_plan_per_centre_year")
        ]
        indexes = [models.Index(fields=["year", "scope_path"], name="std_plan_year_path")]

    def __str__(self) -> str:
        return f"{self.centre.name}{self.year}年标准化建设计划"


class PlanStandard(models.Model):
    """One standard of a plan: the task and its due date; `met_on` once an inspection finds it."""

    plan = models.ForeignKey(StandardizationPlan, on_delete=models.CASCADE, related_name="items")
    standard = models.CharField("标准", max_length=16, choices=STANDARDS)
    task = models.TextField("建设内容")
    due_on = models.DateField("完成时限")
    met_on = models.DateField("验收达标日期", null=True, blank=True)

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = "标准化建设任务"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["plan", "standard"], name="one_task_per_standard")
        ]


class Inspection(models.Model):
    ACCEPTANCE, CHECK = "acceptance", "check"
    KINDS = [(ACCEPTANCE, "验收"), (CHECK, "检查")]

    plan = models.ForeignKey(
        StandardizationPlan, on_delete=models.CASCADE, related_name="inspections"
    )
    kind = models.CharField("类型", max_length=12, choices=KINDS, default=ACCEPTANCE)
    held_on = models.DateField("日期")
    inspectors = models.CharField("检查人员", max_length=200)
    note = models.TextField("总体意见", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "标准化验收检查"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        day = f"{self.held_on.year}年{self.held_on.month}月{self.held_on.day}日"
        return f"{self.plan.centre.name}{day}{self.get_kind_display()}"


class InspectionFinding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    standard = models.CharField("标准", max_length=16, choices=STANDARDS)
    met = models.BooleanField("是否达标")
    text = models.CharField("检查意见", max_length=500, blank=True)

    class Meta:
        ordering = ["inspection", "id"]


class InspectionFile(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="files")
    name = models.CharField("文件名", max_length=120)
    file = models.FileField(upload_to="programmes/inspections/%Y/", max_length=200)

    class Meta:
        ordering = ["inspection", "id"]
