"""The officers' pages of 公共资源交易 (/workbench/trading/): the projects each person sees with
what comes next and by when, the form to register a project and to change it before its first
notice, and the rule rows (the 州's office changes the number of one marked unverified).

Out of scope is 404 (a project) or 403 (a page); a refused form comes back with what was typed
and the Chinese message beside its field (422), a schedule violation with every rule's words,
article and the nearest lawful date."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from zhengwu.core import calendar
from zhengwu.core.errors import Invalid, NotFound, ServiceError
from zhengwu.core.models import Clock
from zhengwu.org import permissions, scopes
from zhengwu.org.models import User

from .. import queries, rules
from ..models import KINDS, Project, Rule
from ..permissions import BODY
from ..services import CHANGED, CREATED, create_project, rules_admin, update_project
from ..steps import next_steps
from . import workbench_forms as forms

PAGE = 100


def staff(request) -> User:
    user = request.user
    if user.kind != User.STAFF and not user.is_superuser:
        raise PermissionDenied
    return user


def sees_trading(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or scopes.has_role(
        user, *BODY, *queries.WATCHERS
    )


def project_or_404(user, pk) -> Project:
    try:
        return queries.project(user, pk)
    except NotFound:
        raise Http404("该交易项目不存在或不在您的范围内") from None


def day(value: dt.date | None) -> str:
    return calendar.chinese_date(value) if value else ""


def running_clocks(projects) -> dict[int, list[Clock]]:
    """The running clocks of the projects, by project, the nearest due date first (one query)."""
    ids = [p.pk for p in projects]
    found: dict[int, list[Clock]] = {}
    if not ids:
        return found
    rows = Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(Project),
        subject_id__in=ids,
        state=Clock.RUNNING,
    ).order_by("due_date", "id")
    for c in rows:
        found.setdefault(c.subject_id, []).append(c)
    return found


def next_words(project: Project, clocks: list[Clock]) -> str:
    """“下一步：发布中标候选人公示 截止2026年11月5日” from the steps and the running clocks."""
    steps = [s for s in next_steps(project) if s.action != "trading.terminated"]
    if not steps:
        return ""
    words = "下一步：" + "、".join(s.label for s in steps)
    if clocks and clocks[0].due_date:
        return f"{words} 截止{day(clocks[0].due_date)}"
    planned = (project.dates or {}).get(steps[0].on) if steps[0].on else None
    if planned:
        return f"{words}（计划{day(dt.date.fromisoformat(planned))}）"
    return words


@login_required
def home(request):
    user = staff(request)
    if not sees_trading(user):
        raise PermissionDenied
    today = timezone.localdate()
    qs = queries.projects_visible_to(user)
    kind, state, year = (request.GET.get(k, "").strip() for k in ("kind", "state", "year"))
    if kind in dict(KINDS):
        qs = qs.filter(kind=kind)
    if state in dict(Project.STATES):
        qs = qs.filter(state=state)
    if year.isdigit():
        qs = qs.filter(created_on__year=int(year))
    if request.GET.get("done") == "1":
        qs = qs.filter(state__in=(Project.CLOSED, Project.TERMINATED))
    projects = list(qs[:PAGE])
    clocks = running_clocks(projects)
    if request.GET.get("status") == "warning":
        projects = [
            p
            for p in projects
            if any(clock_status(c, today) != "normal" for c in clocks.get(p.pk, []))
        ]
    rows = [
        {
            "p": p,
            "next": next_words(p, clocks.get(p.pk, [])),
            "status": worst(clocks.get(p.pk, []), today),
        }
        for p in projects
    ]
    years = sorted({today.year, today.year - 1, today.year - 2}, reverse=True)
    return render(
        request,
        "trading/workbench/home.html",
        {
            "rows": rows,
            "kinds": KINDS,
            "states": Project.STATES,
            "years": years,
            "chosen": {"kind": kind, "state": state, "year": year},
            "may_create": permissions.allows_somewhere(user, CREATED),
            "more": len(projects) == PAGE,
        },
    )


STATUS_WORDS = {"normal": "", "warning": "预警", "overdue": "超期"}


def clock_status(c: Clock, today: dt.date) -> str:
    from zhengwu.core import clock

    return clock.status_on(c, today)


def worst(clocks: list[Clock], today: dt.date) -> str:
    found = {clock_status(c, today) for c in clocks}
    return "overdue" if "overdue" in found else "warning" if "warning" in found else ""


def _project_context(user, data: dict, *, error: ServiceError | None, violations=()):
    owners = list(forms.owners(user))
    return {
        "data": data,
        "error": error,
        "field": error.field if error else "",
        "violations": violations,
        "owners": owners,
        "supervisors": forms.supervisors(owners),
        "centres": forms.centres(owners),
        "kinds": KINDS,
        "method_groups": forms.method_groups(),
        "date_groups": forms.date_groups(data),
        "sections": forms.padded(data.get("sections") or [], forms.SECTION_COLUMNS, 1),
    }


def schedule_violations(data: dict, jurisdiction_code: str = "") -> list[rules.Violation]:
    """The violations of the dates given, for the page to list one by one (the service's
    refusal joins them in one sentence)."""
    try:
        dates = rules.parse_dates(data.get("kind", ""), data.get("dates") or {})
        return rules.check(
            data.get("kind", ""), data.get("method", ""), dates,
            jurisdiction_code=jurisdiction_code,
        )  # fmt: skip
    except ServiceError:
        return []


def _refused(data: dict, e: ServiceError, code: str = "") -> list:
    if e.code != "schedule_violation":
        return []
    return [v for v in schedule_violations(data, code) if v.level == Rule.REFUSE]


@login_required
def new(request):
    user = staff(request)
    if not permissions.allows_somewhere(user, CREATED):
        raise PermissionDenied
    data: dict = {"statutory": True, "state_funded": True, "sections": []}
    error, status, violations = None, 200, []
    if request.method == "POST":
        data = forms.project_form(request.POST)
        if "add_section" in request.POST:
            data["sections"].append(dict.fromkeys(forms.SECTION_COLUMNS, ""))
        else:
            payload = forms.project_data(data)
            try:
                _check_form(user, payload)
                project = create_project(payload, by=user)
            except ServiceError as e:
                error, status = e, e.status
                owner = next((a for a in forms.owners(user) if str(a.pk) == data["owner"]), None)
                violations = _refused(payload, e, owner.jurisdiction.code if owner else "")
            else:
                count = project.sections.count()
                messages.success(
                    request,
                    f"已登记交易项目“{project.name}”（项目编号{project.code}，{count}个标段（包））；"
                    f"下一步：{_first_step(project)}",
                )
                return redirect(f"/workbench/trading/{project.pk}/")
    return render(
        request,
        "trading/workbench/project_form.html",
        {**_project_context(user, data, error=error, violations=violations), "new": True},
        status=status,
    )


def _first_step(project: Project) -> str:
    steps = [s.label for s in next_steps(project) if s.action != "trading.terminated"]
    return "、".join(steps) or "无"


def _check_form(user, payload: dict) -> None:
    """What the page offers and the service does not check: the owner among the bodies one
    acts for, the trading place among the centres offered, at least one 标段（包）."""
    owners = list(forms.owners(user))
    if payload.get("owner") and payload["owner"] not in {str(a.pk) for a in owners}:
        raise Invalid("请从您所在的单位中选择招标人（采购人、出让人）", code="owner_not_yours",
                      field="owner")  # fmt: skip
    chosen = next((a for a in owners if str(a.pk) == payload.get("owner")), None)
    if payload.get("centre") and chosen is not None:
        allowed = {str(c.pk) for c in forms.centres([chosen])}
        if payload["centre"] not in allowed:
            raise Invalid(
                "交易场所应为招标人所在地或上级的政务服务中心", code="centre_out_of_reach",
                field="centre",
            )  # fmt: skip
    if not payload.get("sections"):
        raise Invalid("请至少填写一个标段（包）", code="sections_required", field="sections")
    for row in payload["sections"]:
        if not row.get("name"):
            raise Invalid("请填写每个标段（包）的名称", code="sections_name", field="sections")


@login_required
def edit(request, pk):
    user = staff(request)
    project = project_or_404(user, pk)
    if not permissions.allows(user, CHANGED, agency_id=project.owner_id, path=project.scope_path):
        raise PermissionDenied
    data = forms.project_initial(project)
    error, status, violations = None, 200, []
    if request.method == "POST":
        typed = forms.project_form(request.POST)
        typed["kind"], typed["owner"] = project.kind, str(project.owner_id)
        typed["sections"] = data["sections"]
        data = typed
        payload = forms.project_data(typed)
        payload.pop("sections")
        payload.pop("owner")
        try:
            if payload.get("centre"):
                allowed = {str(c.pk) for c in forms.centres([project.owner])}
                if payload["centre"] not in allowed:
                    raise Invalid("交易场所应为招标人所在地或上级的政务服务中心",
                                  code="centre_out_of_reach", field="centre")  # fmt: skip
            update_project(project, payload, by=user, version=request.POST.get("version"))
        except ServiceError as e:
            error, status = e, e.status
            violations = _refused(payload, e, project.jurisdiction.code)
        else:
            messages.success(
                request,
                f"已修改交易项目“{project.name}”的信息和计划日期；下一步：{_first_step(project)}",
            )
            return redirect(f"/workbench/trading/{project.pk}/")
    return render(
        request,
        "trading/workbench/project_form.html",
        {
            **_project_context(user, data, error=error, violations=violations),
            "new": False,
            "project": project,
            "published": project.notices.exists(),
            "date_groups": [g for g in forms.date_groups(data) if g["kind"] == project.kind],
        },
        status=status,
    )


@login_required
def rule_list(request):
    user = staff(request)
    rows = list(Rule.objects.all())
    groups = [
        {"label": label, "rules": [r for r in rows if r.trade_kind == kind]}
        for kind, label in KINDS
    ]
    return render(
        request,
        "trading/workbench/rules.html",
        {
            "groups": [g for g in groups if g["rules"]],
            "may_change": rules_admin.may_change(user),
            "labels": rules.date_label,
        },
    )


@login_required
def rule_edit(request, code):
    user = staff(request)
    rule = Rule.objects.filter(code=code).first()
    if rule is None:
        raise Http404("没有这条交易期限规则")
    if not rules_admin.may_change(user):
        raise PermissionDenied
    data = {"number": str(rule.number), "enforcement": rule.enforcement, "reason": ""}
    error, status = None, 200
    if request.method == "POST":
        data = {k: request.POST.get(k, "").strip() for k in ("number", "enforcement", "reason")}
        try:
            changed = rules_admin.change_rule(
                rule, data, by=user, version=request.POST.get("version")
            )
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(
                request,
                f"已将规则{changed.code}的期限改为{changed.amount}，违反时"
                f"{changed.get_enforcement_display()}；此后的日期校验和计时均按新期限计算。",
            )
            return redirect("/workbench/trading/rules/")
    return render(
        request,
        "trading/workbench/rule.html",
        {
            "rule": rule,
            "data": data,
            "error": error,
            "enforcements": Rule.ENFORCEMENTS,
            "from_label": rules.date_label(rule.from_field) if rule.from_field else "",
            "to_label": rules.date_label(rule.to_field),
        },
        status=status,
    )
