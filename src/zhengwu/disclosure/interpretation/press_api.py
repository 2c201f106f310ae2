"""Open API of 新闻发布会 (/api/v1/disclosure/press-conferences): public conferences (notice,
speakers, live text, release, transcript) for everyone, and running one for staff; plus each
government's count for a year against ZHENGWU_PRESS_CONFERENCES_PER_YEAR."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema, Status

from zhengwu.api.auth import public, token_or_session
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.disclosure import queries as disclosure_queries

from . import queries
from .api import jurisdiction_path, page
from .models import PressConference
from .services import press as services

router = Router(tags=["新闻发布会"])


class SpeakerOut(Schema):
    name: str
    post: str
    is_principal: bool


class PostOut(Schema):
    speaker: str
    text: str
    question: str
    asked_by: str
    posted_at: dt.datetime


class ConferenceOut(Schema):
    id: int
    topic: str
    agency_usci: str
    agency_name: str
    state: str
    state_label: str
    starts_at: dt.datetime
    place: str
    notice: str
    emergency: bool
    incident_at: dt.datetime | None
    due_at: dt.datetime | None
    held_late: bool
    version: int
    url: str


class ConferenceDetail(ConferenceOut):
    speakers: list[SpeakerOut]
    posts: list[PostOut]
    release: str
    transcript: str
    documents: list[int]
    interpretations: list[int]


class ConferencePage(Schema):
    count: int
    results: list[ConferenceOut]


class ConferenceIn(Schema):
    agency: str
    topic: str
    starts_at: str
    notice: str = ""
    place: str = ""
    emergency: bool = False
    incident_at: str | None = None
    documents: list[int] = []
    interpretations: list[int] = []


class ConferencePatch(Schema):
    version: int | None = None
    topic: str | None = None
    starts_at: str | None = None
    notice: str | None = None
    place: str | None = None
    emergency: bool | None = None
    incident_at: str | None = None
    release: str | None = None
    transcript: str | None = None
    documents: list[int] | None = None
    interpretations: list[int] | None = None


class SpeakerIn(Schema):
    version: int | None = None
    name: str
    post: str
    is_principal: bool = False


class PostIn(Schema):
    version: int | None = None
    speaker: str
    text: str
    question: str = ""
    asked_by: str = ""


class CountOut(Schema):
    agency_usci: str
    agency_name: str
    year: int
    held: int
    wanted: int
    enough: bool


def _local(value):
    return timezone.localtime(value) if value else None


def out(pc: PressConference) -> dict:
    return {
        "id": pc.pk,
        "topic": pc.topic,
        "agency_usci": pc.agency.usci,
        "agency_name": pc.agency.name,
        "state": pc.state,
        "state_label": pc.get_state_display(),
        "starts_at": _local(pc.starts_at),
        "place": pc.place,
        "notice": pc.notice,
        "emergency": pc.emergency,
        "incident_at": _local(pc.incident_at),
        "due_at": _local(pc.due_at),
        "held_late": pc.held_late,
        "version": pc.version,
        "url": f"/xxgk/xwfbh/{pc.pk}/",
    }


def detail(pc: PressConference) -> dict:
    return out(pc) | {
        "speakers": [
            {"name": s.name, "post": s.post, "is_principal": s.is_principal}
            for s in pc.speakers.all()
        ],
        "posts": [
            {
                "speaker": p.speaker,
                "text": p.text,
                "question": p.question,
                "asked_by": p.asked_by,
                "posted_at": _local(p.posted_at),
            }
            for p in pc.posts.all()
        ],
        "release": pc.release,
        "transcript": pc.transcript,
        "documents": list(pc.documents.values_list("pk", flat=True)),
        "interpretations": list(pc.interpretations.values_list("pk", flat=True)),
    }


@router.get("", response=ConferencePage, auth=public, summary="新闻发布会（预告、直播、已结束）")
def conferences(
    request, jurisdiction: str | None = None, state: str = "", limit: int = 20, offset: int = 0
):
    limit, offset = page(limit, offset)
    qs = PressConference.objects.filter(
        state__in=queries.PUBLIC_STATES, scope_path__startswith=jurisdiction_path(jurisdiction)
    ).select_related("agency")
    if state:
        if state not in queries.PUBLIC_STATES:
            raise Invalid("状态应为preview、live或finished", code="state_invalid", field="state")
        qs = qs.filter(state=state)
    qs = qs.order_by("-starts_at", "-id")
    return {"count": qs.count(), "results": [out(c) for c in qs[offset : offset + limit]]}


@router.get("/counts", response=list[CountOut], auth=public, summary="各级政府本年召开发布会场次")
def counts(request, jurisdiction: str | None = None, year: int | None = None):
    year = disclosure_queries.parse_year(year) or timezone.localdate().year
    rows = queries.yearly_counts(queries.governments_under(jurisdiction_path(jurisdiction)), year)
    return [
        {
            "agency_usci": a.usci,
            "agency_name": a.name,
            "year": year,
            "held": a.held,
            "wanted": a.wanted,
            "enough": a.enough,
        }
        for a in rows[:500]
    ]


@router.get(
    "/{item_id}", response=ConferenceDetail, auth=public, summary="新闻发布会详情与文字直播"
)
def conference(request, item_id: int):
    found = PressConference.objects.filter(pk=item_id, state__in=queries.PUBLIC_STATES).first()
    if found is None:
        raise NotFound("没有这场新闻发布会", code="conference_not_found")
    return detail(found)


# --- staff ------------------------------------------------------------------------------------


def _staff_item(request, item_id: int) -> PressConference:
    found = queries.staff_conferences(request.user).filter(pk=item_id).first()
    if found is None:
        raise NotFound("发布会不存在或不在您的管辖范围内", code="conference_not_found")
    return found


@router.get(
    "/staff/items",
    response=ConferencePage,
    auth=token_or_session,
    summary="本辖区发布会（工作人员）",
)
def staff_items(request, state: str = "", limit: int = 20, offset: int = 0):
    limit, offset = page(limit, offset)
    qs = queries.staff_conferences(request.user)
    if state:
        if state not in dict(PressConference.STATES):
            raise Invalid("状态应为draft、preview、live或finished", code="state_invalid")
        qs = qs.filter(state=state)
    qs = qs.order_by("-starts_at", "-id")
    return {"count": qs.count(), "results": [out(c) for c in qs[offset : offset + limit]]}


@router.get(
    "/staff/items/{item_id}",
    response=ConferenceDetail,
    auth=token_or_session,
    summary="发布会详情（工作人员）",
)
def staff_item(request, item_id: int):
    return detail(_staff_item(request, item_id))


@router.post(
    "/staff/items", response={201: ConferenceDetail}, auth=token_or_session, summary="登记发布会"
)
def create(request, payload: ConferenceIn):
    """时间如 2026-12-07 09:30（北京时间）或带时区的 ISO 8601。"""
    data = payload.dict()
    usci = data.pop("agency").strip().upper()
    agency = disclosure_queries.manageable_agencies(request.user).filter(usci=usci).first()
    if agency is None:
        raise NotFound("该单位不存在或不在您的管辖范围内", code="unknown_agency", field="agency")
    return Status(201, detail(services.create(agency, data, by=request.user)))


@router.patch(
    "/staff/items/{item_id}",
    response=ConferenceDetail,
    auth=token_or_session,
    summary="修改发布会、发布稿、实录",
)
def edit(request, item_id: int, payload: ConferencePatch):
    data = payload.dict(exclude_none=True)
    version = data.pop("version", None)
    return detail(
        services.edit(_staff_item(request, item_id), data, by=request.user, version=version)
    )


@router.post(
    "/staff/items/{item_id}/speakers",
    response={201: ConferenceDetail},
    auth=token_or_session,
    summary="登记发布人",
)
def add_speaker(request, item_id: int, payload: SpeakerIn):
    pc = _staff_item(request, item_id)
    services.add_speaker(
        pc,
        name=payload.name,
        post=payload.post,
        is_principal=payload.is_principal,
        by=request.user,
        version=payload.version,
    )
    pc.refresh_from_db()
    return Status(201, detail(pc))


@router.post(
    "/staff/items/{item_id}/announce",
    response=ConferenceDetail,
    auth=token_or_session,
    summary="发布预告",
)
def announce(request, item_id: int, version: int | None = None):
    return detail(
        services.announce(_staff_item(request, item_id), by=request.user, version=version)
    )


@router.post(
    "/staff/items/{item_id}/start",
    response=ConferenceDetail,
    auth=token_or_session,
    summary="开始直播",
)
def start(request, item_id: int, version: int | None = None):
    return detail(services.start(_staff_item(request, item_id), by=request.user, version=version))


@router.post(
    "/staff/items/{item_id}/posts",
    response={201: ConferenceDetail},
    auth=token_or_session,
    summary="发布直播内容",
)
def post(request, item_id: int, payload: PostIn):
    pc = _staff_item(request, item_id)
    services.post(
        pc,
        speaker=payload.speaker,
        text_=payload.text,
        question=payload.question,
        asked_by=payload.asked_by,
        by=request.user,
        version=payload.version,
    )
    pc.refresh_from_db()
    return Status(201, detail(pc))


@router.post(
    "/staff/items/{item_id}/finish",
    response=ConferenceDetail,
    auth=token_or_session,
    summary="结束发布会",
)
def finish(request, item_id: int, version: int | None = None):
    return detail(services.finish(_staff_item(request, item_id), by=request.user, version=version))
