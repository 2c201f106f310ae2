"""Every change in 政民互动, one function each: permission, rows, clock and audit in one transaction.

One module per sub-domain: `messages` (网民留言), `petitions` (信访事项), `interviews` (在线访谈),
`consultations` (民意征集), `surveys` (征集调查), `complaints` (行政投诉), `reports` (民意汇报);
`_common` holds what they share. Callers keep `from zhengwu.interaction import services`."""

from zhengwu.core import clock  # callers read a record's clocks as services.clock

from ..permissions import APPROVER_ROLES, HANDLER_ROLES, SUPERVISION_ROLES
from ._common import (
    COMPLAINT_ACCEPT_CLOCK,
    COMPLAINT_ANSWER_CLOCK,
    NUMBER_FORMATS,
    PETITION_ACCEPT_CLOCK,
    PETITION_HANDLE_CLOCK,
    PHONE_RE,
    REPLY_CLOCK,
    issue_number,
)
from .complaints import (
    COMPLAINT_SUBJECT_MODELS,
    answer_complaint,
    decide_complaint,
    file_complaint,
)
from .consultations import comment, moderate_comment, publish_feedback, set_adoption
from .interviews import (
    IMAGE_SIGNATURES,
    add_image,
    ask_question,
    live_cache_key,
    live_html_cache_key,
    live_json_cache_key,
    moderate_question,
    post,
    set_interview_state,
    write_transcript_intro,
)
from .messages import (
    accept,
    decide_extension,
    decline,
    find_for_tracking,
    hide,
    publish,
    rate,
    reply,
    request_extension,
    route,
    submit_message,
    transfer,
)
from .petitions import (
    accept_petition,
    extend_petition,
    mark_petition,
    petition_extension_left,
    petition_extension_most,
)
from .reports import generate_opinion_reports, opinion_figures
from .surveys import answer_survey

__all__ = [
    "APPROVER_ROLES",
    "COMPLAINT_ACCEPT_CLOCK",
    "COMPLAINT_ANSWER_CLOCK",
    "COMPLAINT_SUBJECT_MODELS",
    "HANDLER_ROLES",
    "IMAGE_SIGNATURES",
    "NUMBER_FORMATS",
    "PETITION_ACCEPT_CLOCK",
    "PETITION_HANDLE_CLOCK",
    "PHONE_RE",
    "REPLY_CLOCK",
    "SUPERVISION_ROLES",
    "accept",
    "accept_petition",
    "add_image",
    "answer_complaint",
    "answer_survey",
    "ask_question",
    "clock",
    "comment",
    "decide_complaint",
    "decide_extension",
    "decline",
    "extend_petition",
    "file_complaint",
    "find_for_tracking",
    "generate_opinion_reports",
    "issue_number",
    "hide",
    "live_cache_key",
    "live_html_cache_key",
    "live_json_cache_key",
    "mark_petition",
    "moderate_comment",
    "moderate_question",
    "opinion_figures",
    "petition_extension_left",
    "petition_extension_most",
    "post",
    "publish",
    "publish_feedback",
    "rate",
    "reply",
    "request_extension",
    "route",
    "set_adoption",
    "set_interview_state",
    "submit_message",
    "transfer",
    "write_transcript_intro",
]
