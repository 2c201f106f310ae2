"""The app's configurable numbers (core.conf reads them: a Django setting of the same name wins,
else the environment, else the default)."""

from zhengwu.core.conf import number


def leader_photo_max_bytes() -> int:
    """领导信息's photo: our own bound (no rule sets one), 2 MB by default."""
    return number("ZHENGWU_LEADER_PHOTO_MAX_KB", 2048) * 1024


def page_size() -> int:
    """Items per page of a column's list."""
    return number("ZHENGWU_SITE_PAGE_SIZE", 20)
