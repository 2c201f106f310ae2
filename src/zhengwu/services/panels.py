"""The catalogue's panel in the staff workbench."""

from . import queries
from .models import Item


def catalogue_panel(user):
    if getattr(user, "kind", "") != "staff":
        return None
    qs = queries.visible_to(user)
    if not user.is_superuser and not qs.exists():
        return None
    return {
        "title": "政务服务事项目录",
        "todo": None,
        "warning": 0,
        "done": qs.filter(state=Item.ACTIVE).count(),
        "url": "/workbench/services/",
    }
