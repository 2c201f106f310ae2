"""Laws as data: every statutory time limit the platform counts is a `StatutoryLimit` row (days,
unit, the article it rests on) with, where local rules differ, a jurisdiction's own value
(`LocalLimit`). One reader: `days(code, jurisdiction)`: the nearest jurisdiction's row up the
tree, else the national default (which a deployment's environment variable of the row's
`setting` still overrides, as before the rows existed).

The table is small and read on every clock start: each process keeps it, and rebuilds it when
the version in the shared cache changes (`invalidate`, called on every change), as
`core.calendar` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from . import audit, conf
from .calendar import applies_to, region_prefix
from .errors import Invalid, NotFound
from .versions import Version

WORKDAYS, DAYS = "workdays", "days"
UNIT_LABELS = {WORKDAYS: "工作日", DAYS: "日"}
TIAOLI = "《中华人民共和国政府信息公开条例》"
XKF = "《中华人民共和国行政许可法》"
XF = "《信访工作条例》"

# The rows the data migration seeds (and the values used while a row is missing, e.g. after a
# test flushes the tables): code, name, days, unit, article, configurable, setting.
SEED = [
    ("disclosure.answer", "依申请公开答复期限", 20, WORKDAYS, f"{TIAOLI}第三十三条第二款", False, ""),
    ("disclosure.extension", "依申请公开延长答复期限（最长）", 20, WORKDAYS,
     f"{TIAOLI}第三十三条第二款", False, ""),
    ("disclosure.clarify_notice", "补正告知期限", 7, WORKDAYS, f"{TIAOLI}第三十条", False, ""),
    ("disclosure.clarify_period", "补正期限", 15, WORKDAYS,
     f"{TIAOLI}第三十条（合理的补正期限）", True, "ZHENGWU_DISCLOSURE_CLARIFY_WORKDAYS"),
    ("disclosure.consultation", "征求第三方意见答复期限", 15, WORKDAYS,
     f"{TIAOLI}第三十二条、第三十四条", False, ""),
    ("disclosure.fee_payment", "缴纳信息处理费期限", 20, WORKDAYS,
     "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）", True,
     "ZHENGWU_DISCLOSURE_FEE_WORKDAYS"),
    ("cases.supplement_notice", "一次性告知补正材料期限", 5, WORKDAYS,
     f"{XKF}第三十二条第一款第（四）项", False, ""),
    ("cases.extension", "行政许可延长办理期限", 10, WORKDAYS, f"{XKF}第四十二条第一款", False, ""),
    ("cases.joint_extension", "联合办理延长办理期限", 15, WORKDAYS, f"{XKF}第四十二条第二款",
     False, ""),
    ("petition.accept", "信访事项登记转送和受理告知期限", 15, DAYS, f"{XF}第二十二条", False,
     "ZHENGWU_PETITION_ACCEPT_DAYS"),
    ("petition.handle", "信访事项办理期限", 60, DAYS, f"{XF}第三十四条至第三十六条", False,
     "ZHENGWU_PETITION_HANDLE_DAYS"),
    ("petition.extension", "信访事项延长办理期限（最长）", 30, DAYS,
     f"{XF}第三十四条至第三十六条", False, "ZHENGWU_PETITION_EXTENSION_DAYS"),
    ("complaint.accept", "行政投诉受理决定期限", 5, WORKDAYS, "本地行政投诉处理规定", True,
     "ZHENGWU_COMPLAINT_ACCEPT_WORKDAYS"),
    ("complaint.answer", "行政投诉答复期限", 15, WORKDAYS, "本地行政投诉处理规定", True,
     "ZHENGWU_COMPLAINT_ANSWER_WORKDAYS"),
    ("ratings.fix", "差评整改期限", 15, WORKDAYS,
     "《国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见》（国办发〔2019〕51号）"
     "及本地实施办法", True, "ZHENGWU_BAD_RATING_FIX_WORKDAYS"),
]  # fmt: skip


@dataclass(frozen=True)
class Limit:
    """One limit as it applies to a jurisdiction."""

    code: str
    name: str
    days: int
    unit: str
    article: str
    configurable: bool = False
    jurisdiction_code: str = ""  # the jurisdiction whose own value this is; "" national
    reason: str = ""

    @property
    def unit_label(self) -> str:
        return UNIT_LABELS[self.unit]

    @property
    def amount(self) -> str:
        """20个工作日 / 60日"""
        return f"{self.days}个工作日" if self.unit == WORKDAYS else f"{self.days}日"

    @property
    def citation(self) -> str:
        """依据《中华人民共和国政府信息公开条例》第三十三条第二款，20个工作日"""
        return f"依据{self.article}，{self.amount}"


@dataclass
class _Table:
    version: int
    national: dict[str, Limit]
    setting: dict[str, str]
    local: dict[str, list[Limit]]  # code → the local rows, the narrowest first


_table: _Table | None = None
_version = Version("zhengwu:limits:version")


def _load(version: int) -> _Table:
    from .models import LocalLimit, StatutoryLimit

    national = {
        c: Limit(c, name, d, unit, article, configurable)
        for c, name, d, unit, article, configurable, _setting in SEED
    }
    setting = {row[0]: row[6] for row in SEED}
    for row in StatutoryLimit.objects.all():
        national[row.code] = Limit(
            row.code, row.name, row.days, row.unit, row.article, row.configurable
        )
        setting[row.code] = row.setting
    local: dict[str, list[Limit]] = {}
    for local_row in LocalLimit.objects.select_related("limit"):
        base = national[local_row.limit.code]
        local.setdefault(base.code, []).append(
            Limit(
                base.code,
                base.name,
                local_row.days,
                local_row.unit,
                base.article,
                base.configurable,
                local_row.jurisdiction_code,
                local_row.reason,
            )
        )
    for rows in local.values():
        rows.sort(key=lambda x: -len(region_prefix(x.jurisdiction_code)))
    return _Table(version, national, setting, local)


def _current() -> _Table:
    global _table
    version = _version.current()
    table = _table
    if table is None or table.version != version:
        table = _table = _load(version)
    return table


def invalidate() -> None:
    """Called when a row changes: every process reloads within a few seconds, this one now."""
    global _table
    _version.bump()
    _table = None


def _code_of(jurisdiction) -> str:
    if jurisdiction is None:
        return ""
    return (getattr(jurisdiction, "code", jurisdiction) or "").strip()


def national(code: str) -> Limit:
    """The national default, with the deployment's environment override applied."""
    table = _current()
    base = table.national.get(code)
    if base is None:
        raise NotFound("没有该法定期限", code="unknown_limit")
    name = table.setting.get(code)
    days = conf.number(name, base.days) if name else base.days
    if days != base.days:
        base = Limit(base.code, base.name, days, base.unit, base.article, base.configurable)
    return base


