"""Read paths: who sees which 公文. Lists are built only through `visible_to` (a body sees its
own, the 政务公开办 of a county or the 州 its subtree), staff search only through `search`."""

from __future__ import annotations

from django.db.models import Q

from zhengwu.core.errors import NotFound
from zhengwu.core.params import whole_number
from zhengwu.org import scopes
from zhengwu.org.models import Agency

from .models import DOC_TYPES, OfficialDocument
from .permissions import EDITORS, READERS


def visible_to(user):
    return OfficialDocument.objects.filter(scopes.scope_q(user, READERS)).select_related(
        "agency", "document"
    )


def get_visible(user, pk) -> OfficialDocument:
    record = visible_to(user).filter(pk=whole_number(pk) or 0).first()
    if record is None:
        raise NotFound("未找到该公文")
    return record


def can_edit(user, record: OfficialDocument) -> bool:
    return scopes.covers(user, agency_id=record.agency_id, path=record.scope_path, roles=EDITORS)


def agencies_for(user, roles=EDITORS):
    """The agencies `user` registers for through `roles` (the rule of `scopes.scope_q`)."""
    if getattr(user, "is_superuser", False):
        return Agency.objects.filter(is_active=True)
    q = Q(pk__in=[])
    for a in scopes.assignments(user, roles):
        q |= Q(pk=a.agency_id) if a.agency_id else Q(scope_path__startswith=a.jurisdiction.path)
    return Agency.objects.filter(q, is_active=True)


def filtered(qs, params) -> tuple:
    """The list's filters (文种, 公开属性, 年份, 密级) from `params`, and the values kept."""
    kept = {
        "doc_type": params.get("doc_type", ""),
        "attribute": params.get("attribute", ""),
        "year": params.get("year", ""),
        "secrecy": params.get("secrecy", ""),
    }
    if kept["doc_type"] in DOC_TYPES:
        qs = qs.filter(doc_type=kept["doc_type"])
    if kept["attribute"] in dict(OfficialDocument.ATTRIBUTES):
        qs = qs.filter(attribute=kept["attribute"])
    year = whole_number(kept["year"])
    if year:
        qs = qs.filter(written_on__year=year)
    if kept["secrecy"] == "secret":  # any level
        qs = qs.exclude(secrecy="")
    elif kept["secrecy"] == "none":
        qs = qs.filter(secrecy="")
    elif kept["secrecy"] in dict(OfficialDocument.SECRECY):
        qs = qs.filter(secrecy=kept["secrecy"])
    return qs, kept


def search(user, q: str, *, page="1", year=""):
    """Staff search of the 公文库 within what `user` may read (title, 发文字号, the files' text)."""
    from zhengwu.core import searchable

    return searchable.search(
        q,
        kind="archive",
        reach=scopes.reach(user, READERS),
        page=whole_number(page) or 1,
        year=whole_number(year),
    )
