"""Every state change of 主动公开: drafting, 保密审查, publication, withdrawal and repeal, new
versions, attachments, the guide, the rules page and the gazette. Each function takes the acting
user as `by=`, checks the role in scope, changes rows and appends the audit event in one
transaction.

One module per sub-domain: `documents` (a document's life), `index` (索引号), `pages` (指南,
制度, 公报, the standard catalogue); `_common` holds who may act and the §26 clock. This package
re-exports their names, so callers write `services.publish(…)`.
"""

from ..permissions import DISCLOSURE_ROLES as DISCLOSURE_ROLES
from ._common import (
    CLOCK_PURPOSE,
    DEFAULT_INDEX_SCHEME,
    EDITABLE,
    PUBLICATION_LIMIT,
    SNAPSHOT,
)
from .documents import (
    _follow_clock,
    _reason,
    _save_version,
    add_attachment,
    change_validity,
    clean,
    create_draft,
    edit_draft,
    new_version,
    parse_date,
    prepare_publication_clock,
    publication_clock,
    publish,
    return_for_changes,
    start_publication_clock,
    submit,
    withdraw,
)
from .index import (
    counter_key,
    index_scheme,
    next_index_no,
    reserve_index_nos,
)
from .pages import (
    create_gazette_issue,
    ensure_columns,
    guide_from_agency,
    revise_guide,
    save_rules,
)

__all__ = [
    "counter_key",
    "DISCLOSURE_ROLES",
    "PUBLICATION_LIMIT",
    "CLOCK_PURPOSE",
    "DEFAULT_INDEX_SCHEME",
    "EDITABLE",
    "SNAPSHOT",
    "index_scheme",
    "next_index_no",
    "reserve_index_nos",
    "parse_date",
    "clean",
    "_save_version",
    "publication_clock",
    "start_publication_clock",
    "prepare_publication_clock",
    "create_draft",
    "edit_draft",
    "_follow_clock",
    "submit",
    "return_for_changes",
    "publish",
    "withdraw",
    "change_validity",
    "new_version",
    "_reason",
    "add_attachment",
    "guide_from_agency",
    "revise_guide",
    "save_rules",
    "create_gazette_issue",
    "ensure_columns",
]
