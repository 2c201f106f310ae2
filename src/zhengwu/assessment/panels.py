from .models import Scheme
from .permissions import edits, takes_part


def workbench_panel(user):
    """考核评议: for whoever edits the schemes, the years still 编制中 (to finish and start
    scoring) are the 待办."""
    if not takes_part(user):
        return None
    return {
        "title": "考核评议",
        "todo": Scheme.objects.filter(state=Scheme.DRAFTING).count() if edits(user) else None,
        "warning": 0,
        "done": Scheme.objects.filter(published=True).count(),
        "url": "/workbench/assessment/",
    }
