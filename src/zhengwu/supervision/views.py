"""Pages of 电子监察: the supervisors' board, cards and rectification, audit trail and chain
verification, dashboards, and the public statistics and 规划目标 pages (thin: queries and
services do the work)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core import audit, xlsx
from zhengwu.core import clock as core_clock
from zhengwu.core import trail as core_trail
from zhengwu.core.errors import ServiceError
from zhengwu.core.models import Clock
from zhengwu.org import permissions, scopes
from zhengwu.org import queries as org_queries
from zhengwu.org.models import Agency, Jurisdiction
from zhengwu.portal.views import site_of, site_prefix

from . import kinds, queries, services, stats, status
from .models import Card

STATUS_CHOICES = [(s, status.LABELS[s]) for s in status.ORDER]


def _subject_type(clock_or_card) -> str:
    """The object type of the subject's audit trail ("cases.case")."""
    ct = ContentType.objects.get_for_id(clock_or_card.subject_type_id)
    return f"{ct.app_label}.{ct.model}"


def _grouped_page(request, ordered):
    """A page of clocks or cards ordered by `kinds`: each row knows its unit's name, its group's
    heading and how many rows the whole group has (on every page)."""
    page = Paginator(ordered, 50).get_page(request.GET.get("page"))
    names = queries.agencies_named(c.agency_id for c in page.object_list)
    sizes = {g["group"]: g["count"] for g in kinds.counts(ordered)}
    for c in page.object_list:
        c.agency_name = names.get(c.agency_id, "")
        key = kinds.key_of(c)
        c.group_label, c.group_count = kinds.LABELS[key], sizes.get(key, 0)
    return page


@login_required
def board(request):
    """实时监控: running clocks by state, filtered by county, agency and purpose."""
    permissions.require_somewhere(request.user, "supervision.view")
    visible = queries.clocks_visible_to(request.user)
    f = {k: request.GET.get(k, "").strip() for k in ("status", "county", "agency", "purpose")}
    late_finished = request.GET.get("late") == "1"
    base = queries.filter_clocks(
        visible, county=f["county"], agency=f["agency"], purpose=f["purpose"]
    )
    counts = queries.board_counts(base)
    if late_finished:
        qs = base.filter(state=Clock.STOPPED, stopped_on__gt=F("due_date"))
    else:
        qs = base.filter(state=Clock.RUNNING)
        qs = qs.filter(status=f["status"]) if f["status"] else qs.filter(status__in=stats.LATE)
    qs = kinds.order_clocks(qs)
    if request.GET.get("format") == "xlsx":
        rows = list(qs[:50000])
        names = queries.agencies_named(c.agency_id for c in rows)
        return xlsx.response(
            "电子监察事项",
            [
                (
                    "事项",
                    ["类别", "时限", "单位", "起算日", "截止日", "监察状态", "计时状态"],
                    [
                        [
                            kinds.LABELS[kinds.key_of(c)],
                            c.purpose,
                            names.get(c.agency_id, ""),
                            c.started_on,
                            c.due_date,
                            status.LABELS.get(c.status, c.status),
                            c.get_state_display(),
                        ]
                        for c in rows
                    ],
                )
            ],
        )
    page = _grouped_page(request, qs)
    for c in page.object_list:
        c.status_label = status.LABELS.get(c.status, c.status)
    county = queries.counties().filter(code=f["county"]).first() if f["county"] else None
    agencies = Agency.objects.filter(jurisdiction=county) if county else Agency.objects.none()
    return render(
        request,
        "supervision/board.html",
        {
            "page": page,
            "f": f,
            "late_finished": late_finished,
            "counts": [(s, status.LABELS[s], counts.get(s, 0)) for s in status.ORDER],
            "statuses": STATUS_CHOICES,
            "counties": queries.counties(),
            "agencies": agencies.order_by("name"),
            "purposes": queries.purposes(visible),
            "query": request.GET.urlencode(),
            "supervisor": queries.is_supervisor(request.user),
        },
    )


