"""The workbench forms of 公共资源交易 read as plain rows (never raw JSON): a project's fields,
its 标段（包）, its planned dates by kind, and a step's date, dates and facts (bidders,
candidates, the winner). Each function turns the POST into what the services take, and keeps
what was typed so a refused form comes back as it was sent."""

from __future__ import annotations

from django.db.models import Q

from zhengwu.org import scopes
from zhengwu.org.models import Agency, ServiceCentre

from ..models import DATE_NAMES, KINDS, METHODS
from ..permissions import BODY

PROJECT_FIELDS = ("kind", "method", "name", "owner", "supervisor", "centre", "budget", "content",
                  "agent_name")  # fmt: skip
SECTION_COLUMNS = ("code", "name", "budget")
BIDDER_COLUMNS = ("name", "usci", "price")
CANDIDATE_COLUMNS = ("rank", "name", "usci", "price", "manager", "certificate")
WINNER_FIELDS = ("name", "usci", "amount")
BIDDER_ROWS, CANDIDATE_ROWS = 5, 3
WINNER_STEPS = ("trading.awarded", "trading.result_published", "trading.land_dealt",
                "trading.property_dealt")  # fmt: skip
PUBLICITY_STEPS = ("trading.candidates_published", "trading.result_published")


def owners(user):
    """The bodies `user` may register a project for (a role of the body's officers there)."""
    qs = Agency.objects.filter(is_active=True).select_related("jurisdiction")
    if getattr(user, "is_superuser", False):
        return qs
    held = scopes.reach(user, BODY)
    q = Q(pk__in=held.agency_ids)
    for path in held.paths:
        q |= Q(scope_path__startswith=path)
    return qs.filter(q)


def _chain_codes(jurisdictions) -> set[str]:
    codes: set[str] = set()
    for j in jurisdictions:
        codes.update(j.path.strip("/").split("/"))
    return codes


def centres(agencies) -> list[ServiceCentre]:
    """The 政务服务中心 of the bodies' jurisdictions and those above them (the trading place)."""
    codes = _chain_codes({a.jurisdiction for a in agencies})
    return list(
        ServiceCentre.objects.filter(kind=ServiceCentre.CENTRE, jurisdiction__code__in=codes)
        .select_related("jurisdiction")
        .order_by("jurisdiction__path", "name")
    )


def supervisors(agencies):
    """The departments of the bodies' jurisdictions and those above (行政监督部门)."""
    codes = _chain_codes({a.jurisdiction for a in agencies})
    return Agency.objects.filter(is_active=True, jurisdiction__code__in=codes).select_related(
        "jurisdiction"
    )


def rows(post, prefix: str, columns: tuple[str, ...]) -> list[dict]:
    """The rows of a repeated group (`<prefix>_<column>` fields, one value per row)."""
    values = {c: post.getlist(f"{prefix}_{c}") for c in columns}
    count = max((len(v) for v in values.values()), default=0)
    return [{c: (values[c][i] if i < len(values[c]) else "").strip() for c in columns}
            for i in range(count)]  # fmt: skip


def filled(rows_: list[dict]) -> list[dict]:
    return [r for r in rows_ if any(r.values())]


def date_key(kind: str, name: str) -> str:
    return f"d_{kind}_{name}"


def date_groups(data: dict) -> list[dict]:
    """The planned dates of each kind with their Chinese labels and what was typed."""
    return [
        {
            "kind": kind,
            "label": label,
            "dates": [
                {
                    "name": name,
                    "label": words,
                    "key": date_key(kind, name),
                    "value": data.get(date_key(kind, name), ""),
                }
                for name, words in DATE_NAMES.get(kind, {}).items()
            ],  # fmt: skip
        }
        for kind, label in KINDS
        if DATE_NAMES.get(kind)
    ]


def method_groups() -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [(kind, label, METHODS[kind]) for kind, label in KINDS]


