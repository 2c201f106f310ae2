"""Every change to organisations and people, each audited."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit
from zhengwu.core.errors import Invalid
from zhengwu.core.identity import validate_id_number, validate_usci

from . import permissions
from .models import Agency, Jurisdiction, Role, RoleAssignment, User

LEVEL_LENGTH = {
    Jurisdiction.PREFECTURE: 6,
    Jurisdiction.COUNTY: 6,
    Jurisdiction.TOWNSHIP: 9,
    Jurisdiction.VILLAGE: 12,
}
SUFFIXES = (
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("居民委员会", "社区"),
    ("居委会", "社区"),
    ("村民委员会", "村"),
    ("村委会", "村"),
)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def loaded(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        return f"新增 {self.created}，更新 {self.updated}，未变 {self.unchanged}，错误 {len(self.errors)}"


def short_name(name: str) -> str:
    """`峒河社区居委会` → `峒河社区`: the portal shows villages by their short name."""
    for suffix, kind in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            return stem if stem.endswith(kind) else stem + kind
    return name


def _read_csv(source) -> list[dict]:
    if isinstance(source, str | Path):
        text = Path(source).read_text(encoding="utf-8-sig")
    else:
        raw = source.read()
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    return list(csv.DictReader(io.StringIO(text)))


@transaction.atomic
def import_divisions(source, *, by=None) -> ImportReport:
    """Load 行政区划 from a CSV `code,name,level,parent_code`; run it again and nothing changes."""
    rows = _read_csv(source)
    report = ImportReport()
    existing = {j.code: j for j in Jurisdiction.objects.all()}
    order = {
        Jurisdiction.PREFECTURE: 0,
        Jurisdiction.COUNTY: 1,
        Jurisdiction.TOWNSHIP: 2,
        Jurisdiction.VILLAGE: 3,
    }
    numbered = sorted(
        enumerate(rows, start=2), key=lambda r: order.get((r[1].get("level") or "").strip(), 9)
    )
    for line, row in numbered:
        code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
        level, parent_code = (
            (row.get("level") or "").strip(),
            (row.get("parent_code") or "").strip(),
        )
        if level not in order:
            report.errors.append(
                (line, f"层级“{level}”无效，应为 prefecture/county/township/village")
            )
            continue
        if not code.isdigit() or len(code) != LEVEL_LENGTH[level]:
            report.errors.append((line, f"区划代码“{code}”应为{LEVEL_LENGTH[level]}位数字"))
            continue
        if not name:
            report.errors.append((line, "名称不能为空"))
            continue
        parent = existing.get(parent_code) if parent_code else None
        if level != Jurisdiction.PREFECTURE and parent is None:
            report.errors.append((line, f"上级区划“{parent_code}”不存在"))
            continue
        path = (parent.path if parent else "") + code + "/"
        values = {
            "name": name,
            "short_name": short_name(name),
            "level": level,
            "parent": parent,
            "path": path,
        }
        current = existing.get(code)
        if current is None:
            existing[code] = Jurisdiction.objects.create(code=code, **values)
            report.created += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            current.save()
            report.updated += 1
        else:
            report.unchanged += 1
    if report.created or report.updated:
        audit.record(
            "org.import_divisions",
            actor=by,
            object_type="org.jurisdiction",
            after={"created": report.created, "updated": report.updated},
        )
    return report


AGENCY_KIND_WORDS = {
    "government": Agency.GOVERNMENT,
    "机关": Agency.GOVERNMENT,
    "人民政府": Agency.GOVERNMENT,
    "department": Agency.DEPARTMENT,
    "部门": Agency.DEPARTMENT,
    "institution": Agency.INSTITUTION,
    "事业单位": Agency.INSTITUTION,
    "enterprise": Agency.ENTERPRISE,
    "公共企事业单位": Agency.ENTERPRISE,
}


@transaction.atomic
def import_agencies(source, *, by=None) -> ImportReport:
    """CSV `usci,name,short_name,jurisdiction_code,kind,parent_usci`: create or update."""
    rows = _read_csv(source)
    report = ImportReport()
    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    known = {a.usci: a for a in Agency.objects.all()}
    pending_parents: list[tuple[int, Agency, str]] = []
    for line, row in enumerate(rows, start=2):
        try:
            usci = validate_usci(row.get("usci", ""))
        except Invalid as e:
            report.errors.append((line, e.message))
            continue
        name = (row.get("name") or "").strip()
        if not name:
            report.errors.append((line, "名称不能为空"))
            continue
        jurisdiction = jurisdictions.get((row.get("jurisdiction_code") or "").strip())
        if jurisdiction is None:
            report.errors.append((line, f"区划代码“{row.get('jurisdiction_code', '')}”不存在"))
            continue
        kind = AGENCY_KIND_WORDS.get((row.get("kind") or "").strip())
        if kind is None:
            report.errors.append(
                (line, f"类型“{row.get('kind', '')}”无效，应为 机关/部门/事业单位/公共企事业单位")
            )
            continue
        values = {
            "name": name,
            "short_name": (row.get("short_name") or "").strip(),
            "kind": kind,
            "jurisdiction": jurisdiction,
        }
        agency = known.get(usci)
        if agency is None:
            agency = Agency.objects.create(usci=usci, **values)
            known[usci] = agency
            report.created += 1
            audit.record("org.agency_created", agency, actor=by, after=audit.snapshot(agency))
        elif any(getattr(agency, k) != v for k, v in values.items()):
            before = audit.snapshot(agency)
            for k, v in values.items():
                setattr(agency, k, v)
            agency.save()
            report.updated += 1
            audit.record(
                "org.agency_updated", agency, actor=by, before=before, after=audit.snapshot(agency)
            )
        else:
            report.unchanged += 1
        parent_usci = (row.get("parent_usci") or "").strip().upper()
        pending_parents.append((line, agency, parent_usci))
    for line, agency, parent_usci in pending_parents:
        parent = known.get(parent_usci) if parent_usci else None
        if parent_usci and parent is None:
            report.errors.append((line, f"上级单位“{parent_usci}”不存在"))
            continue
        if agency.parent_id != (parent.pk if parent else None):
            agency.parent = parent
            agency.save(update_fields=["parent"])
    return report


def _password_errors(password: str, user: User) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as e:
        return list(e.messages)
    return []


@transaction.atomic
def register_public_account(
    *, name: str, password: str, phone: str, id_number: str = "", usci: str = ""
) -> User:
    """Registration of a citizen (身份证号) or an enterprise (统一社会信用代码)."""
    name = (name or "").strip()
    if not name:
        raise Invalid("请填写姓名或单位名称", code="name_required", field="name")
    if len(name) > 100:
        raise Invalid("姓名或单位名称过长", code="name_too_long", field="name")
    phone = (phone or "").strip()
    if not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
        raise Invalid("请填写11位手机号码", code="phone_invalid", field="phone")
    if bool(id_number) == bool(usci):
        raise Invalid(
            "请填写居民身份证号（个人）或统一社会信用代码（法人）其中之一",
            code="identity_required",
            field="id_number",
        )
    if id_number:
        id_number = validate_id_number(id_number)
        if User.objects.filter(id_number=id_number).exists():
            raise Invalid("该身份证号已注册，请直接登录", code="id_number_taken", field="id_number")
        user = User(username=id_number, kind=User.CITIZEN, id_number=id_number)
    else:
        usci = validate_usci(usci)
        if User.objects.filter(usci=usci).exists():
            raise Invalid("该统一社会信用代码已注册，请直接登录", code="usci_taken", field="usci")
        user = User(username=usci, kind=User.ENTERPRISE, usci=usci)
    user.real_name, user.phone = name, phone
    problems = _password_errors(password or "", user)
    if problems:
        raise Invalid("；".join(problems), code="password_weak", field="password")
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    audit.record(
        "account.registered",
        user,
        actor=user,
        after={"kind": user.kind, "username": user.masked_id_number if id_number else usci},
    )
    return user


@transaction.atomic
def create_staff(
    *,
    username: str,
    real_name: str,
    password: str,
    roles: list[tuple[str, object]],
    by=None,
    phone: str = "",
) -> User:
    """A staff account with its roles; each role is (role code, Agency or Jurisdiction).
    Each role is checked by `grant_role`; an account without a role needs an administrator too.
    A password an administrator set (`by` given) is an initial one, changed at the first log
    in: the account has no `password_changed_at` until its holder sets their own (`passwords`).
    The system's (`by=None`: the first administrator made on the command line) is kept."""
    if by is not None:
        permissions.require_somewhere(by, "account.staff_created")
    if User.objects.filter(username=username).exists():
        raise Invalid("用户名已存在", code="username_taken", field="username")
    user = User(username=username, real_name=real_name, kind=User.STAFF, phone=phone)
    problems = _password_errors(password, user)
    if problems:
        raise Invalid("；".join(problems), code="password_weak", field="password")
    user.set_password(password)
    user.password_changed_at = None if by is not None else timezone.now()
    user.save()
    for code, over in roles:
        grant_role(user, code, over, by=by)
    audit.record(
        "account.staff_created",
        user,
        actor=by,
        after={"username": username, "roles": [r for r, _ in roles]},
    )
    return user


