"""行政复议 / 行政诉讼 against an answer (年报 表四)."""

from __future__ import annotations

from django.db import transaction

from zhengwu.core import audit, workflow
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.org import permissions

from ..models import Remedy, Request


@transaction.atomic
def record_remedy(
    req: Request, *, kind: str, filed_on, result: str = Remedy.PENDING, decided_on=None, note="", by
) -> Remedy:
    """行政复议 / 行政诉讼 against the answer (年报 表四)."""
    permissions.require(
        by, "disclosure_request.remedy", agency_id=req.agency_id, path=req.scope_path
    )
    if kind not in dict(Remedy.KINDS):
        raise Invalid("请选择复议或诉讼类型", code="bad_kind", field="kind")
    if result not in dict(Remedy.RESULTS):
        raise Invalid("请选择结果", code="bad_result", field="result")
    if not filed_on:
        raise Invalid("请填写申请或起诉日期", code="filed_on_required", field="filed_on")
    if (result == Remedy.PENDING) != (decided_on is None):
        raise Invalid(
            "已审结的应填写审结日期，尚未审结的不填", code="decided_on_mismatch", field="decided_on"
        )
    if decided_on and decided_on < filed_on:
        raise Invalid("审结日期不能早于申请日期", code="bad_date", field="decided_on")
    remedy = Remedy.objects.create(
        request=req,
        agency=req.agency,
        scope_path=req.scope_path,
        kind=kind,
        filed_on=filed_on,
        result=result,
        decided_on=decided_on,
        note=(note or "")[:200],
    )
    audit.record("disclosure_request.remedy", remedy, actor=by, after=audit.snapshot(remedy))
    return remedy


def remedy_of(req: Request, remedy_id) -> Remedy:
    """One 复议/诉讼 of this request, by the id a form or the API sent (anything else: 404)."""
    value = str(remedy_id or "")
    remedy = (
        req.remedies.filter(pk=int(value)).first() if value.isdigit() and len(value) < 18 else None
    )
    if remedy is None:
        raise NotFound("未找到该行政复议或诉讼记录", code="unknown_remedy", field="remedy")
    return remedy


def decide_remedy(remedy: Remedy, *, result: str, decided_on, by, version=None) -> Remedy:
    """The 复议决定 or 判决 of a pending remedy: 维持, 纠正 (撤销、变更、确认违法、责令履行…) or
    其他结果, with its date; table 四 of the annual report counts it under that result."""
    permissions.require(
        by,
        "disclosure_request.remedy_decided",
        agency_id=remedy.request.agency_id,
        path=remedy.request.scope_path,
    )
    if result not in dict(Remedy.RESULTS) or result == Remedy.PENDING:
        raise Invalid("请选择审结结果：维持、纠正或其他结果", code="bad_result", field="result")
    if not decided_on:
        raise Invalid("请填写审结日期", code="decided_on_required", field="decided_on")
    with workflow.transition(
        remedy, "disclosure_request.remedy_decided", by=by, version=version
    ) as c:
        locked = c.obj
        if decided_on < locked.filed_on:
            raise Invalid("审结日期不能早于申请或起诉日期", code="bad_date", field="decided_on")
        locked.result, locked.decided_on = result, decided_on
    return remedy