def get(code: str, jurisdiction=None) -> Limit:
    """The limit that applies in `jurisdiction` (a code or a Jurisdiction): the nearest
    jurisdiction's own row up the tree, else the national default."""
    j = _code_of(jurisdiction)
    if j:
        for row in _current().local.get(code, ()):
            if applies_to(row.jurisdiction_code, j):
                return row
    return national(code)


def days(code: str, jurisdiction=None) -> int:
    return get(code, jurisdiction).days


def unit(code: str, jurisdiction=None) -> str:
    return get(code, jurisdiction).unit


def cite(code: str, jurisdiction=None) -> str:
    return get(code, jurisdiction).citation


def all_limits(jurisdiction=None) -> list[Limit]:
    """Every limit as it applies in `jurisdiction`, in the table's order."""
    return [get(code, jurisdiction) for code in _current().national]


def own_value(code: str, jurisdiction_code: str) -> Limit | None:
    """The row `jurisdiction_code` set itself (not one inherited from above)."""
    for row in _current().local.get(code, ()):
        if row.jurisdiction_code == jurisdiction_code:
            return row
    return None


def clean(days_text, unit_value: str) -> tuple[int, str]:
    try:
        n = int(str(days_text).strip())
    except ValueError:
        n = 0
    if n < 1:
        raise Invalid("期限应为正整数", code="bad_days", field="days")
    if n > 3650:
        raise Invalid("期限过大（不超过3650）", code="days_too_large", field="days")
    if unit_value not in UNIT_LABELS:
        raise Invalid("单位应为“日”或“工作日”", code="bad_unit", field="unit")
    return n, unit_value


@transaction.atomic
def set_local(code: str, jurisdiction_code: str, *, days, unit: str, reason: str, by=None):
    """A jurisdiction sets its own value for a configurable limit; the caller has checked that
    `by` acts for that jurisdiction."""
    from .models import LocalLimit, StatutoryLimit

    n, unit = clean(days, unit)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("请说明本地另行规定的理由和依据", code="reason_required", field="reason")
    law = StatutoryLimit.objects.filter(code=code).first()
    if law is None:
        raise NotFound("没有该法定期限", code="unknown_limit")
    if not law.configurable:
        raise Invalid(f"“{law.name}”由{law.article}规定，地方不能另行规定", code="not_configurable")
    row = (
        LocalLimit.objects.select_for_update()
        .filter(limit=law, jurisdiction_code=jurisdiction_code)
        .first()
    )
    before = audit.snapshot(row, ["days", "unit", "reason"]) if row else None
    row = row or LocalLimit(limit=law, jurisdiction_code=jurisdiction_code)
    row.days, row.unit, row.reason = n, unit, reason[:300]
    row.save()
    after = audit.snapshot(row, ["days", "unit", "reason"])
    audit.record("limits.local_set", row, actor=by, before=before, after=after)
    _changed()
    return row


@transaction.atomic
def remove_local(code: str, jurisdiction_code: str, *, by=None) -> None:
    """The jurisdiction's own value is withdrawn: the one above it (or the national) applies."""
    from .models import LocalLimit

    row = (
        LocalLimit.objects.select_for_update()
        .filter(limit__code=code, jurisdiction_code=jurisdiction_code)
        .first()
    )
    if row is None:
        raise NotFound("本地区没有另行规定该期限", code="no_local_limit")
    before = audit.snapshot(row, ["days", "unit", "reason"])
    audit.record("limits.local_removed", row, actor=by, before=before)
    row.delete()
    _changed()


def _changed() -> None:
    # This process reads its own change at once; the others once it is committed.
    invalidate()
    transaction.on_commit(invalidate)
