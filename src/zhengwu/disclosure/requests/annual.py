"""The 政府信息公开工作年度报告 in the format of 国办公开办函〔2021〕30号 (domain-rules §2):
the six sections, tables 二, 三 and 四 computed from the data, the 勾稽 checks, and the layout
(labels, row and column spans) every output (HTML, PDF, XLSX) draws from."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from zhengwu.disclosure.queries import annual_table2
from zhengwu.org.models import Agency, Jurisdiction

from . import rules
from .models import AnnualReport, Remedy, Request

FORMAT = "国办公开办函〔2021〕30号"
SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

# ---------------------------------------------------------------- table 二 (domain-rules §2.2)
TABLE2_ITEMS = [
    (
        "第二十条第（一）项",
        ["本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "行政规范性文件"],
    ),
    ("第二十条第（五）项", ["本年处理决定数量"], ["行政许可"]),
    ("第二十条第（六）项", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["行政事业性收费"]),
]

# ---------------------------------------------------------------- table 三 (domain-rules §2.3)
R1 = "一、本年新收政府信息公开申请数量"
R2 = "二、上年结转政府信息公开申请数量"
TOTAL = f"{rules.R3}/（七）总计"
R25 = "四、结转下年度继续办理"
RESULT_PATHS = [f"{rules.R3}/{row}" for row in rules.RESULT_ROWS]
TABLE3_ROWS = [R1, R2, *RESULT_PATHS, TOTAL, R25]
COLUMNS = rules.TABLE3_COLUMNS
APPLICANT_COLUMNS = COLUMNS[:-1]

# ---------------------------------------------------------------- table 四 (domain-rules §2.4)
TABLE4_GROUPS = ["行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"]
TABLE4_FIELDS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
REMEDY_GROUP = {
    Remedy.RECONSIDERATION: TABLE4_GROUPS[0],
    Remedy.DIRECT_SUIT: TABLE4_GROUPS[1],
    Remedy.SUIT_AFTER: TABLE4_GROUPS[2],
}
RESULT_FIELD = dict(zip([r for r, _ in Remedy.RESULTS], TABLE4_FIELDS[:4], strict=True))


def publishers():
    """The bodies that publish a report each year (条例 §49, domain-rules §1.7): the people's
    governments of county level and above and their departments, and the 乡镇 (街道)
    governments; not 事业单位 or 公共企事业单位 (条例 §55: their own rules)."""
    upper = [Jurisdiction.PREFECTURE, Jurisdiction.COUNTY]
    return Agency.objects.filter(is_active=True).filter(
        Q(kind=Agency.GOVERNMENT, jurisdiction__level__in=[*upper, Jurisdiction.TOWNSHIP])
        | Q(kind=Agency.DEPARTMENT, jurisdiction__level__in=upper)
    )


def agencies_covered(agency: Agency) -> list[int]:
    """A government's report covers itself and the departments of its own level (the agencies of
    its jurisdiction); a department's covers itself."""
    if agency.kind == Agency.GOVERNMENT:
        return list(
            Agency.objects.filter(jurisdiction_id=agency.jurisdiction_id).values_list(
                "pk", flat=True
            )
        )
    return [agency.pk]


# The figures of table 二 the office types in (the platform does not hold them): row path →
# the report's field.
ENTERED = {
    "第二十条第（六）项/行政处罚": "penalty_decisions",
    "第二十条第（六）项/行政强制": "enforcement_decisions",
}
ENTERED_LABEL = {field: row.split("/")[1] for row, field in ENTERED.items()}
DECISIONS = "本年处理决定数量"
ASK = "（请填写）"  # the cell of a figure not given yet

