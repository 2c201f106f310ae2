"""Every state change of a case: one function each, taking the acting user as `by=`.

Each function locks the case row (SELECT … FOR UPDATE), checks the version the caller saw and
the state, checks the actor's scope, changes the rows, writes the case history and the audit
event — all in one transaction. Two officers acting at once: the second finds the version moved
on and gets `Conflict` (HTTP 409) with nothing written.

One module per stage of a case: `intake` (the application and its filing), `acceptance`
(受理, 不予受理, 一次性告知, 补正), `handling` (steps, decision, 送达), `suspension` (中止,
恢复, 延长) and `fees`; `_common` holds what they share.
"""

from zhengwu.core.errors import Conflict, Invalid, NotAllowed, NotFound

from ..permissions import HANDLING_ROLES, INTAKE_ROLES, step_roles
from .acceptance import accept, deem_accepted_overdue, refuse, request_supplement, supplement
from .fees import charge_fee
from .handling import advance, decide, decision_step, deliver
from .intake import (
    DEFAULT_FLOW,
    check_online,
    check_upload,
    clean_applicant,
    clean_situations,
    missing_required,
    serves,
    situations_of,
    submit,
)
from .suspension import extend, resume, suspend

__all__ = [
    "DEFAULT_FLOW",
    "HANDLING_ROLES",
    "INTAKE_ROLES",
    "Conflict",
    "Invalid",
    "NotAllowed",
    "NotFound",
    "accept",
    "advance",
    "charge_fee",
    "check_online",
    "check_upload",
    "clean_applicant",
    "clean_situations",
    "decide",
    "decision_step",
    "deem_accepted_overdue",
    "deliver",
    "extend",
    "missing_required",
    "refuse",
    "request_supplement",
    "resume",
    "serves",
    "situations_of",
    "step_roles",
    "submit",
    "supplement",
    "suspend",
]
