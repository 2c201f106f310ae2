"""Public pages under hdjl/ (every site) and the staff pages under /workbench/interaction/.
Thin: a form, one service call, a page. Bad input re-renders the form with a Chinese message.

One module per sub-domain, each with its public and its staff pages: `messages` (网民留言),
`interviews` (在线访谈), `consultations` (民意征集 and 征集调查), `complaints` (行政投诉),
`reports` (民意汇报); `_common` holds what they share."""

from .messages import MESSAGE_ACTIONS

__all__ = ["MESSAGE_ACTIONS"]