# Where each figure of table 二 comes from, shown under it on the page (row path → column → note).
_DOCS = "本平台登记并公开的{genre}"
SOURCES2 = {
    **{
        f"第二十条第（一）项/{genre}": {
            "本年制发件数": f"来源：{_DOCS.format(genre=genre)}，成文日期在本年",
            "本年废止件数": f"来源：{_DOCS.format(genre=genre)}，本年废止或失效",
            "现行有效件数": f"来源：{_DOCS.format(genre=genre)}，年末仍现行有效",
        }
        for genre in ("规章", "行政规范性文件")
    },
    "第二十条第（五）项/行政许可": {
        DECISIONS: "来源：本平台行政许可事项办件，本年作出的准予和不予许可决定"
    },
    "第二十条第（六）项/行政处罚": {DECISIONS: "来源：本机关填报（本平台不掌握行政处罚决定）"},
    "第二十条第（六）项/行政强制": {DECISIONS: "来源：本机关填报（本平台不掌握行政强制决定）"},
    "第二十条第（八）项/行政事业性收费": {
        "本年收费金额（单位：万元）": "来源：本平台办件本年收取的行政事业性收费，由元折算为万元"
    },
}
SOURCE3 = "来源：本平台登记的政府信息公开申请（含导入的历史登记），按收到、答复日期和办理结果统计。"
SOURCE4 = "来源：本平台登记的行政复议、行政诉讼及其审结结果；年末未审结的计入“尚未审结”。"


def table2(agency_ids: list[int], year: int, report: AnnualReport | None = None) -> dict:
    """Table 二: the documents' and the cases' figures (disclosure.queries), and the office's own
    for 行政处罚 and 行政强制 (None while not given)."""
    table = annual_table2(agency_ids, year)
    for row, field in ENTERED.items():
        table[row] = {DECISIONS: getattr(report, field) if report else None}
    return table


def table2_prompts(t2: dict) -> list[str]:
    """The figures of table 二 the office has still to give."""
    return [
        f"第二部分 表二“{row.replace('/', ' ')}”：（请填写{DECISIONS}）"
        for row in ENTERED
        if t2.get(row, {}).get(DECISIONS) is None
    ]


def _label_of(code: str) -> str:
    return rules.APPLICANT_LABELS[code]


def table3(agency_ids: list[int], year: int) -> dict[str, dict[str, int]]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    table = {row: dict.fromkeys(COLUMNS, 0) for row in TABLE3_ROWS}
    base = Request.objects.filter(agency_id__in=agency_ids)

    def add(row: str, rows) -> None:
        for r in rows:
            table[row][_label_of(r["applicant_kind"])] += r["n"]

    add(
        R1,
        base.filter(received_on__range=(first, last))
        .values("applicant_kind")
        .annotate(n=Count("id")),
    )
    add(
        R2,
        base.filter(received_on__lt=first)
        .filter(Q(answered_on__isnull=True) | Q(answered_on__gte=first))
        .values("applicant_kind")
        .annotate(n=Count("id")),
    )
    add(
        R25,
        base.filter(received_on__lte=last)
        .filter(Q(answered_on__isnull=True) | Q(answered_on__gt=last))
        .values("applicant_kind")
        .annotate(n=Count("id")),
    )
    answered = (
        base.filter(answered_on__range=(first, last))
        .exclude(outcome_row="")
        .values("outcome_row", "applicant_kind")
        .annotate(n=Count("id"))
    )
    for r in answered:
        path = f"{rules.R3}/{r['outcome_row']}"
        table[path][_label_of(r["applicant_kind"])] += r["n"]
    for col in APPLICANT_COLUMNS:
        table[TOTAL][col] = sum(table[p][col] for p in RESULT_PATHS)
    for row in TABLE3_ROWS:
        table[row]["总计"] = sum(table[row][c] for c in APPLICANT_COLUMNS)
    return table


def table4(agency_ids: list[int], year: int) -> dict[str, dict[str, int]]:
    """Cases brought in the year, with their result as at 12-31 (undecided then: 尚未审结)."""
    last = dt.date(year, 12, 31)
    table = {g: dict.fromkeys(TABLE4_FIELDS, 0) for g in TABLE4_GROUPS}
    rows = Remedy.objects.filter(agency_id__in=agency_ids, filed_on__year=year).values(
        "kind", "result", "decided_on"
    )
    for r in rows:
        decided = r["decided_on"] is not None and r["decided_on"] <= last
        field = RESULT_FIELD[r["result"]] if decided else "尚未审结"
        table[REMEDY_GROUP[r["kind"]]][field] += 1
    for g in TABLE4_GROUPS:
        table[g]["总计"] = sum(table[g][f] for f in TABLE4_FIELDS[:4])
    return table


