"""A trading project's workbench page (/workbench/trading/<id>/): its facts, its dates in words,
its notices, its clocks, the workflow table, and one form per next step (the step's date, the
dates it records, the notice's title and body, and the facts it needs as plain rows). A step
refused by a rule comes back with what was typed and the rule's words, article and the nearest
lawful date; a step taken says what was published and what comes next, by when."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengwu.core import clock
from zhengwu.core.errors import ServiceError
from zhengwu.org import permissions

from .. import rules
from ..models import Notice, Project, Rule
from ..services import CHANGED, take_step
from ..services.projects import dates_of
from ..steps import BY_ACTION, Step, next_steps
from . import workbench_forms as forms
from .workbench import STATUS_WORDS, day, project_or_404, staff

# What comes after each step, in the office's words: {…} are the project's dates by name, the
# notice's publicity and objection dates, and the due date of the clock the step starts.
DONE = {
    "trading.intent_published": "采购意向公开后原则上满30日方可发出采购文件",
    "trading.prequalification_published": "下一步：发布招标（采购）公告",
    "trading.tender_published": "投标截止（开标）日为{bid_deadline}，届时开标",
    "trading.amendment_published": "投标截止（开标）日为{bid_deadline}",
    "trading.bids_opened": "下一步：收到评标（评审）报告后登记",
    "trading.report_received": "应于{due}前发布中标候选人公示",
    "trading.candidates_published": "公示期至{publicity_ends}；公示期满后方可发出中标通知书",
    "trading.awarded": "应于{due}前订立书面合同",
    "trading.result_confirmed": "应于{due}前发布中标（成交）结果公告",
    "trading.result_published": "结果公告期至{publicity_ends}，质疑期至{objection_until}；"
    "应于{due}前签订政府采购合同",
    "trading.contract_signed": "应于{due}前发布合同公告",
    "trading.contract_published": "项目已完成",
    "trading.land_announced": "挂牌起始日为{listing_starts}，挂牌截止日为{listing_ends}",
    "trading.land_dealt": "应于{due}前发布成交公示",
    "trading.land_result_published": "项目已完成",
    "trading.property_predisclosed": "下一步：发布正式披露公告",
    "trading.property_disclosed": "信息披露期至{disclosure_ends}，期满后方可成交",
    "trading.property_dealt": "项目已完成",
    "trading.terminated": "项目已终止",
}


def _notice_link(notice: Notice) -> str:
    """The public notice page, once the public part has its URL (built by another part)."""
    try:
        return reverse("trading-notice", args=[notice.pk])
    except NoReverseMatch:
        return ""


def _may(user, project: Project, action: str) -> bool:
    return permissions.allows(user, action, agency_id=project.owner_id, path=project.scope_path)


def _forms(user, project: Project, today: dt.date, *, typed=None, failed="", error=None):
    out = []
    for s in next_steps(project):
        if not _may(user, project, s.action):
            continue
        values = typed if s.action == failed and typed is not None else forms.step_blank(s, today)
        if "bidders" in values:
            values["bidders"] = forms.padded(values["bidders"], forms.BIDDER_COLUMNS,
                                             forms.BIDDER_ROWS)  # fmt: skip
        if "candidates" in values:
            values["candidates"] = forms.padded(values["candidates"], forms.CANDIDATE_COLUMNS,
                                                forms.CANDIDATE_ROWS)  # fmt: skip
        out.append(
            {
                "step": s,
                "short": s.action.split(".", 1)[1],
                "on_label": rules.date_label(s.on) if s.on else "办理日期",
                "inputs": [
                    {
                        "name": n,
                        "label": rules.date_label(n),
                        "value": values.get(n, ""),
                        "required": n in s.required_inputs,
                    }
                    for n in s.inputs
                ],  # fmt: skip
                "notice_label": Notice.KIND_LABELS.get(s.notice, ""),
                "values": values,
                "bidders": s.action == "trading.bids_opened",
                "candidates": s.action == "trading.candidates_published",
                "winner": s.action in forms.WINNER_STEPS,
                "reason": s.action == "trading.awarded",
                "objection": s.action in forms.PUBLICITY_STEPS,
                "error": error if s.action == failed else None,
            }
        )
    return out


def _page(request, project: Project, *, typed=None, failed="", error=None, violations=(),
          status=200):  # fmt: skip
    user = request.user
    today = timezone.localdate()
    clocks = list(clock.clocks_of(project).order_by("started_on", "id"))
    notices = list(project.notices.order_by("published_on", "id"))
    return render(
        request,
        "trading/workbench/project.html",
        {
            "project": project,
            "dates": [
                {"label": rules.date_label(name), "day": day(value)}
                for name, value in sorted(dates_of(project).items(), key=lambda kv: kv[1])
            ],
            "notices": [{"n": n, "link": _notice_link(n)} for n in notices],
            "clocks": [
                {
                    "c": c,
                    "status": STATUS_WORDS[clock.status_on(c, today)],
                    "unit": c.get_unit_display(),
                }
                for c in clocks
            ],  # fmt: skip
            "workflow": [
                w
                for w in Project.workflow.table(Project)
                if BY_ACTION[w["action"]].for_kind(project.kind)
            ],
            "sections": project.sections.all(),
            "forms": _forms(user, project, today, typed=typed, failed=failed, error=error),
            "violations": violations,
            "may_edit": not notices and _may(user, project, CHANGED),
        },
        status=status,
    )


@login_required
def detail(request, pk):
    user = staff(request)
    return _page(request, project_or_404(user, pk))


def _violations(project: Project, step: Step, data: dict) -> list[rules.Violation]:
    """The refusing rules of the step's dates, one by one, for the page."""
    try:
        dates = dates_of(project)
        given = rules.parse_dates(project.kind, {k: data[k] for k in step.inputs if k in data})
        if step.on and data.get("on"):
            dates[step.on] = rules.parse_dates("", {"on": data["on"]}, names={"on": ""})["on"]
        dates.update(given)
        found = rules.check(project.kind, project.method, dates,
                            jurisdiction_code=project.jurisdiction.code)  # fmt: skip
    except ServiceError:
        return []
    changed = {*given, step.on}
    return [
        v
        for v in found
        if v.level == Rule.REFUSE
        and (v.field in changed or rules.rule(v.rule).from_field in changed)
    ]


