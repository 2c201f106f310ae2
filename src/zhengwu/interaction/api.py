"""/api/v1/interaction/: messages (submit with the CAPTCHA token flow, track, rate, published
list, staff actions), the live interview state, surveys and complaints. Thin over services.

Anonymous submission: GET /captcha (sets the session and CSRF cookies, returns a token, the
PNG as a data URL and a text question), then POST /messages with the cookies, the X-CSRFToken
header, `captcha_token` and `captcha`. Accounts (session or bearer token) need no CAPTCHA.
"""

from __future__ import annotations

import base64
import datetime as dt
import json

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zhengwu.api.auth import public, token_or_session
from zhengwu.core import captcha as challenges
from zhengwu.core import throttle
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.core.idempotency import idempotent
from zhengwu.core.middleware import client_ip
from zhengwu.org.models import Agency, Jurisdiction, User

from . import abuse, conf, queries, services
from .models import Complaint, Interview, Mailbox, Message, Survey

router = Router(tags=["政民互动"], auth=public)


class CaptchaOut(Schema):
    token: str
    image: str
    question: str
    csrf_token: str
    expires_in: int


class MessageIn(Schema):
    mailbox_id: int | None = None
    jurisdiction_code: str | None = None
    kind: str
    title: str
    body: str
    name: str = ""
    phone: str = ""
    email: str = ""
    allow_publish: bool = True
    captcha_token: str = ""
    captcha: str = ""


class SubmittedOut(Schema):
    number: str
    query_code: str
    mailbox: str
    due_on: dt.date | None
    similar: list[str]


class DuplicateIn(Schema):
    body: str
    mailbox_id: int | None = None


class DuplicateOut(Schema):
    number: str
    title: str = Field(..., alias="shown_title")
    state: str
    submitted_at: dt.datetime


class TrackOut(Schema):
    number: str
    title: str
    kind: str
    mailbox: str = Field(..., alias="mailbox.name")
    agency: str = Field(..., alias="agency.name")
    state: str
    is_petition: bool
    submitted_at: dt.datetime
    accepted_on: dt.date | None
    due_on: dt.date | None
    decline_reason: str
    replied_on: dt.date | None
    reply: str
    satisfaction: str


class RateIn(Schema):
    satisfaction: str
    comment: str = ""
    number: str = ""
    code: str = ""


class PublishedOut(Schema):
    number: str
    title: str = Field(..., alias="public_title")
    kind: str
    mailbox: str = Field(..., alias="mailbox.name")
    accepted_on: dt.date | None
    replied_on: dt.date | None
    reply_agency: str | None = Field(None, alias="reply_agency.name")
    body: str = Field(..., alias="public_body")
    reply: str = Field(..., alias="public_reply")


class PublishedPage(Schema):
    count: int
    results: list[PublishedOut]


class StaffMessageOut(Schema):
    id: int
    number: str
    title: str
    kind: str
    state: str
    publication: str
    mailbox_id: int
    agency_id: int
    due_on: dt.date | None
    similar_numbers: list[str]
    writer_name: str
    writer_phone: str
    body: str
    reply: str
    version: int


class ActionIn(Schema):
    reason: str = ""
    text: str = ""
    to_agency_id: int | None = None
    days: int | None = None
    public_title: str | None = None
    public_body: str | None = None
    public_reply: str | None = None
    version: int | None = Field(None, description="读取时的版本号；已被他人处理时返回 409")


class MailboxOut(Schema):
    id: int
    name: str
    kind: str
    agency: str = Field(..., alias="agency.name")
    reply_limit: int
    max_limit: int


class QuestionIn(Schema):
    name: str = ""
    text: str
    captcha_token: str = ""
    captcha: str = ""


class SurveyIn(Schema):
    answers: dict[str, int | list[int] | str]


class ComplaintIn(Schema):
    about: str
    agency_id: int | None = None
    window_id: int | None = None
    reference: str = ""
    title: str
    body: str
    phone: str = ""


class ComplaintOut(Schema):
    id: int
    number: str
    about: str
    subject_reference: str
    agency_id: int
    title: str
    state: str
    due_on: dt.date | None
    decision_reason: str
    answer: str
    version: int


class DecideIn(Schema):
    accept: bool
    reason: str
    version: int | None = Field(None, description="读取时的版本号；已被他人处理时返回 409")


def _rate_limit(request, action, per_account=True):
    throttle.check_rate(
        action,
        user=request.user if request.user.is_authenticated else None,
        ip=client_ip(request),
        per_account=conf.message_rate_per_account() if per_account else None,
        per_ip=conf.message_rate_per_ip()
        if action == "message"
        else conf.public_post_rate_per_ip(),
    )


