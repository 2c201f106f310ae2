"""Pages for cases: apply online, track, verify a result (public); the citizen's case; the staff
workbench (待办 / 预警 / 已办, window queue, village agent filing, case detail with every action).
Each view is a form plus one service call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from zhengwu.core import actions as audit_words
from zhengwu.core import limits
from zhengwu.core import trail as core_trail
from zhengwu.core.errors import ServiceError
from zhengwu.core.idempotency import idempotent, key_of
from zhengwu.core.masking import mask_id_number, mask_name, mask_phone
from zhengwu.core.middleware import client_ip
from zhengwu.core.throttle import RateLimited
from zhengwu.core.words import chinese_date
from zhengwu.org import scopes
from zhengwu.org.models import Jurisdiction, Role, User
from zhengwu.portal.views import site_of, site_prefix
from zhengwu.services.models import Item

from . import documents, permissions, queries, results, services
from .models import Case, CaseDocument, CaseMaterial, Delivery, Result, Suspension

APPLICANT_FIELDS = [
    "applicant_kind",
    "applicant_name",
    "applicant_id_number",
    "applicant_usci",
    "applicant_phone",
    "address",
    "summary",
]
PAGE = 50


def _materials_from(request, item: Item) -> dict:
    out = {}
    for m in item.materials.all():
        f = request.FILES.get(f"material_{m.pk}")
        if f:
            out[m.pk] = f
    return out


def _form_data(request, *extra: str) -> dict:
    """The applicant's fields of a filing form as entered (shown again on an error), with the
    situations (情形) ticked."""
    data = {k: request.POST.get(k, "") for k in [*APPLICANT_FIELDS, *extra]}
    data["situations"] = request.POST.getlist("situations")
    return data


def _case_or_404(user, pk: int) -> Case:
    case = queries.visible_to(user).filter(pk=pk).first()
    if case is None:
        raise Http404("未找到该办件，或您无权查看")
    return case


def _staff_only(request):
    if request.user.kind != User.STAFF:
        raise Http404("页面不存在")


# ---------------------------------------------------------------- public pages


@idempotent
def apply(request, item_id: int, code: str | None = None):
    """网上申请: a public account fills in the form and uploads the materials."""
    j = site_of(code)
    item = Item.objects.filter(pk=item_id, state=Item.ACTIVE).select_related("agency").first()
    if item is None:
        raise Http404("该事项不存在或已取消")
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    user = request.user
    materials = list(item.materials.all())
    context = {
        "j": j,
        "prefix": site_prefix(j),
        "item": item,
        "materials": materials,
        "situations": services.situations_of(materials),
        "data": {"applicant_phone": user.phone, "situations": []},
        "error": None,
    }
    try:  # who may not apply online is told so before filling anything in
        services.check_online(item, user)
    except ServiceError as e:
        context["error"], context["blocked"] = e.message, True
        return render(request, "cases/apply.html", context, status=e.status)
    if request.method == "POST":
        data = _form_data(request)
        context["data"] = data
        try:
            case, created = services.submit(
                item,
                by=user,
                channel=Case.ONLINE,
                applicant=data,
                materials=_materials_from(request, item),
                idempotency_key=key_of(request) or "",
                summary=data["summary"],
                situations=data["situations"],
            )
        except ServiceError as e:
            _form_error(context, e, PUBLIC_FORM_FIELDS)
            return render(request, "cases/apply.html", context, status=e.status)
        messages.success(request, filed_message(case, created, staff=False))
        return redirect(f"/zwfw/my/{case.pk}/")
    return render(request, "cases/apply.html", context)


def _history(case: Case, audience: str) -> list:
    """The case's 办理记录 with who acted as the reader may see them: staff see 姓名（岗位，
    机关）, the applicant and the public the post and body only; the applicant masked."""
    events = list(case.events.all())
    names = core_trail.people((e.by_id for e in events), audience=audience, public="申请人")
    for e in events:
        e.by_name = "系统" if e.by_id is None else names.get(e.by_id, "系统")
    return events


def _masked(case: Case) -> dict:
    return {
        "name": mask_name(case.applicant_name),
        "id_number": mask_id_number(case.applicant_id_number or case.applicant_usci),
        "phone": mask_phone(case.applicant_phone),
    }


def track(request, code: str | None = None):
    """办件查询 by number and query code, without logging in; personal data masked."""
    j = site_of(code)
    number, query_code = request.GET.get("number", ""), request.GET.get("code", "")
    context = {"j": j, "number": number, "code": query_code, "case": None, "error": None}
    status = 200
    if "number" in request.GET:
        try:
            case = queries.track(number, query_code, ip=client_ip(request))
        except RateLimited as e:
            context["error"] = e.message
            response = render(request, "cases/track.html", context, status=e.status)
            response["Retry-After"] = str(e.retry_after)
            return response
        if case is None:
            context["error"] = "办件编号或查询码不正确，请核对受理通知书上的编号和查询码。"
            status = 404
        else:
            context.update(
                case=case,
                masked=_masked(case),
                steps=list(case.steps.all()),
                events=_history(case, audit_words.PUBLIC),
            )
    return render(request, "cases/track.html", context, status=status)


def verify(request, code: str | None = None, document: str = ""):
    """证照核验: a result or notice by its verification code, typed in or from its QR code."""
    j = site_of(code)
    value = request.GET.get("code", "") or document
    context = {"j": j, "code": value, "found": None, "error": None}
    status = 200
    if document or "code" in request.GET:
        found = queries.verify(value)
        if found is None:
            context["error"] = "未找到该验证码对应的文书，请核对验证码。"
            status = 404
        else:
            context["found"] = found
    return render(request, "cases/verify.html", context, status=status)


@login_required
@idempotent
def my_case(request, pk: int):
    """The applicant's own case, with 补正 upload when asked."""
    case = queries.of_applicant(request.user).filter(pk=pk).first()
    if case is None:
        raise Http404("未找到该办件")
    context = {
        "case": case,
        "deadline": case.deadline_state(timezone.localdate()),
        "steps": list(case.steps.all()),
        "events": _history(case, audit_words.PUBLIC),
        "documents": list(case.documents.all()),
        "materials": list(case.item.materials.all()),
        "error": None,
    }
    status = 200
    if request.method == "POST":
        try:
            services.supplement(
                case,
                materials=_materials_from(request, case.item),
                by=request.user,
                version=request.POST.get("version"),
            )
            messages.success(request, "补正材料已提交，待窗口审核后受理。")
            return redirect(request.path)
        except ServiceError as e:
            context["error"], status = e.message, e.status
    return render(request, "cases/my_case.html", context, status=status)


