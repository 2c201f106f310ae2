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
