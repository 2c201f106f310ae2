"""Signals through which the business apps tell supervision what it must watch, without
importing it (apps depend downwards; supervision reads them back only through these).

`irregularity` — a rule of 电子监察 (domain-rules §4) was broken, e.g. an application with
complete materials was refused acceptance, a fee outside the item's fee list was charged, a
refusal was given without reasons. Send inside the transaction of the change:

    irregularity.send(sender=Case, kind="refusal_without_reasons", subject=case,
                      agency_id=case.agency_id, scope_path=case.scope_path, detail="…")
"""

from django.dispatch import Signal

irregularity = Signal()  # kwargs: kind, subject, agency_id, scope_path, detail

# `rateable` — a service was finished and its owner may rate it (好差评 一事一评, issue 5 §3): a
# case was completed, a disclosure request answered. Send inside the transaction of the change;
# the 好差评 app stores an invitation for the rater (None when the owner has no account):
#
#     rateable.send(sender=Case, subject=case, rater=case.applicant_user,
#                   agency_id=case.agency_id, item_id=case.item_id, scope_path=case.scope_path)
rateable = Signal()  # kwargs: subject, rater, agency_id, item_id=None, scope_path
