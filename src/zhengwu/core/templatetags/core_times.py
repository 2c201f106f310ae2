"""`{{ value|beijing }}`: a time in 北京时间 to the second (`core.times.beijing`)."""

from django import template

from zhengwu.core import times

register = template.Library()


@register.filter
def beijing(value) -> str:
    return times.beijing(value)