def check(t3: dict, t4: dict) -> list[str]:
    """The 勾稽 checks of domain-rules §2.3–2.4; each failure names the row and column."""
    failures = []
    for col in COLUMNS:
        left = t3[R1][col] + t3[R2][col]
        right = t3[TOTAL][col] + t3[R25][col]
        if left != right:
            failures.append(
                f"表三“{col}”列：第一项加第二项之和（{left}）不等于第三项加第四项之和（{right}）"
            )
        leaves = sum(t3[p][col] for p in RESULT_PATHS)
        if leaves != t3[TOTAL][col]:
            failures.append(
                f"表三“{col}”列：（七）总计（{t3[TOTAL][col]}）不等于各办理结果之和（{leaves}）"
            )
    for row in TABLE3_ROWS:
        parts = sum(t3[row][c] for c in APPLICANT_COLUMNS)
        if parts != t3[row]["总计"]:
            failures.append(
                f"表三“{row}”行：总计（{t3[row]['总计']}）不等于各类申请人之和（{parts}）"
            )
    for g in TABLE4_GROUPS:
        parts = sum(t4[g][f] for f in TABLE4_FIELDS[:4])
        if parts != t4[g]["总计"]:
            failures.append(
                f"表四“{g}”：总计（{t4[g]['总计']}）不等于维持、纠正、其他、尚未审结之和（{parts}）"
            )
    return failures


def fees_collected(agency_ids: list[int], year: int):
    return (
        Request.objects.filter(agency_id__in=agency_ids, fee_paid_on__year=year).aggregate(
            s=Sum("fee_yuan")
        )["s"]
        or 0
    )


def prefill(agency: Agency, year: int, t2: dict, t3: dict, t4: dict, fees) -> dict[str, str]:
    """Sections 一, 五 and 六 as a starting text with the year's figures."""
    new, carried = t3[R1]["总计"], t3[R2]["总计"]
    done, left = t3[TOTAL]["总计"], t3[R25]["总计"]
    disclosed = t3[f"{rules.R3}/（一）予以公开"]["总计"]
    partial = t3[f"{rules.R3}/{rules.PARTIAL_LABEL}"]["总计"]
    remedies = t4["行政复议"]["总计"]
    suits = t4["行政诉讼/未经复议直接起诉"]["总计"] + t4["行政诉讼/复议后起诉"]["总计"]
    regs = t2.get("第二十条第（一）项/行政规范性文件", {}).get("本年制发件数", 0)
    overview = (
        f"{year}年，{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。\n"
        f"（一）主动公开。全年制发行政规范性文件{regs}件，按规定在政府信息公开专栏主动公开。\n"
        f"（二）依申请公开。全年新收政府信息公开申请{new}件，上年结转{carried}件，办结{done}件，"
        f"其中予以公开{disclosed}件、部分公开{partial}件，结转下年度继续办理{left}件。\n"
        f"（三）政府信息管理。严格落实公开前保密审查，动态更新政府信息公开指南和目录。\n"
        f"（四）平台建设。依托政府网站政府信息公开专栏统一发布政府信息，提供检索、查阅和下载。\n"
        f"（五）监督保障。全年因政府信息公开被申请行政复议{remedies}件、提起行政诉讼{suits}件。"
    )
    if agency.kind == Agency.GOVERNMENT:
        overview += "\n（六）工作考核、社会评议和责任追究结果情况：（请填写本年度考核、社会评议和责任追究结果）。"
    return {
        "一、总体情况": overview,
        "五、存在的主要问题及改进情况": "（一）存在的主要问题：（请填写）\n（二）改进情况：（请填写）",
        "六、其他需要报告的事项": (
            f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度共收取信息处理费{fees}元。"
        ),
    }


