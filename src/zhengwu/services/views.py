"""办事指南 on the portal (every site) and catalogue management in the staff workbench."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from zhengwu.core.errors import Invalid, NotAllowed, NotFound, ServiceError
from zhengwu.core.params import whole_number
from zhengwu.core.words import chinese_date
from zhengwu.org import scopes
from zhengwu.org.models import Agency, Jurisdiction
from zhengwu.portal import pagecache
from zhengwu.portal.views import site_of, site_prefix

from . import indexing, queries, result_templates, services, themes
from .models import Fee, Item, ItemType
from .permissions import EDIT_ROLES
from .reports import cleanup_xlsx


def _bool(value: str | None) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


def _filters(get) -> queries.Filters:
    audience = get.get("audience", "")
    return queries.Filters(
        agency=whole_number(get.get("agency")),
        item_type=get.get("type", "")[:4],
        theme=get.get("theme", "") if get.get("theme", "") in themes.ALL_THEMES else "",
        audience=audience if audience in ("person", "legal") else "",
        online=_bool(get.get("online")),
        in_centre=_bool(get.get("in_centre")),
        q=get.get("q", "")[:50],
    )


def index(request, code: str | None = None):
    """政务服务: what can be done at this site, by department, theme and level."""
    j = site_of(code)
    f = _filters(request.GET)
    base = queries.available_at(j)
    items = queries.apply_filters(base, f).order_by("agency__name", "name")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    departments = (
        base.values("agency_id", "agency__name").annotate(n=Count("id")).order_by("agency__name")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "services/index.html",
        {
            "j": j,
            "prefix": site_prefix(j),
            "filters": f,
            "page": page,
            "departments": departments,
            "person_themes": themes.PERSON_THEMES,
            "legal_themes": themes.LEGAL_PERSON_THEMES,
            "types": ItemType.objects.all(),
            "children": j.children.order_by("code") if j.level != Jurisdiction.VILLAGE else [],
            "county": j.ancestors().filter(level=Jurisdiction.COUNTY).first()
            if j.level == Jurisdiction.VILLAGE
            else None,
            "querystring": query.urlencode(),
        },
    )


def _guide_tags(item_id: int, code: str | None = None):
    return [pagecache.record_tag(indexing.KIND, item_id)]


@pagecache.public_page(_guide_tags)
def guide(request, item_id: int, code: str | None = None):
    """The 办事指南 of one item. Anonymous visitors get the whole page from the page cache; a
    logged-in one gets the cached guide inside a frame rendered for them. Both are rendered
    again after any change of the item (services tell search, the page cache listens)."""
    j = site_of(code)

    def render_body():
        item = (
            queries.active()
            .prefetch_related("materials", "fees", "steps")
            .select_related("jurisdiction__parent")
            .filter(pk=item_id)
            .first()
        )
        if item is None:
            raise Http404("该事项不存在或已取消")
        context = queries.guide(item) | {"prefix": site_prefix(j), "j": j}
        return item.name, render_to_string("services/guide_body.html", context)

    name, body = pagecache.fragment(
        f"services.guide:{item_id}:{j.code}", _guide_tags(item_id), render_body
    )
    return render(request, "services/guide.html", {"name": name, "body": body, "j": j})


# ---- staff workbench ---------------------------------------------------------------------------


def _staff(request) -> None:
    services.check_actor(request.user)


def _item_for(request, item_id: int, *, claimable: bool = False) -> Item:
    item = queries.visible_to(request.user).filter(pk=item_id).first()
    if item is None and claimable:
        item = queries.upper_catalogue(request.user).filter(pk=item_id).first()
    if item is None:
        raise NotFound("未找到该事项，或它不在您的管理范围内")
    return item


def _error_page(request, e: ServiceError, template="services/staff_error.html", context=None):
    return render(request, template, (context or {}) | {"error": e.message}, status=e.status)


@login_required
def staff_list(request):
    try:
        _staff(request)
    except ServiceError as e:
        return _error_page(request, e)
    f = _filters(request.GET)
    state = request.GET.get("state", Item.ACTIVE)
    upper = request.GET.get("catalogue") == "upper"
    qs = queries.upper_catalogue(request.user) if upper else queries.visible_to(request.user)
    if state in dict(Item.STATES):
        qs = qs.filter(state=state)
    county = request.GET.get("jurisdiction", "")
    if county:
        j = Jurisdiction.objects.filter(code=county).first()
        qs = queries.subtree(qs, j) if j else qs.none()
    items = queries.apply_filters(qs, f).order_by("agency__name", "name", "-version")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "services/staff_list.html",
        {
            "page": page,
            "filters": f,
            "state": state,
            "states": Item.STATES,
            "types": ItemType.objects.all(),
            "agencies": Agency.objects.filter(
                pk__in=queries.visible_to(request.user).values("agency_id")
            ).order_by("scope_path", "name"),
            "querystring": query.urlencode(),
            "jurisdiction": county,
            "upper": upper,
        },
    )


@login_required
def staff_item(request, item_id: int):
    try:
        _staff(request)
        item = _item_for(request, item_id, claimable=True)
    except ServiceError as e:
        return _error_page(request, e)
    return render(request, "services/staff_item.html", _item_context(request, item))


def _item_context(request, item: Item) -> dict:
    lower = (
        Agency.objects.filter(scope_path__startswith=item.scope_path, is_active=True)
        .exclude(scope_path=item.scope_path)
        .filter(services_q_for(request.user))
        .order_by("scope_path", "name")[:200]
    )
    return queries.guide(item) | {
        "item": item,
        "can_edit": services.can_edit(request.user, item),
        "versions": Item.objects.filter(
            implementation_code=item.implementation_code, handling_code=item.handling_code
        ).order_by("-version"),
        "all_fees": item.fees.all(),
        "claim_agencies": lower,
        "merge_targets": queries.active()
        .filter(jurisdiction=item.jurisdiction)
        .exclude(pk=item.pk)
        .order_by("name")[:300],
        "today": dt.date.today().isoformat(),
        "can_edit_template": result_templates.can_edit(request.user, item),
        "result_template": result_templates.template_for(item),
    }


def services_q_for(user):
    """The agencies the user may claim items for: their own agency, or any in their subtree."""
    if user.is_superuser:
        return Q()
    q = Q(pk__in=[])
    for a in scopes.assignments(user, EDIT_ROLES):
        q |= Q(pk=a.agency_id) if a.agency_id else Q(scope_path__startswith=a.jurisdiction.path)
    return q


EDIT_TEXT = [
    "name",
    "conditions",
    "legal_basis",
    "themes",
    "location",
    "hours",
    "consult",
    "complaint",
    "result_name",
    "result_type",
    "visit_reason",
]
EDIT_NUMBERS = ["statutory_limit", "promised_limit", "visits"]
EDIT_CHOICES = ["statutory_unit", "promised_unit", "case_kind"]
EDIT_FLAGS = [
    "online",
    "in_centre",
    "by_window",
    "by_agent",
    "by_post",
    "for_person",
    "for_legal_person",
]


BLANK_ROWS = 3


@login_required
def staff_result_template(request, item_id: int):
    """审批结果文书模板: the fields the item's licence or decision carries, and its fixed text."""
    try:
        _staff(request)
        item = _item_for(request, item_id)
        if not result_templates.can_edit(request.user, item):
            raise NotAllowed("您没有编辑该事项审批结果文书模板的权限")
    except ServiceError as e:
        return _error_page(request, e)
    template = result_templates.template_for(item)
    national = result_templates.national_kind(item)
    values: dict[str, Any] = {
        "title": template.title if template else (item.result_name or "准予行政许可决定书"),
        "fields": list(template.fields) if template else [],
        "fixed_text": template.fixed_text if template else "",
    }
    if template is None and national:
        values |= result_templates.NATIONAL[national]
    error, status = None, 200
    if request.method == "POST":
        # the form's rows, blank ones too
        count = min(whole_number(request.POST.get("rows")) or 0, 100)
        rows = [
            (request.POST.get(f"label-{i}", ""), request.POST.get(f"required-{i}") == "on")
            for i in range(count)
        ]
        values = {
            "title": request.POST.get("title", ""),
            "fields": [{"label": label, "required": req} for label, req in rows],
            "fixed_text": request.POST.get("fixed_text", ""),
        }
        try:
            result_templates.save(
                item,
                title=values["title"],
                fields=rows,
                fixed_text=values["fixed_text"],
                by=request.user,
            )
            messages.success(
                request, "审批结果文书模板已保存；此后出具的文书按新模板填写，已出具的文书不变。"
            )
            return redirect(f"/workbench/services/{item.pk}/")
        except ServiceError as e:
            error, status = e.message, e.status
    rows = values["fields"] + [{"label": "", "required": False}] * BLANK_ROWS
    return render(
        request,
        "services/staff_result_template.html",
        {"item": item, "values": values, "rows": rows, "error": error, "national": national},
        status=status,
    )


