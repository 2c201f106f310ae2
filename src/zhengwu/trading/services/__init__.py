"""Every change of 公共资源交易, by sub-domain: projects and their steps (`projects`), and the
异议/质疑 and 投诉 raised against them (`objections`)."""

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
