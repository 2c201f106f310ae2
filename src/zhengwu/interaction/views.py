"""Public pages under hdjl/ (every site) and the staff pages under /workbench/interaction/.
Thin: a form, one service call, a page. Bad input re-renders the form with a Chinese message."""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from zhengwu.core import audit, captcha, throttle
from zhengwu.core import trail as core_trail
from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.core.idempotency import idempotent
from zhengwu.core.middleware import client_ip
from zhengwu.core.words import chinese_date
from zhengwu.org import scopes
from zhengwu.org.models import Agency, User, Window
from zhengwu.portal import errors
from zhengwu.portal.views import site_of, site_prefix

from . import abuse, conf, queries, services
from .done import COMPLAINT_DONE, CONSULTATION_DONE, INTERVIEW_DONE, MESSAGE_DONE, RATED
from .models import (
    Complaint,
    ConsultationComment,
    Extension,
    Interview,
    InterviewImage,
    InterviewQuestion,
    Mailbox,
    Message,
    OpinionReport,
    SurveyQuestion,
)


def rate_limited(request, exc: throttle.RateLimited):
    return errors.page(
        request,
        429,
        text=exc.message,
        retry_after=exc.retry_after,
        template="interaction/rate_limited.html",
    )


def _site(code):
    j = site_of(code)
    return j, site_prefix(j)


def _anonymous(request) -> bool:
    return not request.user.is_authenticated


def _captcha(request) -> dict | None:
    return captcha.new_challenge(request.session) if _anonymous(request) else None