def done_message(project: Project, step: Step, notice: Notice | None) -> str:
    words = f"已发布{notice.kind_label}" if notice else f"已{step.label}"
    values = {name: day(value) for name, value in dates_of(project).items()}
    if notice is not None:
        values["publicity_ends"] = day(notice.publicity_ends) or values.get("publicity_ends", "")
        values["objection_until"] = day(notice.objection_until)
    running = list(clock.clocks_of(project).filter(state="running").order_by("due_date"))
    values["due"] = day(running[0].due_date) if running else ""
    try:
        after = DONE[step.action].format_map(values)
    except KeyError:
        after = ""
    return f"{words}，{after}" if after else words


@login_required
@require_POST
def step(request, pk, action):
    user = staff(request)
    project = project_or_404(user, pk)
    found = BY_ACTION.get(f"trading.{action}")
    if found is None or not found.for_kind(project.kind):
        raise Http404("该项目没有这一环节")
    data, typed = forms.step_data(request.POST, found)
    try:
        project, notice, warnings = take_step(
            project, found.action, data, by=user, version=request.POST.get("version")
        )
    except ServiceError as e:
        fresh = project_or_404(user, pk)
        violations = _violations(fresh, found, data) if e.code == "schedule_violation" else []
        return _page(request, fresh, typed=typed, failed=found.action, error=e,
                     violations=violations, status=e.status)  # fmt: skip
    messages.success(request, done_message(project, found, notice))
    for w in warnings:
        messages.warning(request, w.message)
    return redirect(f"/workbench/trading/{project.pk}/")
