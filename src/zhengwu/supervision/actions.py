"""The audit trail's words for 电子监察 (`core.actions`)."""

import datetime as dt

from zhengwu.core import actions

from . import status
from .models import Card, Rectification

actions.register("supervision.sweep", "电子监察扫描（更新监察状态、亮牌）")
actions.register("supervision.card_issued", "亮牌")
actions.register("supervision.rectification_answered", "提交整改情况")
actions.register("supervision.rectification_accepted", "整改审核通过")
actions.register("supervision.rectification_returned", "整改退回重新整改")
actions.register("supervision.audit_chain_verified", "校验审计链")


def card_names(ids: list[str]) -> dict[str, str]:
    """黄牌 法定办结时限（超过办理期限）."""
    rows = Card.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {str(c.pk): f"{c.get_level_display()} {c.purpose}（{c.kind_label}）" for c in rows}


def rectification_names(ids: list[str]) -> dict[str, str]:
    """整改反馈（黄牌 法定办结时限）."""
    rows = Rectification.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    rows = rows.select_related("card")
    return {str(r.pk): f"整改反馈（{r.card.get_level_display()} {r.card.purpose}）" for r in rows}


def sweep_names(ids: list[str]) -> dict[str, str]:
    """A day's sweep, by its date."""
    out = {}
    for i in ids:
        try:
            out[i] = f"{dt.date.fromisoformat(i):%Y年%-m月%-d日}电子监察扫描"
        except ValueError:
            continue
    return out


actions.subject(
    "supervision.card",
    "监察亮牌",
    card_names,
    fields={
        "kind": ("事由", Card.KINDS),
        "agency_id": ("单位", "org.agency"),
        "clock_id": None,
        "subject_id": None,
        "run": None,
        "rectification": None,
        "answer": "整改情况",
        "note": "审核意见",
    },
)
actions.subject(
    "supervision.rectification",
    "整改反馈",
    rectification_names,
    fields={
        "decision": ("审核结论", dict(Rectification.DECISIONS)),
        "decided_by_id": "审核人",
        "decided_at": "审核时间",
    },
)
actions.subject(
    "supervision.sweep",
    "电子监察扫描",
    sweep_names,
    fields={
        "today": "扫描日期",
        "changed": ("监察状态变化（件）", status.LABELS),
        "cards": "新亮牌（张）",
        # the cards themselves: each card's own trail shows this event
        "card_ids": None,
        "run": None,
    },
)
