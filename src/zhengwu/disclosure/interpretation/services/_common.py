"""What the 解读回应 services share: texts, 北京时间 moments and the reason of a withdrawal."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhengwu.core.errors import Invalid
from zhengwu.core.times import BEIJING


def text(data: dict, name: str, label: str, *, limit: int, required: bool = True) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        raise Invalid(f"请填写{label}", code=f"{name}_required", field=name)
    if len(value) > limit:
        raise Invalid(f"{label}不能超过{limit}字", code=f"{name}_too_long", field=name)
    return value


def moment(value, name: str, label: str, *, required: bool = True) -> dt.datetime | None:
    """A moment typed in 北京时间 (`2026-12-07 09:30`, or a form's `2026-12-07T09:30`), or an
    aware datetime from the API."""
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=BEIJING)
    raw = str(value or "").strip()
    if not raw:
        if required:
            raise Invalid(f"请填写{label}", code=f"{name}_required", field=name)
        return None
    try:
        parsed = dt.datetime.fromisoformat(raw.replace("/", "-").replace("Z", "+00:00"))
    except ValueError:
        raise Invalid(
            f"{label}格式不正确，应为“年-月-日 时:分”（北京时间），例如2026-12-07 09:30",
            code=f"{name}_invalid",
            field=name,
        ) from None
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=BEIJING)


def flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "否", "off", "no")
    return bool(value)


def reason(value: str, *, what: str = "理由") -> str:
    value = (value or "").strip()
    if not value:
        raise Invalid(f"请填写{what}", code="reason_required", field="reason")
    if len(value) > 300:
        raise Invalid(f"{what}不能超过300字", code="reason_too_long", field="reason")
    return value


# Every public page of 解读回应 (lists and records) depends on this one tag of the page cache;
# each change of what the public sees moves it (`portal.pagecache`).
PUBLIC_TAG = "disclosure_interpretation:public"


def public_changed() -> None:
    from zhengwu.portal import pagecache

    pagecache.bump(PUBLIC_TAG)