@login_required
def clock_detail(request, pk: int):
    permissions.require_somewhere(request.user, "supervision.view")
    clock = get_object_or_404(queries.clocks_visible_to(request.user), pk=pk)
    subject_type = _subject_type(clock)
    supervisor = queries.is_supervisor(request.user)
    events = audit.trail(subject_type, clock.subject_id) if supervisor else []
    provisional_note, makeup_pending = core_clock.provisional_reasons(clock)
    return render(
        request,
        "supervision/clock.html",
        {
            "clock": clock,
            "subject_name": core_trail.name(subject_type, clock.subject_id),
            "subject_type": subject_type,
            "status_label": status.LABELS.get(clock.status, clock.status),
            "agency": Agency.objects.filter(pk=clock.agency_id).first(),
            "cards": clock.cards.all(),
            "suspensions": clock.suspensions.all(),
            "lines": core_trail.lines(events),
            "supervisor": supervisor,
            "provisional_note": provisional_note,
            "makeup_pending": makeup_pending,
        },
    )


@login_required
def cards(request):
    qs = queries.cards_visible_to(request.user)
    if not queries.is_reader(request.user) and not qs.exists():
        raise PermissionDenied
    state = request.GET.get("state", "").strip()
    level = request.GET.get("level", "").strip()
    if state:
        qs = qs.filter(state=state)
    if level:
        qs = qs.filter(level=level)
    qs = kinds.order_cards(qs)
    if request.GET.get("format") == "xlsx":
        rows = list(qs[:50000])
        names = queries.agencies_named(c.agency_id for c in rows)
        return xlsx.response(
            "监察亮牌",
            [
                (
                    "亮牌",
                    ["类别", "等级", "事由", "事项", "单位", "原截止日", "亮牌日期", "整改状态"],
                    [
                        [
                            kinds.LABELS[kinds.key_of(c)],
                            c.get_level_display(),
                            c.kind_label,
                            c.purpose,
                            names.get(c.agency_id, ""),
                            c.due_date,
                            c.issued_on,
                            c.get_state_display(),
                        ]
                        for c in rows
                    ],
                )
            ],
        )
    page = _grouped_page(request, qs)
    return render(
        request,
        "supervision/cards.html",
        {
            "page": page,
            "state": state,
            "level": level,
            "states": Card.STATES,
            "levels": Card.LEVELS,
            "query": request.GET.urlencode(),
            "supervisor": queries.is_supervisor(request.user),
        },
    )


def _card_context(request, card, **extra):
    subject_type = _subject_type(card)
    user = request.user
    supervisor = queries.is_supervisor(user)
    rectifications = list(card.rectifications.all())
    people = core_trail.people(
        [r.answered_by_id for r in rectifications] + [r.decided_by_id for r in rectifications]
    )
    for r in rectifications:
        r.answered_by_name = people.get(r.answered_by_id, "")
        r.decided_by_name = people.get(r.decided_by_id, "")
    return {
        "card": card,
        "subject_name": core_trail.name(subject_type, card.subject_id),
        "subject_type": subject_type,
        "agency": Agency.objects.filter(pk=card.agency_id).first(),
        "rectifications": rectifications,
        "can_answer": card.state == Card.OPEN
        and permissions.allows(
            user,
            "supervision.rectification_answered",
            agency_id=card.agency_id,
            path=card.scope_path,
        ),
        "can_decide": card.state == Card.ANSWERED
        and permissions.allows(
            user, "supervision.rectification_accepted", agency_id=None, path=card.scope_path
        ),
        "supervisor": supervisor,
        "lines": core_trail.lines(queries.card_events(card)) if supervisor else [],
        **extra,
    }


@login_required
def card_detail(request, pk: int):
    card = get_object_or_404(queries.cards_visible_to(request.user), pk=pk)
    return render(request, "supervision/card.html", _card_context(request, card))


@login_required
@require_POST
def card_answer(request, pk: int):
    card = get_object_or_404(queries.cards_visible_to(request.user), pk=pk)
    try:
        services.answer(
            card,
            request.POST.get("answer", ""),
            by=request.user,
            version=request.POST.get("version"),
        )
    except ServiceError as e:
        card.refresh_from_db()  # the state and version now, for the form shown again
        context = _card_context(
            request, card, answer_error=e.message, answer_text=request.POST.get("answer", "")
        )
        return render(request, "supervision/card.html", context, status=e.status)
    messages.success(request, "整改情况已报送，待电子监察机构审核。")
    return redirect(f"/workbench/supervision/cards/{card.pk}/")