@login_required
def staff_edit(request, item_id: int):
    """Revise an item: the saved form becomes a new version with its own effective date."""
    try:
        _staff(request)
        item = _item_for(request, item_id)
        if not services.can_edit(request.user, item):
            raise NotAllowed("您没有修订该事项的权限")
    except ServiceError as e:
        return _error_page(request, e)
    values = {f: getattr(item, f) for f in EDIT_TEXT + EDIT_NUMBERS + EDIT_CHOICES + EDIT_FLAGS}
    error, status = None, 200
    effective_on, note = dt.date.today().isoformat(), ""
    if request.method == "POST":
        for f in EDIT_TEXT + EDIT_CHOICES:
            values[f] = request.POST.get(f, "").strip()
        for f in EDIT_FLAGS:
            values[f] = request.POST.get(f) == "on"
        effective_on, note = request.POST.get("effective_on", ""), request.POST.get("note", "")
        try:
            for f in EDIT_NUMBERS:
                raw = request.POST.get(f, "").strip()
                values[f] = raw
                if not raw.isdigit():
                    raise Invalid(
                        f"“{services._label(f)}”应为不小于0的整数", code="bad_number", field=f
                    )
                values[f] = int(raw)
            try:
                on = dt.date.fromisoformat(effective_on)
            except ValueError:
                raise Invalid(
                    "生效日期格式应为YYYY-MM-DD", code="bad_date", field="effective_on"
                ) from None
            new = services.revise(item, values, by=request.user, effective_on=on, note=note)
            messages.success(
                request,
                f"已保存为第{new.version}版，自{chinese_date(new.effective_on)}起生效；"
                "办事指南随之更新。",
            )
            return redirect(f"/workbench/services/{new.pk}/")
        except ServiceError as e:
            error, status = e.message, e.status
    return render(
        request,
        "services/staff_edit.html",
        {
            "item": item,
            "values": values,
            "error": error,
            "effective_on": effective_on,
            "note": note,
            "units": Item.UNITS,
            "kinds": Item.CASE_KINDS,
            "result_types": services.RESULT_TYPES,
            "flags": [(f, services._label(f), values[f]) for f in EDIT_FLAGS],
        },
        status=status,
    )


