"""County plans filed (备案): a county's office uploads its yearly 政务公开工作 plan and submits
it; the 州 office returns it with a reason or files it with a 备案号 (`core.numbering`)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhengwu.core import audit, numbering, workflow
from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.org import permissions
from zhengwu.org.models import Jurisdiction

from ..models import CountyPlan
from ..models.plans import EDIT, FILE, RETURN, SUBMIT
from . import common

FILING_FORMAT = "州政务公开备〔{year}〕{n}号"


def _clean(data: dict) -> dict:
    return {
        "title": common.text(data, "title", "标题", 200),
        "summary": common.text(data, "summary", "内容摘要", 5000),
    }


def create(county: Jurisdiction, data: dict, upload, *, by) -> CountyPlan:
    permissions.require(by, "programmes.county_plan.create", agency_id=None, path=county.path)
    if county.level != Jurisdiction.COUNTY:
        raise Invalid("政务公开工作方案由县市报送", code="county_invalid", field="county")
    year = common.year(data.get("year"))
    values = _clean(data)
    content = common.upload(upload, "file")
    if CountyPlan.objects.filter(jurisdiction=county, year=year).exists():
        raise Conflict(
            f"{county.name}{year}年的工作方案已上传，请在该方案中修改",
            code="plan_exists",
            field="year",
        )
    try:
        with transaction.atomic():
            plan = CountyPlan.objects.create(
                jurisdiction=county,
                scope_path=county.path,
                year=year,
                file=content,
                file_name=common.file_name(upload),
                created_by=by,
                **values,
            )
            audit.record(
                "programmes.county_plan.create",
                plan,
                actor=by,
                after={
                    **audit.snapshot(plan, ["title", "year", "summary"]),
                    "file": plan.file_name,
                },
            )
    except IntegrityError:
        raise Conflict(f"{county.name}{year}年的工作方案已上传", code="plan_exists") from None
    return plan


def edit(plan: CountyPlan, data: dict, upload=None, *, by, version=None) -> CountyPlan:
    permissions.require(by, EDIT, agency_id=None, path=plan.scope_path)
    values = _clean(data)
    content = common.upload(upload, "file") if upload is not None else None
    with workflow.transition(plan, EDIT, by=by, version=version) as change:
        for k, v in values.items():
            setattr(change.obj, k, v)
        if content is not None:
            change.obj.file = content
            change.obj.file_name = common.file_name(upload)
    return plan


def submit(plan: CountyPlan, *, by, version=None) -> CountyPlan:
    permissions.require(by, SUBMIT, agency_id=None, path=plan.scope_path)
    with workflow.transition(plan, SUBMIT, by=by, version=version) as change:
        change.obj.submitted_on = timezone.localdate()
    return plan


def _reviewer(by, action: str, plan: CountyPlan) -> None:
    """The 州 office reviews: the rule on the county's parent's path, which a county's own
    office does not hold."""
    parent = plan.jurisdiction.parent
    if parent is None:
        raise NotAllowed("该方案不属于县市")
    permissions.require(by, action, agency_id=None, path=parent.path)


def return_(plan: CountyPlan, reason, *, by, version=None) -> CountyPlan:
    _reviewer(by, RETURN, plan)
    reason = common.text({"reason": reason}, "reason", "退回理由", 500)
    with workflow.transition(plan, RETURN, by=by, version=version) as change:
        change.obj.return_reason = reason
    return plan


def file(plan: CountyPlan, *, by, version=None) -> CountyPlan:
    _reviewer(by, FILE, plan)
    with workflow.transition(plan, FILE, by=by, version=version) as change:
        change.obj.filed_on = timezone.localdate()
        change.obj.filing_number = numbering.next_number(
            "programmes.county_plan", change.obj.filed_on.year, FILING_FORMAT
        )
        change.obj.return_reason = ""
    return plan