@login_required
def download(request, pk: int, what: str, file_id: int):
    """Materials, notices and results, only to those who may see the case; a notice or result
    is rendered from its stored text the first time it is downloaded."""
    case = queries.visible_to(request.user).filter(pk=pk).first()
    if case is None:
        raise Http404("未找到该文件")
    row: CaseDocument | CaseMaterial | Result | None = None
    file = None
    if what == "document":
        row = case.documents.filter(pk=file_id).first()
    elif what == "material":
        row = case.materials.filter(pk=file_id).first()
        if row and request.user.kind != User.STAFF:
            row = None if case.applicant_user_id != request.user.pk else row
        file = row and row.file
    elif what == "result":
        row = getattr(case, "result", None)
    elif what == "authorisation" and case.authorisation and request.user.kind == User.STAFF:
        return FileResponse(case.authorisation.open("rb"), as_attachment=True)
    if isinstance(row, (CaseDocument, Result)):  # what is "document" or "result"
        response = documents.download(case, row, request.GET.get("format", "pdf"))
        if response is None:
            raise Http404("未找到该文件")
        return response
    if row is None or not file or not file.name:  # a FieldFile is false without a name
        raise Http404("未找到该文件")
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/")[-1])


# ---------------------------------------------------------------- workbench


@login_required
def workbench(request):
    _staff_only(request)
    tab = request.GET.get("tab") or ("warning" if request.GET.get("status") == "warning" else "")
    tab = tab or ("done" if request.GET.get("done") else "todo")
    user = request.user
    lists = {"todo": queries.todo, "warning": queries.warnings, "done": queries.done}
    if tab not in lists:
        tab = "todo"
    cases = queries.page(lists[tab](user), PAGE)
    return render(
        request,
        "cases/workbench.html",
        {
            "tab": tab,
            "cases": cases,
            "today": timezone.localdate(),
            "is_clerk": scopes.has_role(user, Role.WINDOW_CLERK),
            "is_agent": scopes.has_role(user, Role.VILLAGE_AGENT),
        },
    )


