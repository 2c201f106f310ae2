"""The standardization programme: a centre's plan for a year (a task and a due date for each of
the five standards), inspections with their findings and evidence, and the centre's flags set
when an inspection finds a standard met (audited on the centre)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, clock
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.core.models import Clock
from zhengwu.org import permissions
from zhengwu.org.models import ServiceCentre

from ..models import (
    STANDARDS,
    Inspection,
    InspectionFile,
    InspectionFinding,
    PlanStandard,
    StandardizationPlan,
)
from . import common

NAMES = dict(STANDARDS)
# The plan's deadline on the platform's clock, so 电子监察 sees a plan past it not yet met
# (calendar days from 1 January of the plan's year; a deadline on a holiday moves to the next
# working day, as every calendar-day clock does).
PLAN_DUE = "标准化建设计划完成时限"


def save_plan(centre: ServiceCentre, year, data: dict, *, by) -> StandardizationPlan:
    """Make or revise the centre's plan for `year`: for each standard not yet met, the task and
    its due date (`task_<std>`, `due_<std>`); the plan's deadline is the latest due date."""
    permissions.require(by, "programmes.std_plan.save", agency_id=None, path=centre.scope_path)
    year = common.year(year)
    met = ServiceCentre.objects.filter(pk=centre.pk).values(*(s for s, _ in STANDARDS)).get()
    rows = []
    for std, label in STANDARDS:
        task = common.text(data, f"task_{std}", f"{label}标准化建设内容", 1000, required=False)
        if not task:
            continue
        if met[std]:
            raise Invalid(
                f"{centre.name}的{label}标准化已达标，无需再安排",
                code="already_met",
                field=f"task_{std}",
            )
        due = common.date(data.get(f"due_{std}"), f"due_{std}", f"{label}标准化完成时限")
        if due.year != year:
            raise Invalid(
                f"{label}标准化完成时限应在{year}年内", code="due_outside_year", field=f"due_{std}"
            )
        rows.append((std, task, due))
    if not rows:
        raise Invalid(
            "请至少为一项标准填写建设内容和完成时限",
            code="plan_empty",
            field=f"task_{STANDARDS[0][0]}",
        )
    note = common.text(data, "note", "说明", 2000, required=False)
    deadline = max(due for _, _, due in rows)
    with transaction.atomic():
        plan = (
            StandardizationPlan.objects.select_for_update().filter(centre=centre, year=year).first()
        )
        before = None
        if plan is None:
            plan = StandardizationPlan.objects.create(
                centre=centre,
                year=year,
                scope_path=centre.scope_path,
                deadline=deadline,
                note=note,
                created_by=by,
            )
        else:
            before = {
                "deadline": plan.deadline.isoformat(),
                "tasks": {i.standard: i.task for i in plan.items.all()},
            }
            plan.deadline, plan.note, plan.version = deadline, note, plan.version + 1
            plan.save(update_fields=["deadline", "note", "version"])
        _deadline_clock(plan, before is None)
        kept = {i.standard: i for i in plan.items.all()}
        for std, task, due in rows:
            item = kept.pop(std, None) or PlanStandard(plan=plan, standard=std)
            item.task, item.due_on = task, due
            item.save()
        PlanStandard.objects.filter(
            pk__in=[i.pk for i in kept.values() if i.met_on is None]
        ).delete()
        audit.record(
            "programmes.std_plan.save",
            plan,
            actor=by,
            before=before,
            after={
                "centre": centre.name,
                "year": year,
                "deadline": deadline.isoformat(),
                "tasks": {std: task for std, task, _ in rows},
            },
        )
    return plan


