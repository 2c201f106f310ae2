"""What a hit shows: its title and a window of its body, each query word wrapped in <mark>, all
else escaped. The window starts and ends at word boundaries (jieba's, as the index cuts words):
a snippet never begins or ends in the middle of a word."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import segment

SNIPPET_CHARS = 120
# A window is segmented from the last break (punctuation or space) before it, at most this far
# back: words never span a break, so the cut there is the cut of the whole text.
_REACH = 40
_BREAK = re.compile(r"[\s，。、；：！？,.;:!?（）()“”「」《》]")


def _spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    lowered = text.lower()
    spans = []
    for word in set(words):
        if not word:
            continue
        start = lowered.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = lowered.find(word, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def highlight(text: str, words: Iterable[str], spans=None) -> SafeString:
    """The text escaped, each occurrence of a query word wrapped in <mark>."""
    spans = _spans(text, words) if spans is None else spans
    out: list[str] = []
    pos = 0
    for s, e in spans:
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece of text went through escape()


def boundaries(text: str, start: int, end: int) -> list[int]:
    """The offsets in text[start:end] (and around it) where one word ends and the next begins."""
    origin = max(0, start - _REACH)
    for m in _BREAK.finditer(text, origin, start):
        origin = m.end()  # the last break before the window
    stop = min(len(text), end + _REACH)
    cuts, pos = [origin], origin
    for word in segment.tokenizer().cut(text[origin:stop], hmm=False):
        pos += len(word)
        cuts.append(pos)
    if stop < len(text):
        cuts.pop()  # the last word may run on past the piece cut
    return cuts


def snippet(body: str, words: Iterable[str], size: int = SNIPPET_CHARS) -> SafeString:
    """A window of the body from a word shortly before the first query word, highlighted."""
    body = " ".join((body or "").split())
    spans = _spans(body, words)
    want = max(0, spans[0][0] - size // 5) if spans else 0
    cuts = boundaries(body, want, want + size)
    start = max((c for c in cuts if c <= want), default=want)
    end = max((c for c in cuts if c <= start + size), default=start + size)
    if spans and end < spans[0][1] <= start + size:  # never cut the first match itself
        end = spans[0][1]
    end = min(end, len(body))
    window = [
        (max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start
    ]
    text = highlight(body[start:end], (), spans=window)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(body) else ""
    return mark_safe(prefix + text + suffix)  # noqa: S308 — highlight() escaped the text
