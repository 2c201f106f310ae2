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
        Transition(
            "disclosure_interpretation.remove_image",
            "删除图解",
            (DRAFT,),
            refused="只有草稿可以删除图解；已提交审核的，请先退回修改",
        ),
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


class ConcernResponse(models.Model):
    """回应关切: a body's response to a public concern, due within the hours its kind allows from
    the incident or the concern's appearance (国办发〔2016〕80号, 61号; domain rules §3)."""

    AUTHORITATIVE, PRESS, OTHER = "authoritative", "press", "other"
    KINDS = [
        (AUTHORITATIVE, "重大突发事件：发布权威信息"),
        (PRESS, "重大突发事件：召开新闻发布会"),
        (OTHER, "其他政务舆情：回应"),
    ]
    OPEN, PUBLISHED, WITHDRAWN = "open", "published", "withdrawn"
    STATUSES = [(OPEN, "待回应"), (PUBLISHED, "已回应"), (WITHDRAWN, "已撤回")]

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="concern_responses")
    scope_path = models.CharField(max_length=64, db_index=True)
    title = models.CharField("关切事项", max_length=200)
    concern = models.TextField("公众关切内容")
    kind = models.CharField("类别", max_length=16, choices=KINDS, default=OTHER)
    occurred_at = models.DateTimeField("事件发生或舆情出现时间")
    due_at = models.DateTimeField("应回应时间", db_index=True)
    response = models.TextField("回应内容", blank=True)
    responded_at = models.DateTimeField("回应时间", null=True, blank=True)
    responded_late = models.BooleanField("超时回应", default=False)
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=OPEN)
    status_reason = models.CharField("撤回理由", max_length=300, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    workflow = Workflow(
        "status",
        Transition("disclosure_interpretation.concern_edit", "修改", (OPEN,)),
        Transition("disclosure_interpretation.concern_respond", "发布回应", (OPEN,), PUBLISHED),
        Transition("disclosure_interpretation.concern_withdraw", "撤回", (PUBLISHED,), WITHDRAWN),
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = "回应关切"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["status", "scope_path", "-responded_at"], name="concern_public"),
        ]

    def __str__(self) -> str:
        return self.title


class PressConference(models.Model):
    """新闻发布会: 预告 → 直播 → 已结束, with its speakers, the live text, the 发布稿 and the 实录
    (国办发〔2013〕100号; an emergency one within 24 h of the incident, 80号; domain rules §4)."""

    DRAFT, PREVIEW, LIVE, FINISHED = "draft", "preview", "live", "finished"
    STATES = [(DRAFT, "未发布"), (PREVIEW, "预告"), (LIVE, "直播中"), (FINISHED, "已结束")]

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="press_conferences")
    scope_path = models.CharField(max_length=64, db_index=True)
    topic = models.CharField("发布会主题", max_length=200)
    notice = models.TextField("发布会预告", blank=True)
    starts_at = models.DateTimeField("召开时间", db_index=True)
    place = models.CharField("地点", max_length=200, blank=True)
    state = models.CharField("状态", max_length=10, choices=STATES, default=DRAFT)
    emergency = models.BooleanField("重大突发事件发布会", default=False)
    incident_at = models.DateTimeField("事件发生时间", null=True, blank=True)
    due_at = models.DateTimeField("应召开时间", null=True, blank=True)
    held_late = models.BooleanField("超时召开", default=False)
    release = models.TextField("发布稿", blank=True)
    transcript = models.TextField("文字实录", blank=True)
    documents = models.ManyToManyField(
        Document, blank=True, related_name="press_conferences", verbose_name="相关政策文件"
    )
    interpretations = models.ManyToManyField(
        Interpretation, blank=True, related_name="press_conferences", verbose_name="相关政策解读"
    )
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    workflow = Workflow(
        "state",
        Transition("disclosure_interpretation.press_edit", "修改", ()),
        Transition("disclosure_interpretation.press_announce", "发布预告", (DRAFT,), PREVIEW),
        Transition("disclosure_interpretation.press_start", "开始直播", (PREVIEW,), LIVE),
        Transition("disclosure_interpretation.press_post", "发布直播内容", (LIVE,)),
        Transition("disclosure_interpretation.press_finish", "结束发布会", (LIVE,), FINISHED),
        Transition(
            "disclosure_interpretation.press_speaker",
            "登记发布人",
            (DRAFT, PREVIEW, LIVE),
            refused="发布会已结束，不能再登记发布人",
        ),
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = "新闻发布会"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["state", "scope_path", "-starts_at"], name="press_public")]

    def __str__(self) -> str:
        return self.topic


class Speaker(models.Model):
    """发布人: who speaks, in what post; the 主要负责人 is the 第一新闻发言人 (80号)."""

    conference = models.ForeignKey(
        PressConference, on_delete=models.CASCADE, related_name="speakers"
    )
    name = models.CharField("姓名", max_length=40)
    post = models.CharField("职务", max_length=100)
    is_principal = models.BooleanField("主要负责人", default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "发布人"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.post} {self.name}"


class PressPost(models.Model):
    """One post of the live text: a statement, or a reporter's question and its answer."""

    conference = models.ForeignKey(PressConference, on_delete=models.CASCADE, related_name="posts")
    speaker = models.CharField("发言人", max_length=60)
    text = models.TextField("内容")
    question = models.TextField("记者提问", blank=True)
    asked_by = models.CharField("提问媒体", max_length=60, blank=True)
    posted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["posted_at", "id"]
        verbose_name = "发布会直播内容"
        verbose_name_plural = verbose_name
