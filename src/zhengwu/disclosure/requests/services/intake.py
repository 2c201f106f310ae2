"""Intake: the applicant's particulars, the request number, 网上申请 and staff registration."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction

from zhengwu.core import audit, numbering, tracking
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.core.identity import validate_id_number, validate_usci
from zhengwu.org import permissions
from zhengwu.org.models import Agency

from .. import likeness, rules
from ..models import Request
from . import proposals
from ._common import ANSWER, CLARIFY_NOTICE, _snap, _start, _tell_applicant, today


def clean_applicant(data: dict) -> dict:
    """条例 §29¶2(一): name, proof of identity and contact, validated; the kind decides which
    identity (居民身份证号 for 自然人, 统一社会信用代码 for 法人或其他组织)."""
    kind = (data.get("applicant_kind") or "").strip()
    if kind not in rules.APPLICANT_LABELS:
        raise Invalid("请选择申请人类型", code="applicant_kind_required", field="applicant_kind")
    name = (data.get("applicant_name") or "").strip()
    if not name:
        raise Invalid("请填写申请人姓名或名称", code="name_required", field="applicant_name")
    raw_id = (data.get("applicant_id_number") or "").strip()
    if kind == rules.NATURAL:
        try:
            ident = validate_id_number(raw_id)
        except Invalid as e:
            raise Invalid(e.message, code=e.code, field="applicant_id_number") from None
    else:
        try:
            ident = validate_usci(raw_id)
        except Invalid as e:
            raise Invalid(e.message, code=e.code, field="applicant_id_number") from None
    phone = (data.get("applicant_phone") or "").strip()
    if not phone or not phone.replace("-", "").isdigit() or not 7 <= len(phone) <= 20:
        raise Invalid("请填写正确的联系电话", code="phone_required", field="applicant_phone")
    subject = (data.get("subject") or "").strip()
    if not subject:
        raise Invalid("请填写所需政府信息的名称", code="subject_required", field="subject")
    form = data.get("form") or "electronic"
    delivery = data.get("delivery") or "online"
    if form not in dict(Request.FORMS) or delivery not in dict(Request.DELIVERIES):
        raise Invalid("请选择信息的提供形式和获取方式", code="bad_form", field="form")
    return {
        "applicant_kind": kind,
        "applicant_name": name[:100],
        "applicant_id_number": ident,
        "applicant_phone": phone,
        "applicant_address": (data.get("applicant_address") or "").strip()[:200],
        "applicant_email": (data.get("applicant_email") or "").strip()[:254],
        "contact_person": (data.get("contact_person") or "").strip()[:40],
        "subject": subject[:200],
        "description": (data.get("description") or "").strip(),
        "form": form,
        "delivery": delivery,
    }


# 申请编号: YSQ, the year of receipt, the agency's id in 4 digits and its serial of the year in 5
# (YSQ2026001200031), from the agency's counter (`core.numbering`).
NUMBER_FORMAT = "YSQ{year}{agency:04d}{n:05d}"


def counter_key(agency_id: int) -> str:
    """The agency's series of request numbers in `core.numbering` (one counter per year)."""
    return f"disclosure.request:{agency_id}"


def _new_number(agency: Agency, year: int) -> str:
    return numbering.next_number(counter_key(agency.pk), year, NUMBER_FORMAT, agency=agency.pk)


def _create(
    agency: Agency, fields: dict, *, channel: str, arrived_on, received_on, by, client_key=""
):
    code = "".join(secrets.choice("ABCDEFGHJKLMNPQRTUWXY23456789") for _ in range(8))
    try:
        with transaction.atomic():  # a refused row gives its number back
            number = _new_number(agency, received_on.year)
            req = Request.objects.create(
                number=number,
                query_code_hash=tracking.hash_code(number, code),
                client_key=client_key,
                agency=agency,
                scope_path=agency.scope_path,
                channel=channel,
                arrived_on=arrived_on,
                received_on=received_on,
                receipt_basis=rules.RECEIPT_BASIS[channel],
                **fields,
            )
    except IntegrityError:
        # The same client key submitted twice at once: the first one wins, the second gets it.
        existing = client_key and Request.objects.filter(client_key=client_key).first()
        if existing:
            return existing, ""
        raise
    _start(req, req, ANSWER, received_on, "disclosure.answer")
    _start(req, req, CLARIFY_NOTICE, received_on, "disclosure.clarify_notice")
    return req, code