def _items_for_window(user):
    if user.is_superuser:
        return Item.objects.filter(state=Item.ACTIVE)
    q = Q(pk__in=[])
    for a in scopes.assignments(user, permissions.INTAKE_ROLES):
        q |= Q(agency_id=a.agency_id) if a.agency_id else Q(scope_path__startswith=a.path)
    return Item.objects.filter(q, state=Item.ACTIVE).order_by("name")


def _agent_villages(user):
    paths = [a.jurisdiction.path for a in scopes.assignments(user, [Role.VILLAGE_AGENT])]
    return list(Jurisdiction.objects.filter(path__in=paths))


def _items_for_village(village: Jurisdiction):
    parts = village.path.strip("/").split("/")
    ancestors = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    return Item.objects.filter(state=Item.ACTIVE, by_agent=True, scope_path__in=ancestors).order_by(
        "name"
    )


def _file(request, *, channel: str, items, villages=None):
    """The registration form the window clerk and the village agent fill in for an applicant.
    Returns the redirect to the new case, or the form's context and status (4xx with the
    error, the form as entered): the caller adds its own list (queue, filings) and renders."""
    user = request.user
    item = None
    raw = request.POST.get("item") or request.GET.get("item")
    if raw and str(raw).isdigit():
        item = items.filter(pk=int(raw)).first()
    materials = list(item.materials.all()) if item else []
    context = {
        "items": items[:300],
        "item": item,
        "materials": materials,
        "situations": services.situations_of(materials),
        "villages": villages or [],
        "data": {
            # the kind of applicant the item serves (服务对象)
            "applicant_kind": Case.LEGAL
            if item and not services.serves(item, Case.PERSON)
            else Case.PERSON,
            "situations": [],
        },
        "error": None,
        "channel": channel,
        "today": timezone.localdate(),
    }
    if request.method == "POST" and item is not None:
        data = _form_data(request, "origin", "channel")
        context["data"] = data
        origin = None
        if channel == Case.AGENT:
            origin = next((v for v in villages if v.code == data["origin"]), None)
        chosen = data["channel"] if data["channel"] in (Case.WINDOW, Case.POST) else channel
        try:
            case, created = services.submit(
                item,
                by=user,
                channel=chosen,
                applicant=data,
                materials=_materials_from(request, item),
                idempotency_key=key_of(request) or "",
                summary=data["summary"],
                authorisation=request.FILES.get("authorisation"),
                origin=origin,
                situations=data["situations"],
            )
        except ServiceError as e:
            _form_error(context, e, STAFF_FORM_FIELDS)
            return context, e.status
        messages.success(request, filed_message(case, created, staff=True))
        return redirect(f"/workbench/cases/{case.pk}/")
    if request.method == "POST":
        context.update(error="请选择办理事项", field="item")
        return context, 422
    return context, 200


# The fields the filing forms show an error beside, highlighted (cases/_filing.html,
# cases/_applicant_fields.html); an error of any other field is said once above the form.
STAFF_FORM_FIELDS = {
    "item",
    "origin",
    "authorisation",
    "applicant_kind",
    "applicant_name",
    "applicant_id_number",
    "applicant_usci",
    "applicant_phone",
    "situations",
}
PUBLIC_FORM_FIELDS = {"applicant_phone", "situations"}


def _form_error(context: dict, e: ServiceError, shown: set[str]) -> None:
    context["error"] = e.message
    context["field"] = e.field if e.field in shown else None


