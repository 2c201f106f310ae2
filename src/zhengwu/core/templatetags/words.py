"""`{{ m.content_type|file_kind }}` → PDF、图片; `{{ item.promised_limit|time_limit:item.promised_unit }}`
→ 即办 or 10个工作日 (zhengwu.core.words)."""

from django import template

from zhengwu.core import words

register = template.Library()
register.filter("file_kind", words.file_kind)
register.filter("time_limit", words.time_limit)