@transaction.atomic
def submit_online(
    agency: Agency, data: dict, *, by, client_key: str = "", history_date: dt.date | None = None
) -> tuple[Request, str]:
    """网上申请 with or without a public account. Both sides confirm the receipt at once (the
    system's acknowledgement), so the receipt date is the day of submission (条例 §31(四)).

    `client_key` makes a retried submission return the first one (idempotent). `history_date`
    is only for loading past years (the demo); the pages and the API never pass it."""
    client_key = (client_key or "").strip()[:64]
    if client_key:
        existing = Request.objects.filter(client_key=client_key).first()
        if existing:
            return existing, ""
    if not agency.is_active:
        raise NotFound("该机关不接受申请", code="agency_inactive")
    fields = clean_applicant(data)
    account = by if getattr(by, "is_authenticated", False) and by.kind != "staff" else None
    own_ids = (account.id_number, account.usci) if account is not None else None
    if own_ids is not None and fields["applicant_id_number"] not in own_ids:
        raise Invalid(
            "登录账户只能以本人（本单位）名义申请，身份证件号码应与账户一致",
            code="not_account_holder",
            field="applicant_id_number",
        )
    day = history_date or today()
    req, code = _create(
        agency,
        fields | {"account": account},
        channel=rules.ONLINE,
        arrived_on=day,
        received_on=day,
        by=by,
        client_key=client_key,
    )
    if not code:
        return req, ""
    audit.record("disclosure_request.submit", req, actor=account, after=_snap(req))
    _registered(req)
    _tell_applicant(req, f"已收到您的政府信息公开申请（{req.number}）", f"收到日期：{day}")
    return req, code


@transaction.atomic
def register(
    agency: Agency,
    data: dict,
    *,
    channel: str,
    by,
    submitted_on=None,
    signed_for_on=None,
    arrived_on=None,
    confirmed_on=None,
) -> tuple[Request, str]:
    """Staff register a request that came by letter, post, fax or in person (条例 §29¶1: an oral
    request is written down for the applicant), with the receipt date of §31 for its channel."""
    permissions.require(
        by, "disclosure_request.register", agency_id=agency.pk, path=agency.scope_path
    )
    if channel == rules.ONLINE:
        raise Invalid("网上申请由申请人在线提交", code="online_not_registered", field="channel")
    received = rules.receipt_date(
        channel,
        submitted_on=submitted_on,
        signed_for_on=signed_for_on,
        arrived_on=arrived_on,
        confirmed_on=confirmed_on,
    )
    if received > today():
        raise Invalid("收到申请日期不能晚于今天", code="future_date", field="received_on")
    fields = clean_applicant(data)
    req, code = _create(
        agency,
        fields,
        channel=channel,
        arrived_on=arrived_on or signed_for_on or submitted_on or received,
        received_on=received,
        by=by,
    )
    audit.record("disclosure_request.register", req, actor=by, after=_snap(req))
    _registered(req)
    return req, code


def _registered(req: Request) -> None:
    """Every new request: into the staff-only search index, then the §44 check (a proposal
    when enough applicants asked for the same information), in the registering transaction."""
    likeness.index(req)
    proposals.detect(req)


def get_agency(usci: str) -> Agency:
    agency = (
        Agency.objects.select_related("jurisdiction")
        .filter(usci=(usci or "").strip().upper())
        .first()
    )
    if agency is None:
        raise NotFound("没有该统一社会信用代码对应的机关", code="unknown_agency", field="agency")
    return agency


def get_agency_or_404(usci: str) -> Agency:
    from django.http import Http404

    try:
        return get_agency(usci)
    except NotFound as e:
        raise Http404(e.message) from None
