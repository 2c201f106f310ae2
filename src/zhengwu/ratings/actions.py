"""The audit trail's words for 好差评 (`core.actions`)."""

from zhengwu.core import actions

from .models import Appeal, Invitation, ProvinceFigure, Rating, Rectification

actions.register("ratings.rated", "评价")
actions.register("ratings.rectification_opened", "差评转入整改")
actions.register("ratings.callback", "差评回访核实")
actions.register("ratings.fixed", "差评整改完成")
actions.register("ratings.fed_back", "整改情况反馈评价人")
actions.register("ratings.appealed", "对差评提出申诉")
actions.register("ratings.appeal_upheld", "申诉成立，剔除该评价")
actions.register("ratings.appeal_rejected", "申诉不成立")
actions.register("ratings.province_figure.save", "录入全省好评率公布数据")
actions.register("ratings.province_figure.delete", "删除全省好评率公布数据")


def _keys(ids: list[str]) -> list[int]:
    return [int(i) for i in ids if i.isdigit()]


def _rating(rating: Rating) -> str:
    return f"{rating.get_level_display()}（{rating.rated_at:%Y-%m-%d}）"


def rating_names(ids: list[str]) -> dict[str, str]:
    return {str(r.pk): f"评价 {_rating(r)}" for r in Rating.objects.filter(pk__in=_keys(ids))}


def rectification_names(ids: list[str]) -> dict[str, str]:
    rows = Rectification.objects.filter(pk__in=_keys(ids)).select_related("rating", "agency")
    return {str(r.pk): f"差评整改 {r.agency.name} {_rating(r.rating)}" for r in rows}


def appeal_names(ids: list[str]) -> dict[str, str]:
    rows = Appeal.objects.filter(pk__in=_keys(ids)).select_related("rating")
    return {str(a.pk): f"差评申诉 {a.get_ground_display()} {_rating(a.rating)}" for a in rows}


def invitation_names(ids: list[str]) -> dict[str, str]:
    rows = Invitation.objects.filter(pk__in=_keys(ids)).only("pk", "title")
    return {str(i.pk): f"评价邀请 {i.title}" for i in rows}


actions.subject(
    "ratings.rating",
    "评价",
    rating_names,
    public="评价人",
    fields={
        "subject_id": None,
        "active": "有效",
        "window_id": "窗口",
        "rater_id": "评价人",
        "recorded_by_id": "代录人",
        "dimensions": ("分项评价", dict(Rating.ONLINE_DIMENSIONS + Rating.OFFLINE_DIMENSIONS)),
    },
)
actions.subject(
    "ratings.rectification",
    "差评整改",
    rectification_names,
    fields={
        "state": ("状态", dict(Rectification.STATES)),
        "callback_at": "回访时间",
        "fixed_at": "整改完成时间",
        "feedback_at": "反馈时间",
        "rating": "评价",
    },
)
actions.subject(
    "ratings.appeal",
    "差评申诉",
    appeal_names,
    fields={
        "rating": "评价",
        "rating_state": ("评价状态", dict(Rating.STATES)),
        "decision": ("复核结论", dict(Appeal.DECISIONS)),
        "decided_by_id": "复核人",
        "decided_at": "复核时间",
    },
)
actions.subject(
    "ratings.invitation",
    "评价邀请",
    invitation_names,
    public="评价人",
    fields={"state": ("状态", dict(Invitation.STATES)), "rating_id": "评价"},
)
actions.subject(
    "ratings.provincefigure",
    "全省好评率公布数据",
    lambda ids: {
        str(f.pk): str(f)
        for f in ProvinceFigure.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    },
    fields={
        "year": "年度",
        "region": "地区",
        "good_rate": "好评率（%）",
        "source": "来源",
        "link": "链接",
        "updated_at": None,
        "updated_by_id": None,
    },
)
