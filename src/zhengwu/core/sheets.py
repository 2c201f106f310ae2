"""Reading the spreadsheets offices keep (XLSX or CSV), for every importer: rows with their line
numbers, headers matched whatever their width or stray spaces, dates as registers write them
(2025-03-05, 2025/3/5, 2025年3月5日 or an Excel date cell) and coded values matched against
their valid labels, an unknown one reported with the nearest valid ones."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import Invalid

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def key(value) -> str:
    """The form two spellings of one label share: half-width (NFKC), no spaces, no quotes."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return _SPACE.sub("", text).translate(_QUOTES)


def text(value) -> str:
    """A cell as text: empty for an empty cell, stripped of spaces around it (full-width too)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().strip("\u3000").strip()


def read(source: str | Path | bytes, *, suffix: str = "") -> Iterator[tuple[int, dict]]:
    """(line number, {header: value}) for every non-empty data row of the first sheet (XLSX) or
    the file (CSV: UTF-8 with or without BOM, or GB18030); the header is line 1. The first
    item yielded is (1, {header: header}) so the caller can check the columns first."""
    data, suffix = _load(source, suffix)
    if suffix == ".xlsx":
        yield from rows(workbook(data).active.iter_rows(values_only=True))
        return
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = data.decode("gb18030", errors="replace")
    reader = csv.reader(io.StringIO(content))
    header = [text(h) for h in next(reader, [])]
    yield 1, dict(zip(header, header, strict=False))
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        yield reader.line_num, {h: v for h, v in zip(header, values, strict=False) if h}


def rows(values: Iterable[tuple]) -> Iterator[tuple[int, dict]]:
    """The same for one worksheet's `iter_rows(values_only=True)`."""
    it = iter(values)
    header = [text(h) for h in next(it, None) or ()]
    yield 1, dict(zip(header, header, strict=False))
    for line, row in enumerate(it, start=2):
        if row is None or all(text(v) == "" for v in row):
            continue
        yield line, {h: ("" if v is None else v) for h, v in zip(header, row, strict=False) if h}


def workbook(data: bytes):
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not XLSX
        raise Invalid("无法读取文件：请提供 .xlsx 格式的工作簿", code="bad_xlsx") from None


def _load(source: str | Path | bytes, suffix: str) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, suffix.lower()
    path = Path(source)
    if not path.is_file():
        raise Invalid(f"文件不存在：{source}", code="no_file")
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise Invalid("只支持 .csv 和 .xlsx 文件", code="bad_file_type")
    return path.read_bytes(), suffix


def columns(header: Iterable[str], names: dict[str, list[str]], required: Iterable[str]) -> dict:
    """{header in the file: field} for the headers that name a field (`names`: field → the
    headers that may name it, the one to ask for first); a required field no header names is an error that lists the
    file's headers nearest to it."""
    by_key = {key(alias): field for field, aliases in names.items() for alias in aliases}
    found = {h: by_key[key(h)] for h in header if key(h) in by_key}
    missing = [f for f in required if f not in found.values()]
    if missing:
        unknown = [h for h in header if h not in found]
        parts = []
        for f in missing:
            near = difflib.get_close_matches(names[f][0], unknown, n=2, cutoff=0.3)
            hint = f"（表中相近的列：{'、'.join(near)}）" if near else ""
            parts.append(f"“{names[f][0]}”{hint}")
        raise Invalid(
            f"表头缺少列：{'；'.join(parts)}。表中的列为：{'、'.join(h for h in header if h)}",
            code="bad_header",
        )
    return found


def date(value, label: str) -> dt.date:
    """A date as registers write it; an Excel date cell (or its serial number) too."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    raw = text(value)
    m = _DATE.match(unicodedata.normalize("NFKC", raw))
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise Invalid(
        f"{label}“{raw}”不是有效日期，应写作2025-03-05、2025/3/5或2025年3月5日",
        code="bad_date",
    )


class Choices:
    """Matching a cell against labels: `{label: code}`, several labels to one code. A label is
    matched whatever its width and spaces; an unknown value is an error naming the nearest."""

    def __init__(self, label: str, table: dict[str, str], shown: Iterable[str] | None = None):
        self.label = label
        self.by_key: dict[str, str] = {}
        self.names: dict[str, str] = {}  # key → the valid value it stands for, as shown
        for name, code in table.items():
            self.by_key.setdefault(key(name), code)
            self.names.setdefault(key(name), name)
        self.shown = list(shown if shown is not None else table)

    def get(self, value, *candidates: str) -> str:
        for k in (key(value), *candidates):
            if k in self.by_key:
                return self.by_key[k]
        raw = text(value)
        near = difflib.get_close_matches(key(value), list(self.names), n=12, cutoff=0.3)
        shown = list(dict.fromkeys(self.names[k] for k in near))[:3]
        hint = (
            f"最接近的有效值：{'、'.join(shown)}" if near else f"有效值为：{'、'.join(self.shown)}"
        )
        raise Invalid(f"{self.label}“{raw}”无法识别，{hint}", code="unknown_value")
