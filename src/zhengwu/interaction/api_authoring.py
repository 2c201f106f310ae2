"""/api/v1/interaction/staff/: staff author 在线访谈, 民意征集 and 征集调查 — create, edit while a
draft, publish (open), close — for their own agencies (the rules of permissions.py; objects out
of scope are 404). Thin over services, like the pages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zhengwu.api.auth import token_or_session
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.core.idempotency import idempotent
from zhengwu.org.models import Agency

from . import queries, services
from .models import Consultation, Interview, Survey

router = Router(tags=["政民互动（编辑）"], auth=token_or_session)

VERSION = Field(None, description="读取时的版本号；已被他人修改时返回 409")


class SectionIn(Schema):
    heading: str
    text: str


class ConsultationIn(Schema):
    agency_id: int | None = None
    title: str
    summary: str = ""
    opens_on: dt.date
    closes_on: dt.date
    sections: list[SectionIn] | None = None
    version: int | None = VERSION


class SectionStaffOut(Schema):
    id: int
    order: int
    heading: str
    text: str


class ConsultationStaffOut(Schema):
    id: int
    agency_id: int
    agency: str
    title: str
    summary: str
    opens_on: dt.date
    closes_on: dt.date
    state: str
    state_label: str
    version: int
    sections: list[SectionStaffOut]


class VersionIn(Schema):
    version: int | None = VERSION


class InterviewIn(Schema):
    agency_id: int | None = None
    title: str
    summary: str
    guests: str
    host: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    version: int | None = VERSION


class InterviewStaffOut(Schema):
    id: int
    agency_id: int
    agency: str
    title: str
    summary: str
    guests: str
    host: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    state: str
    state_label: str
    is_published: bool
    version: int


class StateIn(Schema):
    state: str
    version: int | None = VERSION


class QuestionIn(Schema):
    text: str
    kind: str = Field(..., description="single 单选 / multiple 多选 / text 填空")
    required: bool = True
    choices: list[str] = []


class SurveyIn(Schema):
    agency_id: int | None = None
    title: str
    description: str = ""
    opens_on: dt.date
    closes_on: dt.date
    questions: list[QuestionIn] | None = None
    version: int | None = VERSION


class ChoiceOut(Schema):
    id: int
    text: str


class QuestionOut(Schema):
    id: int
    order: int
    text: str
    kind: str
    required: bool
    choices: list[ChoiceOut]


class SurveyStaffOut(Schema):
    id: int
    agency_id: int
    agency: str
    title: str
    description: str
    opens_on: dt.date
    closes_on: dt.date
    is_published: bool
    closed_at: dt.datetime | None
    state_label: str
    version: int
    questions: list[QuestionOut]


def _agency(request, agency_id) -> Agency:
    agency = queries.agencies_for_staff(request.auth).filter(pk=agency_id or 0).first()
    if agency is None:
        raise Invalid("请指定您所在或所辖的单位", code="agency_required", field="agency_id")
    return agency


def _found(qs, pk: int, noun: str):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise NotFound(f"未找到该{noun}")
    return obj


# --- 民意征集 ----------------------------------------------------------------------------------


def _consultation_out(c: Consultation) -> dict:
    c = Consultation.objects.select_related("agency").get(pk=c.pk)
    return {
        "id": c.pk,
        "agency_id": c.agency_id,
        "agency": c.agency.name,
        "title": c.title,
        "summary": c.summary,
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "state": c.state,
        "state_label": c.get_state_display(),
        "version": c.version,
        "sections": list(c.sections.values("id", "order", "heading", "text")),
    }


def _staff_consultation(request, pk: int) -> Consultation:
    return _found(queries.consultations_for_staff(request.auth), pk, "民意征集")


@router.get("/consultations", response=list[ConsultationStaffOut], summary="民意征集（工作人员）")
def staff_consultations(request, limit: int = 100):
    items = queries.consultations_for_staff(request.auth).order_by("-id")[: max(1, min(limit, 500))]
    return [_consultation_out(c) for c in items]


@router.post("/consultations", response={201: ConsultationStaffOut}, summary="起草民意征集")
@idempotent
def create_consultation(request, payload: ConsultationIn):
    c = services.create_consultation(
        _agency(request, payload.agency_id),
        payload.dict(),
        by=request.auth,
        sections=[s.dict() for s in payload.sections or []],
    )
    return Status(201, _consultation_out(c))


@router.get("/consultations/{pk}", response=ConsultationStaffOut, summary="民意征集（工作人员）")
def staff_consultation(request, pk: int):
    return _consultation_out(_staff_consultation(request, pk))


@router.put(
    "/consultations/{pk}",
    response=ConsultationStaffOut,
    summary="修改征集稿（仅未发布时；给出 sections 则替换全部条目）",
)
def edit_consultation(request, pk: int, payload: ConsultationIn):
    c = _staff_consultation(request, pk)
    sections = None if payload.sections is None else [s.dict() for s in payload.sections]
    services.edit_consultation(
        c, payload.dict(), by=request.auth, version=payload.version, sections=sections
    )
    return _consultation_out(c)


@router.post("/consultations/{pk}/open", response=ConsultationStaffOut, summary="发布征集")
def open_consultation(request, pk: int, payload: VersionIn):
    c = _staff_consultation(request, pk)
    services.open_consultation(c, by=request.auth, version=payload.version)
    return _consultation_out(c)


@router.post("/consultations/{pk}/close", response=ConsultationStaffOut, summary="结束征集")
def close_consultation(request, pk: int, payload: VersionIn):
    c = _staff_consultation(request, pk)
    services.close_consultation(c, by=request.auth, version=payload.version)
    return _consultation_out(c)


# --- 在线访谈 ----------------------------------------------------------------------------------


def _interview_out(iv: Interview) -> dict:
    iv = Interview.objects.select_related("agency").get(pk=iv.pk)
    return {
        "id": iv.pk,
        "agency_id": iv.agency_id,
        "agency": iv.agency.name,
        "title": iv.title,
        "summary": iv.summary,
        "guests": iv.guests,
        "host": iv.host,
        "starts_at": timezone.localtime(iv.starts_at),
        "ends_at": timezone.localtime(iv.ends_at),
        "state": iv.state,
        "state_label": iv.get_state_display(),
        "is_published": iv.is_published,
        "version": iv.version,
    }


def _staff_interview(request, pk: int) -> Interview:
    return _found(queries.interviews_for_staff(request.auth), pk, "在线访谈")


@router.post("/interviews", response={201: InterviewStaffOut}, summary="新建访谈预告（未发布）")
@idempotent
def create_interview(request, payload: InterviewIn):
    iv = services.create_interview(
        _agency(request, payload.agency_id), payload.dict(), by=request.auth
    )
    return Status(201, _interview_out(iv))


@router.get("/interviews/{pk}", response=InterviewStaffOut, summary="在线访谈（工作人员）")
def staff_interview(request, pk: int):
    return _interview_out(_staff_interview(request, pk))


@router.put("/interviews/{pk}", response=InterviewStaffOut, summary="修改访谈预告（直播前）")
def edit_interview(request, pk: int, payload: InterviewIn):
    iv = _staff_interview(request, pk)
    services.edit_interview(iv, payload.dict(), by=request.auth, version=payload.version)
    return _interview_out(iv)


@router.post("/interviews/{pk}/publish", response=InterviewStaffOut, summary="发布访谈预告")
def publish_interview(request, pk: int, payload: VersionIn):
    iv = _staff_interview(request, pk)
    services.publish_interview(iv, by=request.auth, version=payload.version)
    return _interview_out(iv)


@router.post(
    "/interviews/{pk}/state",
    response=InterviewStaffOut,
    summary="开始直播（live）/ 结束（finished）",
)
def interview_state(request, pk: int, payload: StateIn):
    iv = _staff_interview(request, pk)
    services.set_interview_state(iv, state=payload.state, by=request.auth, version=payload.version)
    return _interview_out(iv)


# --- 征集调查 ----------------------------------------------------------------------------------


def _survey_out(s: Survey) -> dict:
    s = Survey.objects.select_related("agency").get(pk=s.pk)
    return {
        "id": s.pk,
        "agency_id": s.agency_id,
        "agency": s.agency.name,
        "title": s.title,
        "description": s.description,
        "opens_on": s.opens_on,
        "closes_on": s.closes_on,
        "is_published": s.is_published,
        "closed_at": s.closed_at,
        "state_label": s.state_label,
        "version": s.version,
        "questions": [
            {
                "id": q.pk,
                "order": q.order,
                "text": q.text,
                "kind": q.kind,
                "required": q.required,
                "choices": [{"id": c.pk, "text": c.text} for c in q.choices.all()],
            }
            for q in s.questions.prefetch_related("choices")
        ],
    }


def _staff_survey(request, pk: int) -> Survey:
    return _found(queries.surveys_for_staff(request.auth), pk, "征集调查")


@router.post("/surveys", response={201: SurveyStaffOut}, summary="新建征集调查（未发布）")
@idempotent
def create_survey(request, payload: SurveyIn):
    s = services.create_survey(
        _agency(request, payload.agency_id),
        payload.dict(),
        by=request.auth,
        questions=[q.dict() for q in payload.questions or []],
    )
    return Status(201, _survey_out(s))


@router.get("/surveys/{pk}", response=SurveyStaffOut, summary="征集调查（工作人员）")
def staff_survey(request, pk: int):
    return _survey_out(_staff_survey(request, pk))


@router.put(
    "/surveys/{pk}",
    response=SurveyStaffOut,
    summary="修改调查（仅未发布时；给出 questions 则替换全部题目）",
)
def edit_survey(request, pk: int, payload: SurveyIn):
    s = _staff_survey(request, pk)
    questions = None if payload.questions is None else [q.dict() for q in payload.questions]
    services.edit_survey(
        s, payload.dict(), by=request.auth, version=payload.version, questions=questions
    )
    return _survey_out(s)


@router.post("/surveys/{pk}/publish", response=SurveyStaffOut, summary="发布调查")
def publish_survey(request, pk: int, payload: VersionIn):
    s = _staff_survey(request, pk)
    services.publish_survey(s, by=request.auth, version=payload.version)
    return _survey_out(s)


@router.post("/surveys/{pk}/close", response=SurveyStaffOut, summary="结束调查")
def close_survey(request, pk: int, payload: VersionIn):
    s = _staff_survey(request, pk)
    services.close_survey(s, by=request.auth, version=payload.version)
    return _survey_out(s)
