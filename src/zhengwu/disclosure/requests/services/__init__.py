"""Every state change of a 依申请公开 request and of an annual report: one function each, taking
the acting user as `by=`, checking permission, changing rows, keeping the legal clocks and
writing the audit event in one transaction.

One module per sub-domain: `intake` (申请 and 登记), `handling` (审核 to 归档), `consultations`,
`fees`, `remedies`, `reports` (年度报告), `sweeps` (the platform's own ends), `delivery` (the
answer by e-mail); `_common` holds what they share. This package re-exports their names, so
callers write `services.answer(…)`.

Layering (imports only point down): rules ← annual ← released ← render ← services ← queries,
views, api.
"""

# What callers reached through the old module: the clocks, the trail and the two errors.
from zhengwu.core import audit, clock
from zhengwu.core.errors import Invalid, NotFound

from ..permissions import HANDLERS as HANDLERS
from ..permissions import REPORT_EDITORS as REPORT_EDITORS
from . import proposals
from ._common import (
    ANSWER,
    CLARIFY_NOTICE,
    CLARIFY_PERIOD,
    CONSULTATION,
    FEE_PAYMENT,
    REPORT_DUE,
    STATE_FIELDS,
    _clock,
    _close,
    _law,
    _snap,
    _start,
    _stop,
    _tell_applicant,
    answer_clock,
    today,
)
from .consultations import (
    consult,
    record_reply,
)
from .delivery import (
    send_by_email,
)
from .fees import (
    compute_fee,
    end_unpaid,
    notify_fee,
    nth_in_month,
    record_payment,
)
from .handling import (
    abandon_unclarified,
    answer,
    archive,
    extend,
    handle,
    notify_clarification,
    receive_clarification,
    review,
)
from .intake import (
    NUMBER_FORMAT,
    _create,
    _new_number,
    clean_applicant,
    counter_key,
    get_agency,
    get_agency_or_404,
    register,
    submit_online,
)
from .remedies import (
    decide_remedy,
    record_remedy,
    remedy_of,
)
from .reports import (
    ensure_report,
    publish_report,
    report_due,
    save_report,
)
from .sweeps import (
    sweep,
)

__all__ = [
    "NUMBER_FORMAT",
    "counter_key",
    "audit",
    "clock",
    "Invalid",
    "NotFound",
    "HANDLERS",
    "ANSWER",
    "CLARIFY_NOTICE",
    "CLARIFY_PERIOD",
    "CONSULTATION",
    "FEE_PAYMENT",
    "REPORT_DUE",
    "STATE_FIELDS",
    "today",
    "_snap",
    "_clock",
    "answer_clock",
    "_law",
    "_start",
    "_stop",
    "_tell_applicant",
    "_close",
    "clean_applicant",
    "_new_number",
    "_create",
    "submit_online",
    "register",
    "get_agency",
    "get_agency_or_404",
    "review",
    "handle",
    "notify_clarification",
    "receive_clarification",
    "abandon_unclarified",
    "extend",
    "answer",
    "archive",
    "consult",
    "record_reply",
    "nth_in_month",
    "compute_fee",
    "notify_fee",
    "record_payment",
    "end_unpaid",
    "record_remedy",
    "remedy_of",
    "decide_remedy",
    "ensure_report",
    "REPORT_EDITORS",
    "save_report",
    "publish_report",
    "report_due",
    "sweep",
    "send_by_email",
    "proposals",
]
