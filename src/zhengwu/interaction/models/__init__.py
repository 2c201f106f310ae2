"""政民互动's records, one module per sub-domain as in services/: `messages` (网民留言: 信箱, 留言,
转办, 延期申请), `interviews` (在线访谈), `consultations` (民意征集), `surveys` (征集调查),
`complaints` (行政投诉), `reports` (民意汇报); `_common` holds the 敏感词 list and the mixin that
keeps a record's `scope_path` its agency's.

Every record carries its handling `agency` and/or `scope_path` (the jurisdiction path) so the
same `scope_q` builds every list. Legal time limits are core Clocks (see services/). Django finds
the models through the imports below; callers keep `from zhengwu.interaction.models import X`.
"""

from ._common import FollowsAgencyScope, SensitiveWord
from .complaints import Complaint
from .consultations import Consultation, ConsultationComment, ConsultationSection
from .interviews import (
    Interview,
    InterviewImage,
    InterviewPost,
    InterviewQuestion,
    interview_image_path,  # migration 0001 names it here
)
from .messages import Extension, Mailbox, Message, Transfer
from .reports import OpinionReport
from .surveys import Survey, SurveyAnswer, SurveyChoice, SurveyQuestion, SurveyResponse

__all__ = [
    "Complaint",
    "Consultation",
    "ConsultationComment",
    "ConsultationSection",
    "Extension",
    "FollowsAgencyScope",
    "Interview",
    "InterviewImage",
    "InterviewPost",
    "InterviewQuestion",
    "Mailbox",
    "Message",
    "OpinionReport",
    "SensitiveWord",
    "Survey",
    "SurveyAnswer",
    "SurveyChoice",
    "SurveyQuestion",
    "SurveyResponse",
    "Transfer",
    "interview_image_path",
]
