"""`{% idempotency_field %}` in every submission form: a hidden key, new at each render, so that
the form sent twice (a double click, a retry after a timeout) makes one record
(core.idempotency)."""

import uuid

from django import template
from django.utils.html import format_html

from zhengwu.core.idempotency import FIELD

register = template.Library()


@register.simple_tag
def idempotency_field():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, uuid.uuid4().hex)
