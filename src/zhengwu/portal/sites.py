"""网站信息 of each site: what its footer and its 联系我们 page show, who may change it.

Every field but the site's name is inherited: a site without a value of its own shows its
nearest ancestor's (a township site its county's, a county without a profile the 州's), and
主办单位 falls back to the platform's own government (the root jurisdiction's). Nothing is ever
invented: a value nobody entered is left out of the page.

Only a 政务公开办管理员 whose jurisdiction covers the site (or a superuser) may change it; for
anybody else the site is not there (404), as for every record out of scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Field, Q

from zhengwu.core import audit
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.org import permissions, scopes
from zhengwu.org.models import Jurisdiction, Role

from .models import SiteProfile

# The fields an administrator edits, in the order of the form, with the form's words.
FIELDS = {
    "site_name": "网站名称",
    "site_code": "网站标识码",
    "icp_number": "ICP备案号",
    "police_number": "公安机关备案号",
    "sponsor": "主办单位",
    "organiser": "承办单位",
    "phone": "联系电话",
    "email": "电子邮箱",
    "address": "通信地址",
    "postcode": "邮政编码",
    "contact_note": "联系我们说明",
}
HINTS = {
    "site_name": "留空则显示本级人民政府名称",
    "site_code": "政府网站标识码，10位数字或字母",
    "icp_number": "如：湘ICP备12345678号",
    "police_number": "如：湘公网安备43310102000001号",
    "contact_note": "显示在“联系我们”页面，如受理范围、答复时限",
}
INHERITED = [name for name in FIELDS if name != "site_name"]
PLATFORM_NAME = "政务公开与政务服务平台"

SITE_CODE = re.compile(r"^[0-9A-Za-z]{10}$")
POLICE = re.compile(r"公网安备\s*(\d{14})\s*号")
PHONE = re.compile(r"^[0-9０-９\-－—（）() 、,，转]+$")
POSTCODE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class Shown:
    """The values a site's pages show, each its own or inherited."""

    site_name: str = PLATFORM_NAME
    site_code: str = ""
    icp_number: str = ""
    police_number: str = ""
    sponsor: str = ""
    organiser: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    contact_note: str = ""
    own: bool = False  # the site has a profile of its own
    inherited_from: dict = field(default_factory=dict)  # field → the site it comes from

    @property
    def police_code(self) -> str:
        """The 14 digits of the 公安机关备案号 (its entry on beian.mps.gov.cn)."""
        found = POLICE.search(self.police_number)
        return found.group(1) if found else ""

    @property
    def has_contact(self) -> bool:
        return any([self.phone, self.email, self.address])


def shown(j: Jurisdiction | None) -> Shown:
    """What the site of `j` shows: one query for its own and its ancestors' profiles (and one
    more for the platform's name when no profile names a 主办单位)."""
    if j is None:
        return Shown()
    codes = j.path.strip("/").split("/")
    profiles = {
        p.jurisdiction.code: p
        for p in SiteProfile.objects.filter(jurisdiction__code__in=codes).select_related(
            "jurisdiction"
        )
    }
    nearest_first = [profiles[c] for c in reversed(codes) if c in profiles]
    own = profiles.get(j.code)
    values: dict = {"site_name": (own.site_name if own else "") or j.government_name}
    inherited_from = {}
    for name in INHERITED:
        for p in nearest_first:
            value = getattr(p, name)
            if value:
                values[name] = value
                if p is not own:
                    inherited_from[name] = p.jurisdiction.name
                break
    if not values.get("sponsor"):
        root = j if not j.parent_id else Jurisdiction.objects.filter(code=codes[0]).first()
        values["sponsor"] = root.government_name if root else ""
    return Shown(**values, own=own is not None, inherited_from=inherited_from)


# --- who may change it -------------------------------------------------------------------------


def can_edit(user, j: Jurisdiction) -> bool:
    return getattr(user, "is_authenticated", False) and permissions.allows(
        user, "portal.site_profile.save", agency_id=None, path=j.path
    )


def may_edit_any(user) -> bool:
    return getattr(user, "is_superuser", False) or any(
        a.jurisdiction_id for a in scopes.assignments(user, [Role.OPENNESS_ADMIN])
    )


