"""政府网站: the sites, their columns (from a template per level, `layouts.py`), the articles
and leaders their staff publish.

A site is a government's (the 州, each county, township and village: one per jurisdiction) or a
department's (an agency's). Its content moves through the same workflow as a 主动公开 document:
草稿 → 审核 → 发布 → 撤回, each step an audited action.
"""

from django.conf import settings
from django.db import models

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency, Jurisdiction


class Site(models.Model):
    PREFECTURE, COUNTY, TOWNSHIP, VILLAGE, DEPARTMENT = (
        "prefecture",
        "county",
        "township",
        "village",
        "department",
    )
    LEVELS = [
        (PREFECTURE, "州政府门户网站"),
        (COUNTY, "县市政府门户网站"),
        (TOWNSHIP, "乡镇街道网站"),
        (VILLAGE, "村社区网站"),
        (DEPARTMENT, "部门网站"),
    ]

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="websites", verbose_name="所属区划"
    )
    # A department's site; a government's site has none.
    agency = models.OneToOneField(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="department_site",
        verbose_name="主办部门",
    )
    level = models.CharField("网站类型", max_length=12, choices=LEVELS)
    name = models.CharField("网站名称", max_length=100)
    scope_path = models.CharField(max_length=64, db_index=True)  # = jurisdiction.path
    opened_on = models.DateField("开通日期")
    # A department site's own 网站标识码 (its footer shows its government's 网站信息 otherwise),
    # 10 characters as portal.sites.SITE_CODE; kept by the 政务公开办 over its jurisdiction.
    site_code = models.CharField("网站标识码", max_length=10, blank=True)

    class Meta:
        ordering = ["scope_path", "agency_id"]
        verbose_name = "政府网站"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction"],
                condition=models.Q(agency__isnull=True),
                name="one_government_site",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_department(self) -> bool:
        return self.agency_id is not None


class SiteColumn(models.Model):
    """A column (栏目) of one site, opened from its level's layout."""

    PAGE, LIST, LEADERS = "page", "list", "leaders"
    KINDS = [(PAGE, "单页"), (LIST, "信息列表"), (LEADERS, "领导信息")]

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="columns")
    key = models.CharField("栏目代码", max_length=20)
    name = models.CharField("栏目名称", max_length=40)
    kind = models.CharField("栏目类型", max_length=8, choices=KINDS, default=LIST)
    # 应更新栏目: the longest a column may go without new content (国办秘函〔2019〕19号:
    # 动态要闻 14 days, 通知公告 and 政策文件 six months); None = updated when needed.
    update_days = models.PositiveIntegerField("更新周期（天）", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["site", "order"]
        verbose_name = "网站栏目"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["site", "key"], name="site_column_once")]

    def __str__(self) -> str:
        return self.name


CONTENT_STATES = [
    ("draft", "草稿"),
    ("review", "待审核"),
    ("published", "已发布"),
    ("withdrawn", "已撤回"),
]


def _workflow(kind: str) -> Workflow:
    return Workflow(
        "status",
        Transition(f"websites.{kind}.edit", "修改", ("draft",), refused="只有草稿可以修改"),
        Transition(f"websites.{kind}.submit", "提交审核", ("draft",), "review"),
        Transition(f"websites.{kind}.return", "退回修改", ("review",), "draft"),
        Transition(f"websites.{kind}.publish", "审核发布", ("review",), "published"),
        Transition(f"websites.{kind}.withdraw", "撤回", ("published",), "withdrawn"),
    )


class Article(models.Model):
    """One item of a column: a piece of news, a notice, a topic page, or a single page's text."""

    DRAFT, REVIEW, PUBLISHED, WITHDRAWN = "draft", "review", "published", "withdrawn"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="articles")
    column = models.ForeignKey(SiteColumn, on_delete=models.PROTECT, related_name="articles")
    scope_path = models.CharField(max_length=64, db_index=True)  # = site.scope_path
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    source = models.CharField("来源", max_length=100, blank=True)
    author = models.CharField("作者", max_length=50, blank=True)
    status = models.CharField("状态", max_length=10, choices=CONTENT_STATES, default=DRAFT)
    status_reason = models.CharField("退回/撤回理由", max_length=300, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    workflow = _workflow("article")

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "网站信息"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["column", "status", "-published_at"], name="article_column"),
            models.Index(fields=["site", "status", "-published_at"], name="article_site"),
            models.Index(fields=["status", "scope_path", "-published_at"], name="article_public"),
        ]

    def __str__(self) -> str:
        return self.title


def leader_photo_path(instance, filename):
    return f"websites/leaders/{instance.site_id}/{filename}"


class Leader(models.Model):
    """领导信息 (国办发〔2017〕47号: 姓名、职务、照片、简历、分工), published like an article."""

    DRAFT, REVIEW, PUBLISHED, WITHDRAWN = "draft", "review", "published", "withdrawn"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="leaders")
    scope_path = models.CharField(max_length=64, db_index=True)
    name = models.CharField("姓名", max_length=30)
    post = models.CharField("职务", max_length=100)
    photo = models.FileField("照片", upload_to=leader_photo_path, blank=True)
    cv = models.TextField("简历")
    duties = models.TextField("工作分工")
    order = models.PositiveSmallIntegerField("排序", default=0)
    status = models.CharField("状态", max_length=10, choices=CONTENT_STATES, default=DRAFT)
    status_reason = models.CharField("退回/撤回理由", max_length=300, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField(auto_now=True)

    workflow = _workflow("leader")

    class Meta:
        ordering = ["site", "order", "id"]
        verbose_name = "领导信息"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）"