def _account(request):
    user = getattr(request, "auth", None)
    return user if isinstance(user, User) else None


@router.get("/captcha", response=CaptchaOut, summary="取得验证码（匿名提交前）")
def captcha(request):
    challenge = challenges.new_challenge(request.session)
    png = challenges.draw(challenges.peek_answer(request.session, challenge["token"]))
    return {
        "token": challenge["token"],
        "image": "data:image/png;base64," + base64.b64encode(png).decode(),
        "question": challenge["question"],
        "csrf_token": get_token(request),
        "expires_in": settings.ZHENGWU_CAPTCHA_SECONDS,
    }


@router.get("/mailboxes", response=list[MailboxOut], summary="某地区的信箱")
def mailboxes(request, jurisdiction: str = ""):
    j = Jurisdiction.objects.filter(code=jurisdiction or "433100").first()
    if j is None:
        raise NotFound("区划代码不存在", code="unknown_jurisdiction", field="jurisdiction")
    return list(queries.mailboxes_of(j))


def _mailbox_for(payload) -> Mailbox:
    if payload.mailbox_id:
        box = Mailbox.objects.filter(pk=payload.mailbox_id, is_active=True).first()
        if box is None:
            raise Invalid("信箱不存在或已停用", code="mailbox_invalid", field="mailbox_id")
        return box
    j = Jurisdiction.objects.filter(code=(payload.jurisdiction_code or "").strip()).first()
    if j is None:
        raise Invalid(
            "请指定信箱（mailbox_id）或地区（jurisdiction_code）",
            code="mailbox_required",
            field="mailbox_id",
        )
    return services.route(j, f"{payload.title} {payload.body}")


@router.post("/messages", response={201: SubmittedOut}, summary="提交留言")
@idempotent
def submit(request, payload: MessageIn):
    _rate_limit(request, "message")
    account = _account(request)
    if account is None:
        challenges.verify(request.session, payload.captcha_token, payload.captcha)
    mailbox = _mailbox_for(payload)
    message, code = services.submit_message(
        mailbox=mailbox,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        writer=account,
        name=payload.name,
        phone=payload.phone,
        email=payload.email,
        allow_publish=payload.allow_publish,
        ip=client_ip(request),
    )
    return Status(
        201,
        {
            "number": message.number,
            "query_code": code,
            "mailbox": mailbox.name,
            "due_on": message.due_on,
            "similar": message.similar_numbers,
        },
    )


@router.post("/messages/duplicates", response=list[DuplicateOut], summary="提交前查找疑似重复")
def duplicates(request, payload: DuplicateIn):
    _rate_limit(request, "duplicates", per_account=False)
    return abuse.duplicates_shown_to(
        _account(request), body=payload.body[:5000], mailbox_id=payload.mailbox_id
    )


@router.get("/messages/track", response=TrackOut, summary="凭编号和查询码查询留言")
def track(request, number: str, code: str):
    return services.find_for_tracking(number, code, ip=client_ip(request))


@router.post("/messages/track/rate", response=TrackOut, summary="凭编号和查询码评价答复")
def rate_by_code(request, payload: RateIn):
    message = services.find_for_tracking(payload.number, payload.code, ip=client_ip(request))
    return services.rate(
        message, satisfaction=payload.satisfaction, comment=payload.comment, by=_account(request)
    )


@router.get("/messages/published", response=PublishedPage, summary="公开的留言答复")
def published(
    request,
    jurisdiction: str = "",
    q: str = "",
    kind: str = "",
    mailbox: str = "",
    year: str = "",
    offset: int = 0,
    limit: int = 20,
):
    j = Jurisdiction.objects.filter(code=jurisdiction).first() if jurisdiction else None
    if jurisdiction and j is None:
        raise NotFound("区划代码不存在", code="unknown_jurisdiction", field="jurisdiction")
    if offset < 0 or not 1 <= limit <= 100:
        raise Invalid("分页参数无效（limit 1–100）", code="bad_page", field="limit")
    qs = queries.search_published(
        queries.published_messages(j), q=q, kind=kind, mailbox=mailbox, year=year
    )
    return {"count": qs.count(), "results": list(qs[offset : offset + limit])}


@router.get("/messages/published/{number}", response=PublishedOut, summary="一条公开的留言")
def published_one(request, number: str):
    return get_object_or_404(queries.published_messages(), number=number)


@router.get("/messages", response=list[StaffMessageOut], auth=token_or_session, summary="待办留言")
def staff_list(request, done: bool = False, limit: int = 100):
    return list(queries.todo(request.auth, done=done)[: max(1, min(limit, 500))])


@router.get("/messages/mine", response=list[TrackOut], auth=token_or_session, summary="我的留言")
def mine(request):
    return list(queries.messages_of_writer(request.auth)[:100])


