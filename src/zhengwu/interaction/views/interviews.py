"""在线访谈: the public page with its live part, and the host's page."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from zhengwu.core import captcha, throttle
from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.core.idempotency import idempotent
from zhengwu.core.middleware import client_ip
from zhengwu.portal import live

from .. import conf, queries, services
from ..done import INTERVIEW_CREATED, INTERVIEW_DONE
from ..models import Interview, InterviewImage, InterviewQuestion
from ._common import _anonymous, _captcha, _pk, _site, rate_limited, staff_required


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
    poll it cost neither a database query nor a template render (`portal.live`)."""

    def build() -> str:
        state = queries.live_state(pk)
        return render_to_string("interaction/_live.html", {"s": state}) if state else ""

    return live.fragment(services.live_html_cache_key(pk), build)


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


@staff_required
def wb_interviews(request):
    return render(
        request,
        "interaction/wb_interviews.html",
        {"items": queries.interviews_for_staff(request.user)},
    )


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _form_data(iv: Interview) -> dict:
    return {
        "title": iv.title,
        "summary": iv.summary,
        "guests": iv.guests,
        "host": iv.host,
        "starts_at": _local(iv.starts_at),
        "ends_at": _local(iv.ends_at),
    }


@staff_required
def wb_interview_new(request):
    """新建访谈预告: saved unpublished; published from the interview's page."""
    agencies = queries.agencies_for_staff(request.user)
    status, error = 200, None
    if request.method == "POST":
        agency = agencies.filter(pk=_pk(request.POST.get("agency"))).first()
        try:
            if agency is None:
                raise Invalid("请选择访谈单位", code="agency_required", field="agency")
            iv = services.create_interview(agency, request.POST, by=request.user)
            messages.success(request, INTERVIEW_CREATED)
            return redirect(f"/workbench/interaction/interviews/{iv.pk}/")
        except ServiceError as e:
            status, error = e.status, e.message
    return render(
        request,
        "interaction/wb_interview_new.html",
        {"agencies": agencies, "data": request.POST, "error": error},
        status=status,
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
                    q,
                    approve=action == "approve",
                    reason=p.get("reason", ""),
                    by=request.user,
                    version=p.get("version"),
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
                    version=p.get("version"),
                )
            elif action == "state":
                services.set_interview_state(
                    iv, state=p.get("state", ""), by=request.user, version=p.get("version")
                )
            elif action == "image":
                services.add_image(
                    iv,
                    upload=request.FILES.get("image"),
                    caption=p.get("caption", ""),
                    by=request.user,
                    version=p.get("version"),
                )
            elif action == "edit":
                services.edit_interview(iv, p, by=request.user, version=p.get("version"))
            elif action == "publish":
                services.publish_interview(iv, by=request.user, version=p.get("version"))
            elif action == "intro":
                services.write_transcript_intro(
                    iv, text=p.get("text", ""), by=request.user, version=p.get("version")
                )
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
            "form": request.POST if request.POST.get("action") == "edit" else _form_data(iv),
        },
        status=status,
    )