@login_required
@require_POST
def card_decide(request, pk: int):
    card = get_object_or_404(queries.cards_visible_to(request.user), pk=pk)
    decision = request.POST.get("decision", "")
    try:
        if decision not in ("accept", "return"):
            from zhengwu.core.errors import Invalid

            raise Invalid("请选择“通过”或“退回”", code="decision_required", field="decision")
        services.decide(
            card,
            accept=decision == "accept",
            note=request.POST.get("note", ""),
            by=request.user,
            version=request.POST.get("version"),
        )
    except ServiceError as e:
        card.refresh_from_db()  # the state and version now, for the form shown again
        context = _card_context(
            request, card, decide_error=e.message, note_text=request.POST.get("note", "")
        )
        return render(request, "supervision/card.html", context, status=e.status)
    messages.success(
        request,
        "已通过，该亮牌整改办结。"
        if decision == "accept"
        else "已退回，责任单位须重新整改并报送。",
    )
    return redirect(f"/workbench/supervision/cards/{card.pk}/")


def _may_see_object(user, object_type: str, object_id: str) -> bool:
    """A supervisor sees the trail of a clock's subject or a card within their jurisdiction."""
    if getattr(user, "is_superuser", False):
        return True
    if object_type == "supervision.card":
        return queries.cards_visible_to(user).filter(pk=object_id).exists()
    app_label, _, model = object_type.partition(".")
    ct = ContentType.objects.filter(app_label=app_label, model=model).first()
    if ct is None or not str(object_id).isdigit():
        return False
    return (
        queries.clocks_visible_to(user).filter(subject_type=ct, subject_id=int(object_id)).exists()
    )


@login_required
def trail(request, object_type: str, object_id: str):
    """The audit trail of one record a supervisor watches."""
    permissions.require_somewhere(request.user, "supervision.view_trail")
    if not _may_see_object(request.user, object_type, object_id):
        raise Http404("未找到该记录")
    events = audit.trail(object_type, object_id)
    title = core_trail.name(object_type, object_id)
    if request.GET.get("format") == "xlsx":
        return xlsx.response(
            f"审计轨迹-{title}",
            [
                (
                    "审计轨迹",
                    TRAIL_COLUMNS,
                    [_trail_row(line) for line in core_trail.lines(events[:50000])],
                )
            ],
        )
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/trail.html",
        {"lines": core_trail.lines(page.object_list), "page": page, "title": title},
    )


TRAIL_COLUMNS = ["时间（北京时间）", "操作人", "操作", "对象", "结果", "内容", "链上位置", "哈希"]


def _trail_row(line: core_trail.Line) -> list[str]:
    """An event as the page shows it, for the XLSX export."""
    return [
        line.at,
        line.actor,
        line.action,
        line.subject,
        "成功" if line.success else "失败",
        "；".join(f"{label}：{text}" for label, text in line.changes),
        line.place,
        line.hash,
    ]


@login_required
def verify_chain(request):
    """Verify the whole audit chain now, from each chain's genesis (events before the exported
    head too), then against the head exported off the database."""
    permissions.require_somewhere(request.user, "supervision.audit_chain_verified")
    expected = audit.load_head()
    verdict = audit.verify(expected, full=True)
    audit.record(
        "supervision.audit_chain_verified",
        actor=request.user,
        object_type="core.auditevent",
        object_id=str(verdict.head_seq),
        success=verdict.ok,
        after={"ok": verdict.ok, "checked": verdict.checked, "problem": verdict.problem},
    )
    return render(
        request,
        "supervision/verify.html",
        {"verdict": verdict, "expected": expected},
        status=200 if verdict.ok else 409,
    )


def _dashboard_response(request, data, *, public: bool, template: str, extra: dict):
    rows = data["rows"]
    if request.GET.get("format") == "xlsx":
        return xlsx.response(
            f"监察统计-{data['jurisdiction'].name}",
            [
                (
                    "按时限类别",
                    [
                        "时限",
                        "在办",
                        "预警",
                        "黄牌",
                        "红牌",
                        "本年办结",
                        "逾期办结",
                        "超期比例(%)",
                    ],
                    [
                        [
                            r["purpose"],
                            r["open"],
                            r["warning"],
                            r["yellow"],
                            r["red"],
                            r["finished"],
                            r["finished_late"],
                            r["overdue_share"],
                        ]
                        for r in rows
                    ],
                ),
                (
                    "业务指标",
                    ["指标", "分子", "分母", "数值(%)"],
                    [
                        [p["label"]]
                        + (
                            [
                                p["figure"]["numerator"],
                                p["figure"]["denominator"],
                                p["figure"]["value"],
                            ]
                            if p["figure"]
                            else ["暂无数据", "", ""]
                        )
                        for p in data["provided"]
                    ],
                ),
            ],
        )
    chart = {
        "purposes": [r["purpose"] for r in rows],
        "warning": [r["warning"] for r in rows],
        "yellow": [r["yellow"] for r in rows],
        "red": [r["red"] for r in rows],
        "share": [r["overdue_share"] for r in rows],
    }
    return render(request, template, {"d": data, "chart": chart, "public": public, **extra})


