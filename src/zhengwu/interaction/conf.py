"""The app's configurable numbers that are not laws (core.conf reads them: a Django setting of
the same name wins, else the environment, else the default). Its statutory limits (信访, 行政投诉)
are rows of core.limits."""

from zhengwu.core.conf import number, rate


def message_rate_per_account() -> tuple[int, int]:
    return rate("ZHENGWU_MESSAGE_RATE_ACCOUNT", "5/3600")


def message_rate_per_ip() -> tuple[int, int]:
    return rate("ZHENGWU_MESSAGE_RATE_IP", "20/3600")


def public_post_rate_per_ip() -> tuple[int, int]:
    """Questions, comments, survey answers, tracking look-ups, complaints from one address."""
    return rate("ZHENGWU_PUBLIC_POST_RATE_IP", "30/3600")


def duplicate_days() -> int:
    return number("ZHENGWU_DUPLICATE_DAYS", 30)


def max_image_bytes() -> int:
    return number("ZHENGWU_INTERVIEW_IMAGE_MAX_KB", 5120) * 1024