# The prefilled text's prompts (“（请填写…）”): a report keeping one cannot be published.
PROMPT = re.compile(r"[（(]请填写")
PROMPT_TEXT = re.compile(r"（请填写[^）]*）")  # a whole prompt, as prefill writes it


def prompts_left(sections: dict[str, str]) -> list[str]:
    """Where a prompt is left, section by section with the line it stands in, e.g.
    “第五部分 存在的主要问题及改进情况：“（一）存在的主要问题：（请填写）””."""
    found = []
    for title, text in sections.items():
        lines = [line.strip() for line in (text or "").splitlines() if PROMPT.search(line)]
        if lines:
            number, name = title.split("、", 1)
            found.append(f"第{number}部分 {name}：" + "、".join(f"“{line}”" for line in lines))
    return found


def due_date(agency: Agency, year: int) -> dt.date:
    return rules.report_due(agency, year)


TABLE2_ROWS = [f"{item}/{row}" for item, _cols, rows in TABLE2_ITEMS for row in rows]
TABLE2_COLUMNS = {f"{item}/{row}": cols for item, cols, rows in TABLE2_ITEMS for row in rows}


def _ordered(table: dict, rows: list[str], columns: list[str] | None) -> dict:
    """The official order again (PostgreSQL's jsonb keeps keys sorted its own way)."""
    known = [r for r in rows if r in table] + sorted(r for r in table if r not in rows)
    return {
        r: ({c: table[r][c] for c in columns if c in table[r]} if columns else table[r])
        for r in known
    }


def build(agency: Agency, year: int) -> dict:
    """Everything a report of one agency and year shows, as plain data (the JSON output)."""
    ids = agencies_covered(agency)
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    if report and report.published_tables:
        frozen = report.published_tables
        t2 = {
            row: _ordered({row: values}, [row], TABLE2_COLUMNS.get(row))[row]
            for row, values in _ordered(frozen["table2"], TABLE2_ROWS, None).items()
        }
        t3 = _ordered(frozen["table3"], TABLE3_ROWS, COLUMNS)
        t4 = _ordered(frozen["table4"], TABLE4_GROUPS, TABLE4_FIELDS)
    else:
        t2, t3, t4 = table2(ids, year, report), table3(ids, year), table4(ids, year)
    fees = fees_collected(ids, year)
    filled = prefill(agency, year, t2, t3, t4, fees)
    sections = {
        "一、总体情况": (report.overview if report and report.overview else filled["一、总体情况"]),
        "五、存在的主要问题及改进情况": (
            report.problems
            if report and report.problems
            else filled["五、存在的主要问题及改进情况"]
        ),
        "六、其他需要报告的事项": (
            report.other_matters
            if report and report.other_matters
            else filled["六、其他需要报告的事项"]
        ),
    }
    failures = check(t3, t4)
    due = due_date(agency, year)
    return {
        "format": FORMAT,
        "agency": {"usci": agency.usci, "name": agency.name, "kind": agency.kind},
        "year": year,
        "title": f"{agency.name}{year}年政府信息公开工作年度报告",
        "agencies_covered": len(ids),
        "due_date": due.isoformat(),
        "published_at": report.published_at.isoformat() if report and report.published_at else None,
        "overdue": bool((report is None or not report.published_at) and timezone.localdate() > due),
        "section_titles": SECTIONS,
        "sections": sections,
        "table2": t2,
        "table3": t3,
        "table4": t4,
        "sources": {"table2": SOURCES2, "table3": SOURCE3, "table4": SOURCE4},
        "checks": {"passed": not failures, "failures": failures},
        "prompts": prompts_left(sections) + table2_prompts(t2),
    }


# ---------------------------------------------------------------- layout shared by the outputs


@dataclass
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    note: str = ""  # where the figure comes from (the HTML page shows it under the figure)
    field: str = ""  # a figure the office types in: the editor's input for it


