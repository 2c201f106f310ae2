"""征集调查, the staff's side: create the questionnaire, edit it while unpublished, publish and
close it (the public's form and results are in `consultations`)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from zhengwu.core.errors import Invalid, ServiceError

from .. import queries, services
from ..done import SURVEY_CREATED, SURVEY_DONE
from ..models import Survey, SurveyQuestion
from ._common import _pk, staff_required

WB = "/workbench/interaction/surveys/"


@staff_required
def wb_surveys(request):
    return render(
        request, "interaction/wb_surveys.html", {"items": queries.surveys_for_staff(request.user)}
    )


@staff_required
def wb_survey_new(request):
    agencies = queries.agencies_for_staff(request.user)
    status, error = 200, None
    if request.method == "POST":
        agency = agencies.filter(pk=_pk(request.POST.get("agency"))).first()
        try:
            if agency is None:
                raise Invalid("请选择发布单位", code="agency_required", field="agency")
            s = services.create_survey(agency, request.POST, by=request.user)
            messages.success(request, SURVEY_CREATED)
            return redirect(f"{WB}{s.pk}/")
        except ServiceError as e:
            status, error = e.status, e.message
    return render(
        request,
        "interaction/wb_survey_new.html",
        {"agencies": agencies, "data": request.POST, "error": error},
        status=status,
    )


def _form_data(s: Survey) -> dict:
    return {
        "title": s.title,
        "description": s.description,
        "opens_on": s.opens_on.isoformat(),
        "closes_on": s.closes_on.isoformat(),
    }


def _act(s: Survey, action: str, p, by) -> None:
    version = p.get("version")
    if action == "edit":
        services.edit_survey(s, p, by=by, version=version)
    elif action == "add_question":
        services.add_question(
            s,
            {
                "text": p.get("text"),
                "kind": p.get("kind"),
                "required": bool(p.get("required")),
                "choices": p.get("choices", ""),
            },
            by=by,
            version=version,
        )
    elif action == "remove_question":
        q = get_object_or_404(s.questions, pk=_pk(p.get("question")))
        services.remove_question(q, by=by, version=version)
    elif action == "publish":
        services.publish_survey(s, by=by, version=version)
    elif action == "close":
        services.close_survey(s, by=by, version=version)
    else:
        raise Invalid("未知的操作", code="bad_action")


@staff_required
def wb_survey(request, pk: int):
    s = get_object_or_404(queries.surveys_for_staff(request.user), pk=pk)
    status, error = 200, None
    posted = request.POST.get("action", "")
    if request.method == "POST":
        try:
            _act(s, posted, request.POST, request.user)
            messages.success(request, SURVEY_DONE[posted])
            return redirect(f"{WB}{s.pk}/")
        except ServiceError as e:
            status, error = e.status, e.message
        s.refresh_from_db()
    return render(
        request,
        "interaction/wb_survey.html",
        {
            "s": s,
            "error": error,
            "posted": posted,
            "data": request.POST,
            "form": request.POST if posted == "edit" else _form_data(s),
            "questions": s.questions.prefetch_related("choices"),
            "kinds": SurveyQuestion.KINDS,
            "responses": s.responses.count(),
        },
        status=status,
    )