def _month(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        today = timezone.localdate()
        return today.replace(day=1)


# --- public: mailboxes and messages ----------------------------------------------------------


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


# --- public: interviews ----------------------------------------------------------------------


def interviews(request, code=None):
    j, prefix = _site(code)
    now = timezone.now()
    qs = queries.public_interviews(j)
    return render(
        request,
        "interaction/interviews.html",
        {
            "prefix": prefix,
            "upcoming": qs.filter(state=Interview.PREVIEW, starts_at__gte=now).order_by(
                "starts_at"
            ),
            "live": qs.filter(state=Interview.LIVE),
            "archive": qs.filter(state=Interview.FINISHED).order_by("-starts_at"),
        },
    )


@idempotent
def interview(request, pk: int, code=None):
    _, prefix = _site(code)
    state = queries.live_state(pk)
    if state is None:
        raise Http404("没有这场访谈")
    context = {"s": state, "prefix": prefix, "data": request.POST, "live_html": _live_html(pk)}
    if request.method == "POST":
        try:
            throttle.check_rate(
                "question",
                user=request.user,
                ip=client_ip(request),
                per_account=conf.message_rate_per_account(),
                per_ip=conf.public_post_rate_per_ip(),
            )
            if _anonymous(request):
                captcha.verify(
                    request.session, request.POST.get("captcha_token"), request.POST.get("captcha")
                )
            services.ask_question(
                Interview.objects.get(pk=pk),
                name=request.POST.get("name", ""),
                text=request.POST.get("text", ""),
                by=request.user,
            )
            context["asked"] = True
            context["data"] = {}
            messages.success(request, "问题已提交，经审核后由嘉宾解答。")
        except throttle.RateLimited as e:
            return rate_limited(request, e)
        except ServiceError as e:
            context.update(error=e.message)
            context["captcha"] = _captcha(request)
            return render(request, "interaction/interview.html", context, status=e.status)
    # Readers of a live page get no CAPTCHA (and so no session row) until they choose to ask.
    if state["state"] != Interview.FINISHED and (request.GET.get("ask") or "asked" in context):
        context["captcha"] = _captcha(request)
    return render(request, "interaction/interview.html", context)


def _live_html(pk: int) -> str:
    """The live part of the page, rendered once per change and kept in the cache: readers who
    poll it cost neither a database query nor a template render."""
    key = services.live_html_cache_key(pk)
    html = cache.get(key)
    if html is None:
        state = queries.live_state(pk)
        if state is None:
            return ""
        html = render_to_string("interaction/_live.html", {"s": state})
        cache.set(key, html, 3600)
    return html


def interview_live(request, pk: int, code=None):
    """The fragment htmx fetches every few seconds (and any client may poll)."""
    html = _live_html(pk)
    if not html:
        raise Http404("没有这场访谈")
    response = HttpResponse(html)
    response["Cache-Control"] = "no-cache"
    return response


def interview_image(request, pk: int, image_id: int, code=None):
    image = get_object_or_404(
        InterviewImage, pk=image_id, interview_id=pk, interview__is_published=True
    )
    types = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif"}
    response = FileResponse(image.image.open("rb"), content_type=types[image.ext])
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- public: consultations and surveys --------------------------------------------------------


def consultations(request, code=None):
    j, prefix = _site(code)
    return render(
        request,
        "interaction/consultations.html",
        {"prefix": prefix, "items": queries.public_consultations(j)},
    )


@idempotent
def consultation(request, pk: int, code=None):
    _, prefix = _site(code)
    c = get_object_or_404(queries.public_consultations(), pk=pk)
    context = {"c": c, "prefix": prefix, "data": request.POST}
    status = 200
    if request.method == "POST":
        try:
            throttle.check_rate(
                "comment",
                user=request.user,
                ip=client_ip(request),
                per_account=conf.message_rate_per_account(),
                per_ip=conf.public_post_rate_per_ip(),
            )
            if _anonymous(request):
                captcha.verify(
                    request.session, request.POST.get("captcha_token"), request.POST.get("captcha")
                )
            section_id = request.POST.get("section") or ""
            section = None
            if section_id:
                if not section_id.isdigit():
                    raise Invalid("条目无效", code="bad_section", field="section")
                section = c.sections.filter(pk=int(section_id)).first()
                if section is None:
                    raise Invalid("条目不属于该征集", code="bad_section", field="section")
            services.comment(
                c,
                text=request.POST.get("text", ""),
                name=request.POST.get("name", ""),
                section=section,
                by=request.user,
            )
            context["data"] = {}
            messages.success(request, "意见已提交，审核后公开。感谢参与！")
        except throttle.RateLimited as e:
            return rate_limited(request, e)
        except ServiceError as e:
            context["error"], status = e.message, e.status
    published_comments = c.comments.filter(state=ConsultationComment.PUBLISHED).select_related(
        "section"
    )
    context.update(
        sections=c.sections.all(),
        comments=published_comments,
        open=c.is_open_on(timezone.localdate()),
        captcha=_captcha(request),
    )
    return render(request, "interaction/consultation.html", context, status=status)


def surveys(request, code=None):
    j, prefix = _site(code)
    return render(
        request,
        "interaction/surveys.html",
        {"prefix": prefix, "items": queries.public_surveys(j), "today": timezone.localdate()},
    )


@idempotent
def survey(request, pk: int, code=None):
    _, prefix = _site(code)
    s = get_object_or_404(queries.public_surveys(), pk=pk)
    questions = list(s.questions.prefetch_related("choices"))
    context = {"s": s, "questions": questions, "prefix": prefix, "data": request.POST}
    if request.method == "POST":
        answers = {}
        for q in questions:
            if q.kind == SurveyQuestion.TEXT:
                answers[q.pk] = request.POST.get(f"q{q.pk}", "")
            else:
                answers[q.pk] = request.POST.getlist(f"q{q.pk}")
        if not request.session.session_key:
            request.session.save()
        try:
            throttle.check_rate(
                "survey", ip=client_ip(request), per_ip=conf.public_post_rate_per_ip()
            )
            services.answer_survey(
                s, answers=answers, by=request.user, session_key=request.session.session_key
            )
        except throttle.RateLimited as e:
            return rate_limited(request, e)
        except ServiceError as e:
            context["error"] = e.message
            return render(request, "interaction/survey.html", context, status=e.status)
        messages.success(request, "提交成功，感谢参与！")
        return redirect(f"{prefix}/hdjl/surveys/{s.pk}/results/")
    return render(request, "interaction/survey.html", context)


def survey_results(request, pk: int, code=None):
    _, prefix = _site(code)
    s = get_object_or_404(queries.public_surveys(), pk=pk)
    return render(
        request,
        "interaction/survey_results.html",
        {
            "s": s,
            "prefix": prefix,
            "results": queries.survey_results(s),
            "total": s.responses.count(),
        },
    )


# --- public: complaints and reports -----------------------------------------------------------


@login_required
@idempotent
def complain(request, code=None):
    j, prefix = _site(code)
    if request.user.kind == User.STAFF:
        return render(
            request,
            "portal/error.html",
            {"title": "无法投诉", "text": "请使用公众账户登录后投诉。"},
            status=403,
        )
    agencies = Agency.objects.filter(is_active=True, scope_path__startswith=j.path).order_by(
        "scope_path", "name"
    )
    windows = Window.objects.filter(centre__scope_path__startswith=j.path).select_related("centre")
    context = {
        "prefix": prefix,
        "agencies": agencies[:300],
        "windows": windows[:200],
        "about": Complaint.ABOUT,
        "data": request.POST,
        "mine": queries.complaints_of(request.user)[:20],
    }
    if request.method == "POST":
        data = request.POST
        try:
            throttle.check_rate(
                "complaint",
                user=request.user,
                ip=client_ip(request),
                per_account=conf.message_rate_per_account(),
                per_ip=conf.public_post_rate_per_ip(),
            )
            window = None
            if data.get("window", "").isdigit():
                window = Window.objects.filter(pk=int(data["window"])).first()
            agency_id = data.get("agency", "")
            agency = (
                Agency.objects.filter(pk=int(agency_id), is_active=True).first()
                if agency_id.isdigit()
                else None
            )
            if agency is None and window is not None:
                agency = window.agencies.first()
            if agency is None:
                raise Invalid("请选择被投诉的单位", code="agency_required", field="agency")
            complaint = services.file_complaint(
                about=data.get("about", ""),
                agency=agency,
                title=data.get("title", ""),
                body=data.get("body", ""),
                reference=data.get("reference", ""),
                window=window,
                phone=data.get("phone", ""),
                by=request.user,
            )
        except throttle.RateLimited as e:
            return rate_limited(request, e)
        except ServiceError as e:
            context["error"] = e.message
            return render(request, "interaction/complain.html", context, status=e.status)
        context.update(data={}, mine=queries.complaints_of(request.user)[:20])
        messages.success(
            request,
            f"投诉已提交，编号{complaint.number}，电子监察机构将在{chinese_date(complaint.due_on)}"
            "前作出是否受理的决定。",
        )
        return render(request, "interaction/complain.html", context, status=201)
    return render(request, "interaction/complain.html", context)


def reports(request, code=None):
    j, prefix = _site(code)
    qs = OpinionReport.objects.filter(scope_path__startswith=j.path).select_related("agency")
    if j.parent_id:
        qs = qs.exclude(agency__isnull=True)
    return render(
        request, "interaction/reports.html", {"prefix": prefix, "reports": qs[:120], "j": j}
    )


def report(request, pk: int, code=None):
    j, prefix = _site(code)
    r = get_object_or_404(
        OpinionReport.objects.select_related("agency"), pk=pk, scope_path__startswith=j.path
    )
    return render(request, "interaction/report.html", {"r": r, "d": r.data, "prefix": prefix})


# --- workbench --------------------------------------------------------------------------------


def staff_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if request.user.kind != User.STAFF:
            return render(
                request,
                "portal/error.html",
                {"title": "无权访问", "text": "工作台仅供工作人员使用。"},
                status=403,
            )
        return view(request, *args, **kwargs)

    return functools.wraps(view)(wrapped)


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


def _pk(value) -> int:
    """A row id from a form field; anything else finds nothing (404), never a 500."""
    value = str(value or "")
    return int(value) if value.isdigit() and len(value) < 18 else 0


def _visible_message(request, pk) -> Message:
    return get_object_or_404(queries.messages_visible_to(request.user), pk=pk)


MESSAGE_ACTIONS = {
    "accept": lambda m, p, by: services.accept(m, by=by),
    "decline": lambda m, p, by: services.decline(m, reason=p.get("reason", ""), by=by),
    "transfer": lambda m, p, by: services.transfer(
        m, to_agency=_agency_from(p.get("to_agency")), reason=p.get("reason", ""), by=by
    ),
    "reply": lambda m, p, by: services.reply(m, text=p.get("text", ""), by=by),
    "extend": lambda m, p, by: services.request_extension(
        m, days=p.get("days", ""), reason=p.get("reason", ""), by=by
    ),
    "petition": lambda m, p, by: services.mark_petition(m, by=by),
    "accept_petition": lambda m, p, by: services.accept_petition(m, by=by),
    "extend_petition": lambda m, p, by: services.extend_petition(
        m, days=p.get("days", ""), reason=p.get("reason", ""), by=by
    ),
    "publish": lambda m, p, by: services.publish(
        m,
        title=p.get("public_title"),
        body=p.get("public_body"),
        reply_text=p.get("public_reply"),
        by=by,
    ),
    "hide": lambda m, p, by: services.hide(m, reason=p.get("reason", ""), by=by),
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
    if not left or not scopes.covers(
        user,
        agency_id=message.agency_id,
        path=message.scope_path,
        roles=services.APPROVER_ROLES,
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
        action = request.POST.get("action", "")
        try:
            if action == "decide_extension":
                ext = get_object_or_404(message.extensions, pk=_pk(request.POST.get("extension")))
                services.decide_extension(
                    ext, approve=request.POST.get("approve") == "1", by=request.user
                )
            elif action not in MESSAGE_ACTIONS:
                raise Invalid("未知的操作", code="bad_action")
            else:
                MESSAGE_ACTIONS[action](message, request.POST, request.user)
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
            "clocks": services.clock.clocks_of(message).order_by("id"),
            "similar": queries.messages_visible_to(request.user).filter(
                pk__in=similar.values("pk")
            ),
            "agencies": Agency.objects.filter(is_active=True)
            .exclude(pk=message.agency_id)
            .filter(mailbox__isnull=False)
            .order_by("scope_path", "name"),
            "trail": core_trail.lines(audit.trail("interaction.message", message.pk)[:50]),
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


@staff_required
def wb_interviews(request):
    return render(
        request,
        "interaction/wb_interviews.html",
        {"items": queries.interviews_for_staff(request.user)},
    )


@staff_required
def wb_interview(request, pk: int):
    iv = get_object_or_404(queries.interviews_for_staff(request.user), pk=pk)
    status, error = 200, None
    if request.method == "POST":
        action = request.POST.get("action", "")
        p = request.POST
        try:
            if action in ("approve", "reject"):
                q = get_object_or_404(iv.questions, pk=_pk(p.get("question")))
                services.moderate_question(
                    q, approve=action == "approve", reason=p.get("reason", ""), by=request.user
                )
            elif action == "post":
                q = None
                if p.get("question"):
                    q = get_object_or_404(iv.questions, pk=_pk(p.get("question")))
                services.post(
                    iv,
                    speaker=p.get("speaker", ""),
                    text=p.get("text", ""),
                    question=q,
                    by=request.user,
                )
            elif action == "state":
                services.set_interview_state(iv, state=p.get("state", ""), by=request.user)
            elif action == "image":
                services.add_image(
                    iv,
                    upload=request.FILES.get("image"),
                    caption=p.get("caption", ""),
                    by=request.user,
                )
            elif action == "intro":
                services.write_transcript_intro(iv, text=p.get("text", ""), by=request.user)
            else:
                raise Invalid("未知的操作", code="bad_action")
            iv.refresh_from_db()
            messages.success(request, INTERVIEW_DONE[action](iv))
            return redirect(f"/workbench/interaction/interviews/{iv.pk}/")
        except ServiceError as e:
            status, error = e.status, e.message
        iv.refresh_from_db()
    return render(
        request,
        "interaction/wb_interview.html",
        {
            "iv": iv,
            "error": error,
            "pending": iv.questions.filter(state=InterviewQuestion.PENDING),
            "approved": iv.questions.filter(state=InterviewQuestion.APPROVED),
            "posts": iv.posts.select_related("question"),
            "images": iv.images.all(),
        },
        status=status,
    )


@staff_required
def wb_consultations(request):
    return render(
        request,
        "interaction/wb_consultations.html",
        {"items": queries.consultations_for_staff(request.user)},
    )


@staff_required
def wb_consultation(request, pk: int):
    c = get_object_or_404(queries.consultations_for_staff(request.user), pk=pk)
    status, error = 200, None
    if request.method == "POST":
        p = request.POST
        action = p.get("action", "")
        try:
            if action in ("publish", "hide", "adopt"):
                cm = get_object_or_404(c.comments, pk=_pk(p.get("comment")))
                if action == "adopt":
                    services.set_adoption(
                        cm,
                        adoption=p.get("adoption", ""),
                        reason=p.get("reason", ""),
                        by=request.user,
                    )
                else:
                    services.moderate_comment(
                        cm,
                        publish_it=action == "publish",
                        reason=p.get("reason", ""),
                        by=request.user,
                    )
            elif action == "feedback":
                services.publish_feedback(c, text=p.get("text", ""), by=request.user)
            else:
                raise Invalid("未知的操作", code="bad_action")
            messages.success(request, CONSULTATION_DONE[action])
            return redirect(f"/workbench/interaction/consultations/{c.pk}/")
        except ServiceError as e:
            status, error = e.status, e.message
    return render(
        request,
        "interaction/wb_consultation.html",
        {
            "c": c,
            "error": error,
            "data": request.POST,
            "comments": c.comments.select_related("section"),
            "adoption": ConsultationComment.ADOPTION[1:],
        },
        status=status,
    )


@staff_required
def wb_complaints(request):
    qs = queries.complaints_visible_to(request.user).order_by("state", "due_on")
    return render(request, "interaction/wb_complaints.html", {"items": qs[:200]})


@staff_required
def wb_complaint(request, pk: int):
    c = get_object_or_404(queries.complaints_visible_to(request.user), pk=pk)
    status, error = 200, None
    if request.method == "POST":
        p = request.POST
        try:
            if p.get("action") in ("accept", "decline"):
                services.decide_complaint(
                    c,
                    accept_it=p["action"] == "accept",
                    reason=p.get("reason", ""),
                    by=request.user,
                )
            elif p.get("action") == "answer":
                services.answer_complaint(c, text=p.get("text", ""), by=request.user)
            else:
                raise Invalid("未知的操作", code="bad_action")
            c.refresh_from_db()
            messages.success(request, COMPLAINT_DONE[p["action"]](c))
            return redirect(f"/workbench/interaction/complaints/{c.pk}/")
        except ServiceError as e:
            status, error = e.status, e.message
    return render(
        request,
        "interaction/wb_complaint.html",
        {
            "c": c,
            "error": error,
            "clocks": services.clock.clocks_of(c).order_by("id"),
            "data": request.POST,
        },
        status=status,
    )