def _staff_message(request, pk: int) -> Message:
    message = queries.messages_visible_to(request.auth).filter(pk=pk).first()
    if message is None:
        raise NotFound("未找到该留言")
    return message


@router.get(
    "/messages/{pk}", response=StaffMessageOut, auth=token_or_session, summary="留言（工作人员）"
)
def staff_one(request, pk: int):
    return _staff_message(request, pk)


ACTIONS = {
    "accept": lambda m, p, by: services.accept(m, by=by, version=p.version),
    "decline": lambda m, p, by: services.decline(m, reason=p.reason, by=by, version=p.version),
    "reply": lambda m, p, by: services.reply(m, text=p.text, by=by, version=p.version),
    "petition": lambda m, p, by: services.mark_petition(m, by=by, version=p.version),
    "accept-petition": lambda m, p, by: services.accept_petition(m, by=by, version=p.version),
    "extend-petition": lambda m, p, by: services.extend_petition(
        m, days=p.days, reason=p.reason, by=by, version=p.version
    ),
    "publish": lambda m, p, by: services.publish(
        m,
        title=p.public_title,
        body=p.public_body,
        reply_text=p.public_reply,
        by=by,
        version=p.version,
    ),
    "hide": lambda m, p, by: services.hide(m, reason=p.reason, by=by, version=p.version),
}


@router.post(
    "/messages/{pk}/transfer", response=StaffMessageOut, auth=token_or_session, summary="转办"
)
def transfer(request, pk: int, payload: ActionIn):
    message = _staff_message(request, pk)
    agency = Agency.objects.filter(pk=payload.to_agency_id or 0).first()
    if agency is None:
        raise Invalid("请指定接收单位", code="to_agency_required", field="to_agency_id")
    services.transfer(
        message, to_agency=agency, reason=payload.reason, by=request.auth, version=payload.version
    )
    return Message.objects.get(pk=pk)


@router.post(
    "/messages/{pk}/extension", response=StaffMessageOut, auth=token_or_session, summary="申请延期"
)
def extension(request, pk: int, payload: ActionIn):
    message = _staff_message(request, pk)
    services.request_extension(
        message,
        days=payload.days,
        reason=payload.reason,
        by=request.auth,
        version=payload.version,
    )
    return Message.objects.get(pk=pk)


@router.post(
    "/messages/{pk}/extension/{ext_id}/{decision}",
    response=StaffMessageOut,
    auth=token_or_session,
    summary="审批延期（approve / refuse）",
)
def decide_extension(request, pk: int, ext_id: int, decision: str):
    message = _staff_message(request, pk)
    if decision not in ("approve", "refuse"):
        raise Invalid("审批结果应为 approve 或 refuse", code="bad_decision")
    ext = message.extensions.filter(pk=ext_id).first()
    if ext is None:
        raise NotFound("未找到该延期申请")
    services.decide_extension(ext, approve=decision == "approve", by=request.auth)
    return Message.objects.get(pk=pk)


@router.post(
    "/messages/{number}/rate", response=TrackOut, auth=token_or_session, summary="留言人评价答复"
)
@idempotent
def rate(request, number: str, payload: RateIn):
    message = queries.messages_of_writer(request.auth).filter(number=number).first()
    if message is None:
        raise NotFound("未找到您的该条留言")
    return services.rate(
        message, satisfaction=payload.satisfaction, comment=payload.comment, by=request.auth
    )


@router.post(
    "/messages/{pk}/{action}",
    response=StaffMessageOut,
    auth=token_or_session,
    summary="办理：accept / decline / reply / petition / accept-petition / extend-petition"
    " / publish / hide",
)
@idempotent
def act(request, pk: int, action: str, payload: ActionIn):
    if action not in ACTIONS:
        raise NotFound("未知的操作", code="bad_action")
    message = _staff_message(request, pk)
    ACTIONS[action](message, payload, request.auth)
    return Message.objects.get(pk=pk)


# --- interviews, surveys ----------------------------------------------------------------------


@router.get("/interviews/{pk}/live", auth=None, summary="访谈直播状态（缓存）")
def interview_live(request, pk: int):
    """The published state, serialised once per change and served from the cache."""
    key = services.live_json_cache_key(pk)
    body = cache.get(key)
    if body is None:
        state = queries.live_state(pk)
        if state is None:
            raise NotFound("没有这场访谈")
        body = json.dumps(state, ensure_ascii=False, cls=DjangoJSONEncoder).encode()
        cache.set(key, body, 3600)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@router.post("/interviews/{pk}/questions", response={201: dict}, summary="向访谈提问")
