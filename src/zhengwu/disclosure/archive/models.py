"""公文库: the official documents (公文) a body issues — all of them, not only the public ones —
with the elements of the 党政机关公文处理工作条例 §9 and GB/T 9704-2012, the 15 types of its §8,
the 公开属性 each carries under the 条例 (§§14–16 for what is withheld), its files, and the
secrecy term of 保密法 2024 §20 from which the release by law is computed."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency

# 党政机关公文处理工作条例 §8: exactly these fifteen 文种.
DOC_TYPES = [
    "决议",
    "决定",
    "命令（令）",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
]


class OfficialDocument(models.Model):
    """公文 — one document a body issued, registered in its 公文库 (staff only)."""

    # 密级 (保密法 2024 §14); blank: not a state secret.
    NONE, SECRET, CONFIDENTIAL, TOP_SECRET = "", "secret", "confidential", "top_secret"
    SECRECY = [(NONE, "非涉密"), (SECRET, "秘密"), (CONFIDENTIAL, "机密"), (TOP_SECRET, "绝密")]
    URGENCY = [("", "无"), ("加急", "加急"), ("特急", "特急")]
    # 公开属性 (条例 §§13–16, 19–20, 27).
    PROACTIVE, ON_REQUEST, WITHHELD = "proactive", "on_request", "withheld"
    ATTRIBUTES = [(PROACTIVE, "主动公开"), (ON_REQUEST, "依申请公开"), (WITHHELD, "不予公开")]
    # Why it is not public, in the 条例's grounds (the reason's text says more).
    WITHHELD_GROUNDS = [
        ("", "—"),
        ("s14_secret", "第十四条：国家秘密"),
        ("s14_law", "第十四条：法律、行政法规禁止公开"),
        ("s14_safety", "第十四条：公开后可能危及国家安全、公共安全、经济安全、社会稳定"),
        ("s15_third_party", "第十五条：商业秘密、个人隐私等第三方合法权益"),
        ("s16_internal", "第十六条第一款：内部事务信息"),
        ("s16_process", "第十六条第二款：过程性信息"),
        ("s16_enforcement", "第十六条第二款：行政执法案卷信息"),
    ]

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="official_documents")
    scope_path = models.CharField(max_length=64, db_index=True)

    # 版头
    copy_number = models.CharField("份号", max_length=6, blank=True)
    secrecy = models.CharField("密级", max_length=12, choices=SECRECY, blank=True, default=NONE)
    secrecy_years = models.PositiveSmallIntegerField("保密期限（年）", null=True, blank=True)
    secrecy_until = models.DateField("解密时间", null=True, blank=True)
    secrecy_condition = models.CharField("解密条件", max_length=200, blank=True)
    urgency = models.CharField("紧急程度", max_length=4, choices=URGENCY, blank=True)
    issuing_body = models.CharField("发文机关", max_length=200)
    doc_number = models.CharField("发文字号", max_length=80, blank=True, db_index=True)
    signer = models.CharField("签发人", max_length=100, blank=True)
    # 主体
    title = models.CharField("标题", max_length=300)
    main_recipients = models.CharField("主送机关", max_length=500, blank=True)
    doc_type = models.CharField("文种", max_length=8, choices=[(t, t) for t in DOC_TYPES])
    written_on = models.DateField("成文日期", db_index=True)
    attachment_note = models.CharField("附件说明", max_length=500, blank=True)
    remarks = models.CharField("附注", max_length=300, blank=True)
    # 版记
    copied_to = models.CharField("抄送机关", max_length=500, blank=True)
    printed_by = models.CharField("印发机关", max_length=200, blank=True)
    printed_on = models.DateField("印发日期", null=True, blank=True)

    # 公开属性
    attribute = models.CharField("公开属性", max_length=12, choices=ATTRIBUTES)
    withheld_ground = models.CharField(
        "不予公开依据", max_length=20, choices=WITHHELD_GROUNDS, blank=True, default=""
    )
    attribute_reason = models.CharField("公开属性说明", max_length=500, blank=True)
    # The 主动公开 document this record was published as (at registration, or by a §18 decision).
    document = models.ForeignKey(
        "disclosure.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="archive_records",
        verbose_name="主动公开文件",
    )

    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # No state of its own: a correction is the one change, taken whatever the 公开属性
    # (the §18 review adds its decisions to this table).
    workflow = Workflow("attribute", Transition("disclosure_archive.edit", "修改登记", ()))

    class Meta:
        ordering = ["-written_on", "-id"]
        verbose_name = "公文"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["agency", "-written_on"], name="archive_agency_written"),
            models.Index(fields=["scope_path", "-written_on"], name="archive_scope_written"),
            models.Index(fields=["agency", "attribute"], name="archive_agency_attribute"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_secret(self) -> bool:
        return self.secrecy != self.NONE


def archive_path(instance, filename):
    # The stored name is generated by the service; the uploader's name is only displayed.
    return f"archive/{instance.record_id}/{filename}"


class ArchiveFile(models.Model):
    """A file of a 公文 (正文 or 附件): PDF, OFD or DOCX, its text kept for staff search."""

    record = models.ForeignKey(OfficialDocument, on_delete=models.CASCADE, related_name="files")
    original_name = models.CharField("文件名", max_length=200)
    file = models.FileField(upload_to=archive_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["record", "id"]
        verbose_name = "公文文件"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.original_name


# The §18 review's rounds and decisions (models_review.py), registered with the app's models.
from .models_review import Review, ReviewDecision  # noqa: E402, F401
