"""`{% agency_options agencies selected value="usci" %}`: the options of an agency picker grouped
by level with <optgroup> — 州本级, then each county (县市) followed by its townships (乡镇街道) —
instead of a hundred bodies in one flat list. A plain grouped select works without JavaScript;
`data-filter` on the select adds a type-to-search box (org/static/org/select-filter.js)."""

from django import template
from django.utils.html import format_html, format_html_join

from zhengwu.org.models import Jurisdiction

register = template.Library()


def group_label(j: Jurisdiction) -> str:
    if j.level == Jurisdiction.PREFECTURE or j.parent is None:
        return "州本级"
    if j.level == Jurisdiction.COUNTY:
        return j.name
    return f"{j.parent.name} · {j.name}"  # a township's (or village's) own bodies


def grouped(agencies) -> list[tuple[str, list]]:
    """(label, agencies) by jurisdiction, in the order of the jurisdiction tree; the agencies
    keep their order within a group. One query for the jurisdictions."""
    agencies = list(agencies)
    places = Jurisdiction.objects.select_related("parent").in_bulk(
        {a.jurisdiction_id for a in agencies}
    )
    groups: dict[int, list] = {}
    for a in agencies:
        groups.setdefault(a.jurisdiction_id, []).append(a)
    order = sorted(groups, key=lambda pk: places[pk].path)
    return [(group_label(places[pk]), groups[pk]) for pk in order]


@register.simple_tag
def agency_options(agencies, selected="", value="pk"):
    """<optgroup>s of <option value="{{ a.<value> }}">{{ a.name }}</option>, `selected` marked."""
    selected = str(selected or "")

    def options(rows):
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    getattr(a, value),
                    " selected" if selected and str(getattr(a, value)) == selected else "",
                    a.name,
                )
                for a in rows
            ),
        )

    return format_html_join(
        "",
        '<optgroup label="{}">{}</optgroup>',
        ((label, options(rows)) for label, rows in grouped(agencies)),
    )


@register.simple_tag
def select_filter_script():
    """The <script> that adds the type-to-search box (a static file: the CSP allows no inline
    script); put it in the page's head block."""
    from django.templatetags.static import static

    return format_html('<script src="{}" defer></script>', static("org/select-filter.js"))