def record_inspection(plan: StandardizationPlan, data: dict, *, files=(), by) -> Inspection:
    """An inspection of the plan's centre: its day, inspectors, findings per standard
    (`met_<std>` = "1" met / "0" not met / absent = not inspected, `text_<std>`) and evidence.
    A standard found met is set on the centre (its own audit event) and on the plan's task."""
    permissions.require(by, "programmes.inspection.record", agency_id=None, path=plan.scope_path)
    kind = str(data.get("kind") or Inspection.ACCEPTANCE)
    if kind not in dict(Inspection.KINDS):
        raise Invalid("请选择验收或检查", code="kind_invalid", field="kind")
    held_on = common.date(data.get("held_on"), "held_on", "检查日期")
    if held_on > timezone.localdate():
        raise Invalid("检查日期不能晚于今天", code="held_on_future", field="held_on")
    inspectors = common.text(data, "inspectors", "检查人员", 200)
    note = common.text(data, "note", "总体意见", 2000, required=False)
    findings = []
    for std, label in STANDARDS:
        raw = str(data.get(f"met_{std}") or "").strip()
        if raw not in ("", "0", "1"):
            raise Invalid(f"请选择{label}标准化是否达标", code="met_invalid", field=f"met_{std}")
        if raw:
            findings.append(
                (
                    std,
                    raw == "1",
                    common.text(data, f"text_{std}", f"{label}检查意见", 500, required=False),
                )
            )
    if not findings:
        raise Invalid(
            "请至少对一项标准作出是否达标的结论", code="no_findings", field="met_std_site"
        )
    stored = [(common.file_name(f), common.upload(f, "files")) for f in files]
    centre = plan.centre
    with transaction.atomic():
        inspection = Inspection.objects.create(
            plan=plan, kind=kind, held_on=held_on, inspectors=inspectors, note=note, recorded_by=by
        )
        InspectionFinding.objects.bulk_create(
            [
                InspectionFinding(inspection=inspection, standard=s, met=m, text=t)
                for s, m, t in findings
            ]
        )
        for name, content in stored:
            InspectionFile.objects.create(inspection=inspection, name=name, file=content)
        audit.record(
            "programmes.inspection.record",
            inspection,
            actor=by,
            after={
                "centre": centre.name,
                "held_on": held_on.isoformat(),
                "inspectors": inspectors,
                "findings": {s: m for s, m, _ in findings},
                "files": [n for n, _ in stored],
            },
        )
        met = [s for s, m, _ in findings if m]
        if met:
            _set_met(centre, met, held_on, inspection, by=by)
            plan.items.filter(standard__in=met, met_on__isnull=True).update(met_on=held_on)
            if not plan.items.filter(met_on__isnull=True).exists():
                clock.stop_all(clock.clocks_of(plan).exclude(state=Clock.STOPPED), on=held_on)
    return inspection


def _deadline_clock(plan: StandardizationPlan, new: bool) -> None:
    start = dt.date(plan.year, 1, 1)
    limit = (plan.deadline - start).days
    if new:
        clock.start(
            plan,
            purpose=PLAN_DUE,
            started_on=start,
            limit=limit,
            unit=Clock.CALENDAR_DAYS,
            jurisdiction_code=plan.centre.jurisdiction.code,
            scope_path=plan.scope_path,
        )
        return
    for c in clock.clocks_of(plan).exclude(state=Clock.STOPPED):
        c.limit = limit
        clock.recompute(c)


def _set_met(centre: ServiceCentre, met: list[str], on, inspection: Inspection, *, by) -> None:
    """The centre's flags, through this one audited change (the only way this app touches it)."""
    locked = ServiceCentre.objects.select_for_update().get(pk=centre.pk)
    changed = [s for s in met if not getattr(locked, s)]
    if not changed:
        return
    before = dict.fromkeys(changed, False)
    for s in changed:
        setattr(locked, s, True)
    fields = list(changed)
    if locked.standards_met == len(STANDARDS) and locked.standardized_year is None:
        locked.standardized_year = on.year
        fields.append("standardized_year")
    locked.save(update_fields=fields)
    audit.record(
        "programmes.centre.standard_met",
        locked,
        actor=by,
        before=before,
        after={
            **dict.fromkeys(changed, True),
            "source": str(inspection),  # 依据: the inspection that found them met
            **({"standardized_year": on.year} if "standardized_year" in fields else {}),
        },
    )
    centre.__dict__.update({f: getattr(locked, f) for f in fields})


def plan_for(centre: ServiceCentre, year: int) -> StandardizationPlan:
    plan = StandardizationPlan.objects.filter(centre=centre, year=year).first()
    if plan is None:
        raise NotFound(f"{centre.name}尚无{year}年标准化建设计划", code="no_plan")
    return plan
