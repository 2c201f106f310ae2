"""The government down to the village: jurisdictions, agencies, service centres, people."""

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from zhengwu.core.crypto import EncryptedTextField
from zhengwu.core.identity import validate_usci
from zhengwu.core.masking import mask_id_number, mask_name, mask_phone


class Jurisdiction(models.Model):
    """A 行政区划 (州 / 县市 / 乡镇街道 / 村社区). `path` makes a subtree one indexed query."""

    PREFECTURE, COUNTY, TOWNSHIP, VILLAGE = "prefecture", "county", "township", "village"
    LEVELS = [(PREFECTURE, "州"), (COUNTY, "县市"), (TOWNSHIP, "乡镇街道"), (VILLAGE, "村社区")]

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=60)
    short_name = models.CharField("简称", max_length=40)
    level = models.CharField("层级", max_length=10, choices=LEVELS, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=64, unique=True)  # "433100/433101/433101002/"

    class Meta:
        ordering = ["path"]
        verbose_name = "行政区划"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def ancestors(self):
        codes = self.path.strip("/").split("/")[:-1]
        return Jurisdiction.objects.filter(code__in=codes).order_by("path")

    def subtree(self):
        return Jurisdiction.objects.filter(path__startswith=self.path)

    @property
    def government_name(self) -> str:
        if self.level == self.VILLAGE:
            return self.name
        if self.level == self.TOWNSHIP and self.name.endswith("街道"):
            return f"{self.name}办事处"
        return f"{self.name}人民政府"


class Agency(models.Model):
    """A body that publishes information and handles matters, identified by its 统一社会信用代码."""

    GOVERNMENT, DEPARTMENT, INSTITUTION, ENTERPRISE = (
        "government",
        "department",
        "institution",
        "enterprise",
    )
    KINDS = [
        (GOVERNMENT, "机关（人民政府）"),
        (DEPARTMENT, "部门"),
        (INSTITUTION, "事业单位"),
        (ENTERPRISE, "公共企事业单位"),
    ]

    # validate_usci returns the normalised code (the services use it); Django ignores a
    # validator's return value, which django-stubs types as None.
    usci = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        validators=[validate_usci],  # type: ignore[list-item]
    )
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类型", max_length=12, choices=KINDS, default=DEPARTMENT)
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="agencies"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    scope_path = models.CharField(max_length=64, db_index=True)  # = jurisdiction.path
    # What a 政府信息公开指南 needs (条例 §22).
    disclosure_office = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    fax = models.CharField("传真", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    website = models.CharField("网址", max_length=200, blank=True)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        ordering = ["scope_path", "kind", "name"]
        verbose_name = "机关单位"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["jurisdiction", "kind"], name="agency_jur_kind")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.scope_path = self.jurisdiction.path
        super().save(*args, **kwargs)


