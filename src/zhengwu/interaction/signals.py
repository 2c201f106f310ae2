"""Signals other apps listen to, so they never have to be imported from here.

`reply_rated` — the writer rated the answer to a message (满意 / 基本满意 / 不满意). The 好差评
app (zhengwu.ratings) connects a receiver to turn it into its own rating record and, for
不满意, a 差评 rectification. Sent inside the rating's transaction:
    reply_rated.send(sender=Message, message=m, satisfaction="unsatisfied", comment="…")
`message_replied` — an answer was given (for 一事一评 invitations), kwargs: message.
"""

from django.dispatch import Signal

reply_rated = Signal()
message_replied = Signal()
