"""The one way to read a configurable number that is not a law (rates, thresholds, sizes): a
Django setting of the same name wins, else the environment variable, else the default.

Statutory limits are rows, read through `core.limits`; an environment variable that set one
before (e.g. ZHENGWU_PETITION_ACCEPT_DAYS) still overrides that limit's national default.
"""

import os

from django.conf import settings

from . import throttle


def text(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value in (None, ""):
        value = os.environ.get(name) or default
    return str(value)


def number(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        return int(os.environ.get(name, default))
    return int(value)


def rate(name: str, default: str) -> tuple[int, int]:
    """A limit written `count/seconds`, e.g. `5/3600` = five per hour."""
    return throttle.parse(text(name, default))
