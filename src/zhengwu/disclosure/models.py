"""主动公开: documents and their catalogue, the guide, the rules page and the gazette.

A document carries the catalogue fields of 条例 §12 (索引号, 名称, 内容概述, 生成日期) and the
national catalogue's usual ones (发布机构, 文号, 发布日期, 主题分类, 体裁, 有效性, 关键词).
"""

from django.conf import settings
from django.db import models

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency, Jurisdiction

TOPICS = [
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "其他",
]


class Column(models.Model):
    """A catalogue column (栏目) of one agency: a §20/§21 item, a key area, or a group of them."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="columns")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField("栏目代码", max_length=20)
    name = models.CharField("栏目名称", max_length=100)
    basis = models.CharField("依据", max_length=60, blank=True)
    order = models.PositiveIntegerField(default=0)
    scope_path = models.CharField(max_length=64, db_index=True)

    kids: list["Column"]  # not a field: its children in the tree queries.columns_of returns

    class Meta:
        ordering = ["agency", "order"]
        verbose_name = "目录栏目"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="column_code_once")]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """A piece of government information published proactively (主动公开, 条例 §§19–26)."""

    DRAFT, REVIEW, PUBLISHED, WITHDRAWN = "draft", "review", "published", "withdrawn"
    STATUSES = [
        (DRAFT, "草稿"),
        (REVIEW, "保密审查中"),
        (PUBLISHED, "已发布"),
        (WITHDRAWN, "已撤回"),
    ]
    VALID, AMENDED, REPEALED, EXPIRED = "valid", "amended", "repealed", "expired"
    VALIDITIES = [
        (VALID, "现行有效"),
        (AMENDED, "已修改"),
        (REPEALED, "已废止"),
        (EXPIRED, "已失效"),
    ]
    RULE, NORMATIVE = "规章", "行政规范性文件"
    GENRES = [
        (RULE, "规章"),
        (NORMATIVE, "行政规范性文件"),
        ("其他文件", "其他文件"),
        ("规划计划", "规划计划"),
        ("统计信息", "统计信息"),
        ("预决算", "预决算"),
        ("通知公告", "通知公告"),
        ("工作报告", "工作报告"),
        ("其他", "其他"),
    ]

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="documents")
    scope_path = models.CharField(max_length=64, db_index=True)
    column = models.ForeignKey(
        Column, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    index_no = models.CharField("索引号", max_length=60, unique=True)
    title = models.CharField("名称", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    created_on = models.DateField("生成日期")
    doc_number = models.CharField("文号", max_length=80, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True, db_index=True)
    topic = models.CharField(
        "主题分类", max_length=30, choices=[(t, t) for t in TOPICS], default="综合政务"
    )
    genre = models.CharField("体裁", max_length=20, choices=GENRES, default="其他文件")
    validity = models.CharField("有效性", max_length=10, choices=VALIDITIES, default=VALID)
    validity_changed_on = models.DateField("有效性变更日期", null=True, blank=True)
    validity_reason = models.CharField("有效性变更理由", max_length=300, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        verbose_name="替代文件",
    )
    keywords = models.CharField("关键词", max_length=200, blank=True)
    body = models.TextField("正文", blank=True)
    proactive = models.BooleanField("属于主动公开范围", default=True)
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=DRAFT)
    status_reason = models.CharField("退回/撤回理由", max_length=300, blank=True)
    # The record's version: every change counts it up (core/workflow.py), so a page or a client
    # that read the document at one version acts on it only if nobody changed it since. The
    # document's editions (第N版: the draft's saves, 发布新版本) are its DocumentVersion rows.
    version = models.PositiveIntegerField("版本", default=1)
    published_late = models.BooleanField("逾期发布", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-created_on", "-id"]
        verbose_name = "主动公开文件"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["status", "scope_path", "-published_on"], name="doc_public"),
            models.Index(fields=["agency", "status", "-published_on"], name="doc_agency"),
            models.Index(fields=["column", "status", "-published_on"], name="doc_column"),
            # The catalogue's year filter (年份 of 生成日期), alone or with a column.
            models.Index(fields=["agency", "status", "created_on"], name="doc_agency_year"),
            models.Index(fields=["column", "status", "created_on"], name="doc_column_year"),
        ]

    # The document's life (core/workflow.py): each action, the states it may be taken from and
    # the state it leaves; the action is also the audit event and the permission rule.
    workflow = Workflow(
        "status",
        Transition(
            "disclosure.document.edit",
            "修改",
            (DRAFT,),
            refused="只有草稿可以修改；已发布的文件请使用“发布新版本”",
        ),
        Transition("disclosure.document.submit", "提交保密审查", (DRAFT,), REVIEW),
        Transition("disclosure.document.return", "退回修改", (REVIEW,), DRAFT),
        Transition("disclosure.document.publish", "审查发布", (REVIEW,), PUBLISHED),
        Transition("disclosure.document.withdraw", "撤回", (PUBLISHED,), WITHDRAWN),
        Transition(
            "disclosure.document.validity",
            "变更有效性",
            (PUBLISHED,),
            refused="只有已发布的文件可以变更有效性",
        ),
        Transition(
            "disclosure.document.new_version",
            "发布新版本",
            (PUBLISHED,),
            refused="只有已发布的文件可以发布新版本",
        ),
    )

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.PUBLISHED


class DocumentVersion(models.Model):
    """Every edition of a document is kept (第N版: the draft's saves and each 新版本, numbered
    1, 2, … in order): the fields as they were when it was saved."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    data = models.JSONField()
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="doc_version_once")
        ]


def attachment_path(instance, filename):
    # The stored name is generated by the service; the uploader's name is only displayed.
    return f"disclosure/{instance.document_id}/{filename}"


class Attachment(models.Model):
    """附件 of a document: PDF, DOCX, XLSX or an image, with its text kept for search."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    original_name = models.CharField("文件名", max_length=200)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "id"]
        verbose_name = "附件"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.original_name


class GuideRevision(models.Model):
    """政府信息公开指南 (条例 §12¶2), one dated revision; the newest is the current guide."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="guide_revisions")
    scope_path = models.CharField(max_length=64, db_index=True)
    revised_on = models.DateField("修订日期")
    classification = models.TextField("信息分类与编排体系")
    how_to_obtain = models.TextField("获取方式")
    office_name = models.CharField("工作机构名称", max_length=100)
    address = models.CharField("办公地址", max_length=200)
    office_hours = models.CharField("办公时间", max_length=100)
    phone = models.CharField("联系电话", max_length=40)
    fax = models.CharField("传真", max_length=40, blank=True)
    internet = models.CharField("互联网联系方式", max_length=200)
    how_to_request = models.TextField("依申请公开办理")
    remedies = models.TextField("监督和救济", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["agency", "-revised_on", "-id"]
        verbose_name = "政府信息公开指南"
        verbose_name_plural = verbose_name


class RulesPage(models.Model):
    """政府信息公开制度: the agency's own rules, edited by its openness staff."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="disclosure_rules")
    scope_path = models.CharField(max_length=64, db_index=True)
    body = models.TextField("制度正文")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "政府信息公开制度"
        verbose_name_plural = verbose_name


class GazetteIssue(models.Model):
    """政府公报: one issue (year, number) of a government's gazette (条例 §23)."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    scope_path = models.CharField(max_length=64, db_index=True)
    year = models.PositiveIntegerField("年份")
    number = models.PositiveIntegerField("期号")
    published_on = models.DateField("出版日期")
    documents = models.ManyToManyField(Document, related_name="gazette_issues", blank=True)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = "政府公报"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "year", "number"], name="gazette_issue_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}期"