@transaction.atomic
def grant_role(user: User, role: str, over, *, by=None, centre=None) -> RoleAssignment:
    """Give `user` a role over an agency or a jurisdiction subtree. Only an openness-office
    administrator whose scope covers `over` may do so (`by=None` is the system: CLI and demo)."""
    if role not in Role.values:
        raise Invalid(f"未知角色“{role}”", code="unknown_role", field="role")
    if by is not None:
        is_agency = isinstance(over, Agency)
        permissions.require(
            by,
            "account.role_granted",
            agency_id=over.pk if is_agency else None,
            path=over.scope_path if is_agency else over.path,
        )
    kwargs = {"agency": over} if isinstance(over, Agency) else {"jurisdiction": over}
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, centre=centre, **kwargs
    )
    if created:
        audit.record(
            "account.role_granted",
            assignment,
            actor=by,
            after={"user": user.username, "role": role, "over": str(over)},
        )
    user.__dict__.pop("_role_cache", None)
    return assignment


@transaction.atomic
def revoke_role(assignment: RoleAssignment, *, by=None) -> None:
    """Take a role back; only an administrator whose scope covers what the role is over."""
    if by is not None:
        permissions.require(
            by,
            "account.role_revoked",
            agency_id=assignment.agency_id,
            path=assignment.path,
        )
        if assignment.user_id == by.pk and assignment.role == Role.OPENNESS_ADMIN:
            raise Invalid("不能撤销自己的政务公开办管理员角色", code="own_admin_role")
    user = assignment.user
    audit.record(
        "account.role_revoked",
        assignment,
        actor=by,
        before={
            "user": user.username,
            "role": assignment.role,
            "over": str(assignment.agency or assignment.jurisdiction),
        },
    )
    assignment.delete()
    user.__dict__.pop("_role_cache", None)


@transaction.atomic
def change_password(user: User, *, old: str, new: str) -> None:
    if not user.check_password(old):
        raise Invalid("原密码不正确", code="old_password_wrong", field="old_password")
    problems = _password_errors(new, user)
    if problems:
        raise Invalid("；".join(problems), code="password_weak", field="new_password")
    user.set_password(new)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])
    audit.record("account.password_changed", user, actor=user)
