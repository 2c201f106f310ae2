"""网站检查: one result per site per quarter (国办秘函〔2019〕19号), with every finding and the
page it is on, and the site's 工作年度报表 per year (国办函〔2018〕12号)."""

from django.conf import settings
from django.db import models

from zhengwu.websites.models import Site


class SiteCheck(models.Model):
    PASS, FAIL = "pass", "fail"
    RESULTS = [(PASS, "合格"), (FAIL, "不合格")]

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="checks")
    scope_path = models.CharField(max_length=64, db_index=True)  # = site.scope_path
    year = models.PositiveIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    checked_on = models.DateField("检查日")
    run_at = models.DateTimeField("检查时间")
    result = models.CharField("检查结论", max_length=4, choices=RESULTS)
    # 扣分指标 out of 100 (a department without 办事服务: out of 75, × 4/3), + 加分 (portals only,
    # out of 20, counted when the first is above 80). None when a veto stops the scoring.
    base_score = models.DecimalField("扣分指标得分", max_digits=5, decimal_places=1, null=True)
    bonus = models.DecimalField("加分", max_digits=4, decimal_places=1, default=0)
    score = models.DecimalField("总分", max_digits=5, decimal_places=1, null=True)
    scaled = models.BooleanField("无办事服务（按75分折算）", default=False)
    vetoes = models.JSONField("单项否决", default=list)  # [indicator name, …]
    probe_ok = models.BooleanField("健康探测通过", default=True)
    crawled = models.BooleanField("已检查链接", default=False)
    pages_crawled = models.PositiveIntegerField("检查页面数", default=0)

    class Meta:
        ordering = ["scope_path", "site_id", "-year", "-quarter"]
        verbose_name = "网站检查结果"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year", "quarter"], name="site_check_once_a_quarter"
            )
        ]
        indexes = [models.Index(fields=["year", "quarter", "result"], name="site_check_quarter")]

    def __str__(self) -> str:
        return f"{self.site.name} {self.year}年第{self.quarter}季度检查"

    @property
    def period(self) -> str:
        return f"{self.year}年第{self.quarter}季度"


class Finding(models.Model):
    VETO, DEDUCT, BONUS, LINK = "veto", "deduct", "bonus", "link"
    KINDS = [(VETO, "单项否决"), (DEDUCT, "扣分"), (BONUS, "加分"), (LINK, "错链")]

    site_check = models.ForeignKey(SiteCheck, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField("指标代码", max_length=40)
    name = models.CharField("指标", max_length=60)
    kind = models.CharField("类别", max_length=8, choices=KINDS)
    points = models.DecimalField("分值", max_digits=4, decimal_places=1, default=0)
    page = models.CharField("所在页面", max_length=500, blank=True)
    found = models.TextField("发现的问题")
    target = models.CharField("涉及链接或内容", max_length=500, blank=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["site_check", "kind", "id"]
        verbose_name = "检查发现的问题"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.name}：{self.found}"


class AnnualReport(models.Model):
    """《政府网站工作年度报表》: the figures the platform has, generated from data, and the ones
    the office fills in (安全防护, 移动新媒体, 访问量 …), published on the site."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="annual_reports")
    scope_path = models.CharField(max_length=64, db_index=True)
    year = models.PositiveIntegerField("年度")
    data = models.JSONField("平台生成的数据", default=dict)
    manual = models.JSONField("办公室填报的数据", default=dict)
    generated_at = models.DateTimeField("生成时间")
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    published_late = models.BooleanField("逾期公开", default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["scope_path", "site_id", "-year"]
        verbose_name = "网站工作年度报表"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["site", "year"], name="site_annual_report_once")
        ]

    def __str__(self) -> str:
        return f"{self.site.name}{self.year}年度工作报表"
