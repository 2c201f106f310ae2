"""The roster of outside supervisors (R6.2): appointed, changed and given an account by the
政务公开办 over its own jurisdiction, each change audited. A supervisor with an account holds
`Role.OUTSIDE_SUPERVISOR` over the jurisdiction they supervise (as the demo's 黄德明 does)."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction

from zhengwu.core import audit, workflow
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.org import permissions
from zhengwu.org import services as org_services
from zhengwu.org.models import Jurisdiction, Role

from .models import Supervisor

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
FIELDS = ("name", "category", "work_unit", "phone", "term_start", "term_end")
CATEGORY_WORDS = {label: code for code, label in Supervisor.CATEGORIES}


def jurisdiction(code: str) -> Jurisdiction:
    found = Jurisdiction.objects.filter(code=(code or "").strip()).first()
    if found is None:
        raise Invalid(f"区划代码“{code}”不存在", code="unknown_jurisdiction", field="jurisdiction")
    return found


def _date(value, label: str, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise Invalid(
            f"请填写{label}（如2026-01-01）", code=f"{field}_invalid", field=field
        ) from None


def clean(data: dict) -> dict:
    """The roster fields checked: a clear message naming the field for each mistake."""
    name = str(data.get("name") or "").strip()
    if not name or len(name) > 30:
        raise Invalid("请填写姓名（30字以内）", code="name_required", field="name")
    category = str(data.get("category") or "").strip()
    category = CATEGORY_WORDS.get(category, category)
    if category not in dict(Supervisor.CATEGORIES):
        raise Invalid(
            "请选择类别：人大代表、政协委员、群众代表或特约监督员",
            code="category_invalid",
            field="category",
        )
    phone = str(data.get("phone") or "").strip()
    if phone and not PHONE_RE.match(phone):
        raise Invalid("联系电话应为11位手机号或区号加座机号", code="phone_invalid", field="phone")
    start = _date(data.get("term_start"), "聘任起始日", "term_start")
    end = _date(data.get("term_end"), "聘任截止日", "term_end")
    if end < start:
        raise Invalid("聘任截止日不能早于起始日", code="term_invalid", field="term_end")
    unit = str(data.get("work_unit") or "").strip()
    if len(unit) > 100:
        raise Invalid("工作单位及职务不超过100字", code="work_unit_too_long", field="work_unit")
    return {
        "name": name,
        "category": category,
        "work_unit": unit,
        "phone": phone,
        "term_start": start,
        "term_end": end,
    }


def _require(by, action: str, over: Jurisdiction) -> None:
    permissions.require(by, action, agency_id=None, path=over.path)


@transaction.atomic
def add(
    data: dict, over: Jurisdiction, *, by, username: str = "", password: str = ""
) -> Supervisor:
    """Appoint a supervisor over `over`; with a username and password, their account too."""
    _require(by, "oversight.supervisor_added", over)
    values = clean(data)
    supervisor = Supervisor.objects.create(jurisdiction=over, scope_path=over.path, **values)
    audit.record(
        "oversight.supervisor_added", supervisor, actor=by, after=audit.snapshot(supervisor)
    )
    if username:
        give_account(supervisor, username=username, password=password, by=by)
    return supervisor


@transaction.atomic
def change(supervisor: Supervisor, data: dict, *, by, version=None) -> Supervisor:
    _require(by, "oversight.supervisor_changed", supervisor.jurisdiction)
    values = clean({**{f: getattr(supervisor, f) for f in FIELDS}, **data})
    with workflow.transition(
        supervisor, "oversight.supervisor_changed", by=by, version=version
    ) as c:
        for k, v in values.items():
            setattr(c.obj, k, v)
    return supervisor


@transaction.atomic
def give_account(supervisor: Supervisor, *, username: str, password: str, by) -> Supervisor:
    """A platform account for the supervisor, holding 政务公开监督员 over their jurisdiction."""
    _require(by, "oversight.supervisor_changed", supervisor.jurisdiction)
    if supervisor.user_id:
        raise Invalid("该监督员已有平台账户", code="has_account", field="username")
    username = (username or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9_.@-]{3,40}", username):
        raise Invalid(
            "用户名为3至40位字母、数字或 _ . @ -", code="username_invalid", field="username"
        )
    user = org_services.create_staff(
        username=username,
        real_name=supervisor.name,
        password=password or "",
        roles=[(Role.OUTSIDE_SUPERVISOR, supervisor.jurisdiction)],
        by=by,
        phone=supervisor.phone,
    )
    before = {"user": None}
    supervisor.user = user
    supervisor.version += 1
    supervisor.save(update_fields=["user", "version"])
    audit.record(
        "oversight.supervisor_changed",
        supervisor,
        actor=by,
        before=before,
        after={"user": user.pk},
    )
    return supervisor


def of_user(user) -> Supervisor | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Supervisor.objects.filter(user=user).select_related("jurisdiction").first()


def get(pk: int) -> Supervisor:
    found = Supervisor.objects.filter(pk=pk).select_related("jurisdiction", "user").first()
    if found is None:
        raise NotFound("该社会监督员不存在")
    return found
