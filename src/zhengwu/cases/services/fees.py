"""收费 against the item's fee list (行政许可法 §58)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhengwu.core import audit, money, rows
from zhengwu.core.errors import Invalid

from .. import permissions
from ..models import (
    Case,
    CaseFee,
)
from ._common import (
    _event,
    _expect,
    _irregular,
    _lock,
    _role,
    _today,
)


def charge_fee(
    case: Case,
    *,
    name: str,
    amount,
    by,
    on: dt.date | None = None,
) -> CaseFee:
    """收费. A fee outside the item's fee list is recorded and reported (行政许可法 §58)."""
    on = _today(on)
    name = (name or "").strip()
    if not name:
        raise Invalid("请填写收费项目", code="fee_name_required", field="name")
    longest = CaseFee._meta.get_field("name").max_length
    if longest is not None and len(name) > longest:
        raise Invalid("收费项目名称过长（不超过100个字）", code="fee_name_too_long", field="name")
    amount = money.parse_amount(
        amount, column=CaseFee._meta.get_field("amount_yuan"), field="amount"
    )
    with transaction.atomic():
        case = _lock(case, None)
        permissions.require(by, "cases.charge_fee", case)
        _expect(case, "cases.charge_fee")
        fee = case.item.fees.filter(name=name).first()
        row = CaseFee.objects.create(
            case=case, fee=fee, name=name, amount_yuan=amount, charged_on=on, by=by
        )
        if fee is None:
            # 电子监察 trigger 7: unauthorised fees.
            _irregular(case, "fee_not_in_list", f"收取了事项收费清单以外的费用：{name} {amount}元")
        elif fee.amount_yuan is not None and amount > fee.amount_yuan:
            _irregular(
                case, "fee_not_in_list", f"{name}收取{amount}元，超过标准{fee.amount_yuan}元"
            )
        w = rows.Changes(Case)
        _event(w, case, "fee", f"收费：{name} {amount}元", on, by)
        audit.record(
            "cases.charge_fee",
            case,
            changes=w,
            actor=by,
            role=_role(by),
            after={"name": name, "amount": str(amount), "listed": fee is not None},
        )
    return row
