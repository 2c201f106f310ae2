"""Every change of 公共资源交易, by sub-domain: projects and their steps (`projects`), and the
异议/质疑 and 投诉 raised against them (`objections`)."""

from .objections import (  # noqa: F401
    accept_complaint,
    acceptance_due,
    answer_due,
    answer_objection,
    complaint_window,
    decide_complaint,
    decision_due,
    file_complaint,
    file_objection,
    public_decisions,
    refuse_complaint,
)
from .projects import (  # noqa: F401
    CHANGED,
    CREATED,
    PURPOSES,
    clean,
    create_project,
    dates_of,
    facts_of,
    take_step,
    update_project,
)
