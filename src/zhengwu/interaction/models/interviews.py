"""在线访谈: the interview (预告 → 直播 → 实录), the public's questions, the live posts and the
transcript's pictures (services.interviews)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency

from ._common import FollowsAgencyScope


class Interview(FollowsAgencyScope, models.Model):
    """在线访谈 with leaders of a government or department: 预告 → 直播 → 实录 → 归档."""

    PREVIEW, LIVE, FINISHED = "preview", "live", "finished"
    STATES = [(PREVIEW, "预告"), (LIVE, "正在直播"), (FINISHED, "已结束（实录）")]

    title = models.CharField("主题", max_length=100)
    summary = models.TextField("内容简介")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="interviews")
    scope_path = models.CharField(max_length=64, db_index=True)
    guests = models.CharField("访谈嘉宾", max_length=200)
    host = models.CharField("主持人", max_length=50)
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("结束时间")
    state = models.CharField(max_length=10, choices=STATES, default=PREVIEW)
    transcript_intro = models.TextField("实录说明", blank=True)
    is_published = models.BooleanField("已发布", default=True)
    version = models.PositiveIntegerField("版本", default=1)

    workflow = Workflow(
        "state",
        Transition(
            "interaction.interview_edited",
            "修改访谈预告",
            (PREVIEW,),
            refused="访谈已开始，预告不能再修改",
        ),
        Transition(
            "interaction.interview_published",
            "发布访谈预告",
            (PREVIEW,),
            refused="访谈已开始，不需要再发布预告",
        ),
        Transition(
            "interaction.interview_state",
            "变更状态",
            (PREVIEW, LIVE),
            (PREVIEW, LIVE, FINISHED),
            refused="访谈已结束，不能再变更状态",
        ),
        Transition("interaction.interview_post", "发言", (LIVE,), refused="访谈不在直播中"),
        Transition("interaction.interview_image", "上传图片", ()),
        Transition("interaction.interview_transcript", "整理文字实录", ()),
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "在线访谈"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.title


class InterviewQuestion(models.Model):
    """A question from the public, before or during the interview; shown only once approved."""

    PENDING, APPROVED, REJECTED, ANSWERED = "pending", "approved", "rejected", "answered"
    STATES = [
        (PENDING, "待审核"),
        (APPROVED, "已采用"),
        (REJECTED, "未采用"),
        (ANSWERED, "已回答"),
    ]

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions")
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asker_name = models.CharField("网友昵称", max_length=30)
    text = models.TextField("问题")
    public_text = models.TextField("公开文本", blank=True)
    held_words = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=STATES, default=PENDING, db_index=True)
    asked_at = models.DateTimeField(default=timezone.now)
    moderation_reason = models.CharField("审核意见", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    workflow = Workflow(
        "state",
        Transition(
            "interaction.question_moderated",
            "审核",
            (PENDING,),
            (APPROVED, REJECTED),
            refused="该问题已审核",
        ),
    )

    class Meta:
        ordering = ["asked_at", "id"]
        verbose_name = "访谈提问"
        verbose_name_plural = verbose_name


class InterviewPost(models.Model):
    """One line of the live text: a guest's answer (to a question) or the host's words."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="posts")
    question = models.ForeignKey(
        InterviewQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )
    speaker = models.CharField("发言人", max_length=50)
    text = models.TextField("内容")
    posted_at = models.DateTimeField(default=timezone.now)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["posted_at", "id"]
        verbose_name = "访谈发言"
        verbose_name_plural = verbose_name


def interview_image_path(instance, filename):
    return f"interaction/interviews/{instance.interview_id}/{instance.sha256[:16]}.{instance.ext}"


class InterviewImage(models.Model):
    """A picture for the transcript (checked by magic bytes and size, stored under a new name)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="images")
    image = models.FileField(upload_to=interview_image_path)
    ext = models.CharField(max_length=4)
    sha256 = models.CharField(max_length=64)
    caption = models.CharField("说明", max_length=100, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = "访谈图片"
        verbose_name_plural = verbose_name