def _action(request, item_id: int, do, done, *, claimable: bool = False):
    """One change of an item (`do`), then its page with what was done (`done(result)`)."""
    try:
        _staff(request)
        item = _item_for(request, item_id, claimable=claimable)
        result = do(item)
    except ServiceError as e:
        if e.status in (403, 404):
            return _error_page(request, e)
        item = _item_for(request, item_id, claimable=claimable)
        return render(
            request,
            "services/staff_item.html",
            _item_context(request, item) | {"error": e.message},
            status=e.status,
        )
    messages.success(request, done(result))
    return redirect(f"/workbench/services/{result.pk}/")


def _date(value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Invalid("日期格式应为YYYY-MM-DD", code="bad_date", field="on") from None


@login_required
@require_POST
def staff_claim(request, item_id: int):
    def do(item):
        agency = Agency.objects.filter(pk=whole_number(request.POST.get("agency"))).first()
        if agency is None:
            raise Invalid("请选择认领单位", code="agency_required", field="agency")
        code = request.POST.get("jurisdiction", "").strip()
        j = Jurisdiction.objects.filter(code=code).first() if code else None
        if code and j is None:
            raise Invalid(
                f"区划代码“{code}”不存在", code="unknown_jurisdiction", field="jurisdiction"
            )
        return services.claim(item, by=request.user, agency=agency, jurisdiction=j)

    def done(new):
        return f"已认领，{new.agency.name}的事项“{new.name}”已建立，请核对办事指南后对外公布。"

    return _action(request, item_id, do, done, claimable=True)


@login_required
@require_POST
def staff_cancel(request, item_id: int):
    return _action(
        request,
        item_id,
        lambda item: services.cancel(
            item,
            by=request.user,
            reason=request.POST.get("reason", ""),
            on=_date(request.POST.get("on", "")),
        ),
        lambda item: "事项已取消，不再受理新的申请；已受理的办件继续办理完毕。",
    )


@login_required
@require_POST
def staff_merge(request, item_id: int):
    def do(item):
        into = (
            queries.visible_to(request.user)
            .filter(pk=whole_number(request.POST.get("into")))
            .first()
        )
        if into is None:
            raise Invalid("请选择合并到的事项", code="into_required", field="into")
        return services.merge(
            item,
            into,
            by=request.user,
            reason=request.POST.get("reason", ""),
            on=_date(request.POST.get("on", "")),
        )

    return _action(request, item_id, do, lambda item: "已合并，申请人将被引导至合并后的事项办理。")


@login_required
@require_POST
def staff_cut_fee(request, item_id: int, fee_id: int):
    def do(item):
        fee = Fee.objects.filter(pk=fee_id, item=item).first()
        if fee is None:
            raise NotFound("未找到该收费项目")
        services.cut_fee(
            fee,
            by=request.user,
            reason=request.POST.get("reason", ""),
            on=_date(request.POST.get("on", "")),
        )
        return item

    return _action(request, item_id, do, lambda item: "已取消该收费项目，办事指南不再列出。")


@login_required
def staff_cleanup(request):
    """年度清理报告: items added, merged, cancelled, revised and fees cut, per agency and county."""
    try:
        _staff(request)
        if not scopes.assignments(request.user, queries.VIEW_ROLES) and not (
            request.user.is_superuser
        ):
            raise NotAllowed("您没有查看事项清理报告的权限")
        year = whole_number(request.GET.get("year")) or dt.date.today().year
        if not 2000 <= year <= 2100:
            raise Invalid("年度应在2000至2100之间", code="bad_year", field="year")
        j = queries.report_scope(request.user, request.GET.get("jurisdiction", ""))
    except ServiceError as e:
        return _error_page(request, e)
    report = queries.cleanup_report(year, j)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            cleanup_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="item-cleanup-{year}-{j.code}.xlsx"'
        )
        return response
    return render(request, "services/cleanup.html", {"r": report, "year": year, "j": j})