def editable_sites(user):
    """The sites an administrator maintains: the 州 and county sites in their jurisdiction and
    every site there with a profile of its own (townships and villages are opened by code)."""
    if getattr(user, "is_superuser", False):
        within = Jurisdiction.objects.all()
    else:
        paths = [
            a.jurisdiction.path
            for a in scopes.assignments(user, [Role.OPENNESS_ADMIN])
            if a.jurisdiction_id
        ]
        if not paths:
            return Jurisdiction.objects.none()
        within = Jurisdiction.objects.filter(path__regex=_any_prefix(paths))
    top = [Jurisdiction.PREFECTURE, Jurisdiction.COUNTY]
    return (
        within.filter(Q(level__in=top) | Q(site_profile__isnull=False))
        .select_related("site_profile")
        .order_by("path")
    )


def _any_prefix(paths: list[str]) -> str:
    return "^(" + "|".join(re.escape(p) for p in paths) + ")"


def site_to_edit(user, code: str) -> Jurisdiction:
    j = Jurisdiction.objects.filter(code=str(code).strip()).first()
    if j is None or not can_edit(user, j):
        raise NotFound("该站点不存在或不在您的管辖范围内", code="unknown_site", field="code")
    return j


# --- the change --------------------------------------------------------------------------------


def _clean(data: dict) -> dict:
    clean = {name: str(data.get(name) or "").strip() for name in FIELDS}
    for name, label in FIELDS.items():
        db_field = SiteProfile._meta.get_field(name)
        limit = db_field.max_length if isinstance(db_field, Field) else None
        if limit and len(clean[name]) > limit:
            raise Invalid(f"{label}不能超过{limit}个字", code="too_long", field=name)
    if "\x00" in "".join(clean.values()):
        raise Invalid("内容中含有不允许的空字符", code="nul_character")
    if len(clean["contact_note"]) > 2000:
        raise Invalid("联系我们说明不能超过2000个字", code="too_long", field="contact_note")
    if clean["site_code"] and not SITE_CODE.match(clean["site_code"]):
        raise Invalid("网站标识码应为10位数字或字母", code="bad_site_code", field="site_code")
    if clean["icp_number"] and "ICP" not in clean["icp_number"].upper():
        raise Invalid(
            "ICP备案号应形如“湘ICP备12345678号”", code="bad_icp_number", field="icp_number"
        )
    if clean["police_number"] and not POLICE.search(clean["police_number"]):
        raise Invalid(
            "公安机关备案号应形如“湘公网安备43310102000001号”（14位数字）",
            code="bad_police_number",
            field="police_number",
        )
    if clean["phone"] and not PHONE.match(clean["phone"]):
        raise Invalid("联系电话只能包含数字、短横线、括号和空格", code="bad_phone", field="phone")
    if clean["email"]:
        try:
            validate_email(clean["email"])
        except ValidationError:
            raise Invalid("电子邮箱格式不正确", code="bad_email", field="email") from None
    if clean["postcode"] and not POSTCODE.match(clean["postcode"]):
        raise Invalid("邮政编码应为6位数字", code="bad_postcode", field="postcode")
    return clean


def save(j: Jurisdiction, data: dict, *, by) -> SiteProfile:
    """Replace the site's own values with `data` (a field left out or empty inherits)."""
    if not can_edit(by, j):
        raise NotFound("该站点不存在或不在您的管辖范围内", code="unknown_site", field="code")
    clean = _clean(data)
    with transaction.atomic():
        profile = SiteProfile.objects.select_for_update().filter(jurisdiction=j).first()
        before = audit.snapshot(profile, list(FIELDS)) if profile else None
        if profile is None:
            profile = SiteProfile(jurisdiction=j)
        for name, value in clean.items():
            setattr(profile, name, value)
        profile.updated_by = by if getattr(by, "pk", None) else None
        profile.save()
        audit.record(
            "portal.site_profile.save",
            profile,
            actor=by,
            before=before,
            after=audit.snapshot(profile, list(FIELDS)),
        )
    return profile
