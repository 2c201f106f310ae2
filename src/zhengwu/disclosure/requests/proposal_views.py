"""Pages of 条例 §44: the officer's list of 转为主动公开建议 and the decision on one; the
applicant's suggestion from their own request page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core import audit
from zhengwu.core import trail as core_trail
from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.core.idempotency import idempotent
from zhengwu.core.words import chinese_date
from zhengwu.disclosure.services import publication_clock
from zhengwu.org import permissions, scopes

from . import queries, services
from .models import PublicationProposal
from .permissions import HANDLERS
from .services import proposals
from .view_helpers import mine_get, staff_only
from .views import _date, mine_context

# What the officer reads after each decision (tests/test_success_messages.py).
DECIDED = {
    "publish": lambda p, due: (
        f"已决定转为主动公开，已生成主动公开文件草稿《{p.subject}》"
        + (
            f"，应在{chinese_date(due)}前公开（条例第二十六条，自决定之日起20个工作日）"
            if due
            else ""
        )
        + "。下一步：完善草稿后送保密审查。"
    ),
    "decline": lambda p, due: "已决定不予转为主动公开，决定和理由已记录。",
}


def _source_text(p: PublicationProposal) -> str:
    if p.source == PublicationProposal.SUGGESTED:
        return "申请人建议"
    return f"相同申请达到{proposals.threshold()}件（{p.applicants}名申请人）"


@staff_only
def wb_proposals(request):
    """/workbench/requests/proposals/: 待决定 oldest first; ?done=1 the decided ones."""
    if request.GET.get("done"):
        rows = queries.proposals_visible_to(request.user).exclude(
            status=PublicationProposal.PENDING
        )
        rows, title = rows.order_by("-decided_on", "-id"), "已决定的转为主动公开建议"
    else:
        rows, title = queries.open_proposals(request.user), "待决定的转为主动公开建议"
    rows = list(rows[:200])
    for p in rows:
        p.listed = queries.proposal_rows(p)
        p.source_text = _source_text(p)
        p.handler = _handler(request.user, p)
    return render(
        request,
        "disclosure_requests/wb_proposals.html",
        {
            "rows": rows,
            "title": title,
            "threshold": proposals.threshold(),
            "months": proposals.period_months(),
        },
    )


def _handler(user, p: PublicationProposal) -> bool:
    """Handlers read what the applicants wrote; heads and supervisors read it masked."""
    return scopes.covers(user, agency_id=p.agency_id, path=p.scope_path, roles=HANDLERS)


def _context(request, p: PublicationProposal) -> dict:
    return {
        "p": p,
        "handler": _handler(request.user, p),
        "listed": queries.proposal_rows(p),
        "source_text": _source_text(p),
        "can_decide": p.is_open
        and permissions.allows(
            request.user, proposals.PUBLISH, agency_id=p.agency_id, path=p.scope_path
        ),
        "today": services.today(),
        "trail": core_trail.lines(
            audit.trail("disclosure_requests.publicationproposal", str(p.pk))[:50]
        ),
    }


@staff_only
def wb_proposal(request, pk):
    p = queries.get_proposal(request.user, pk)
    return render(request, "disclosure_requests/wb_proposal.html", _context(request, p))


@staff_only
@require_POST
@idempotent
def wb_proposal_decide(request, pk):
    """决定转为主动公开 (publish) or 决定不予转为主动公开 (decline, with the reason)."""
    p = queries.get_proposal(request.user, pk)
    post = request.POST
    decision = post.get("decision", "")
    try:
        if decision not in DECIDED:
            raise Invalid("请选择决定：转为主动公开或不予转为主动公开", field="decision")
        proposals.decide(
            p,
            publish=decision == "publish",
            reason=post.get("reason", ""),
            on=_date(post.get("on", ""), "on"),
            by=request.user,
            version=post.get("version"),
        )
    except ServiceError as e:
        p.refresh_from_db()
        ctx = _context(request, p) | {"error": e, "posted": post}
        return render(request, "disclosure_requests/wb_proposal.html", ctx, status=e.status)
    p.refresh_from_db()
    messages.success(request, DECIDED[decision](p, _due(p)))
    return redirect(f"/workbench/requests/proposals/{p.pk}/")


def _due(p: PublicationProposal):
    running = publication_clock(p.document) if p.document is not None else None
    return running.due_date if running else None


@login_required
@require_POST
@idempotent
def mine_suggest(request, number):
    """/my/requests/<number>/suggest/: the applicant suggests publishing the information."""
    req = mine_get(request, number)
    try:
        proposals.suggest(req, reason=request.POST.get("reason", ""), by=request.user)
    except ServiceError as e:
        ctx = mine_context(req) | {"suggest_error": e, "posted": request.POST}
        return render(request, "disclosure_requests/mine_detail.html", ctx, status=e.status)
    messages.success(request, "已提交转为主动公开的建议，机关作出决定后将通知您。感谢您的建议。")
    return redirect(f"/my/requests/{req.number}/")
