"""The app's configurable numbers: a Django setting of the same name wins, else the environment,
else the default. Laws the domain notes mark unverified (U) are configurable here, not constants."""

import os

from django.conf import settings

from zhengwu.core import throttle


def number(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return int(value)


def rate(name: str, default: str) -> tuple[int, int]:
    """A limit written `count/seconds`, e.g. `5/3600` = five per hour."""
    return throttle.parse(getattr(settings, name, None) or os.environ.get(name, default))


# 信访工作条例 (2022) §22: registered and routed within 15 days; written notice whether it is
# accepted within 15 days; §§34–36: handled within 60 days, extendable by at most 30; 复查 and
# 复核 30 days each (domain-rules §6.1 [XF]). Days, not working days.
def petition_accept_days() -> int:
    return number("ZHENGWU_PETITION_ACCEPT_DAYS", 15)


def petition_handle_days() -> int:
    return number("ZHENGWU_PETITION_HANDLE_DAYS", 60)


def petition_max_extension_days() -> int:
    return number("ZHENGWU_PETITION_EXTENSION_DAYS", 30)


# 行政投诉: the supervision office decides on acceptance within 5 working days (issue 6); the
# answer period after acceptance is a local rule (not found in domain-rules: U).
def complaint_accept_workdays() -> int:
    return number("ZHENGWU_COMPLAINT_ACCEPT_WORKDAYS", 5)


def complaint_answer_workdays() -> int:
    return number("ZHENGWU_COMPLAINT_ANSWER_WORKDAYS", 15)


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
