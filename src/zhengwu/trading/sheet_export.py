"""The trading workbook written (issue 24 §4): the projects a person sees, in the shape
`sheets.import_workbook` reads, each step's dates replayed from the audit trail, so an export
imported into an empty database recreates the projects, their steps and notices."""

from __future__ import annotations

import datetime as dt
import io

from zhengwu.core.models import AuditEvent
from zhengwu.org import network
from zhengwu.org.models import Jurisdiction

from . import queries, services
from .models import Notice, Project
from .sheets import (
    DATE_HEADERS,
    KINDS,
    NOTICE_HEADERS,
    NOTICES,
    PROJECT_HEADERS,
    PROJECTS,
)
from .steps import BY_ACTION


def export_for(user, code: str, year: int | None = None) -> tuple[Jurisdiction, bytes]:
    """The workbook of the projects `user` sees under the jurisdiction `code`."""
    j = network.jurisdiction(code)
    qs = queries.projects_visible_to(user).filter(scope_path__startswith=j.path)
    return j, export_workbook(qs, year=year)


def export_jurisdiction(code: str, year: int | None = None) -> tuple[Jurisdiction, bytes]:
    j = network.jurisdiction(code)
    return j, export_workbook(Project.objects.filter(scope_path__startswith=j.path), year=year)


def _label(value: str, table) -> str:
    return dict(table).get(value, value)


def priced_text(rows) -> str:
    if not isinstance(rows, list):
        return ""
    return ";".join(
        f"{r.get('name', '')}:{r['price']}" if r.get("price") not in (None, "") else
        str(r.get("name", ""))
        for r in rows
        if isinstance(r, dict)
    )  # fmt: skip


def _history(projects: list[Project]) -> dict[int, list[AuditEvent]]:
    """Each project's events (registration, changes and steps), in order."""
    actions = [services.CREATED, services.CHANGED, *BY_ACTION]
    out: dict[int, list[AuditEvent]] = {p.pk: [] for p in projects}
    ids = [str(p.pk) for p in projects]
    for chunk in range(0, len(ids), 500):
        events = AuditEvent.objects.filter(
            object_type="trading.project",
            object_id__in=ids[chunk : chunk + 500],
            action__in=actions,
            success=True,
        ).only("id", "object_id", "action", "after")
        for e in events.order_by("id"):
            out[int(e.object_id)].append(e)
    return out


def _dates(value) -> dict[str, dt.date]:
    if not isinstance(value, dict):
        return {}
    out = {}
    for k, v in value.items():
        try:
            out[k] = dt.date.fromisoformat(str(v))
        except ValueError:
            continue
    return out


def export_workbook(qs, *, year: int | None = None) -> bytes:
    from openpyxl import Workbook

    if year:
        qs = qs.filter(created_on__year=year)
    projects = list(
        qs.select_related("owner", "jurisdiction", "centre", "supervisor").order_by(
            "created_on", "id"
        )
    )
    notices: dict[int, list[Notice]] = {}
    for n in Notice.objects.filter(project__in=[p.pk for p in projects]).order_by("id"):
        notices.setdefault(n.project_id, []).append(n)
    history = _history(projects)
    wb = Workbook(write_only=True)
    ws_p = wb.create_sheet(PROJECTS)
    ws_n = wb.create_sheet(NOTICES)
    ws_p.append([names[0] for names in PROJECT_HEADERS.values()])
    ws_n.append([names[0] for names in NOTICE_HEADERS.values()])
    for p in projects:
        planned, steps = _replay(p, history[p.pk], notices.get(p.pk, []))
        ws_p.append(_project_cells(p, planned))
        for cells in steps:
            ws_n.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _project_cells(p: Project, planned: dict[str, dt.date]) -> list:
    values = {
        "kind": _label(p.kind, KINDS),
        "method": p.method_label,
        "code": p.code,
        "unified_deal_code": p.unified_deal_code,
        "name": p.name,
        "content": p.content,
        "owner_name": p.owner.name,
        "owner": p.owner.usci,
        "agent_name": p.agent_name,
        "supervisor_name": p.supervisor.name if p.supervisor else "",
        "supervisor": p.supervisor.usci if p.supervisor else "",
        "centre": p.centre.name if p.centre else "",
        "region": p.jurisdiction.code,
        "budget": float(p.budget) if p.budget is not None else "",
        "statutory": "是" if p.statutory else "否",
        "state_funded": "是" if p.state_funded else "否",
        "created_on": p.created_on,
        **planned,
    }
    return [values.get(name, "") for name in PROJECT_HEADERS]


def _replay(p: Project, events: list[AuditEvent], notices: list[Notice]):
    """The project's planned dates as registered (and changed before its first step), and one
    row per step taken, from its audit events: each step's dates as the step recorded them."""
    planned: dict[str, dt.date] = {}
    current: dict[str, dt.date] = {}
    rows = []
    by_kind: dict[str, list[Notice]] = {}
    for n in notices:
        by_kind.setdefault(n.kind, []).append(n)
    stepped = False
    for e in events:
        after = e.after or {}
        if "dates" in after:
            current = _dates(after["dates"])
        if e.action in (services.CREATED, services.CHANGED):
            if not stepped:
                planned = dict(current)
            continue
        stepped = True
        step = BY_ACTION[e.action]
        notice = by_kind[step.notice].pop(0) if by_kind.get(step.notice) else None
        on = notice.published_on if notice else current.get(step.on) if step.on else None
        if on is None:
            continue
        facts = (notice.facts if notice else p.details.get(step.action.split(".", 1)[1])) or {}
        winner = facts.get("winner") if isinstance(facts, dict) else None
        winner = winner if isinstance(winner, dict) else {"name": winner} if winner else {}
        values: dict = {
            "project": p.code,
            "step": step.label,
            "on": on,
            **{name: current[name] for name in step.inputs if name in current},
            "title": notice.title if notice else "",
            "body": notice.body if notice else "",
            "winner": winner.get("name", ""),
            "amount": winner.get("amount", ""),
            "bidders": priced_text(facts.get("bidders")),
            "candidates": priced_text(facts.get("candidates")),
            "reason": facts.get("reason", ""),
            "objection_method": notice.objection_method if notice else "",
        }
        rows.append([values.get(name, "") for name in NOTICE_HEADERS])
    if not events:  # a project of before the audit trail: its dates as they stand
        planned = {k: v for k, v in _dates(p.dates).items() if k in DATE_HEADERS}
    return {k: v for k, v in planned.items() if k in DATE_HEADERS}, rows


# The labels of DATE_NAMES are kept for the docs (docs/data-import.md lists them).
__all__ = ["export_for", "export_jurisdiction", "export_workbook", "priced_text"]
