from .models import Scheme
from .permissions import takes_part


def workbench_panel(user):
    if not takes_part(user):
        return None
    return {
        "title": "考核评议",
        "todo": None,
        "warning": 0,
        "done": Scheme.objects.filter(published=True).count(),
        "url": "/workbench/assessment/",
    }
