"""公文库: the official documents (公文) a body issues — all of them, not only the public ones —
with the elements of the 党政机关公文处理工作条例 §9 and GB/T 9704-2012, the 15 types of its §8,
the 公开属性 each carries under the 条例 (§§14–16 for what is withheld), its files, and the
secrecy term of 保密法 2024 §20 from which the release by law is computed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

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


# --- the §18 review ----------------------------------------------------------------------
# The §18 review (动态调整审查, 条例 §18): each round, a body looks again at its 依申请公开 and
# 不予公开 公文 and decides per record to keep, to change the attribute, or to publish.
#
# The 条例 sets no interval (domain rules §5.1, U); the default is yearly, as 保密法 2024 §24's
# review of state secrets, read through settings.ZHENGWU_ARCHIVE_REVIEW_MONTHS. A round is due
# ZHENGWU_ARCHIVE_REVIEW_WORKDAYS working days after it opens (U), on a core Clock, so 电子监察
# sees a round not done in time as it sees every late matter.

# The actions of a round (audit event, permission rule, row of the table).
OPEN_ACTION = "disclosure_archive.review_open"
DECIDE_ACTION = "disclosure_archive.review_decide"
DONE_ACTION = "disclosure_archive.review_done"


class Review(models.Model):
    """一次动态调整审查 — one round of one body: the records due when it opened."""

    OPEN, DONE = "open", "done"
    STATES = [(OPEN, "审查中"), (DONE, "已完成")]

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="archive_reviews")
    scope_path = models.CharField(max_length=64, db_index=True)
    year = models.PositiveSmallIntegerField("年度")
    opened_on = models.DateField("开始日期")
    due_on = models.DateField("完成期限")
    status = models.CharField("状态", max_length=8, choices=STATES, default=OPEN)
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)

    workflow = Workflow(
        "status",
        Transition(DONE_ACTION, "完成审查", (OPEN,), DONE, refused="本轮审查已完成"),
    )

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = "动态调整审查"
        verbose_name_plural = verbose_name
        constraints = [
            # A body has one round open at a time: records falling due join it.
            models.UniqueConstraint(
                fields=["agency"], condition=Q(status="open"), name="archive_review_open_once"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "-opened_on"], name="archive_review_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年度政府信息动态调整审查"


class ReviewDecision(models.Model):
    """One record of a round: 待审查 until the reviewer decides (decision blank), then the
    decision with its reason, the attribute it left and whether the secret was released by law."""

    PENDING, KEEP, CHANGE, PUBLISH = "", "keep", "change", "publish"
    DECISIONS = [
        (PENDING, "待审查"),
        (KEEP, "维持公开属性"),
        (CHANGE, "变更公开属性"),
        (PUBLISH, "转为主动公开"),
    ]

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    record = models.ForeignKey(
        "disclosure_archive.OfficialDocument",
        on_delete=models.PROTECT,
        related_name="review_decisions",
        verbose_name="公文",
    )
    # The day the secret is released by law (保密法 §20), as computed when the round opened: the
    # list puts the released first; the decision recomputes it.
    release_on = models.DateField("依法解密日期", null=True, blank=True)
    decision = models.CharField(
        "审查决定", max_length=8, choices=DECISIONS, blank=True, default=PENDING
    )
    attribute_before = models.CharField("原公开属性", max_length=12, blank=True)
    new_attribute = models.CharField("变更后的公开属性", max_length=12, blank=True)
    new_ground = models.CharField("变更后的不予公开依据", max_length=20, blank=True)
    reason = models.TextField("审查理由", blank=True)
    released_by_law = models.BooleanField("保密期限已满，依法自行解密", default=False)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["review", "id"]
        verbose_name = "动态调整审查决定"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["review", "record"], name="archive_review_record_once"),
        ]
        indexes = [
            # Who is due: a record's last decision.
            models.Index(fields=["record", "decided_on"], name="archive_decision_record"),
            # A round's list: the records still to decide, the released first.
            models.Index(fields=["review", "decision", "release_on"], name="archive_decision_list"),
        ]

    def __str__(self) -> str:
        return f"{self.review} · {self.record_id}"

    @property
    def pending(self) -> bool:
        return self.decision == self.PENDING
