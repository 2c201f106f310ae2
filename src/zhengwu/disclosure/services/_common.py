"""What the 主动公开 services share: who may act, the clock of 条例 §26, the snapshot."""

from __future__ import annotations

from zhengwu.org import scopes
from zhengwu.org.models import Agency, Role

# Who may draft, review and publish: the agency's 信息公开工作人员, or the 政务公开办 over a jurisdiction.
DISCLOSURE_ROLES = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN]
# 条例 §26: proactive information is published within 20 working days of being created or changed.
PUBLICATION_LIMIT = 20
CLOCK_PURPOSE = "主动公开时限"
DEFAULT_INDEX_SCHEME = "{usci}/{year}-{seq:05d}"

EDITABLE = [
    "title",
    "summary",
    "created_on",
    "doc_number",
    "topic",
    "genre",
    "keywords",
    "body",
    "proactive",
    "column_id",
]
SNAPSHOT = [*EDITABLE, "status", "validity", "published_on", "version", "index_no"]


def _require(by, agency: Agency, what: str) -> None:
    scopes.require(
        by, agency_id=agency.pk, path=agency.scope_path, roles=DISCLOSURE_ROLES, what=what
    )