def _home_code(user) -> str:
    """The widest jurisdiction the user watches (the 州 for a prefecture supervisor)."""
    roles = scopes.assignments(user, queries.READER_ROLES)
    paths = sorted((a.path for a in roles if a.jurisdiction_id), key=len)
    return paths[0].strip("/").split("/")[-1] if paths else ""


@login_required
def dashboard(request):
    permissions.require_somewhere(request.user, "supervision.view")
    code = request.GET.get("jurisdiction") or _home_code(request.user)
    try:
        j = org_queries.jurisdiction_for_stats(code)
    except ServiceError as e:
        return render(
            request, "portal/error.html", {"title": "请求有误", "text": e.message}, status=e.status
        )
    if not permissions.allows(request.user, "supervision.view", agency_id=None, path=j.path):
        raise PermissionDenied
    agency = None
    if request.GET.get("agency"):
        if not request.GET["agency"].isdigit():
            raise Http404
        agency = get_object_or_404(Agency, pk=request.GET["agency"], scope_path__startswith=j.path)
    data = stats.dashboard(j, agency=agency)
    return _dashboard_response(
        request,
        data,
        public=False,
        template="supervision/dashboard.html",
        extra={
            "supervisor": queries.is_supervisor(request.user),
            "counties": queries.counties(),
            "agencies": Agency.objects.filter(jurisdiction=j).order_by("name"),
        },
    )


# A township's or village's site links to 监督 like every site; the figures are counted for the
# 州 and the counties, so its pages are its county's.
BELOW_COUNTY = (Jurisdiction.TOWNSHIP, Jurisdiction.VILLAGE)


def _county_page(request, j, page: str):
    county = j.path.strip("/").split("/")[1]
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"/site/{county}/{page}" + (f"?{query}" if query else ""))


def public_stats(request, code: str | None = None):
    """监督: public statistics of late handling, by purpose, for the site's jurisdiction."""
    j = site_of(code)
    if j.level in BELOW_COUNTY:
        return _county_page(request, j, "jd/")
    try:
        j = org_queries.jurisdiction_for_stats(j.code)
    except ServiceError as e:
        return render(
            request, "portal/error.html", {"title": "请求有误", "text": e.message}, status=e.status
        )
    data = stats.dashboard(j)
    return _dashboard_response(
        request,
        data,
        public=True,
        template="supervision/public_stats.html",
        extra={"prefix": site_prefix(j)},
    )


def public_targets(request, code: str | None = None):
    """规划目标: each measurable target of the plan, live, for the 州 or a county."""
    j = site_of(code)
    if j.level in BELOW_COUNTY:
        return _county_page(request, j, "jd/targets/")
    try:
        j = org_queries.jurisdiction_for_stats(j.code)
    except ServiceError as e:
        return render(
            request, "portal/error.html", {"title": "请求有误", "text": e.message}, status=e.status
        )
    rows = stats.targets(j)
    if request.GET.get("format") == "xlsx":
        return xlsx.response(
            f"规划目标-{j.name}",
            [
                (
                    "规划目标",
                    ["目标", "依据", "目标值(%)", "完成值(%)", "分子", "分母", "是否达标", "说明"],
                    [
                        [
                            t["name"],
                            t["source"],
                            t["target"],
                            t["value"],
                            t["numerator"],
                            t["denominator"],
                            "" if t["met"] is None else ("达标" if t["met"] else "未达标"),
                            t["note"],
                        ]
                        for t in rows
                    ],
                )
            ],
        )
    return render(
        request,
        "supervision/targets.html",
        {
            "j": j,
            "rows": rows,
            "prefix": site_prefix(j),
            "counties": queries.counties(),
        },
    )
