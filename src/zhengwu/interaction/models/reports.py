"""民意汇报: the monthly figures of 网民留言 kept per agency and for the whole 州
(services.reports)."""

from django.db import models
from django.utils import timezone

from zhengwu.org.models import Agency


class OpinionReport(models.Model):
    """民意汇报: one month of messages for an agency (or, with no agency, the whole 州)."""

    month = models.DateField("月份（当月1日）")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="opinion_reports"
    )
    scope_path = models.CharField(max_length=64, db_index=True)
    data = models.JSONField()
    generated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month", "scope_path"]
        verbose_name = "民意汇报"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["month", "agency"], name="opinion_report_once_per_agency"
            ),
            models.UniqueConstraint(
                fields=["month"],
                condition=models.Q(agency__isnull=True),
                name="opinion_report_once_for_prefecture",
            ),
        ]
