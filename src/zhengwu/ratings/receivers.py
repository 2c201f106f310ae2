"""Ratings from every channel (issue 5 §3): the business apps announce a rateable service
through signals; the 好差评 app never imports them."""

from __future__ import annotations

from zhengwu.core.signals import rateable
from zhengwu.interaction.signals import reply_rated

from . import services


def on_rateable(sender, *, subject, rater=None, agency_id, scope_path, item_id=None, **kwargs):
    services.invite(
        subject=subject, rater=rater, agency_id=agency_id, scope_path=scope_path, item_id=item_id
    )


def on_reply_rated(sender, *, message, satisfaction, comment="", **kwargs):
    services.rate_reply(message, satisfaction=satisfaction, comment=comment)


def connect() -> None:
    rateable.connect(on_rateable, dispatch_uid="ratings.invite")
    reply_rated.connect(on_reply_rated, dispatch_uid="ratings.reply_rated")
