"""What each person sees of 公共资源交易 (`projects_visible_to`): a body's officers its own
projects; a 行政监督部门's officers the projects it supervises; the openness office and 电子监察
every project of their jurisdiction. What everyone sees is the published notices (`published`)."""

from __future__ import annotations

from zhengwu.core.errors import NotFound
from zhengwu.org import scopes
from zhengwu.org.models import Role

from .models import Notice, Project
from .permissions import BODY

WATCHERS = [Role.OPENNESS_ADMIN, Role.SUPERVISOR]


def projects_visible_to(user):
    q = scopes.scope_q(user, BODY, agency_field="owner")
    q |= scopes.scope_q(user, BODY, agency_field="supervisor")
    q |= scopes.scope_q(user, WATCHERS, agency_field=None)
    return Project.objects.filter(q).select_related("owner", "jurisdiction", "centre", "supervisor")


def project(user, pk) -> Project:
    found = projects_visible_to(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound("该交易项目不存在或不在您的范围内")
    return found


def published(path: str = ""):
    """Published notices, under a jurisdiction's path when given, the newest first."""
    qs = Notice.objects.filter(state=Notice.PUBLISHED)
    if path:
        qs = qs.filter(scope_path__startswith=path)
    return qs.select_related("project", "project__owner")


def may_act(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or scopes.has_role(user, *BODY)


__all__ = ["may_act", "project", "projects_visible_to", "published"]
