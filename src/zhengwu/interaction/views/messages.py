"""网民留言: the public mailboxes, writing, tracking and the published letters; the staff's todo list, one message, the moderation queue."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zhengwu.core import audit, captcha, clock, throttle
from zhengwu.core import trail as core_trail
from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.core.idempotency import idempotent
from zhengwu.core.middleware import client_ip
from zhengwu.core.words import chinese_date
from zhengwu.org import permissions
from zhengwu.org.models import Agency

from .. import abuse, conf, queries, services
from ..done import MESSAGE_DONE, RATED
from ..models import Extension, Mailbox, Message
from ._common import _anonymous, _captcha, _month, _pk, _site, rate_limited, staff_required


def index(request, code=None):
    j, prefix = _site(code)
    return render(
        request,
        "interaction/index.html",
        {
            "j": j,
            "prefix": prefix,
            "mailboxes": queries.mailboxes_of(j),
            "latest": queries.published_messages(j)[:10],
            "interviews": queries.public_interviews(j)[:5],
            "consultations": queries.public_consultations(j)[:5],
            "surveys": queries.public_surveys(j)[:5],
        },
    )


@idempotent
def write(request, code=None):
    j, prefix = _site(code)
    mailboxes = list(queries.mailboxes_of(j))
    data = request.POST if request.method == "POST" else request.GET
    context = {
        "j": j,
        "prefix": prefix,
        "mailboxes": mailboxes,
        "kinds": Message.KINDS,
        "data": data,
        "duplicates": [],
    }
    if request.method != "POST":
        context["captcha"] = _captcha(request)
        return render(request, "interaction/write.html", context)
    ip = client_ip(request)
    try:
        throttle.check_rate(
            "message",
            user=request.user,
            ip=ip,
            per_account=conf.message_rate_per_account(),
            per_ip=conf.message_rate_per_ip(),
        )
        mailbox = _chosen_mailbox(j, data)
        if not data.get("confirm_not_duplicate"):
            dupes = abuse.duplicates_shown_to(
                request.user, body=(data.get("body") or "").strip(), mailbox_id=mailbox.pk
            )
            if dupes:
                context.update(duplicates=dupes, captcha=_captcha(request))
                return render(request, "interaction/write.html", context, status=409)
        if _anonymous(request):
            captcha.verify(request.session, data.get("captcha_token", ""), data.get("captcha", ""))
        message, code_ = services.submit_message(
            mailbox=mailbox,
            kind=data.get("kind", ""),
            title=data.get("title", ""),
            body=data.get("body", ""),
            writer=request.user,
            name=data.get("name", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            allow_publish=data.get("allow_publish") == "1",
            ip=ip,
        )
    except throttle.RateLimited as e:
        return rate_limited(request, e)
    except ServiceError as e:
        context.update(error=e.message, field=e.field, captcha=_captcha(request))
        return render(request, "interaction/write.html", context, status=e.status)
    messages.success(
        request,
        f"您的留言已提交到{message.mailbox.name}，将在{chinese_date(message.due_on)}前答复"
        f"（{message.mailbox.reply_limit}个工作日）。",
    )
    return render(
        request,
        "interaction/written.html",
        {"message": message, "code": code_, "prefix": prefix},
        status=201,
    )


def _chosen_mailbox(j, data) -> Mailbox:
    value = (data.get("mailbox") or "").strip()
    if value == "auto" or not value:
        return services.route(j, f"{data.get('title', '')} {data.get('body', '')}")
    if not value.isdigit():
        raise Invalid("请选择信箱", code="mailbox_required", field="mailbox")
    box = Mailbox.objects.filter(pk=int(value), is_active=True).select_related("agency").first()
    if box is None:
        raise Invalid("所选信箱不存在或已停用", code="mailbox_invalid", field="mailbox")
    return box


def track(request, code=None):
    j, prefix = _site(code)
    context = {"prefix": prefix, "data": request.POST}
    if request.method != "POST":
        return render(request, "interaction/track.html", context)
    try:
        message = services.find_for_tracking(
            request.POST.get("number"), request.POST.get("code"), ip=client_ip(request)
        )
        if request.POST.get("satisfaction"):
            message = services.rate(
                message,
                satisfaction=request.POST["satisfaction"],
                comment=request.POST.get("comment", ""),
                by=request.user if request.user.is_authenticated else None,
            )
            messages.success(request, RATED)
    except ServiceError as e:  # a wrong code, or too many (429): the form keeps what was typed
        context["error"] = e.message
        response = render(request, "interaction/track.html", context, status=e.status)
        if isinstance(e, throttle.RateLimited):
            response["Retry-After"] = str(e.retry_after)
        return response
    context.update(message=message, satisfaction=Message.SATISFACTION)
    return render(request, "interaction/track.html", context)


@login_required
@idempotent
def my_message(request, number: str, code=None):
    message = queries.messages_of_writer(request.user).filter(number=number).first()
    if message is None:
        raise Http404("未找到该留言")
    context = {"message": message, "satisfaction": Message.SATISFACTION, "prefix": ""}
    if request.method == "POST":
        try:
            message = services.rate(
                message,
                satisfaction=request.POST.get("satisfaction", ""),
                comment=request.POST.get("comment", ""),
                by=request.user,
            )
            context["message"] = message
            messages.success(request, RATED)
        except ServiceError as e:
            context["error"] = e.message
            return render(request, "interaction/my_message.html", context, status=e.status)
    return render(request, "interaction/my_message.html", context)


def published(request, code=None):
    j, prefix = _site(code)
    qs = queries.search_published(
        queries.published_messages(j),
        q=request.GET.get("q", ""),
        kind=request.GET.get("kind", ""),
        mailbox=request.GET.get("mailbox", ""),
        year=request.GET.get("year", ""),
    )
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "interaction/published.html",
        {
            "j": j,
            "prefix": prefix,
            "page": page,
            "kinds": Message.KINDS,
            "mailboxes": queries.mailboxes_of(j),
            "years": range(timezone.localdate().year, 2024, -1),
            "q": request.GET,
        },
    )


def published_detail(request, number: str, code=None):
    j, prefix = _site(code)
    message = get_object_or_404(queries.published_messages(j), number=number)
    return render(request, "interaction/published_detail.html", {"m": message, "prefix": prefix})


def statistics(request, code=None):
    j, prefix = _site(code)
    month = _month(request.GET.get("month", ""))
    return render(
        request,
        "interaction/statistics.html",
        {
            "j": j,
            "prefix": prefix,
            "month": month,
            "by_mailbox": queries.monthly_statistics(j, month, by="mailbox"),
            "by_agency": queries.monthly_statistics(j, month, by="agency"),
        },
    )


@staff_required
def wb_todo(request):
    done = request.GET.get("done") == "1"
    qs = queries.todo(request.user, done=done)
    if request.GET.get("status") == "warning":
        soon = timezone.localdate() + dt.timedelta(days=3)
        qs = qs.filter(due_on__lte=soon)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    extensions = Extension.objects.filter(
        state=Extension.PENDING, message__in=queries.messages_visible_to(request.user)
    ).select_related("message")
    return render(
        request,
        "interaction/wb_todo.html",
        {"page": page, "done": done, "today": timezone.localdate(), "extensions": extensions},
    )


def _visible_message(request, pk) -> Message:
    return get_object_or_404(queries.messages_visible_to(request.user), pk=pk)


MESSAGE_ACTIONS = {
    "accept": lambda m, p, by, v: services.accept(m, by=by, version=v),
    "decline": lambda m, p, by, v: services.decline(
        m, reason=p.get("reason", ""), by=by, version=v
    ),
    "transfer": lambda m, p, by, v: services.transfer(
        m, to_agency=_agency_from(p.get("to_agency")), reason=p.get("reason", ""), by=by, version=v
    ),
    "reply": lambda m, p, by, v: services.reply(m, text=p.get("text", ""), by=by, version=v),
    "extend": lambda m, p, by, v: services.request_extension(
        m, days=p.get("days", ""), reason=p.get("reason", ""), by=by, version=v
    ),
    "petition": lambda m, p, by, v: services.mark_petition(m, by=by, version=v),
    "accept_petition": lambda m, p, by, v: services.accept_petition(m, by=by, version=v),
    "extend_petition": lambda m, p, by, v: services.extend_petition(
        m, days=p.get("days", ""), reason=p.get("reason", ""), by=by, version=v
    ),
    "publish": lambda m, p, by, v: services.publish(
        m,
        title=p.get("public_title"),
        body=p.get("public_body"),
        reply_text=p.get("public_reply"),
        by=by,
        version=v,
    ),
    "hide": lambda m, p, by, v: services.hide(m, reason=p.get("reason", ""), by=by, version=v),
}


def _agency_from(value) -> Agency:
    value = str(value or "")
    agency = Agency.objects.filter(pk=int(value)).first() if value.isdigit() else None
    if agency is None:
        raise Invalid("请选择接收单位", code="to_agency_required", field="to_agency")
    return agency


def _petition_extension(user, message: Message) -> dict:
    """The 负责人's form to extend an accepted petition's 办理 period, while days are left."""
    if not (message.is_petition and message.petition_accepted_on):
        return {}
    left = services.petition_extension_left(message)
    if not left or not permissions.allows(
        user, "interaction.petition_extended", agency_id=message.agency_id, path=message.scope_path
    ):
        return {}
    most = services.petition_extension_most(message)
    return {"petition_extension_left": left, "petition_extension_most": most}


@staff_required
@idempotent
def wb_message(request, pk: int):
    message = _visible_message(request, pk)
    status, error = 200, None
    if request.method == "POST":
        action, version = request.POST.get("action", ""), request.POST.get("version")
        try:
            if action == "decide_extension":
                ext = get_object_or_404(message.extensions, pk=_pk(request.POST.get("extension")))
                services.decide_extension(
                    ext,
                    approve=request.POST.get("approve") == "1",
                    by=request.user,
                    version=version,
                )
            elif action not in MESSAGE_ACTIONS:
                raise Invalid("未知的操作", code="bad_action")
            else:
                MESSAGE_ACTIONS[action](message, request.POST, request.user, version)
            messages.success(request, MESSAGE_DONE[action](_visible_message(request, pk)))
            return redirect(f"/workbench/interaction/messages/{message.pk}/")
        except ServiceError as e:
            status, error = e.status, e.message
        message = _visible_message(request, pk)
    similar = Message.objects.filter(number__in=message.similar_numbers)
    return render(
        request,
        "interaction/wb_message.html",
        {
            "m": message,
            "error": error,
            "data": request.POST,
            "transfers": message.transfers.select_related("from_agency", "to_agency", "by"),
            "extensions": message.extensions.select_related("requested_by", "decided_by"),
            "clocks": clock.clocks_of(message).order_by("id"),
            "similar": queries.messages_visible_to(request.user).filter(
                pk__in=similar.values("pk")
            ),
            "agencies": Agency.objects.filter(is_active=True)
            .exclude(pk=message.agency_id)
            .filter(mailbox__isnull=False)
            .order_by("scope_path", "name"),
            "trail": core_trail.lines(audit.trail("interaction.message", str(message.pk))[:50]),
        }
        | _petition_extension(request.user, message),
        status=status,
    )


@staff_required
def wb_moderation(request):
    return render(
        request,
        "interaction/wb_moderation.html",
        {
            "messages_": queries.moderation_queue(request.user)[:100],
            "comments": queries.comments_to_moderate(request.user)[:100],
        },
    )
