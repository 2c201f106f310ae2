"""Statistics and the plan's measurable targets (mission.md), computed from live data.

Clock figures come straight from core.Clock; figures that need another app's records come
through `measures` providers. Heavy figures are kept in daily `Snapshot` rows by the
`snapshot_measures` task; today's late clocks are always live.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from zhengwu.core import measures
from zhengwu.core.models import Clock
from zhengwu.org import network
from zhengwu.org.models import Jurisdiction, Role, ServiceCentre

from . import status
from .models import LateTally, Snapshot

LATE = [status.WARNING, status.YELLOW, status.RED]
# A 林场 is a township-level division in the data but not a township government, so it has no
# 便民服务中心 to build: the plan's "115 乡镇（街道）" excludes it (湘西 has 116 rows with 军亭界林场).
NOT_A_TOWNSHIP_SUFFIX = "林场"


# --- clock figures -------------------------------------------------------------------------


def late_by_purpose(j: Jurisdiction, *, agency_id: int | None = None) -> dict[str, dict]:
    """Running clocks in 预警/黄牌/红牌 per purpose, as of the last sweep (LateTally)."""
    qs = LateTally.objects.filter(scope_path__startswith=j.path)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    out: dict[str, dict] = {}
    for r in qs.values("purpose", "status").annotate(n=Sum("count")).order_by():
        out.setdefault(r["purpose"], dict.fromkeys(LATE, 0))[r["status"]] = r["n"]
    return out


def _clock_totals_live(j: Jurisdiction, *, agency_id: int | None, year: int) -> dict[str, dict]:
    qs = Clock.objects.filter(scope_path__startswith=j.path)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    rows = (
        qs.filter(Q(state__in=[Clock.RUNNING, Clock.SUSPENDED]) | Q(stopped_on__year=year))
        .values("purpose")
        .annotate(
            open=Count("id", filter=~Q(state=Clock.STOPPED)),
            finished=Count("id", filter=Q(state=Clock.STOPPED)),
            finished_late=Count("id", filter=Q(state=Clock.STOPPED, stopped_on__gt=F("due_date"))),
        )
        .order_by()
    )
    return {
        r["purpose"]: {
            "open": r["open"],
            "finished": r["finished"],
            "finished_late": r["finished_late"],
        }
        for r in rows
    }


def clock_totals(j: Jurisdiction, *, agency_id: int | None = None, today=None) -> dict:
    """Open and finished clocks per purpose this year. For a whole jurisdiction, today's
    snapshot when the daily task has run (the heavy part); otherwise computed live."""
    today = today or timezone.localdate()
    if not agency_id:
        rows = Snapshot.objects.filter(
            date=today, jurisdiction_code=j.code, measure__startswith="clocks."
        ).values_list("measure", "numerator", "denominator")
        if rows:
            out: dict[str, dict] = {}
            for measure, n, d in rows:
                kind, purpose = measure.split(":", 1)
                row = out.setdefault(purpose, {"open": 0, "finished": 0, "finished_late": 0})
                if kind == "clocks.open":
                    row["open"] = int(d)
                else:
                    row["finished"], row["finished_late"] = int(d), int(n)
            return {"source": "snapshot", "rows": out}
    return {
        "source": "live",
        "rows": _clock_totals_live(j, agency_id=agency_id, year=today.year),
    }


def dashboard(j: Jurisdiction, *, agency=None, today=None) -> dict:
    """The figures of one dashboard (州, county or agency)."""
    today = today or timezone.localdate()
    agency_id = agency.pk if agency else None
    totals = clock_totals(j, agency_id=agency_id, today=today)
    late = late_by_purpose(j, agency_id=agency_id)
    rows = []
    for purpose in sorted(set(totals["rows"]) | set(late)):
        t = totals["rows"].get(purpose, {"open": 0, "finished": 0, "finished_late": 0})
        lt = late.get(purpose, dict.fromkeys(LATE, 0))
        overdue_open = lt[status.YELLOW] + lt[status.RED]
        rows.append(
            {
                "purpose": purpose,
                "open": t["open"],
                "warning": lt[status.WARNING],
                "yellow": lt[status.YELLOW],
                "red": lt[status.RED],
                "finished": t["finished"],
                "finished_late": t["finished_late"],
                "overdue_share": measures.figure(
                    overdue_open + t["finished_late"], t["open"] + t["finished"]
                )["value"],
            }
        )
    provided = []
    for name in [
        "cases.on_time",
        "cases.actual_vs_statutory",
        "cases.online",
        "cases.one_visit",
        "disclosure.requests_on_time",
        "interaction.messages_on_time",
        "ratings.good_rate",
    ]:
        provided.append(
            {
                "name": name,
                "label": measures.label(name),
                "figure": measures.measure(name, j, agency=agency, year=today.year),
            }
        )
    return {
        "jurisdiction": j,
        "agency": agency,
        "today": today,
        "source": totals["source"],
        "rows": rows,
        "provided": provided,
    }


# --- the plan's targets ----------------------------------------------------------------------


def _target(key, name, source, goal, numerator, denominator, *, unit="%", note="", extra=None):
    fig = measures.figure(numerator, denominator)
    value = fig["value"]
    return {
        "key": key,
        "name": name,
        "source": source,
        "target": goal,
        "unit": unit,
        "value": value,
        "numerator": fig["numerator"],
        "denominator": fig["denominator"],
        "met": None if value is None else value >= goal,
        "note": note,
        "extra": extra or {},
    }


def _provided_target(key, name, source, goal, provider, j, year, note=""):
    fig = measures.measure(provider, j, year=year)
    if fig is None:
        return {
            "key": key,
            "name": name,
            "source": source,
            "target": goal,
            "unit": "%",
            "value": None,
            "numerator": None,
            "denominator": None,
            "met": None,
            "note": "暂无数据（尚无业务系统提供该数据）",
            "extra": {"provider": provider},
        }
    t = _target(key, name, source, goal, fig["numerator"], fig["denominator"], note=note)
    t["value"] = fig["value"]
    t["met"] = None if fig["value"] is None else fig["value"] >= goal
    t["extra"]["provider"] = provider
    return t


def targets(j: Jurisdiction, *, today=None) -> list[dict]:
    """Each measurable target of the plan (mission.md), from live data, with its counts."""
    from zhengwu.services.models import Item

    today = today or timezone.localdate()
    sub = Q(path__startswith=j.path)
    out = []

    townships = Jurisdiction.objects.filter(sub, level=Jurisdiction.TOWNSHIP)
    excluded = list(
        townships.filter(name__endswith=NOT_A_TOWNSHIP_SUFFIX).values_list("name", flat=True)
    )
    real = townships.exclude(name__endswith=NOT_A_TOWNSHIP_SUFFIX)
    with_centre = real.filter(centres__kind=ServiceCentre.TOWNSHIP_CENTRE).distinct().count()
    note = (
        f"区划数据中另有{'、'.join(excluded)}，为乡级行政区划单位但不是乡镇人民政府，不计入"
        if excluded
        else ""
    )
    out.append(
        _target(
            "township_centres",
            "乡镇（街道）便民服务中心覆盖率",
            "R2.4",
            100,
            with_centre,
            real.count(),
            note=note,
            extra={"excluded": excluded},
        )
    )

    villages = Jurisdiction.objects.filter(sub, level=Jurisdiction.VILLAGE)
    room_kinds = [ServiceCentre.VILLAGE_ROOM, ServiceCentre.AGENCY_POINT]
    with_room = villages.filter(centres__kind__in=room_kinds).distinct().count()
    flagged = [
        f"{r.jurisdiction.name}（{r.name}，{r.agent_count}名）"  # type: ignore[attr-defined]
        for r in network.flagged_rooms(j.path)  # annotated with its agent_count
    ]
    with_agents = (
        villages.filter(centres__kind__in=room_kinds, centres__staff__role=Role.VILLAGE_AGENT)
        .distinct()
        .count()
    )
    out.append(
        _target(
            "village_rooms",
            "村（社区）便民服务室（代办点）及代办员覆盖率",
            "R2.4",
            100,
            with_agents,
            villages.count(),
            note=f"有服务室或代办点的村（社区）{with_room}个，其中配备代办员的{with_agents}个；"
            + agents_note(flagged),
            extra={"with_room": with_room, "agents_flagged": flagged},
        )
    )

    centres = list(
        ServiceCentre.objects.filter(
            scope_path__startswith=j.path,
            kind=ServiceCentre.CENTRE,
            jurisdiction__level__in=[Jurisdiction.PREFECTURE, Jurisdiction.COUNTY],
        ).select_related("jurisdiction")
    )
    area_rows = []
    for c in centres:
        need = 10000 if c.jurisdiction.level == Jurisdiction.PREFECTURE else 5000
        area_rows.append(
            {
                "centre": c.name,
                "floor_area": float(c.floor_area or 0),
                "required": need,
                "met": (c.floor_area or Decimal(0)) >= need,
                "standards_met": c.standards_met,
            }
        )
    out.append(
        _target(
            "centre_area",
            "政务服务中心场地面积达标率（州≥10000㎡，县市≥5000㎡）",
            "R2.3",
            100,
            sum(r["met"] for r in area_rows),
            len(area_rows),
            extra={"centres": area_rows},
        )
    )
    out.append(
        _target(
            "standardization",
            "政务服务中心标准化（场地、审批、制度、服务、硬件五项）达标率",
            "R2.3",
            100,
            sum(r["standards_met"] == 5 for r in area_rows),
            len(area_rows),
        )
    )

    items = Item.objects.filter(scope_path__startswith=j.path, state=Item.ACTIVE)
    licensing = items.filter(item_type__is_licensing=True)
    public = items.filter(item_type__is_public_service=True)
    out.append(
        _target(
            "licensing_in_centre",
            "行政许可事项进驻中心比例",
            "R4.3",
            95,
            licensing.filter(in_centre=True).count(),
            licensing.count(),
        )
    )
    out.append(
        _target(
            "service_in_centre",
            "公共服务事项进驻中心比例",
            "R4.3",
            90,
            public.filter(in_centre=True).count(),
            public.count(),
        )
    )
    out.append(
        _target(
            "licensing_online",
            "行政审批事项网上可办比例",
            "R4.3",
            95,
            licensing.filter(online=True).count(),
            licensing.count(),
        )
    )
    same_unit = items.filter(statutory_unit=F("promised_unit"), statutory_limit__gt=0)
    sums = same_unit.aggregate(
        statutory=Sum("statutory_limit"), saved=Sum(F("statutory_limit") - F("promised_limit"))
    )
    out.append(
        _target(
            "promised_vs_statutory",
            "承诺时限比法定时限缩短比例",
            "R4.3",
            30,
            sums["saved"] or 0,
            sums["statutory"] or 0,
            note="Σ(法定时限−承诺时限) / Σ法定时限，取两者单位相同的在用事项",
        )
    )
    out.append(
        _provided_target(
            "actual_vs_statutory",
            "实际办理时间比法定时限缩短比例",
            "R4.3",
            30,
            "cases.actual_vs_statutory",
            j,
            today.year,
        )
    )
    out.append(
        _provided_target(
            "guides_revised",
            f"{today.year}年已修订政府信息公开指南和目录的机关比例",
            "R1.3",
            100,
            "disclosure.guides_revised",
            j,
            today.year,
        )
    )
    out.append(
        _provided_target(
            "annual_report_on_time",
            "政府信息公开工作年度报告按时公布比例",
            "R1.4",
            100,
            "disclosure.annual_report_on_time",
            j,
            today.year,
        )
    )
    satisfaction = _provided_target(
        "satisfaction", "好差评好评率（满意度）", "R6.3", 90, "ratings.good_rate", j, today.year
    )
    satisfaction["extra"]["trend"] = [
        {"date": d.isoformat(), "value": measures.figure(n, den)["value"]}
        for d, n, den in Snapshot.objects.filter(
            jurisdiction_code=j.code, measure="ratings.good_rate"
        )
        .order_by("-date")
        .values_list("date", "numerator", "denominator")[:12]
    ][::-1]
    out.append(satisfaction)
    # R6.2: what outside supervisors and the press raise is rectified within its period (the
    # goal, every item, is ours: the plan sets no figure).
    for key, name, provider in (
        ("findings_on_time", "社会监督意见按期整改率", "oversight.findings_on_time"),
        ("media_on_time", "媒体监督问题按期整改率", "oversight.media_on_time"),
    ):
        out.append(_provided_target(key, name, "R6.2", 100, provider, j, today.year))
    out.append(
        _provided_target(
            "decided_in_centre",
            "事项审批权进中心比例（三集中三到位）",
            "R4.2",
            100,
            "services.decided_in_centre",
            j,
            today.year,
            note="授权窗口首席代表审批的进驻事项 / 在用的进驻事项",
        )
    )
    out.append(
        _provided_target(
            "standardization_plans",
            "标准化建设年度计划落实（每县每年1–2个中心）",
            "R2.3",
            100,
            "programmes.standardization_on_plan",
            j,
            today.year,
            note="本年安排至少1个中心标准化建设、或中心已全部达标的县市 / 县市总数",
        )
    )
    for key, name, source, provider in (
        (
            "county_plans_filed",
            "县市政务公开工作方案备案率",
            "R7.2",
            "programmes.county_plans_filed",
        ),
        ("training_held", "县市开展政务公开宣传培训比例", "R7.3", "programmes.training_held"),
    ):
        out.append(_provided_target(key, name, source, 100, provider, j, today.year))
    out.append(
        _provided_target(
            "public_bodies_current",
            "公共企事业单位公开栏目一年内有更新的比例",
            "R7.1",
            100,
            "public_bodies.columns_current",
            j,
            today.year,
        )
    )
    out.append(
        _provided_target(
            "trading_on_time",
            "公共资源交易环节按期完成率（公开、透明运作）",
            "R2.2",
            100,
            "trading.steps_on_time",
            j,
            today.year,
            note="按期完成的交易法定期限（公示、结果公告、合同公告、异议答复、投诉处理） / 当年到期的",
        )
    )
    return out


def agents_note(flagged: list[str]) -> str:
    """R2.4: one or two 代办员 a village; the rooms outside that, named (the first ten)."""
    shown = "、".join(flagged[:10]) + ("等" if len(flagged) > 10 else "")
    return f"代办员不足1名或多于2名的村：{len(flagged)}个" + (f"（{shown}）" if flagged else "")


def take_snapshot(j: Jurisdiction, day: dt.date) -> int:
    """Store the day's heavy figures for one jurisdiction. Returns rows written."""
    values: dict[str, tuple] = {}
    for purpose, row in _clock_totals_live(j, agency_id=None, year=day.year).items():
        values[f"clocks.open:{purpose}"] = (0, row["open"])
        values[f"clocks.finished:{purpose}"] = (row["finished_late"], row["finished"])
    for t in targets(j, today=day):
        if t["numerator"] is not None:
            values[f"target.{t['key']}"] = (t["numerator"], t["denominator"])
    for name in measures.EXPECTED:
        fig = measures.measure(name, j, year=day.year)
        if fig is not None:
            values[name] = (fig["numerator"], fig["denominator"])
    Snapshot.objects.filter(date=day, jurisdiction_code=j.code).delete()
    Snapshot.objects.bulk_create(
        [
            Snapshot(date=day, jurisdiction_code=j.code, measure=m[:80], numerator=n, denominator=d)
            for m, (n, d) in values.items()
        ]
    )
    return len(values)


def snapshot_all(day: dt.date | None = None) -> int:
    day = day or timezone.localdate()
    written = 0
    for j in Jurisdiction.objects.filter(
        level__in=[Jurisdiction.PREFECTURE, Jurisdiction.COUNTY]
    ).order_by("path"):
        written += take_snapshot(j, day)
    return written
