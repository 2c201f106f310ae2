"""The staff pages of 新闻发布会: the list with each government's count for the year against
ZHENGWU_PRESS_CONFERENCES_PER_YEAR (the 政务公开办's view), the form, and the conference's page
where it is announced, held live (posts), finished, and its 发布稿 and 实录 written."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.disclosure import queries as disclosure_queries
from zhengwu.disclosure.models import Document
from zhengwu.org import permissions, scopes

from . import queries, rules
from .models import PressConference
from .services import press as services
from .workbench_views import staff

FIELDS = (
    "topic",
    "notice",
    "starts_at",
    "place",
    "incident_at",
    "release",
    "transcript",
    "documents",
)
STATE_TABS = [("", "全部"), ("warning", "超时"), *PressConference.STATES]


def _form(request) -> dict:
    data = {k: request.POST.get(k, "") for k in FIELDS}
    data["emergency"] = request.POST.get("emergency") == "on"
    return data


def _with_document_ids(data: dict) -> dict:
    """The form names the related documents by 索引号 (comma separated); the service takes ids."""
    if "documents" not in data:
        return data
    numbers = [n.strip() for n in str(data["documents"] or "").replace("，", ",").split(",")]
    numbers = [n for n in numbers if n]
    found = dict(
        Document.objects.filter(index_no__in=numbers, status=Document.PUBLISHED).values_list(
            "index_no", "pk"
        )
    )
    missing = [n for n in numbers if n not in found]
    if missing:
        raise Invalid(
            f"索引号“{missing[0]}”的已发布文件不存在", code="documents_invalid", field="documents"
        )
    return data | {"documents": [found[n] for n in numbers]}


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


@login_required
def wb_press(request):
    user = staff(request)
    state = "finished" if request.GET.get("done") else request.GET.get("state", "")
    if request.GET.get("status") == "warning":
        state = "warning"
    items = queries.staff_conferences(user)
    if state == "warning":
        items = queries.late_conferences(items)
    elif state:
        if state not in dict(PressConference.STATES):
            raise Http404("没有这个状态")
        items = items.filter(state=state)
    year = timezone.localdate().year
    reach = scopes.scope_q(user, disclosure_queries.READ_ROLES, agency_field=None)
    governments = queries.yearly_counts(queries.governments_under("").filter(reach), year)[:200]
    return render(
        request,
        "interpretation/wb_press_list.html",
        {
            "items": items.order_by("-starts_at", "-id")[:200],
            "state": state,
            "tabs": STATE_TABS,
            "governments": governments,
            "year": year,
            "wanted": rules.press_per_year(),
            "manageable": list(disclosure_queries.manageable_agencies(user)[:300]),
        },
    )


@login_required
def wb_press_new(request):
    user = staff(request)
    manageable = disclosure_queries.manageable_agencies(user)
    usci = request.GET.get("agency") or request.POST.get("agency", "")
    agency = manageable.filter(usci=usci).first()
    if agency is None:
        raise Http404("请选择您有权召开发布会的单位")
    if request.method == "POST":
        data = _form(request)
        try:
            pc = services.create(agency, _with_document_ids(data), by=user)
        except ServiceError as e:
            context = {"agency": agency, "data": data, "error": e}
            return render(request, "interpretation/wb_press_form.html", context, status=e.status)
        messages.success(request, "发布会已登记；登记发布人并填写预告后即可发布预告。")
        return redirect(f"/workbench/disclosure/press/{pc.pk}/")
    data = {"starts_at": _local(timezone.now())}
    return render(request, "interpretation/wb_press_form.html", {"agency": agency, "data": data})


ACTIONS = {
    "edit": lambda pc, p, by: services.edit(
        pc, _with_document_ids(_post_fields(p)), by=by, version=p.get("version")
    ),
    "speaker": lambda pc, p, by: services.add_speaker(
        pc,
        name=p.get("name", ""),
        post=p.get("post", ""),
        is_principal=p.get("is_principal") == "on",
        by=by,
        version=p.get("version"),
    ),
    "announce": lambda pc, p, by: services.announce(pc, by=by, version=p.get("version")),
    "start": lambda pc, p, by: services.start(pc, by=by, version=p.get("version")),
    "post": lambda pc, p, by: services.post(
        pc,
        speaker=p.get("speaker", ""),
        text_=p.get("text", ""),
        question=p.get("question", ""),
        asked_by=p.get("asked_by", ""),
        by=by,
        version=p.get("version"),
    ),
    "finish": lambda pc, p, by: services.finish(pc, by=by, version=p.get("version")),
}
DONE = {
    "edit": lambda pc: "发布会信息已保存。",
    "speaker": lambda pc: "发布人已登记。",
    "announce": lambda pc: "发布会预告已发布，公开在“新闻发布会”栏目。",
    "start": lambda pc: (
        "发布会开始直播；发布的内容将即时显示在公开页面。"
        + ("（已超过事件发生后24小时，记为超时召开）" if pc.held_late else "")
    ),
    "post": lambda pc: "已发布到文字直播。",
    "finish": lambda pc: "发布会已结束，文字直播转为实录；可继续补充发布稿和实录说明。",
}


def _post_fields(post) -> dict:
    data = {k: post.get(k) for k in FIELDS if k in post}
    if "topic" in post:
        data["emergency"] = post.get("emergency") == "on"
    return data


@login_required
def wb_press_item(request, pk):
    user = staff(request)
    pc = queries.staff_conferences(user).filter(pk=pk).first()
    if pc is None:
        raise Http404("发布会不存在或不在您的管辖范围内")
    error, status = None, 200
    data = {k: getattr(pc, k) for k in ("topic", "notice", "place", "release", "transcript")}
    data |= {
        "starts_at": _local(pc.starts_at),
        "incident_at": _local(pc.incident_at),
        "emergency": pc.emergency,
        "documents": ",".join(pc.documents.values_list("index_no", flat=True)),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404("没有这个操作")
        try:
            ACTIONS[action](pc, request.POST, user)
        except ServiceError as e:
            error, status = e, e.status
            data |= {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
            pc.refresh_from_db()
        else:
            pc.refresh_from_db()
            messages.success(request, DONE[action](pc))
            return redirect(f"/workbench/disclosure/press/{pc.pk}/")
    can_act = permissions.allows(user, services.EDIT, agency_id=pc.agency_id, path=pc.scope_path)
    return render(
        request,
        "interpretation/wb_press.html",
        {
            "pc": pc,
            "data": data,
            "error": error,
            "can_act": can_act,
            "speakers": pc.speakers.all(),
            "posts": pc.posts.all(),
        },
        status=status,
    )
