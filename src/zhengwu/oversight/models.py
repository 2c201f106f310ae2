"""社会监督: the roster of outside supervisors and the items they (or the press) raise.

A supervisor is appointed by the 政务公开办 over a jurisdiction for a term; past its end the
term is 已期满 and the supervisor can file nothing more. An item (a supervisor's 意见建议 or
问题线索, or a report in the media) is about one body and moves through one workflow:
待交办 → (交办, the rectification clock starts) 整改中 → (整改) 待确认 → (确认) 已办结, or
(退回) back to 整改中 with a new period.
"""

import datetime as dt

from django.conf import settings
from django.db import models

from zhengwu.core.workflow import Transition, Workflow
from zhengwu.org.models import Agency, Jurisdiction

FILED = "oversight.finding_filed"
RECORDED = "oversight.media_recorded"
ASSIGNED = "oversight.assigned"
RECTIFIED = "oversight.rectified"
CONFIRMED = "oversight.confirmed"
RETURNED = "oversight.returned"


class Supervisor(models.Model):
    NPC, CPPCC, PUBLIC, SPECIAL = "npc", "cppcc", "public", "special"
    CATEGORIES = [
        (NPC, "人大代表"),
        (CPPCC, "政协委员"),
        (PUBLIC, "群众代表"),
        (SPECIAL, "特约监督员"),
    ]

    name = models.CharField("姓名", max_length=30)
    category = models.CharField("类别", max_length=8, choices=CATEGORIES)
    work_unit = models.CharField("工作单位及职务", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name="监督范围"
    )
    scope_path = models.CharField(max_length=64, db_index=True)  # = jurisdiction.path
    term_start = models.DateField("聘任起始日")
    term_end = models.DateField("聘任截止日")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="oversight_supervisor",
        verbose_name="平台账户",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["scope_path", "category", "name"]
        verbose_name = "社会监督员"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.name}（{self.get_category_display()}）"

    def in_term(self, on: dt.date) -> bool:
        return self.term_start <= on <= self.term_end

    def term_label(self, on: dt.date) -> str:
        if on > self.term_end:
            return "已期满"
        return "在任" if on >= self.term_start else "尚未到任"


class Item(models.Model):
    FINDING, MEDIA = "finding", "media"
    SOURCES = [(FINDING, "监督员意见"), (MEDIA, "媒体监督")]
    SUGGESTION, CLUE = "suggestion", "clue"
    KINDS = [(SUGGESTION, "意见建议"), (CLUE, "问题线索")]

    SUBMITTED, ASSIGNED_, RECTIFIED_, CONFIRMED_ = "submitted", "assigned", "rectified", "done"
    STATES = [
        (SUBMITTED, "待交办"),
        (ASSIGNED_, "整改中"),
        (RECTIFIED_, "待确认"),
        (CONFIRMED_, "已办结"),
    ]

    source = models.CharField("来源", max_length=8, choices=SOURCES)
    kind = models.CharField("类型", max_length=12, choices=KINDS, blank=True)
    supervisor = models.ForeignKey(
        Supervisor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name="监督员",
    )
    # 媒体监督: where and when it was reported
    outlet = models.CharField("媒体名称", max_length=60, blank=True)
    reported_on = models.DateField("报道日期", null=True, blank=True)
    link = models.URLField("报道链接", max_length=300, blank=True)

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="涉及单位"
    )
    scope_path = models.CharField(max_length=64, db_index=True)  # = agency.scope_path
    title = models.CharField("标题", max_length=120)
    text = models.TextField("内容")
    state = models.CharField("状态", max_length=10, choices=STATES, default=SUBMITTED)
    filed_on = models.DateField("提出日期")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    assign_note = models.CharField("交办意见", max_length=500, blank=True)
    # The first period's due date (what 考核 counts by year) and the current one (after 退回).
    first_due_on = models.DateField("首次整改期限", null=True, blank=True, db_index=True)
    due_on = models.DateField("整改期限", null=True, blank=True)
    rectification = models.TextField("整改情况", blank=True)
    rectified_on = models.DateField("整改反馈日期", null=True, blank=True)
    # Set when any rectification came after its period ended: not 按期整改 in 考核.
    late = models.BooleanField("曾超期", default=False)
    return_reason = models.CharField("退回理由", max_length=500, blank=True)
    returns = models.PositiveSmallIntegerField("退回次数", default=0)
    confirmed_on = models.DateField("确认日期", null=True, blank=True)
    confirm_note = models.CharField("确认意见", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)

    workflow = Workflow(
        "state",
        Transition(ASSIGNED, "交办", (SUBMITTED,), ASSIGNED_, refused="该事项已交办，不能再交办"),
        Transition(RECTIFIED, "反馈整改情况", (ASSIGNED_,), RECTIFIED_),
        Transition(
            CONFIRMED,
            "确认整改",
            (RECTIFIED_,),
            CONFIRMED_,
            refused="该事项尚未反馈整改情况，不能确认",
        ),
        Transition(
            RETURNED,
            "退回重新整改",
            (RECTIFIED_,),
            ASSIGNED_,
            refused="该事项尚未反馈整改情况，不能退回",
        ),
    )

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = "监督事项"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["agency", "state"], name="oversight_item_agency_state")]

    def __str__(self) -> str:
        return self.title

    @property
    def next_step(self) -> str:
        """What must happen next, by whom and by when, in the office's words."""
        if self.state == self.SUBMITTED:
            return "待政务公开办交办涉及单位整改"
        if self.state == self.ASSIGNED_:
            return f"待{self.agency.name}于{self.due_on:%Y年%-m月%-d日}前整改并反馈整改情况"
        if self.state == self.RECTIFIED_:
            who = (
                f"监督员{self.supervisor.name}"
                if self.supervisor and self.supervisor.user_id
                else "政务公开办"
            )
            return f"待{who}确认整改情况（确认或退回重新整改）"
        return f"已办结：{self.confirmed_on:%Y年%-m月%-d日}确认整改到位"

    @property
    def on_time(self) -> bool:
        return self.state in (self.RECTIFIED_, self.CONFIRMED_) and not self.late


class ItemFile(models.Model):
    EVIDENCE, RECTIFICATION = "evidence", "rectification"
    STAGES = [(EVIDENCE, "证据材料"), (RECTIFICATION, "整改材料")]

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="files")
    stage = models.CharField(max_length=16, choices=STAGES)
    name = models.CharField("文件名", max_length=120)
    file = models.FileField(upload_to="oversight/%Y/%m/")
    content_type = models.CharField(max_length=60)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "监督事项材料"
        verbose_name_plural = verbose_name
