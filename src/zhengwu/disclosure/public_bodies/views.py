"""The public pages of 公共企事业单位 in the 政府信息公开 column: the bodies of a site's
jurisdiction by sector, and one body's catalogue with its published items."""

from __future__ import annotations

from django.shortcuts import render

from zhengwu.core.masking import mask_phone
from zhengwu.portal.views import site_of, site_prefix

from . import queries
from .models import Sector


def index(request, code=None):
    j = site_of(code)
    by_sector: dict[int, list] = {}
    for body in queries.public_bodies(j):
        by_sector.setdefault(body.sector_id, []).append(body)
    sectors = [(s, by_sector.get(s.pk, [])) for s in Sector.objects.all()]
    return render(
        request,
        "public_bodies/index.html",
        {
            "j": j,
            "prefix": site_prefix(j),
            "sectors": sectors,
            "count": sum(map(len, by_sector.values())),
        },
    )


def body(request, usci, code=None):
    j = site_of(code)
    found = queries.public_body(j, usci)
    items = queries.published_items(found)
    columns = [(s, items.get(s.code, [])) for s in queries.column_states(found)]
    return render(
        request,
        "public_bodies/body.html",
        {
            "j": j,
            "prefix": site_prefix(j),
            "body": found,
            "columns": columns,
            "contact_phone": mask_phone(found.contact_phone)
            if found.contact_phone.startswith("1")
            else found.contact_phone,
        },
    )