def _fmt(v) -> str:
    if v is None:
        return ASK
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def layout2(t2: dict) -> tuple[list[Cell], int, int]:
    cells, r = [], 0
    for item, cols, rows in TABLE2_ITEMS:
        cells.append(Cell(item, r, 0, colspan=4, header=True))
        r += 1
        cells.append(Cell("信息内容", r, 0, header=True))
        if len(cols) == 1:
            cells.append(Cell(cols[0], r, 1, colspan=3, header=True))
        else:
            cells += [Cell(c, r, 1 + i, header=True) for i, c in enumerate(cols)]
        r += 1
        for row in rows:
            values = t2.get(f"{item}/{row}", {})
            notes = SOURCES2.get(f"{item}/{row}", {})
            cells.append(Cell(row, r, 0, header=True))
            if len(cols) == 1:
                text, note = _fmt(values.get(cols[0], 0)), notes.get(cols[0], "")
                field = ENTERED.get(f"{item}/{row}", "")
                cells.append(Cell(text, r, 1, colspan=3, note=note, field=field))
            else:
                cells += [
                    Cell(_fmt(values.get(c, 0)), r, 1 + i, note=notes.get(c, ""))
                    for i, c in enumerate(cols)
                ]
            r += 1
    return cells, r, 4


def layout3(t3: dict) -> tuple[list[Cell], int, int]:
    cells = [
        Cell(
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 0, 0, 3, 3, True
        ),
        Cell("申请人情况", 0, 3, colspan=7, header=True),
        Cell("自然人", 1, 3, rowspan=2, header=True),
        Cell("法人或其他组织", 1, 4, colspan=5, header=True),
        Cell("总计", 1, 9, rowspan=2, header=True),
    ]
    cells += [Cell(c, 2, 4 + i, header=True) for i, c in enumerate(APPLICANT_COLUMNS[1:])]
    r = 3

    def values(row: str, at: int) -> None:
        cells.extend(Cell(str(t3[row][c]), at, 3 + i) for i, c in enumerate(COLUMNS))

    for row in (R1, R2):
        cells.append(Cell(row, r, 0, colspan=3, header=True))
        values(row, r)
        r += 1
    cells.append(Cell(rules.R3, r, 0, rowspan=22, header=True))
    groups: dict[str, list[str]] = {}
    for path in RESULT_PATHS + [TOTAL]:
        rest = path.split("/", 1)[1]
        group = rest.split("/")[0]
        groups.setdefault(group, []).append(path)
    for group, paths in groups.items():
        if len(paths) == 1 and "/" not in paths[0].split("/", 1)[1]:
            cells.append(Cell(group, r, 1, colspan=2, header=True))
            values(paths[0], r)
            r += 1
            continue
        cells.append(Cell(group, r, 1, rowspan=len(paths), header=True))
        for path in paths:
            cells.append(Cell(path.rsplit("/", 1)[1], r, 2, header=True))
            values(path, r)
            r += 1
    cells.append(Cell(R25, r, 0, colspan=3, header=True))
    values(R25, r)
    return cells, r + 1, 10


def layout4(t4: dict) -> tuple[list[Cell], int, int]:
    cells = [
        Cell("行政复议", 0, 0, colspan=5, header=True),
        Cell("行政诉讼", 0, 5, colspan=10, header=True),
    ]
    cells += [Cell(f, 1, i, rowspan=2, header=True) for i, f in enumerate(TABLE4_FIELDS)]
    cells += [
        Cell("未经复议直接起诉", 1, 5, colspan=5, header=True),
        Cell("复议后起诉", 1, 10, colspan=5, header=True),
    ]
    cells += [Cell(f, 2, 5 + i, header=True) for i, f in enumerate(TABLE4_FIELDS)]
    cells += [Cell(f, 2, 10 + i, header=True) for i, f in enumerate(TABLE4_FIELDS)]
    col = 0
    for g in TABLE4_GROUPS:
        for f in TABLE4_FIELDS:
            cells.append(Cell(str(t4[g][f]), 3, col))
            col += 1
    return cells, 4, 15


def html_rows(cells: list[Cell], nrows: int) -> list[list[Cell]]:
    rows: list[list[Cell]] = [[] for _ in range(nrows)]
    for c in sorted(cells, key=lambda c: (c.row, c.col)):
        rows[c.row].append(c)
    return rows