@idempotent
def ask(request, pk: int, payload: QuestionIn):
    interview = Interview.objects.filter(pk=pk, is_published=True).first()
    if interview is None:
        raise NotFound("没有这场访谈")
    _rate_limit(request, "question")
    account = _account(request)
    if account is None:
        challenges.verify(request.session, payload.captcha_token, payload.captcha)
    q = services.ask_question(interview, name=payload.name, text=payload.text, by=account)
    return Status(201, {"id": q.pk, "state": q.state, "message": "问题已提交，审核后公开"})


@router.post("/surveys/{pk}/responses", response={201: dict}, summary="提交问卷")
@idempotent
def answer_survey(request, pk: int, payload: SurveyIn):
    survey = get_object_or_404(queries.public_surveys(), pk=pk)
    throttle.check_rate("survey", ip=client_ip(request), per_ip=conf.public_post_rate_per_ip())
    if not request.session.session_key:
        request.session.save()
    response = services.answer_survey(
        survey,
        answers=payload.answers,
        by=_account(request),
        session_key=request.session.session_key,
    )
    return Status(201, {"id": response.pk, "message": "提交成功，感谢参与"})


@router.get("/surveys/{pk}/results", summary="调查结果统计")
def survey_results(request, pk: int):
    survey: Survey = get_object_or_404(queries.public_surveys(), pk=pk)
    return {
        "id": survey.pk,
        "title": survey.title,
        "responses": survey.responses.count(),
        "questions": queries.survey_results(survey),
    }


@router.get("/statistics", summary="留言办理月度统计")
def statistics(request, jurisdiction: str = "433100", month: str = "", by: str = "mailbox"):
    j = Jurisdiction.objects.filter(code=jurisdiction).first()
    if j is None:
        raise NotFound("区划代码不存在", code="unknown_jurisdiction", field="jurisdiction")
    if by not in ("mailbox", "agency"):
        raise Invalid("by 应为 mailbox 或 agency", code="bad_group", field="by")
    try:
        first = dt.date.fromisoformat(f"{month}-01") if month else timezone.localdate()
    except ValueError:
        raise Invalid("月份格式应为YYYY-MM", code="bad_month", field="month") from None
    return {"month": first.strftime("%Y-%m"), "rows": queries.monthly_statistics(j, first, by=by)}


# --- complaints -------------------------------------------------------------------------------


@router.post("/complaints", response={201: ComplaintOut}, auth=token_or_session, summary="行政投诉")
@idempotent
def file_complaint(request, payload: ComplaintIn):
    from zhengwu.org.models import Window

    _rate_limit(request, "complaint")
    window = Window.objects.filter(pk=payload.window_id).first() if payload.window_id else None
    agency = Agency.objects.filter(pk=payload.agency_id or 0, is_active=True).first()
    if agency is None and window is not None:
        agency = window.agencies.first()
    if agency is None:
        raise Invalid("请指定被投诉单位", code="agency_required", field="agency_id")
    complaint = services.file_complaint(
        about=payload.about,
        agency=agency,
        title=payload.title,
        body=payload.body,
        reference=payload.reference,
        window=window,
        phone=payload.phone,
        by=request.auth,
    )
    return Status(201, complaint)


@router.get("/complaints", response=list[ComplaintOut], auth=token_or_session, summary="投诉列表")
def complaints(request):
    user = request.auth
    qs = (
        queries.complaints_visible_to(user)
        if user.kind == User.STAFF
        else queries.complaints_of(user)
    )
    return list(qs[:200])


def _supervised(request, pk) -> Complaint:
    complaint = queries.complaints_visible_to(request.auth).filter(pk=pk).first()
    if complaint is None:
        raise NotFound("未找到该投诉")
    return complaint


@router.post(
    "/complaints/{pk}/decision", response=ComplaintOut, auth=token_or_session, summary="受理决定"
)
def decide(request, pk: int, payload: DecideIn):
    return services.decide_complaint(
        _supervised(request, pk),
        accept_it=payload.accept,
        reason=payload.reason,
        by=request.auth,
        version=payload.version,
    )


@router.post(
    "/complaints/{pk}/answer", response=ComplaintOut, auth=token_or_session, summary="答复投诉"
)
def answer(request, pk: int, payload: ActionIn):
    return services.answer_complaint(
        _supervised(request, pk), text=payload.text, by=request.auth, version=payload.version
    )


# --- 民意征集 for the public, the staff's authoring and running (their own modules) -----------

from .api_authoring import router as _authoring  # noqa: E402
from .api_consultations import router as _consultations  # noqa: E402
from .api_running import router as _running  # noqa: E402

router.add_router("", _consultations)
router.add_router("/staff", _authoring)
router.add_router("/staff", _running)