class ServiceCentre(models.Model):
    """政务服务中心 / 便民服务中心 / 便民服务室 (代办点) at each level (brief R2)."""

    CENTRE, TOWNSHIP_CENTRE, VILLAGE_ROOM, AGENCY_POINT = "centre", "township", "room", "point"
    KINDS = [
        (CENTRE, "政务服务中心"),
        (TOWNSHIP_CENTRE, "乡镇（街道）便民服务中心"),
        (VILLAGE_ROOM, "村（社区）便民服务室"),
        (AGENCY_POINT, "村（社区）代办点"),
    ]
    STANDARDS = [
        ("std_site", "场地标准化"),
        ("std_approval", "审批标准化"),
        ("std_rules", "制度标准化"),
        ("std_service", "服务标准化"),
        ("std_hardware", "硬件标准化"),
    ]

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=KINDS)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="centres")
    scope_path = models.CharField(max_length=64, db_index=True)
    floor_area = models.DecimalField(
        "面积（平方米）", max_digits=9, decimal_places=1, null=True, blank=True
    )
    opened_on = models.DateField("启用日期", null=True, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    phone = models.CharField("咨询电话", max_length=40, blank=True)
    responsible_person = models.CharField("负责人", max_length=40, blank=True)
    responsible_phone = models.CharField("负责人电话", max_length=20, blank=True)
    std_site = models.BooleanField("场地标准化", default=False)
    std_approval = models.BooleanField("审批标准化", default=False)
    std_rules = models.BooleanField("制度标准化", default=False)
    std_service = models.BooleanField("服务标准化", default=False)
    std_hardware = models.BooleanField("硬件标准化", default=False)
    standardized_year = models.PositiveIntegerField("标准化达标年度", null=True, blank=True)

    class Meta:
        ordering = ["scope_path", "name"]
        verbose_name = "服务中心"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.scope_path = self.jurisdiction.path
        super().save(*args, **kwargs)

    @property
    def standards_met(self) -> int:
        return sum(getattr(self, name) for name, _ in self.STANDARDS)


class Window(models.Model):
    """A window (窗口) in a centre, with the agencies stationed at it (进驻)."""

    centre = models.ForeignKey(ServiceCentre, on_delete=models.CASCADE, related_name="windows")
    number = models.CharField("窗口号", max_length=10)
    name = models.CharField("名称", max_length=60)
    agencies = models.ManyToManyField(
        Agency, related_name="windows", blank=True, verbose_name="进驻单位"
    )

    class Meta:
        ordering = ["centre", "number"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "number"], name="window_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.centre.name} {self.number}号窗口"


class User(AbstractUser):
    """Staff and public accounts. Public accounts are citizens (身份证号) or enterprises (信用代码)."""

    STAFF, CITIZEN, ENTERPRISE = "staff", "citizen", "enterprise"
    KINDS = [(STAFF, "工作人员"), (CITIZEN, "自然人"), (ENTERPRISE, "法人")]

    kind = models.CharField(
        "账户类型", max_length=10, choices=KINDS, default=CITIZEN, db_index=True
    )
    real_name = models.CharField("姓名/名称", max_length=100, blank=True)
    id_number = models.CharField("居民身份证号", max_length=18, blank=True, db_index=True)
    usci = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    # Encrypted at rest under ZHENGWU_FIELD_KEY (core/crypto.py); the attribute is the base32 secret.
    totp_secret = EncryptedTextField(blank=True, default="")
    totp_confirmed = models.BooleanField("已绑定动态口令", default=False)
    password_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~models.Q(id_number=""), name="user_id_number_once"
            ),
            models.UniqueConstraint(
                fields=["usci"], condition=~models.Q(usci=""), name="user_usci_once"
            ),
        ]

    def __str__(self) -> str:
        return self.real_name or self.username

    @property
    def is_staff_member(self) -> bool:
        return self.kind == self.STAFF

    @property
    def audit_role(self) -> str:
        if self.kind != self.STAFF:
            return self.kind
        return ",".join(sorted({r.role for r in self.roles.all()}))[:40]

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_name(self) -> str:
        return mask_name(self.real_name)


class Role(models.TextChoices):
    WINDOW_CLERK = "window_clerk", "窗口工作人员"
    DEPT_OFFICER = "dept_officer", "部门经办人"
    DEPT_HEAD = "dept_head", "部门负责人"
    DISCLOSURE_OFFICER = "disclosure_officer", "信息公开工作人员"
    MESSAGE_HANDLER = "message_handler", "留言办理人员"
    SUPERVISOR = "supervisor", "电子监察人员"
    OPENNESS_ADMIN = "openness_admin", "政务公开办管理员"
    VILLAGE_AGENT = "village_agent", "村级代办员"
    OUTSIDE_SUPERVISOR = "outside_supervisor", "政务公开监督员"


class RoleAssignment(models.Model):
    """A role held over one agency, or over a jurisdiction and everything below it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("角色", max_length=24, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="staff"
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, null=True, blank=True, on_delete=models.CASCADE, related_name="staff"
    )
    centre = models.ForeignKey(
        ServiceCentre,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="staff",
        verbose_name="所在服务中心/代办点",
    )

    class Meta:
        verbose_name = "角色分配"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False) | models.Q(jurisdiction__isnull=False),
                name="role_has_scope",
            )
        ]

    def __str__(self) -> str:
        over = self.agency or self.jurisdiction
        return f"{self.get_role_display()} @ {over}"

    @property
    def path(self) -> str:
        if self.agency is not None:
            return self.agency.scope_path
        assert self.jurisdiction is not None  # role_has_scope: no agency, so a jurisdiction
        return self.jurisdiction.path


def token_expiry():
    """A new token's default expiry: ZHENGWU_TOKEN_DAYS from now."""
    return timezone.now() + dt.timedelta(days=settings.ZHENGWU_TOKEN_DAYS)


class ApiToken(models.Model):
    """A staff member's token for an integration (Authorization: Bearer …), issued and revoked
    only through org/tokens.py, checked there on every use. Only its SHA-256 is stored."""

    READ, WRITE = "read", "write"
    SCOPES = [(READ, "读取"), (WRITE, "读取和写入")]

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=60)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField("权限", max_length=5, choices=SCOPES, default=READ)
    created_at = models.DateTimeField("申请时间", default=timezone.now)
    expires_at = models.DateTimeField("有效期至", default=token_expiry)
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)
    last_used_ip = models.GenericIPAddressField("最近使用地址", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "访问令牌"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"

    @property
    def state_label(self) -> str:
        return {"revoked": "已撤销", "expired": "已过期", "active": "有效"}[self.state]
