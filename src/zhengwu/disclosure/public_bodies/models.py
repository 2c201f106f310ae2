"""公共企事业单位 (brief §四(一)): a sector and the catalogue columns its bodies publish, and a
body's profile beside its `org.Agency` (kind 公共企事业单位): its sector, the department that
supervises it (主管部门) and its contact.

A body's catalogue is the disclosure app's own `Column` rows (one per column of its sector, the
code shared), so its staff publish through the one document pipeline."""

from django.conf import settings
from django.db import models

from zhengwu.org.models import Agency


class Sector(models.Model):
    """A sector (行业) of public enterprises and institutions: 教育, 供水, 供电 …"""

    code = models.CharField("行业代码", max_length=8, unique=True)
    name = models.CharField("行业名称", max_length=30, unique=True)
    basis = models.CharField("依据", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "公共企事业单位行业"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.name


class SectorColumn(models.Model):
    """One column every body of the sector publishes; `code` is the body's column code."""

    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="columns")
    code = models.CharField("栏目代码", max_length=20, unique=True)
    name = models.CharField("栏目名称", max_length=100)
    order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("在用", default=True)

    class Meta:
        ordering = ["sector", "order", "id"]
        verbose_name = "行业公开栏目"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.name


class PublicBody(models.Model):
    """A 公共企事业单位: its agency, its sector and the department that guides it."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="public_body")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="bodies")
    supervisor = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="supervised_bodies",
        verbose_name="主管部门",
    )
    contact_person = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    scope_path = models.CharField(max_length=64, db_index=True)  # = agency.scope_path
    registered_at = models.DateTimeField("登记时间", auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["sector", "scope_path", "agency__name"]
        verbose_name = "公共企事业单位"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.agency.name