def filed_message(case: Case, created: bool, *, staff: bool) -> str:
    """What the person who filed reads next: the number, the query code (shown once: only its
    hash is kept) and what happens now."""
    if not created:
        return f"该申请已经提交过，办件编号{case.number}，以下是它的办理情况。"
    if staff:
        code = f"，查询码{case.query_code}（请告知申请人，仅显示一次）" if case.query_code else ""
        then = "等待窗口受理" if case.channel == Case.AGENT else "受理，或一次性告知需补正的材料"
        return f"已登记办件{case.number}{code}。下一步：{then}。"
    code = (
        f"，查询码{case.query_code}（仅显示一次，请妥善保存；凭编号和查询码可在“办件查询”查看进度）"
        if case.query_code
        else ""
    )
    law = limits.get("cases.supplement_notice", case.jurisdiction_code)
    return (
        f"申请已提交，办件编号{case.number}{code}。"
        f"受理机关将在{law.amount}内决定是否受理（依据{law.article}）。"
    )


@login_required
@idempotent
def window(request):
    """窗口: the centre's queue and the registration form for an applicant at the window."""
    _staff_only(request)
    user = request.user
    if not (user.is_superuser or scopes.has_role(user, *permissions.INTAKE_ROLES)):
        raise PermissionDenied("只有窗口或部门工作人员可以使用窗口登记")
    out = _file(request, channel=Case.WINDOW, items=_items_for_window(user))
    if not isinstance(out, tuple):
        return out
    context, status = out
    context["queue"] = list(queries.window_queue(user)[:PAGE])
    return render(request, "cases/window.html", context, status=status)


@login_required
@idempotent
def agent(request):
    """村级代办: the agent files for a villager, with the signed authorisation; the agent's own
    filings are listed below the form, after an error too."""
    _staff_only(request)
    villages = _agent_villages(request.user)
    if not villages:
        raise PermissionDenied("只有村级代办员可以代办申请")
    items = _items_for_village(villages[0])
    out = _file(request, channel=Case.AGENT, items=items, villages=villages)
    if not isinstance(out, tuple):
        return out
    context, status = out
    context["filed"] = list(
        queries.visible_to(request.user)
        .filter(agent=request.user)
        .select_related("item", "current_step")[:PAGE]
    )
    return render(request, "cases/agent.html", context, status=status)


def _detail_context(request, case: Case) -> dict:
    user = request.user
    can = lambda roles: scopes.covers(  # noqa: E731
        user, agency_id=case.agency_id, path=case.scope_path, roles=roles
    )
    step = case.current_step
    today = timezone.localdate()
    return {
        "case": case,
        "deadline": case.deadline_state(today),
        "statutory_late": case.statutory_late(today),
        "steps": list(case.steps.select_related("handled_by", "clock")),
        "events": _history(case, audit_words.STAFF),
        "materials": list(case.materials.all()),
        "documents": list(case.documents.all()),
        "suspensions": list(case.suspensions.all()),
        "fees": list(case.fees.all()),
        "result": getattr(case, "result", None),
        "suspension_kinds": Suspension.KINDS,
        "delivery_methods": Delivery.METHODS,
        "can_intake": can(permissions.INTAKE_ROLES),
        "can_step": step is not None and can(permissions.step_roles(step)),
        "can_handle": can(permissions.HANDLING_ROLES),
        "can_extend": can([Role.DEPT_HEAD]),
        "is_decision": step is not None and services.decision_step(case) == step,
        "result_fields": results.prefilled(case, results.template_of(case), today)
        if case.status == Case.HANDLING
        else [],
        "is_last": step is not None and not case.steps.filter(order__gt=step.order).exists(),
        "error": None,
    }


@login_required
def detail(request, pk: int):
    _staff_only(request)
    case = _case_or_404(request.user, pk)
    return render(request, "cases/detail.html", _detail_context(request, case))


def _posted_fields(case: Case, post) -> dict:
    """The licence fields of the decide form, by label (posted as field-0, field-1, …)."""
    template = results.template_of(case)
    fields = template.fields if template else []
    return {f["label"]: post.get(f"field-{i}", "") for i, f in enumerate(fields)}


