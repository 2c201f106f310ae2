"""The indicators of the check, in the order of 国办秘函〔2019〕19号: each a function over all
sites at once (context.Context → findings)."""

from . import scored, terms, vetoes

VETOES = [
    vetoes.unreachable,
    vetoes.home_stale,
    vetoes.columns_stale,
    vetoes.consultation_unanswered,
    vetoes.no_channel,
    vetoes.services_missing,
    terms.wrong_terms,
]
DEDUCTIONS = [
    scored.policy_stale,
    scored.service_stats_stale,
    scored.replies_stale,
    scored.uninterpreted,
    scored.no_leaders,
    scored.no_survey,
    scored.no_site_code,
]
BONUSES = [scored.bonus]
ALL = VETOES + DEDUCTIONS + BONUSES
