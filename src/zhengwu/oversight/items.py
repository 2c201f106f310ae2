"""The life of a 监督事项: filed by a supervisor (or recorded from the press by the office),
assigned by the office to the body concerned with a rectification period on the platform's
clock, rectified by that body, then confirmed (or sent back) by whoever raised it: the
supervisor, or the office for the press and for a supervisor without an account.

The period is the `core.limits` row `oversight.rectify` (15 工作日 by default: no national rule
fixes it; a 州 or county sets its own on /workbench/limits/). Its clock is watched by 电子监察 as
every other clock (预警, 黄牌, 红牌)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, clock, limits, notify, workflow
from zhengwu.core.errors import Invalid, NotAllowed
from zhengwu.disclosure import files as checks
from zhengwu.org import permissions
from zhengwu.org.models import Agency, RoleAssignment

from . import models as m
from .models import Item, ItemFile, Supervisor
from .permissions import BODY_ROLES

LIMIT = "oversight.rectify"
# No national rule fixes how long a body has to rectify what an outside supervisor or the press
# raises: 15 工作日 is the default the office starts from (unverified; 差评整改 uses the same),
# and a 州 or county sets its own on /workbench/limits/. Seeded by migration 0002.
PERIOD = {
    "name": "社会监督和媒体监督反映问题整改期限",
    "days": 15,
    "unit": "workdays",
    "article": "本地政务公开社会监督工作制度（默认值，待核实）",
    "configurable": True,
    "setting": "ZHENGWU_OVERSIGHT_RECTIFY_WORKDAYS",
    "order": 100,
}
PURPOSES = {Item.FINDING: "社会监督意见整改", Item.MEDIA: "媒体监督问题整改"}
MAX_FILES = 10


def _text(value, label: str, field: str, most: int) -> str:
    value = str(value or "").strip()
    if not value:
        raise Invalid(f"请填写{label}", code=f"{field}_required", field=field)
    if len(value) > most:
        raise Invalid(f"{label}不超过{most}字", code=f"{field}_too_long", field=field)
    return value


def _files(uploads, what: str) -> list[tuple[str, bytes, str]]:
    """(name, bytes, content type) of each upload, checked by its bytes before anything is kept."""
    uploads = [u for u in uploads or [] if u]
    if len(uploads) > MAX_FILES:
        raise Invalid(f"{what}最多{MAX_FILES}个", code="too_many_files", field="files")
    out = []
    for upload in uploads:
        data = checks.read_upload(upload, what=what, field="files")
        kind = checks.checked(data, what=what, field="files")
        out.append(((getattr(upload, "name", "") or "材料")[-120:], data, kind[0]))
    return out


def _keep(item: Item, stage: str, files: list[tuple[str, bytes, str]]) -> None:
    for name, data, content_type in files:
        row = ItemFile(item=item, stage=stage, name=name, content_type=content_type)
        row.file.save(name, ContentFile(data), save=False)
        row.save()


def _agency(agency_id) -> Agency:
    found = Agency.objects.filter(pk=agency_id).first() if str(agency_id).isdigit() else None
    if found is None:
        raise Invalid("请选择涉及的单位", code="agency_required", field="agency")
    return found


def _common(data: dict) -> dict:
    return {
        "title": _text(data.get("title"), "标题", "title", 120),
        "text": _text(data.get("text"), "内容", "text", 4000),
    }


@transaction.atomic
def file_finding(
    data: dict, *, by, supervisor: Supervisor | None = None, evidence=(), today=None
) -> Item:
    """A supervisor's 意见建议 or 问题线索 about a body. A supervisor files their own; the office
    files for a supervisor of its roster (one without an account, by letter or in person)."""
    today = today or timezone.localdate()
    own = Supervisor.objects.filter(user=by).first() if by is not None else None
    if supervisor is None or (own is not None and supervisor.pk == own.pk):
        if own is None:
            raise NotAllowed("您不是登记在册的社会监督员，不能提出监督意见", code="not_supervisor")
        supervisor = own
    elif not permissions.allows(
        by, "oversight.supervisor_changed", agency_id=None, path=supervisor.scope_path
    ):
        raise NotAllowed("您不能代该监督员提出监督意见", code="not_your_supervisor")
    if not supervisor.in_term(today):
        raise NotAllowed(
            f"{supervisor.name}的聘任期为{supervisor.term_start:%Y年%-m月%-d日}至"
            f"{supervisor.term_end:%Y年%-m月%-d日}，当前不在聘任期内，不能提出监督意见",
            code="term_expired",
        )
    agency = _agency(data.get("agency"))
    if not agency.scope_path.startswith(supervisor.scope_path):
        raise Invalid(
            f"该单位不在{supervisor.name}的监督范围（{supervisor.jurisdiction.name}）内",
            code="agency_out_of_scope",
            field="agency",
        )
    permissions.require(by, m.FILED, agency_id=agency.pk, path=agency.scope_path)
    kind = str(data.get("kind") or "").strip()
    if kind not in dict(Item.KINDS):
        raise Invalid("请选择类型：意见建议或问题线索", code="kind_required", field="kind")
    values = _common(data)
    evidence_files = _files(evidence, "证据材料")
    item = Item.objects.create(
        source=Item.FINDING,
        kind=kind,
        supervisor=supervisor,
        agency=agency,
        scope_path=agency.scope_path,
        filed_on=today,
        filed_by=by,
        **values,
    )
    _keep(item, ItemFile.EVIDENCE, evidence_files)
    audit.record("oversight.finding_filed", item, actor=by, after=audit.snapshot(item))
    return item


def _url(data: dict) -> str:
    link = str(data.get("link") or "").strip()
    if link and not link.startswith(("http://", "https://")):
        raise Invalid("报道链接应以 http:// 或 https:// 开头", code="link_invalid", field="link")
    if len(link) > 300:
        raise Invalid("报道链接不超过300字符", code="link_too_long", field="link")
    return link


@transaction.atomic
def record_media(data: dict, *, by, evidence=(), today=None) -> Item:
    """A report in the media about a body, recorded by the office."""
    today = today or timezone.localdate()
    agency = _agency(data.get("agency"))
    permissions.require(by, m.RECORDED, agency_id=agency.pk, path=agency.scope_path)
    outlet = _text(data.get("outlet"), "媒体名称", "outlet", 60)
    raw = data.get("reported_on")
    try:
        reported = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise Invalid("请填写报道日期（如2026-12-01）", code="reported_on_invalid",
                      field="reported_on") from None  # fmt: skip
    if reported > today:
        raise Invalid("报道日期不能晚于今天", code="reported_on_future", field="reported_on")
    values = _common(data)
    link = _url(data)
    evidence_files = _files(evidence, "报道材料")
    item = Item.objects.create(
        source=Item.MEDIA,
        outlet=outlet,
        reported_on=reported,
        link=link,
        agency=agency,
        scope_path=agency.scope_path,
        filed_on=today,
        filed_by=by,
        **values,
    )
    _keep(item, ItemFile.EVIDENCE, evidence_files)
    audit.record("oversight.media_recorded", item, actor=by, after=audit.snapshot(item))
    return item


def ensure_limit() -> None:
    """Put back the period's row where a flushed database lost its migration's seed (the demo
    loader after a transactional test), as load_demo puts back the calendar."""
    from zhengwu.core.models import StatutoryLimit

    if not StatutoryLimit.objects.filter(code=LIMIT).exists():
        StatutoryLimit.objects.create(code=LIMIT, **PERIOD)
        limits.invalidate()


def _start_clock(item: Item, on: dt.date) -> clock.Clock:
    law = limits.get(LIMIT, item.agency.jurisdiction.code)
    return clock.start(
        item,
        purpose=PURPOSES[item.source],
        started_on=on,
        limit=law.days,
        unit=law.unit,
        jurisdiction_code=item.agency.jurisdiction.code,
        scope_path=item.scope_path,
        agency_id=item.agency_id,
    )


def period(item: Item) -> str:
    """15个工作日: the period this item's body gets, as the office's words say it."""
    return limits.get(LIMIT, item.agency.jurisdiction.code).amount


def _stop_clocks(item: Item, on: dt.date) -> None:
    for running in clock.clocks_of(item).exclude(state="stopped"):
        clock.stop(running, on=on)


def _tell_body(item: Item, subject: str, body: str) -> None:
    for a in RoleAssignment.objects.filter(agency=item.agency, role__in=BODY_ROLES).select_related(
        "user"
    ):
        notify.notify(a.user, subject, body, f"/workbench/oversight/items/{item.pk}/")


def assign(item: Item, *, note: str = "", by, version=None, today=None) -> Item:
    """交办 to the body concerned: its rectification clock starts."""
    today = today or timezone.localdate()
    permissions.require(by, m.ASSIGNED, agency_id=item.agency_id, path=item.scope_path)
    note = str(note or "").strip()
    if len(note) > 500:
        raise Invalid("交办意见不超过500字", code="note_too_long", field="note")
    with workflow.transition(
        item, "oversight.assigned", by=by, version=version, related=("agency",)
    ) as c:
        started = _start_clock(c.obj, today)
        c.obj.assigned_on, c.obj.assign_note = today, note
        c.obj.first_due_on = c.obj.due_on = started.due_date
    _tell_body(
        item,
        f"收到交办的{item.get_source_display()}事项：{item.title}",
        f"请于{item.due_on:%Y年%-m月%-d日}前整改并反馈整改情况。",
    )
    return item


def _own_body(item: Item, by, action: str) -> None:
    permissions.require(by, action, agency_id=item.agency_id, path=item.scope_path)


@transaction.atomic
def rectify(item: Item, *, text: str, by, files=(), version=None, today=None) -> Item:
    """The body's 整改情况 (with its evidence): stops the clock; late if after the due date."""
    today = today or timezone.localdate()
    _own_body(item, by, m.RECTIFIED)
    text = _text(text, "整改情况", "rectification", 4000)
    kept = _files(files, "整改材料")
    with workflow.transition(item, "oversight.rectified", by=by, version=version) as c:
        c.obj.rectification, c.obj.rectified_on = text, today
        if c.obj.due_on and today > c.obj.due_on:
            c.obj.late = True
        _stop_clocks(c.obj, today)
        _keep(c.obj, ItemFile.RECTIFICATION, kept)
        c.note(files=len(kept))
    return item


