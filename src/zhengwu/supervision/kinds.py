"""What a late clock or a card is about, in the order a supervisor acts on them (issue 19 §4).

The board, the cards page and the API list by kind (the groups below, in this order), then by
severity (红牌 before 黄牌 before 预警), then by age (the oldest due date first). A card that
reports an irregularity (any kind but 超过办理期限) is its own group, whatever its subject: those
are yellow only and many (环节超时, 应网办未网办), so they follow the overdue citizens' matters;
a late annual report or §18 review round harms no applicant waiting, so they come last but for
clocks of no known kind.
A heading names what its rows are about (the board's 预警 rows are not late yet).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

from .models import Card
from .status import RED, WARNING, YELLOW

IRREGULAR, OTHER = "irregular", "other"

# (key, heading, the subjects' models as app_label.model) — the order is the order of action.
GROUPS = [
    ("case", "办件", ["cases.case", "cases.casestep"]),
    (
        "request",
        "依申请公开答复",
        ["disclosure_requests.request", "disclosure_requests.consultation"],
    ),
    ("appeal", "留言和投诉办理", ["interaction.message", "interaction.complaint"]),
    ("rating", "差评整改", ["ratings.rectification"]),
    ("document", "主动公开", ["disclosure.document"]),
    ("trading", "公共资源交易", ["trading.project", "trading.objection", "trading.complaint"]),
    (IRREGULAR, "不规范审批行为", []),
    ("report", "政府信息公开年度报告", ["disclosure_requests.annualreport"]),
    ("review", "政府信息动态调整审查", ["disclosure_archive.review"]),
    (OTHER, "其他时限", []),
]
RANK = {key: n for n, (key, _label, _models) in enumerate(GROUPS)}
LABELS = {key: label for key, label, _models in GROUPS}
KEYS = [key for key, _label, _models in GROUPS]

CLOCK_SEVERITY = {RED: 0, YELLOW: 1, WARNING: 2}
CARD_SEVERITY = {Card.RED: 0, Card.YELLOW: 1}


def _type_ranks() -> dict[int, int]:
    """Content type id → rank of its group (types not installed are left out)."""
    wanted = {
        tuple(model.split(".")): RANK[key] for key, _label, models in GROUPS for model in models
    }
    q = Q(pk__in=[])
    for app_label, model in wanted:
        q |= Q(app_label=app_label, model=model)
    return {ct.pk: wanted[(ct.app_label, ct.model)] for ct in ContentType.objects.filter(q)}


def _subject_rank() -> Case:
    whens = [When(subject_type_id=ct, then=Value(rank)) for ct, rank in _type_ranks().items()]
    return Case(*whens, default=Value(RANK[OTHER]), output_field=IntegerField())


def _ranked(field: str, ranks: dict[str, int], last: int) -> Case:
    whens = [When(**{field: value}, then=Value(n)) for value, n in ranks.items()]
    return Case(*whens, default=Value(last), output_field=IntegerField())


def order_clocks(qs):
    """Clocks by kind, severity, age; each row carries `kind_rank`."""
    return qs.annotate(
        kind_rank=_subject_rank(), severity=_ranked("status", CLOCK_SEVERITY, 3)
    ).order_by("kind_rank", "severity", F("due_date").asc(nulls_last=True), "id")


def order_cards(qs):
    """Cards by kind, severity (整改通过 after the cards still to act on), age; each row carries
    `kind_rank`."""
    irregular = When(~Q(kind=Card.OVERDUE), then=Value(RANK[IRREGULAR]))
    return qs.annotate(
        kind_rank=Case(irregular, default=_subject_rank(), output_field=IntegerField()),
        severity=_ranked("level", CARD_SEVERITY, 2),
        closed=_ranked("state", {Card.ACCEPTED: 1}, 0),
        age=Coalesce("due_date", "issued_on"),
    ).order_by("kind_rank", "severity", "closed", "age", "id")


def key_of(row) -> str:
    """The group of one clock or card (annotated by order_*, or looked up)."""
    rank = getattr(row, "kind_rank", None)
    if rank is None:
        if isinstance(row, Card) and row.kind != Card.OVERDUE:
            rank = RANK[IRREGULAR]
        else:
            rank = _type_ranks().get(row.subject_type_id, RANK[OTHER])
    return KEYS[rank]


def counts(ordered) -> list[dict]:
    """Each group with rows in `ordered` (a queryset from order_*): key, heading, count."""
    rows = ordered.order_by().values("kind_rank").annotate(n=Count("id")).order_by("kind_rank")
    return [
        {"group": KEYS[r["kind_rank"]], "label": LABELS[KEYS[r["kind_rank"]]], "count": r["n"]}
        for r in rows
    ]