def project_form(post) -> dict:
    """What was typed on the project form, as the template shows it again."""
    data = {k: post.get(k, "").strip() for k in PROJECT_FIELDS}
    data["statutory"] = bool(post.get("statutory"))
    data["state_funded"] = bool(post.get("state_funded"))
    for kind, names in DATE_NAMES.items():
        for name in names:
            data[date_key(kind, name)] = post.get(date_key(kind, name), "").strip()
    data["sections"] = rows(post, "section", SECTION_COLUMNS)
    return data


def project_data(form: dict) -> dict:
    """The service's data from the form: only the chosen kind's dates, the filled sections."""
    kind = form.get("kind", "")
    data = {k: form[k] for k in PROJECT_FIELDS}
    data["statutory"] = "1" if form["statutory"] else "0"
    data["state_funded"] = "1" if form["state_funded"] else "0"
    data["dates"] = {
        name: form[date_key(kind, name)]
        for name in DATE_NAMES.get(kind, {})
        if form.get(date_key(kind, name))
    }
    data["sections"] = filled(form["sections"])
    return data


def project_initial(project) -> dict:
    """The edit form filled from a project."""
    data = {
        "kind": project.kind,
        "method": project.method,
        "name": project.name,
        "owner": str(project.owner_id),
        "supervisor": str(project.supervisor_id or ""),
        "centre": str(project.centre_id or ""),
        "budget": "" if project.budget is None else f"{project.budget:f}",
        "content": project.content,
        "agent_name": project.agent_name,
        "statutory": project.statutory,
        "state_funded": project.state_funded,
        "sections": [
            {"code": s.code, "name": s.name, "budget": "" if s.budget is None else f"{s.budget:f}"}
            for s in project.sections.all()
        ],
    }
    for name, value in (project.dates or {}).items():
        data[date_key(project.kind, name)] = value
    return data


def step_data(post, step) -> tuple[dict, dict]:
    """(the service's data, what was typed) for one step's form."""
    typed: dict = {"on": post.get("on", "").strip()}
    data: dict = {"on": typed["on"]}
    for name in step.inputs:
        typed[name] = data[name] = post.get(name, "").strip()
        if not data[name]:
            del data[name]
    if step.notice:
        for k in ("title", "body"):
            typed[k] = data[k] = post.get(k, "").strip()
    if step.action in PUBLICITY_STEPS:
        typed["objection_method"] = data["objection_method"] = post.get(
            "objection_method", ""
        ).strip()
    facts: dict = {}
    if step.action == "trading.bids_opened":
        typed["bidders"] = rows(post, "bidder", BIDDER_COLUMNS)
        facts["bidders"] = filled(typed["bidders"])
    if step.action == "trading.candidates_published":
        typed["candidates"] = rows(post, "candidate", CANDIDATE_COLUMNS)
        chosen = filled(typed["candidates"])
        for i, row in enumerate(chosen, 1):
            row["rank"] = int(row["rank"]) if row["rank"].isdigit() else i
        facts["candidates"] = chosen
    if step.action in WINNER_STEPS:
        winner = {k: post.get(f"winner_{k}", "").strip() for k in WINNER_FIELDS}
        typed["winner"] = winner
        typed["reason"] = post.get("reason", "").strip()
        if any(winner.values()):
            facts["winner"] = {k: v for k, v in winner.items() if v}
        if typed["reason"]:
            facts["reason"] = typed["reason"]
    data["facts"] = facts
    return data, typed


def step_blank(step, today) -> dict:
    typed: dict = {"on": today.isoformat()}
    if step.action == "trading.bids_opened":
        typed["bidders"] = [dict.fromkeys(BIDDER_COLUMNS, "") for _ in range(BIDDER_ROWS)]
    if step.action == "trading.candidates_published":
        typed["candidates"] = [
            {**dict.fromkeys(CANDIDATE_COLUMNS, ""), "rank": str(i)}
            for i in range(1, CANDIDATE_ROWS + 1)
        ]
    if step.action in WINNER_STEPS:
        typed["winner"] = dict.fromkeys(WINNER_FIELDS, "")
    return typed


def padded(rows_: list[dict], columns: tuple[str, ...], least: int) -> list[dict]:
    out = list(rows_)
    while len(out) < least:
        out.append(dict.fromkeys(columns, ""))
    return out
