"""/api/v1/cases/: every action the workbench offers, the public look-ups, and the measures."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhengwu.api.auth import public, token_or_session
from zhengwu.core import money
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.core.idempotency import idempotent, key_of
from zhengwu.core.masking import mask_id_number, mask_name, mask_phone
from zhengwu.core.middleware import client_ip
from zhengwu.org.models import Jurisdiction
from zhengwu.services.models import Item

from . import documents, queries, services
from .models import Case, CaseDocument, Result

router = Router(tags=["办件"])


class CaseOut(Schema):
    id: int
    number: str
    item_id: int
    item_name: str
    agency_id: int
    channel: str
    status: str
    status_label: str
    applicant_name: str
    received_on: dt.date
    accepted_on: dt.date | None
    due_date: dt.date | None
    warn_on: dt.date | None
    completed_on: dt.date | None
    current_step: str | None
    step_role: str
    version: int
    approved: bool | None
    extended: bool
    result_number: str | None = None


class CaseDetail(CaseOut):
    # only in the answer to the submission that created the case: it is stored as a hash
    query_code: str | None = None
    statutory_limit: int
    promised_limit: int
    statutory_due: dt.date | None
    situations: list[str]
    steps: list[dict]
    events: list[dict]
    documents: list[dict]


def _out(case: Case) -> dict:
    result = (
        getattr(case, "result", None) if case.status in (Case.DECIDED, Case.COMPLETED) else None
    )
    return {
        "id": case.pk,
        "number": case.number,
        "item_id": case.item_id,
        "item_name": case.item.name,
        "agency_id": case.agency_id,
        "channel": case.channel,
        "status": case.status,
        "status_label": case.get_status_display(),
        "applicant_name": case.applicant_name,
        "received_on": case.received_on,
        "accepted_on": case.accepted_on,
        "due_date": case.due_date,
        "warn_on": case.warn_on,
        "completed_on": case.completed_on,
        "current_step": case.current_step.name if case.current_step else None,
        "step_role": case.step_role,
        "version": case.version,
        "approved": case.approved,
        "extended": case.extended,
        "result_number": result.number if result else None,
    }


def _detail(case: Case) -> dict:
    return _out(case) | {
        "query_code": case.query_code or None,
        "statutory_limit": case.statutory_limit,
        "promised_limit": case.promised_limit,
        "statutory_due": case.statutory_clock.due_date if case.statutory_clock else None,
        "situations": case.situations.splitlines(),
        "steps": [
            {
                "order": s.order,
                "code": s.code,
                "name": s.name,
                "role": s.role,
                "limit": s.limit,
                "state": s.state,
                "started_on": s.started_on,
                "finished_on": s.finished_on,
            }
            for s in case.steps.all()
        ],
        "events": [
            {"on": e.on, "kind": e.kind, "title": e.title, "note": e.note}
            for e in case.events.all()
        ],
        "documents": _documents(case),
    }


def _documents(case: Case) -> list[dict]:
    """Each notice and the result, with where to download it as PDF and DOCX."""
    base = f"/api/v1/cases/{case.pk}/documents"
    rows = [
        ("document", d, d.get_kind_display(), d.text.get("number", ""))
        for d in case.documents.all()
    ]
    result = (
        getattr(case, "result", None) if case.status in (Case.DECIDED, Case.COMPLETED) else None
    )
    if result:
        rows.append(("result", result, result.title, result.number))
    return [
        {
            "title": title,
            "number": number,
            "issued_on": row.issued_on,
            "verification_code": row.verification_code,
            "pdf": f"{base}/{kind}/{row.pk}",
            "docx": f"{base}/{kind}/{row.pk}?format=docx" if row.text else None,
        }
        for kind, row, title, number in rows
    ]


def _case(request, case_id: int) -> Case:
    return queries.get_visible(request.user, case_id)


@router.get("/", response=list[CaseOut], auth=token_or_session, summary="办件列表（可见范围内）")
def list_cases(
    request: HttpRequest, view: str = "all", status: str = "", limit: int = 50, offset: int = 0
):
    user = request.user
    sources = {
        "all": queries.visible_to,
        "todo": queries.todo,
        "warning": queries.warnings,
        "done": queries.done,
        "window": queries.window_queue,
    }
    if view not in sources:
        raise Invalid("view 应为 all、todo、warning、done 或 window", code="bad_view", field="view")
    if not 1 <= limit <= 200 or offset < 0:
        raise Invalid("limit 应在1至200之间，offset 不能为负", code="bad_page")
    qs = sources[view](user)
    if status:
        qs = qs.filter(status=status)
    if view == "all":
        qs = qs.order_by("-received_on", "-id")
    return [_out(c) for c in queries.page(qs, limit, offset, full=True)]


@router.post(
    "/",
    response={201: CaseDetail, 200: CaseDetail},
    auth=token_or_session,
    summary="提交申请（multipart：材料文件名为 material_<材料ID>）",
)
@idempotent
def submit(request: HttpRequest):
    """Fields: item, channel (online/window/agent/post), applicant_*, summary, origin (村代码,
    for agents), situations (the item's 情形 that apply, repeated), files material_<id> and
    authorisation; the Idempotency-Key header (or the idempotency_key field) is required."""
    data = request.POST
    raw_item = data.get("item", "")
    if not raw_item.isdigit():
        raise Invalid("请指定事项ID", code="item_required", field="item")
    item = Item.objects.filter(pk=int(raw_item)).select_related("agency__jurisdiction").first()
    if item is None:
        raise NotFound("事项不存在", field="item")
    origin = None
    if data.get("origin"):
        origin = Jurisdiction.objects.filter(code=data["origin"]).first()
        if origin is None:
            raise NotFound("村（社区）代码不存在", field="origin")
    materials = {}
    for name, upload in request.FILES.items():
        if name.startswith("material_"):
            mid = name.removeprefix("material_")
            if not mid.isdigit():
                raise Invalid("材料文件字段应为 material_<材料ID>", code="bad_material_field")
            materials[int(mid)] = upload
    case, created = services.submit(
        item,
        by=request.user,
        channel=data.get("channel", Case.ONLINE),
        applicant={k: data.get(k, "") for k in data},
        materials=materials,
        idempotency_key=key_of(request) or "",
        summary=data.get("summary", ""),
        authorisation=request.FILES.get("authorisation"),
        origin=origin,
        situations=data.getlist("situations"),
    )
    return Status(201 if created else 200, _detail(case))


@router.get(
    "/track", response=dict, auth=public, summary="办件查询（办件编号+查询码，个人信息脱敏）"
)
def track(request: HttpRequest, number: str, code: str):
    case = queries.track(number, code, ip=client_ip(request))
    if case is None:
        raise NotFound("办件编号或查询码不正确")
    return {
        "number": case.number,
        "item_name": case.item.name,
        "agency": case.agency.name,
        "applicant_name": mask_name(case.applicant_name),
        "applicant_id": mask_id_number(case.applicant_id_number or case.applicant_usci),
        "applicant_phone": mask_phone(case.applicant_phone),
        "status": case.status,
        "status_label": case.get_status_display(),
        "current_step": case.current_step.name if case.current_step else None,
        "received_on": case.received_on,
        "accepted_on": case.accepted_on,
        "due_date": case.due_date,
        "completed_on": case.completed_on,
    }


@router.get("/verify", response=dict, auth=public, summary="证照文书核验（验证码）")
def verify(request: HttpRequest, code: str):
    found = queries.verify(code)
    if found is None:
        raise NotFound("未找到该验证码对应的文书")
    return found


@router.get("/measures", response=dict, auth=token_or_session, summary="办件指标（辖区）")
def measures(request: HttpRequest, jurisdiction: str, year: int | None = None):
    j = Jurisdiction.objects.filter(code=jurisdiction).first()
    if j is None:
        raise NotFound(f"区划代码“{jurisdiction}”不存在", field="jurisdiction")
    from zhengwu.org import scopes

    if not request.user.is_superuser and not any(
        j.path.startswith(a.path) for a in scopes.assignments(request.user)
    ):
        raise NotFound("您无权查看该辖区的指标")
    return queries.measures(j, year)


@router.get("/{int:case_id}", response=CaseDetail, auth=token_or_session, summary="办件详情")
def get_case(request: HttpRequest, case_id: int):
    return _detail(_case(request, case_id))


class Versioned(Schema):
    version: int | None = None


class RefuseIn(Versioned):
    reason: str
    basis: str


class SupplementNoticeIn(Versioned):
    missing: str


class OpinionIn(Versioned):
    opinion: str


class DecideIn(Versioned):
    approve: bool
    reason: str = ""
    # an approved licence's fields by label, as its result template lists them
    fields: dict[str, str] = {}


class SuspendIn(Versioned):
    kind: str
    reason: str = ""
    expected_days: int | None = None


class ReasonIn(Versioned):
    reason: str


class DeliverIn(Versioned):
    method: str
    address: str = ""
    tracking_number: str = ""


class FeeIn(Schema):
    name: str
    amount: money.Amount


@router.post("/{int:case_id}/accept", response=CaseDetail, auth=token_or_session, summary="受理")
@idempotent
def accept(request, case_id: int, body: Versioned):
    return _detail(services.accept(_case(request, case_id), by=request.user, version=body.version))


@router.post(
    "/{int:case_id}/refuse", response=CaseDetail, auth=token_or_session, summary="不予受理"
)
@idempotent
def refuse(request, case_id: int, body: RefuseIn):
    case = services.refuse(
        _case(request, case_id),
        reason=body.reason,
        basis=body.basis,
        by=request.user,
        version=body.version,
    )
    return _detail(case)


@router.post(
    "/{int:case_id}/supplement-notice",
    response=CaseDetail,
    auth=token_or_session,
    summary="一次性告知补正",
)
@idempotent
def supplement_notice(request, case_id: int, body: SupplementNoticeIn):
    case = services.request_supplement(
        _case(request, case_id), missing=body.missing, by=request.user, version=body.version
    )
    return _detail(case)


@router.post(
    "/{int:case_id}/supplement",
    response=CaseDetail,
    auth=token_or_session,
    summary="提交补正材料（multipart）",
)
@idempotent
def supplement(request, case_id: int):
    materials = {
        int(k.removeprefix("material_")): f
        for k, f in request.FILES.items()
        if k.startswith("material_") and k.removeprefix("material_").isdigit()
    }
    version = request.POST.get("version")
    case = services.supplement(
        _case(request, case_id),
        materials=materials,
        by=request.user,
        version=int(version) if version and version.isdigit() else None,
    )
    return _detail(case)


@router.post(
    "/{int:case_id}/advance", response=CaseDetail, auth=token_or_session, summary="完成当前审查环节"
)
@idempotent
def advance(request, case_id: int, body: OpinionIn):
    case = services.advance(
        _case(request, case_id), opinion=body.opinion, by=request.user, version=body.version
    )
    return _detail(case)


@router.post(
    "/{int:case_id}/decide", response=CaseDetail, auth=token_or_session, summary="准予 / 不予"
)
@idempotent
def decide(request, case_id: int, body: DecideIn):
    case = services.decide(
        _case(request, case_id),
        approve=body.approve,
        reason=body.reason,
        by=request.user,
        version=body.version,
        fields=body.fields,
    )
    return _detail(case)


@router.get(
    "/{int:case_id}/documents/{kind}/{int:document_id}",
    auth=token_or_session,
    summary="下载文书（PDF 或 DOCX）",
)
def document_file(request, case_id: int, kind: str, document_id: int, format: str = "pdf"):
    """The result (kind "result") or a notice (kind "document") as PDF, or DOCX with
    format=docx: the same as the case page's links."""
    if format not in ("pdf", "docx"):
        raise Invalid("文书格式应为pdf或docx", code="bad_format", field="format")
    case = _case(request, case_id)
    row: Result | CaseDocument | None
    if kind == "result":
        row = Result.objects.filter(case=case, pk=document_id).first()
    elif kind == "document":
        row = case.documents.filter(pk=document_id).first()
    else:
        row = None
    if row is None:
        raise NotFound("未找到该文书")
    response = documents.download(case, row, format)
    if response is None:
        raise NotFound("未找到该文书")
    return response


@router.post(
    "/{int:case_id}/suspend",
    response=CaseDetail,
    auth=token_or_session,
    summary="特别程序（中止计时）",
)
@idempotent
def suspend(request, case_id: int, body: SuspendIn):
    case = services.suspend(
        _case(request, case_id),
        kind=body.kind,
        reason=body.reason,
        expected_days=body.expected_days,
        by=request.user,
        version=body.version,
    )
    return _detail(case)


@router.post(
    "/{int:case_id}/resume", response=CaseDetail, auth=token_or_session, summary="恢复计时"
)
@idempotent
def resume(request, case_id: int, body: Versioned):
    return _detail(services.resume(_case(request, case_id), by=request.user, version=body.version))


@router.post(
    "/{int:case_id}/extend",
    response=CaseDetail,
    auth=token_or_session,
    summary="延长办理期限（负责人）",
)
@idempotent
def extend(request, case_id: int, body: ReasonIn):
    case = services.extend(
        _case(request, case_id), reason=body.reason, by=request.user, version=body.version
    )
    return _detail(case)


@router.post(
    "/{int:case_id}/deliver", response=CaseDetail, auth=token_or_session, summary="送达并办结"
)
@idempotent
def deliver(request, case_id: int, body: DeliverIn):
    case = services.deliver(
        _case(request, case_id),
        method=body.method,
        address=body.address,
        tracking_number=body.tracking_number,
        by=request.user,
        version=body.version,
    )
    return _detail(case)


@router.post("/{int:case_id}/fees", response=dict, auth=token_or_session, summary="登记收费")
@idempotent
def fee(request, case_id: int, body: FeeIn):
    row = services.charge_fee(
        _case(request, case_id), name=body.name, amount=body.amount, by=request.user
    )
    return {
        "id": row.pk,
        "name": row.name,
        "amount": str(row.amount_yuan),
        "listed": row.fee_id is not None,
    }
