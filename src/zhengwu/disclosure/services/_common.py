"""What the 主动公开 services share: the clock of 条例 §26, the 索引号 default, the snapshot."""

from __future__ import annotations

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
