"""宣传培训: training sessions recorded by the office that organised them (or over it), and
best-practice cases written by a county or the 州, published by the 州 office on the portal."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, workflow
from zhengwu.core.errors import Invalid
from zhengwu.org import permissions
from zhengwu.org.models import Agency, Jurisdiction

from ..models import BestCase, TrainingFile, TrainingSession
from ..models.training import CASE_EDIT, CASE_PUBLISH, CASE_RETURN, CASE_SUBMIT, CASE_WITHDRAW
from . import common


def _agency(usci, field: str, label: str) -> Agency:
    found = Agency.objects.filter(usci=str(usci or "").strip().upper(), is_active=True).first()
    if found is None:
        raise Invalid(f"请选择{label}", code=f"{field}_invalid", field=field)
    return found


def organiser(value) -> tuple[Jurisdiction, Agency | None]:
    """ "j:<区划代码>" for a 政务公开办 itself, else a body's 统一社会信用代码."""
    raw = str(value or "").strip()
    if raw.startswith("j:"):
        j = Jurisdiction.objects.filter(code=raw[2:]).first()
        if j is None:
            raise Invalid("请选择主办单位", code="organiser_invalid", field="organiser")
        return j, None
    agency = _agency(raw, "organiser", "主办单位")
    return agency.jurisdiction, agency


def clean_session(data: dict, bodies) -> dict:
    held_on = common.date(data.get("held_on"), "held_on", "培训日期")
    if held_on > timezone.localdate():
        raise Invalid(
            "培训日期不能晚于今天：请在培训举办后登记", code="held_on_future", field="held_on"
        )
    j, agency = organiser(data.get("organiser"))
    return {
        "held_on": held_on,
        "subject": common.text(data, "subject", "培训主题", 200),
        "jurisdiction": j,
        "organiser": agency,
        "trainers": common.text(data, "trainers", "授课人", 200),
        "attendee_count": common.count(data.get("attendee_count"), "attendee_count", "参训人数"),
        "bodies": [_agency(b, "bodies", "参训单位") for b in bodies if str(b).strip()],
    }


def record_session(data: dict, bodies=(), *, files=(), by) -> TrainingSession:
    values = clean_session(data, bodies)
    return record_clean(values, files=files, by=by)


def record_clean(values: dict, *, files=(), by) -> TrainingSession:
    j = values["jurisdiction"]
    permissions.require(by, "programmes.training.record", agency_id=None, path=j.path)
    stored = [(common.file_name(f), common.upload(f, "files")) for f in files]
    bodies = values.pop("bodies", [])
    with transaction.atomic():
        session = TrainingSession.objects.create(scope_path=j.path, recorded_by=by, **values)
        session.attendee_bodies.set(bodies)
        for name, content in stored:
            TrainingFile.objects.create(session=session, name=name, file=content)
        audit.record(
            "programmes.training.record",
            session,
            actor=by,
            after={
                **audit.snapshot(session, ["held_on", "subject", "trainers", "attendee_count"]),
                "organiser": session.organiser_name,
                "bodies": [b.name for b in bodies],
                "files": [n for n, _ in stored],
            },
        )
    return session


# --- best-practice cases -----------------------------------------------------------------------


def _clean_case(data: dict) -> dict:
    return {
        "title": common.text(data, "title", "标题", 200),
        "body": common.text(data, "body", "正文", 50000),
    }


def create_case(jurisdiction: Jurisdiction, data: dict, picture=None, *, by) -> BestCase:
    permissions.require(by, "programmes.case.create", agency_id=None, path=jurisdiction.path)
    values = _clean_case(data)
    agency = None
    if str(data.get("agency") or "").strip():
        agency = _agency(data.get("agency"), "agency", "单位")
        if not agency.scope_path.startswith(jurisdiction.path):
            raise Invalid("单位应属于本辖区", code="agency_outside", field="agency")
    content = common.upload(picture, "picture", pictures_only=True) if picture else None
    with transaction.atomic():
        case = BestCase.objects.create(
            jurisdiction=jurisdiction,
            agency=agency,
            scope_path=jurisdiction.path,
            created_by=by,
            **values,
            **({"picture": content} if content else {}),
        )
        audit.record(
            "programmes.case.create", case, actor=by, after=audit.snapshot(case, ["title"])
        )
    return case


def edit_case(case: BestCase, data: dict, *, by, version=None) -> BestCase:
    permissions.require(by, CASE_EDIT, agency_id=None, path=case.scope_path)
    values = _clean_case(data)
    with workflow.transition(case, CASE_EDIT, by=by, version=version) as change:
        for k, v in values.items():
            setattr(change.obj, k, v)
    return case


def submit_case(case: BestCase, *, by, version=None) -> BestCase:
    permissions.require(by, CASE_SUBMIT, agency_id=None, path=case.scope_path)
    with workflow.transition(case, CASE_SUBMIT, by=by, version=version) as change:
        change.obj.reason = ""
    return case


def return_case(case: BestCase, reason, *, by, version=None) -> BestCase:
    common.require_prefecture(by, CASE_RETURN)
    reason = common.text({"reason": reason}, "reason", "退回理由", 300)
    with workflow.transition(case, CASE_RETURN, by=by, version=version) as change:
        change.obj.reason = reason
    return case


def publish_case(case: BestCase, *, by, version=None) -> BestCase:
    common.require_prefecture(by, CASE_PUBLISH)
    with workflow.transition(case, CASE_PUBLISH, by=by, version=version) as change:
        change.obj.published_at = timezone.now()
    return case


def withdraw_case(case: BestCase, reason, *, by, version=None) -> BestCase:
    common.require_prefecture(by, CASE_WITHDRAW)
    reason = common.text({"reason": reason}, "reason", "撤回理由", 300)
    with workflow.transition(case, CASE_WITHDRAW, by=by, version=version) as change:
        change.obj.reason = reason
    return case