ACTIONS = {
    "accept": lambda c, p, by: services.accept(c, by=by, version=p.get("version")),
    "refuse": lambda c, p, by: services.refuse(
        c, reason=p.get("reason"), basis=p.get("basis"), by=by, version=p.get("version")
    ),
    "supplement-notice": lambda c, p, by: services.request_supplement(
        c, missing=p.get("missing"), by=by, version=p.get("version")
    ),
    "advance": lambda c, p, by: services.advance(
        c, opinion=p.get("opinion"), by=by, version=p.get("version")
    ),
    "decide": lambda c, p, by: services.decide(
        c,
        approve=p.get("approve") == "1",
        reason=p.get("reason"),
        by=by,
        version=p.get("version"),
        fields=_posted_fields(c, p),
    ),
    "suspend": lambda c, p, by: services.suspend(
        c,
        kind=p.get("kind"),
        reason=p.get("reason", ""),
        expected_days=int(p["expected_days"]) if (p.get("expected_days") or "").isdigit() else None,
        by=by,
        version=p.get("version"),
    ),
    "resume": lambda c, p, by: services.resume(c, by=by, version=p.get("version")),
    "extend": lambda c, p, by: services.extend(
        c, reason=p.get("reason"), by=by, version=p.get("version")
    ),
    "deliver": lambda c, p, by: services.deliver(
        c,
        method=p.get("method"),
        address=p.get("address", ""),
        tracking_number=p.get("tracking_number", ""),
        by=by,
        version=p.get("version"),
    ),
    "fee": lambda c, p, by: services.charge_fee(
        c, name=p.get("name"), amount=p.get("amount"), by=by
    ),
}


def _next_step(case: Case) -> str:
    step = case.current_step
    return f"下一步：“{step.name}”（{step.get_role_display()}）。" if step else ""


def _due(case: Case) -> str:
    return chinese_date(case.due_date) or "暂停计时"


# What each action did and what comes next, said after it (the case as it is now; `done` the
# name of the step the action finished). tests/test_success_messages.py walks every action.
DONE = {
    "accept": lambda c, done: (
        f"已受理，承诺办结日期为{_due(c)}，受理通知书已生成。" + _next_step(c)
    ),
    "refuse": lambda c, done: "已不予受理，不予受理通知书已生成，请送达申请人。",
    "supplement-notice": lambda c, done: (
        "已一次性告知需补正的全部内容，补正材料一次性告知书已生成；申请人补正后回到待受理。"
    ),
    "advance": lambda c, done: f"已完成“{done}”。" + (_next_step(c) or "办件已办结。"),
    "decide": lambda c, done: (
        ("已作出准予许可的决定。" if c.approved else "已作出不予许可的决定。") + _next_step(c)
    ),
    "suspend": lambda c, done: "已中止计时，特别程序期间不计入办理时限；程序结束后请恢复计时。",
    "resume": lambda c, done: f"已恢复计时，承诺办结日期为{_due(c)}。",
    "extend": lambda c, done: (
        f"已批准延长办理期限，延长办理期限告知书已生成，承诺办结日期延至{_due(c)}。"
    ),
    "deliver": lambda c, done: "已送达，办件已办结。",
    "fee": lambda c, done: "已登记收费，收费记录见下方“收费”。",
}


@login_required
@idempotent
def act(request, pk: int, action: str):
    """Every workbench action: POST only, then back to the case with what was done."""
    _staff_only(request)
    if request.method != "POST" or action not in ACTIONS:
        raise Http404("没有这个操作")
    case = _case_or_404(request.user, pk)
    version = request.POST.get("version", "")
    if version and not version.isdigit():
        raise Http404("办件版本不正确")
    done = case.current_step.name if case.current_step is not None else ""
    try:
        ACTIONS[action](case, request.POST, request.user)
    except ServiceError as e:
        case.refresh_from_db()
        context = _detail_context(request, case)
        # the form again with what was entered (the fee form shows its name and amount)
        context.update(error=e.message, field=e.field, action=action, data=request.POST)
        if action == "decide":  # the licence fields as entered
            for i, row in enumerate(context["result_fields"]):
                row["value"] = request.POST.get(f"field-{i}", "")
        return render(request, "cases/detail.html", context, status=e.status)
    case = Case.objects.select_related("current_step").get(pk=case.pk)
    messages.success(request, DONE[action](case, done))
    return redirect(f"/workbench/cases/{case.pk}/")
