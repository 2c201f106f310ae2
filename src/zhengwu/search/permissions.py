"""Who may take search's audited actions (search/actions.py), in the map of
org/permissions.py: the openness office looks after the index of the whole platform."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

rule("search.reindex", "重建检索索引", [Role.OPENNESS_ADMIN])