def _confirmer(item: Item, by, action: str) -> None:
    """Who confirms or sends back: the supervisor who filed it when they have an account, else
    the office over the body's jurisdiction."""
    permissions.require(by, action, agency_id=item.agency_id, path=item.scope_path)
    supervisor = item.supervisor
    if supervisor is not None and supervisor.user_id:
        if supervisor.user_id != by.pk:
            raise NotAllowed(f"该事项由监督员{supervisor.name}本人确认", code="not_your_finding")
    elif not permissions.allows(by, "oversight.supervisor_changed", agency_id=None,
                                path=item.scope_path):  # fmt: skip
        raise NotAllowed("该事项由政务公开办确认", code="office_confirms")


def confirm(item: Item, *, note: str = "", by, version=None, today=None) -> Item:
    today = today or timezone.localdate()
    _confirmer(item, by, m.CONFIRMED)
    note = str(note or "").strip()[:500]
    with workflow.transition(item, "oversight.confirmed", by=by, version=version) as c:
        c.obj.confirmed_on, c.obj.confirm_note = today, note
    return item


def send_back(item: Item, *, reason: str, by, version=None, today=None) -> Item:
    """退回重新整改: a new period starts from today (the first due date still counts in 考核)."""
    today = today or timezone.localdate()
    _confirmer(item, by, m.RETURNED)
    reason = _text(reason, "退回理由", "reason", 500)
    with workflow.transition(
        item, "oversight.returned", by=by, version=version, related=("agency",)
    ) as c:
        started = _start_clock(c.obj, today)
        c.obj.due_on, c.obj.return_reason = started.due_date, reason
        c.obj.returns += 1
    _tell_body(
        item,
        f"监督事项被退回重新整改：{item.title}",
        f"退回理由：{reason}。请于{item.due_on:%Y年%-m月%-d日}前重新整改并反馈。",
    )
    return item
