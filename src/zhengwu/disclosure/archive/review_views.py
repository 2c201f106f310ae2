"""The §18 review on the workbench: the body's open round (its records, the flags, a decision
form per record, what is left and by when) and the history of its rounds."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core.errors import Conflict, Invalid, NotAllowed, NotFound
from zhengwu.core.idempotency import idempotent
from zhengwu.core.words import chinese_date
from zhengwu.disclosure.requests.view_helpers import staff_only
from zhengwu.org import permissions

from .models import DECIDE_ACTION, OfficialDocument, Review, ReviewDecision
from .services import review

PAGE = 50
STATES = [("", "全部"), ("pending", "待审查"), ("released", "保密期限已满"), ("decided", "已审查")]
DECIDE_CHOICES = [c for c in ReviewDecision.DECISIONS if c[0]]
CHANGE_TO = [c for c in OfficialDocument.ATTRIBUTES if c[0] in review.REVIEWED]
GROUNDS = [c for c in OfficialDocument.WITHHELD_GROUNDS if c[0]]


def done_text(item: ReviewDecision, round_: Review) -> str:
    """The success message: what was decided and what comes next."""
    title = f"《{item.record.title}》"
    if item.decision == ReviewDecision.PUBLISH:
        said = f"{title}已转为主动公开，公开草稿已生成，请在20个工作日内完成保密审查并发布。"
    elif item.decision == ReviewDecision.CHANGE:
        said = f"{title}的公开属性已变更为“{item.record.get_attribute_display()}”。"
    else:
        said = f"{title}维持“{item.record.get_attribute_display()}”。"
    if round_.status == Review.DONE:
        return said + "本轮审查的公文已全部作出决定，审查完成。"
    left = round_.decisions.filter(decision=ReviewDecision.PENDING).count()
    return said + f"本轮还有{left}件待审查，完成期限为{chinese_date(round_.due_on)}。"


def _round_context(request, round_: Review, **extra) -> dict:
    state = request.GET.get("state", "")
    state = state if state in dict(STATES) else ""
    today = review.today()
    page = Paginator(review.rows(round_, on=today, state=state), PAGE).get_page(
        request.GET.get("page")
    )
    rows = [{"item": d, **review.flags(d, today)} for d in page.object_list]
    return {
        "round": round_,
        "rows": rows,
        "page": page,
        "state": state,
        "states": STATES,
        "progress": review.progress(round_, on=today),
        "clock": review.review_clock(round_),
        "can_decide": round_.status == Review.OPEN
        and permissions.allows(
            request.user, DECIDE_ACTION, agency_id=round_.agency_id, path=round_.scope_path
        ),
        "decisions": DECIDE_CHOICES,
        "change_to": CHANGE_TO,
        "grounds": GROUNDS,
        "history": review.visible_to(request.user).filter(agency_id=round_.agency_id)[:20],
        "released_flag": review.RELEASED_FLAG,
    } | extra


@staff_only
def index(request):
    """/workbench/archive/review/: the open round of the body (one), or the rounds to choose."""
    permissions.require_somewhere(request.user, DECIDE_ACTION)
    rounds = review.visible_to(request.user)
    open_ = list(rounds.filter(status=Review.OPEN).order_by("due_on", "id")[:200])
    if len(open_) == 1 and not request.GET.get("all"):
        return render(
            request, "disclosure_archive/review_round.html", _round_context(request, open_[0])
        )
    today = review.today()
    return render(
        request,
        "disclosure_archive/review_list.html",
        {
            "open_rounds": [(r, review.progress(r, on=today)) for r in open_],
            "done_rounds": rounds.filter(status=Review.DONE).order_by("-done_on", "-id")[:50],
        },
    )


@staff_only
def detail(request, pk):
    round_ = review.get_visible(request.user, pk)
    return render(request, "disclosure_archive/review_round.html", _round_context(request, round_))


@staff_only
@require_POST
@idempotent
def decide(request, pk):
    round_ = review.get_visible(request.user, pk)
    p = request.POST
    try:
        item = review.decide(
            round_,
            p.get("record", ""),
            decision=p.get("decision", ""),
            attribute=p.get("attribute", ""),
            ground=p.get("ground", ""),
            reason=p.get("reason", ""),
            version=p.get("version"),
            by=request.user,
        )
    except (Invalid, NotAllowed, Conflict, NotFound) as e:
        round_.refresh_from_db()
        ctx = _round_context(request, round_, error=e, posted=p)
        return render(request, "disclosure_archive/review_round.html", ctx, status=e.status)
    round_.refresh_from_db()
    messages.success(request, done_text(item, round_))
    back = f"/workbench/archive/review/{round_.pk}/"
    query = request.GET.urlencode()
    return redirect(f"{back}?{query}" if query else back)
