"""What the programmes' services share: cleaning typed values, checking an uploaded file by its
first bytes, and the paths the 州's decisions are checked on."""

from __future__ import annotations

import datetime as dt
import posixpath

from django.core.files.base import ContentFile

from zhengwu.core import images
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.org import permissions
from zhengwu.org.models import Jurisdiction

from .. import conf


def text(data: dict, name: str, label: str, limit: int, *, required: bool = True) -> str:
    value = str(data.get(name) or "").strip()
    if "\x00" in value:
        raise Invalid(f"{label}中含有不允许的空字符", code="nul_character", field=name)
    if required and not value:
        raise Invalid(f"请填写{label}", code=f"{name}_required", field=name)
    if len(value) > limit:
        raise Invalid(f"{label}不能超过{limit}字", code=f"{name}_too_long", field=name)
    return value


def date(value, name: str, label: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    raw = str(value or "").strip()
    if not raw:
        raise Invalid(f"请填写{label}", code=f"{name}_required", field=name)
    try:
        return dt.date.fromisoformat(raw.replace("/", "-"))
    except ValueError:
        raise Invalid(
            f"{label}格式不正确，应为年-月-日，如 2026-06-30", code=f"{name}_invalid", field=name
        ) from None


def year(value, name: str = "year") -> int:
    raw = str(value or "").strip()
    if not raw.isdigit() or not 2011 <= int(raw) <= 2099:
        raise Invalid("年度应为2011至2099之间的四位数字", code="bad_year", field=name)
    return int(raw)


def count(value, name: str, label: str, *, maximum: int = 100000) -> int:
    raw = str(value if value is not None else "").strip()
    if not raw.isdigit() or int(raw) > maximum:
        raise Invalid(f"{label}应为0至{maximum}的整数", code=f"{name}_invalid", field=name)
    return int(raw)


def upload(upload, field: str, *, pictures_only: bool = False) -> ContentFile:
    """An uploaded PDF or picture (PNG、JPEG), accepted by its first bytes, within the size
    limit; the ContentFile to store, named by what it is."""
    if upload is None:
        raise Invalid("请选择文件", code="file_required", field=field)
    limit = conf.file_max_bytes()
    if upload.size > limit:
        raise Invalid(f"文件不能超过{limit // 1024 // 1024}MB", code="file_too_large", field=field)
    data = upload.read()
    ext = images.image_kind(data)
    if ext == "gif":
        ext = None
    if ext is None and not pictures_only and data.startswith(b"%PDF-"):
        ext = "pdf"
    if ext is None:
        allowed = "PNG、JPEG 图片" if pictures_only else "PDF 文件或 PNG、JPEG 图片"
        raise Invalid(f"只能上传{allowed}", code="file_type", field=field)
    stem = posixpath.splitext(posixpath.basename(str(upload.name or "")))[0][:60] or "file"
    return ContentFile(data, name=f"{stem}.{ext}")


def file_name(upload) -> str:
    return posixpath.basename(str(getattr(upload, "name", "") or ""))[:120] or "文件"


def root() -> Jurisdiction:
    """The 州: what only its office decides is checked on its path."""
    found = Jurisdiction.objects.filter(parent__isnull=True).order_by("path").first()
    if found is None:
        raise NotFound("尚未导入行政区划", code="no_divisions")
    return found


def county_of(code) -> Jurisdiction:
    j = Jurisdiction.objects.filter(code=str(code or "").strip(), level=Jurisdiction.COUNTY).first()
    if j is None:
        raise Invalid("请选择县市", code="county_invalid", field="county")
    return j


def require_prefecture(user, action: str) -> Jurisdiction:
    """The 州's decisions: a role over the 州 (a county office's role does not reach it)."""
    j = root()
    permissions.require(user, action, agency_id=None, path=j.path)
    return j


def may_prefecture(user, action: str) -> bool:
    j = Jurisdiction.objects.filter(parent__isnull=True).order_by("path").first()
    return j is not None and permissions.allows(user, action, agency_id=None, path=j.path)
