"""民意征集 and 征集调查: the public forms and results; the staff's pages of a consultation (the
draft and its articles, opening and closing, the comments and the 采纳情况)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zhengwu.core import captcha, throttle
from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.core.idempotency import idempotent
from zhengwu.core.middleware import client_ip
from zhengwu.portal import pagecache

from .. import conf, queries, services
from ..done import CONSULTATION_CREATED, CONSULTATION_DONE
from ..models import Consultation, ConsultationComment, SurveyQuestion
from ._common import _anonymous, _captcha, _pk, _site, rate_limited, staff_required

WB = "/workbench/interaction/consultations/"


def consultations(request, code=None):
    j, prefix = _site(code)
    return render(
        request,
        "interaction/consultations.html",
        {"prefix": prefix, "items": queries.public_consultations(j)},
    )


def _page_tags(pk, code=None):
    return [services.consultation_page_tag(pk)]


@pagecache.public_page(_page_tags)
@idempotent
def consultation(request, pk: int, code=None):
    """The draft, its published comments and (once published) the 采纳情况. An anonymous
    reader's page carries no form (it is served from the page cache, moved by every change of
    the consultation or its comments); "发表意见" opens the form with its CAPTCHA."""
    _, prefix = _site(code)
    c = get_object_or_404(queries.public_consultations(), pk=pk)
    context = {"c": c, "prefix": prefix, "data": request.POST}
    status = 200
    writing = (
        request.method == "POST"
        or request.user.is_authenticated
        or "comment" in request.GET
        or "section" in request.GET
    )
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
    # the published comments under their articles, in one pass (not one loop per article)
    # (plain rows: a page of hundreds of comments builds no model instances)
    adoption = dict(ConsultationComment.ADOPTION)
    by_section: dict[int | None, list] = {}
    rows = c.comments.filter(state=ConsultationComment.PUBLISHED).values(
        "section_id", "author_name", "public_text", "adoption", "adoption_reason"
    )
    for cm in rows:
        cm["adoption_label"] = adoption.get(cm["adoption"], "")
        by_section.setdefault(cm["section_id"], []).append(cm)
    sections = list(c.sections.all())
    for sec in sections:
        sec.published = by_section.get(sec.pk, [])
    is_open = c.is_open_on(timezone.localdate())
    if request.method == "GET" and "section" in request.GET:
        context["data"] = {"section": request.GET["section"]}
    context.update(
        sections=sections,
        general=by_section.get(None, []),
        open=is_open,
        writing=writing and is_open,
        captcha=_captcha(request) if writing and is_open else None,
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
    today = timezone.localdate()
    context = {
        "s": s,
        "questions": questions,
        "prefix": prefix,
        "data": request.POST,
        "open": s.is_open_on(today),
        "today": today,
    }
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


@staff_required
def wb_consultations(request):
    return render(
        request,
        "interaction/wb_consultations.html",
        {"items": queries.consultations_for_staff(request.user)},
    )


def _form_data(c: Consultation) -> dict:
    return {
        "title": c.title,
        "summary": c.summary,
        "opens_on": c.opens_on.isoformat(),
        "closes_on": c.closes_on.isoformat(),
    }


@staff_required
def wb_consultation_new(request):
    """起草民意征集: the agency, title, 起草说明 and period; the articles come next."""
    agencies = queries.agencies_for_staff(request.user)
    status, error = 200, None
    if request.method == "POST":
        agency = agencies.filter(pk=_pk(request.POST.get("agency"))).first()
        try:
            if agency is None:
                raise Invalid("请选择发布单位", code="agency_required", field="agency")
            c = services.create_consultation(agency, request.POST, by=request.user)
            messages.success(request, CONSULTATION_CREATED)
            return redirect(f"{WB}{c.pk}/")
        except ServiceError as e:
            status, error = e.status, e.message
    return render(
        request,
        "interaction/wb_consultation_new.html",
        {"agencies": agencies, "data": request.POST, "error": error},
        status=status,
    )


def _draft_action(c: Consultation, action: str, p, by) -> None:
    """The actions on a draft and its articles, and opening or closing it."""
    version = p.get("version")
    if action == "edit":
        services.edit_consultation(c, p, by=by, version=version)
    elif action == "add_section":
        services.add_section(c, p, by=by, version=version)
    elif action == "open":
        services.open_consultation(c, by=by, version=version)
    elif action == "close":
        services.close_consultation(c, by=by, version=version)
    else:
        section = get_object_or_404(c.sections, pk=_pk(p.get("section")))
        if action == "edit_section":
            services.edit_section(section, p, by=by, version=version)
        elif action in ("move_up", "move_down"):
            services.move_section(section, up=action == "move_up", by=by, version=version)
        else:
            services.remove_section(section, by=by, version=version)


DRAFT_ACTIONS = (
    "edit",
    "add_section",
    "edit_section",
    "move_up",
    "move_down",
    "remove_section",
    "open",
    "close",
)


@staff_required
def wb_consultation(request, pk: int):
    c = get_object_or_404(queries.consultations_for_staff(request.user), pk=pk)
    status, error = 200, None
    if request.method == "POST":
        p = request.POST
        action = p.get("action", "")
        try:
            if action in DRAFT_ACTIONS:
                _draft_action(c, action, p, request.user)
            elif action in ("publish", "hide", "adopt"):
                cm = get_object_or_404(c.comments, pk=_pk(p.get("comment")))
                if action == "adopt":
                    services.set_adoption(
                        cm,
                        adoption=p.get("adoption", ""),
                        reason=p.get("reason", ""),
                        by=request.user,
                        version=p.get("version"),
                    )
                else:
                    services.moderate_comment(
                        cm,
                        publish_it=action == "publish",
                        reason=p.get("reason", ""),
                        by=request.user,
                        version=p.get("version"),
                    )
            elif action == "feedback":
                services.publish_feedback(
                    c, text=p.get("text", ""), by=request.user, version=p.get("version")
                )
            else:
                raise Invalid("未知的操作", code="bad_action")
            messages.success(request, CONSULTATION_DONE[action])
            return redirect(f"{WB}{c.pk}/")
        except ServiceError as e:
            status, error = e.status, e.message
        c.refresh_from_db()
    posted = request.POST.get("action", "")
    return render(
        request,
        "interaction/wb_consultation.html",
        {
            "c": c,
            "error": error,
            "posted": posted,
            "posted_section": request.POST.get("section", ""),
            "data": request.POST,
            "form": request.POST if posted == "edit" else _form_data(c),
            "sections": c.sections.all(),
            "comments": c.comments.select_related("section"),
            "adoption": ConsultationComment.ADOPTION[1:],
        },
        status=status,
    )
