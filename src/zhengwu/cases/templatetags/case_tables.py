"""The rows of a list of cases (待办, 预警, 已办, the window queue, an agent's filings).

Written in Python rather than as template markup: a row has a dozen values, and the template
engine's cost per value made 50 rows the largest part of the 待办 page (about 3 ms of CPU; this
is about a tenth of it). Every value is escaped by format_html.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from zhengwu.cases.models import Case

register = template.Library()

CHANNELS = dict(Case.CHANNELS)
STATUSES = dict(Case.STATUSES)
# data-label: each cell's column, shown before it when a phone lays the rows out as cards
ROW = (
    '<tr{}><td><a href="/workbench/cases/{}/">{}</a></td><td data-label="事项">{}</td>'
    '<td data-label="申请人">{}</td><td data-label="渠道">{}</td><td data-label="状态">{}{}</td>'
    '<td data-label="收件">{}</td><td data-label="承诺办结">{}{}</td></tr>\n'
)
EMPTY = mark_safe('<tr><td colspan="7">暂无办件。</td></tr>')


# Case.deadline_state → the row's class and the badge after the promised date
MARKS = {
    "overdue": (mark_safe(' class="overdue"'), mark_safe(' <span class="badge red">已超期</span>')),
    "warning": (
        mark_safe(' class="warning"'),
        mark_safe(' <span class="badge warning">预警</span>'),
    ),
    "": ("", ""),
}


def _row(c: Case, today) -> tuple:
    row_class, badge = MARKS[c.deadline_state(today)]
    step = c.current_step
    return (
        row_class,
        c.pk,
        c.number,
        c.item.name,
        c.applicant_name,
        CHANNELS.get(c.channel, c.channel),
        STATUSES.get(c.status, c.status),
        format_html(" / {}", step.name) if step else "",
        c.received_on.isoformat() if c.received_on else "—",
        c.due_date.isoformat() if c.due_date else "—",
        badge,
    )


@register.simple_tag
def case_rows(cases, today=None):
    """`<tr>` for each case, marked 已超期 or 预警."""
    cases = list(cases)
    if not cases:
        return EMPTY
    return format_html_join("", ROW, (_row(c, today) for c in cases))
