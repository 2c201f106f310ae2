from zhengwu.org import scopes

from . import services
from .models import Scheme


def workbench_panel(user):
    if not scopes.has_role(user, *services.MANAGE_ROLES, *services.EVALUATE_ROLES):
        return None
    return {
        "title": "考核评议",
        "todo": None,
        "warning": 0,
        "done": Scheme.objects.filter(published=True).count(),
        "url": "/workbench/assessment/",
    }
