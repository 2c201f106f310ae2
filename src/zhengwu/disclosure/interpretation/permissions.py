"""Who may take each 解读回应 action (`org.permissions`): whoever drafts a policy document
interprets it (谁起草、谁解读), so the same roles as 主动公开; the 信息公开工作人员 and the
政务公开办 also answer concerns and run the body's press conferences."""

from zhengwu.disclosure.permissions import DISCLOSURE_ROLES
from zhengwu.org.permissions import rule

from .actions import WORDS

for _action, _words in WORDS.items():
    rule(_action, _words, DISCLOSURE_ROLES)
