"""信息处理费 (国办函〔2020〕109号): the fee, its notice, the payment and the unpaid end."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from zhengwu.core import clock, money, workflow
from zhengwu.core.errors import Invalid
from zhengwu.core.models import Clock
from zhengwu.org import permissions

from .. import rules
from ..models import Request
from ._common import (
    FEE_PAYMENT,
    _clock,
    _close,
    _main_clock,
    _start,
    _stop,
    _tell_applicant,
    today,
)


def nth_in_month(req: Request) -> int:
    """The position of this request among the applicant's requests to the agency in its month."""
    first = req.received_on.replace(day=1)
    same = Request.objects.filter(
        agency_id=req.agency_id,
        applicant_id_number=req.applicant_id_number,
        received_on__gte=first,
        received_on__lte=req.received_on,
    )
    earlier = same.filter(received_on__lt=req.received_on).count()
    return earlier + same.filter(received_on=req.received_on, pk__lte=req.pk).count()


def compute_fee(req: Request, method: str, pages: int | None = None) -> int:
    if method == rules.PER_ITEM:
        return rules.per_item_fee(nth_in_month(req))
    if method == rules.PER_VOLUME:
        if pages is None:
            raise Invalid("按量计收应填写页数", code="pages_required", field="pages")
        return rules.per_volume_fee(int(pages))
    raise Invalid("请选择收费方式", code="bad_fee_method", field="method")


FEE_NOTICE = "disclosure_request.fee_notice"
FEE_PAID = "disclosure_request.fee_paid"
FEE_UNPAID = "disclosure_request.fee_unpaid"


def notify_fee(
    req: Request, *, method: str, pages: int | None = None, on=None, by, version=None
) -> Request:
    """收费通知 (国办函〔2020〕109号): one method per request. The answer period waits while the
    applicant pays; unpaid by the end of the payment period, the request is no longer handled."""
    permissions.require(by, FEE_NOTICE, agency_id=req.agency_id, path=req.scope_path)
    on = on or today()
    with workflow.transition(req, FEE_NOTICE, by=by, version=version) as c:
        locked = c.obj
        if locked.fee_noticed_on:
            raise Invalid("本申请已发出收费通知", code="fee_once")
        fee: int | Decimal = compute_fee(locked, method, pages)
        if fee == 0:
            raise Invalid("按收费标准本申请无需收费", code="fee_free")
        fee = money.parse_amount(
            fee,
            column=Request._meta.get_field("fee_yuan"),
            field="pages",
            label="信息处理费",
        )
        locked.fee_method, locked.fee_pages, locked.fee_yuan = method, pages, fee
        locked.fee_noticed_on, locked.updated_at = on, timezone.now()
        main = _main_clock(locked)
        if main.state == Clock.RUNNING:
            clock.suspend(main, on=on, reason="收费通知至缴费")
        _start(locked, locked, FEE_PAYMENT, on, "disclosure.fee_payment")
    _tell_applicant(
        req,
        f"信息处理费收费通知（{req.number}）",
        f"应缴信息处理费{fee}元（{dict(rules.FEE_METHODS)[method]}）。",
    )
    return req


def record_payment(req: Request, *, on=None, by, version=None) -> Request:
    permissions.require(by, FEE_PAID, agency_id=req.agency_id, path=req.scope_path)
    on = on or today()
    with workflow.transition(req, FEE_PAID, by=by, version=version) as c:
        locked = c.obj
        if not locked.fee_noticed_on or locked.fee_paid_on:
            raise Invalid("本申请没有待缴的信息处理费", code="no_fee_due")
        pay_clock = _clock(locked, FEE_PAYMENT)
        if pay_clock and pay_clock.due_date and on > pay_clock.due_date:
            raise Invalid(f"缴费期限已于{pay_clock.due_date}届满", code="fee_period_passed")
        locked.fee_paid_on, locked.updated_at = on, timezone.now()
        _stop(locked, FEE_PAYMENT, on)
        main = _main_clock(locked)
        if main.state == Clock.SUSPENDED and not locked.consultations.filter(reply="").exists():
            clock.resume(main, on=on)
    return req


def end_unpaid(req: Request, *, on=None, by=None, version=None) -> Request:
    """年报 三（六）2: the applicant did not pay in time; the agency no longer handles it."""
    if by is not None:
        permissions.require(by, FEE_UNPAID, agency_id=req.agency_id, path=req.scope_path)
    on = on or today()
    with workflow.transition(req, FEE_UNPAID, by=by, version=version) as c:
        locked = c.obj
        if not locked.fee_noticed_on or locked.fee_paid_on:
            raise Invalid("本申请没有逾期未缴的信息处理费", code="no_fee_due")
        pay_clock = _clock(locked, FEE_PAYMENT)
        if pay_clock is None or pay_clock.due_date is None or on <= pay_clock.due_date:
            raise Invalid("缴费期限尚未届满", code="fee_period_running")
        _close(locked, "fee_unpaid", on, f"缴费期限已于{pay_clock.due_date}届满，申请人未缴费。")
        locked.fee_yuan = Decimal(0)
    _tell_applicant(
        req, f"政府信息公开申请（{req.number}）不再处理", rules.OUTCOME_BY_CODE["fee_unpaid"].letter
    )
    return req
