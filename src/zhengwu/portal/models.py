"""网站信息: what the footer and the 联系我们 page of each site show (网站标识码, 备案号, 主办单位,
contact), one row per jurisdiction that has its own; a site without one shows its nearest
ancestor's (portal/sites.py)."""

from django.conf import settings
from django.db import models

from zhengwu.org.models import Jurisdiction


class SiteProfile(models.Model):
    jurisdiction = models.OneToOneField(
        Jurisdiction, on_delete=models.CASCADE, related_name="site_profile", verbose_name="站点"
    )
    scope_path = models.CharField(max_length=64, db_index=True)  # = jurisdiction.path
    site_name = models.CharField("网站名称", max_length=100, blank=True)
    site_code = models.CharField("网站标识码", max_length=10, blank=True)
    icp_number = models.CharField("ICP备案号", max_length=40, blank=True)
    police_number = models.CharField("公安机关备案号", max_length=40, blank=True)
    sponsor = models.CharField("主办单位", max_length=100, blank=True)
    organiser = models.CharField("承办单位", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.CharField("电子邮箱", max_length=100, blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    contact_note = models.TextField("联系我们说明", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "网站信息"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.jurisdiction}网站信息"

    def save(self, *args, **kwargs):
        self.scope_path = self.jurisdiction.path
        super().save(*args, **kwargs)
