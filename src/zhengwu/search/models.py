"""The search index: one ordinary row per public record (filters are plain indexed SQL) plus the
full-text part the database vendor provides — an FTS5 virtual table on SQLite, a tsvector
column with a GIN index on PostgreSQL — both created in migration 0002 over the segmented
columns here."""

from django.db import models


class Entry(models.Model):
    """检索条目 — a public record as search knows it (from a provider's SearchDoc)."""

    kind = models.CharField("类别", max_length=30)
    key = models.CharField("标识", max_length=120)
    title = models.CharField("标题", max_length=500)
    body = models.TextField("正文", blank=True)
    url = models.CharField("链接", max_length=500)
    jurisdiction_path = models.CharField("区划路径", max_length=64)
    agency_id = models.BigIntegerField("发布机构", null=True, blank=True)
    agency_name = models.CharField("发布机构名称", max_length=100, blank=True)
    column = models.CharField("栏目", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    # Records of one kind sharing it are one thing implemented in several places (one result).
    group = models.CharField("同一事项标识", max_length=120, blank=True)
    # jieba tokens joined by spaces: what the FTS index reads (weighted title above body);
    # the title's tokens include the record's keywords (SearchDoc.keywords).
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    indexed_at = models.DateTimeField("索引时间")

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="search_entry_kind_key"),
        ]
        indexes = [
            models.Index(fields=["jurisdiction_path"], name="search_entry_path"),
            models.Index(fields=["agency_id"], name="search_entry_agency"),
            models.Index(fields=["kind", "column"], name="search_entry_kind_column"),
            models.Index(fields=["year"], name="search_entry_year"),
            models.Index(fields=["-published_at"], name="search_entry_published"),
            models.Index(fields=["kind", "indexed_at"], name="search_entry_kind_indexed"),
        ]

    def __str__(self) -> str:
        return self.title


class ReindexRun(models.Model):
    """重建索引 — one re-indexing run and its progress, for the CLI and the workbench."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, "排队中"), (RUNNING, "进行中"), (DONE, "已完成"), (FAILED, "失败")]

    kind = models.CharField("类别", max_length=30, blank=True)  # blank: every kind
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=QUEUED)
    done = models.PositiveIntegerField("已处理", default=0)
    removed = models.PositiveIntegerField("已移除", default=0)
    message = models.CharField("说明", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "重建索引记录"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.kind or '全部'} {self.get_status_display()} {self.done}"
