"""政策解读: an interpretation of one policy document (several per document), drafted and
reviewed with it and published within ZHENGWU_INTERPRETATION_WORKDAYS working days of it
(三同步, 国办发〔2016〕80号; the day count is a provincial practice, unverified)."""

from django.conf import settings
from django.db import models

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.disclosure.models import Document
from zhengwu.org.models import Agency


def interpretation_image_path(instance, filename):
    return f"disclosure/interpretations/{instance.document_id}/{filename}"


class Interpretation(models.Model):
    DRAFT, REVIEW, PUBLISHED, WITHDRAWN = "draft", "review", "published", "withdrawn"
    STATUSES = [
        (DRAFT, "草稿"),
        (REVIEW, "待审核"),
        (PUBLISHED, "已发布"),
        (WITHDRAWN, "已撤回"),
    ]
    # The forms the 年度报表 counts apart (解读材料, 解读产品, 媒体评论; domain rules §3).
    TEXT, GRAPHIC, VIDEO, QA, EXPERT, MEDIA, LEADER = (
        "text",
        "graphic",
        "video",
        "qa",
        "expert",
        "media",
        "leader",
    )
    FORMS = [
        (TEXT, "文字解读"),
        (GRAPHIC, "图解"),
        (VIDEO, "视频解读"),
        (QA, "一问一答"),
        (EXPERT, "专家解读"),
        (MEDIA, "媒体评论"),
        (LEADER, "负责人撰文"),
    ]

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="interpretations", verbose_name="政策文件"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="interpretations")
    scope_path = models.CharField(max_length=64, db_index=True)
    title = models.CharField("标题", max_length=200)
    form = models.CharField("解读形式", max_length=8, choices=FORMS, default=TEXT)
    body = models.TextField("解读正文", blank=True)
    image = models.FileField("图解", upload_to=interpretation_image_path, blank=True)
    video_url = models.URLField("视频地址", blank=True)
    qa = models.JSONField("问答", default=list, blank=True)  # [{"q": …, "a": …}, …]
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=DRAFT)
    status_reason = models.CharField("退回/撤回理由", max_length=300, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True, db_index=True)
    # The last lawful day: the document's 发布日期 + N working days, set when it is published.
    due_on = models.DateField("应发布日期", null=True, blank=True)
    published_late = models.BooleanField("逾期发布", default=False)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    workflow = Workflow(
        "status",
        Transition("disclosure_interpretation.edit", "修改", (DRAFT,), refused="只有草稿可以修改"),
        Transition("disclosure_interpretation.submit", "提交审核", (DRAFT,), REVIEW),
        Transition("disclosure_interpretation.return", "退回修改", (REVIEW,), DRAFT),
        Transition("disclosure_interpretation.publish", "审核发布", (REVIEW,), PUBLISHED),
        Transition("disclosure_interpretation.withdraw", "撤回", (PUBLISHED,), WITHDRAWN),
    )

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = "政策解读"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["document", "status"], name="interpretation_document"),
            models.Index(fields=["status", "scope_path", "-published_on"], name="interp_public"),
        ]

    def __str__(self) -> str:
        return self.title
