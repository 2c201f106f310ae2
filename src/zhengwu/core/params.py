"""Numbers typed into a form or a query string. A value that is not a whole number reads as
none, so a page answers "not found" or falls back to its default instead of failing with a 500."""

from __future__ import annotations


def whole_number(value) -> int | None:
    """`"12"` → 12; `""`, `None`, `"abc"`, `"1.5"`, `"-3"` → None."""
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isascii() and text.isdigit() else None
