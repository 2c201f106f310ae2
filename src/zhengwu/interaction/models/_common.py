"""What the 政民互动 sub-domains share: an agency's scope kept on each record, and the 敏感词
list that holds or masks every public text (网民留言, 访谈提问, 征集意见; see moderation)."""

from django.db import models


class FollowsAgencyScope:
    """A record's `scope_path` is always its agency's: set on every save (scopes, org.scopes)."""

    def save(self, *args, **kwargs):
        self.scope_path = self.agency.scope_path
        super().save(*args, **kwargs)


class SensitiveWord(models.Model):
    """敏感词: a word that holds a text for moderation, or is masked automatically."""

    HOLD, MASK = "hold", "mask"
    ACTIONS = [(HOLD, "送人工审核"), (MASK, "自动替换为＊")]

    word = models.CharField("词语", max_length=40, unique=True)
    action = models.CharField("处理方式", max_length=8, choices=ACTIONS, default=HOLD)
    is_active = models.BooleanField("启用", default=True)
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        ordering = ["word"]
        verbose_name = "敏感词"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.word
