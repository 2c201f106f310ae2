"""Chinese word segmentation (分词) for search: jieba, loaded once per process, with a user
dictionary of government terms (data/userdict.txt) and the names of Xiangxi's counties and
townships from the org tables.

Documents are indexed with `cut_for_search` (a long word and its two- and three-character
sub-words), so 预算 is found inside 财政预算执行情况. A query is cut in precise mode; each
query word matches either itself or, for words of four characters or more, the phrase of its
two-character dictionary words (养老保险 inside 城乡居民基本养老保险, whose index holds the
adjacent tokens 养老 保险: cut_for_search emits a long word's two-character words in order).
HMM new-word discovery is off on both sides, so a word is cut the same way everywhere.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import jieba

logger = logging.getLogger(__name__)

USER_DICT = Path(__file__).resolve().parent / "data" / "userdict.txt"
# A token is kept when it holds a letter, a digit or a CJK character; punctuation and FTS
# syntax (quotes, *, ^, -, parentheses) never reach the query language.
_WORD = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]")
_TOKEN = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]+")

_tokenizer: jieba.Tokenizer | None = None
_lock = threading.Lock()


def _place_names() -> list[str]:
    """County and township names (吉首市, 乾州街道, 矮寨镇…) so they are cut as one word."""
    try:
        from zhengwu.org.models import Jurisdiction

        names = Jurisdiction.objects.filter(
            level__in=[Jurisdiction.PREFECTURE, Jurisdiction.COUNTY, Jurisdiction.TOWNSHIP]
        ).values_list("name", flat=True)
        return [n for n in names if n]
    except Exception:  # no database yet (migrate, a bare script): the shipped dictionary suffices
        logger.debug("search: place names not loaded", exc_info=True)
        return []


def tokenizer() -> jieba.Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                t = jieba.Tokenizer()
                t.initialize()
                t.load_userdict(str(USER_DICT))
                for name in _place_names():
                    t.add_word(name, 3000)
                _tokenizer = t
    return _tokenizer


def _clean(tokens) -> list[str]:
    out = []
    for token in tokens:
        for part in _TOKEN.findall(token):
            out.append(part.lower())
    return out


def index_text(text: str) -> str:
    """The text as space-joined search tokens, for the FTS index."""
    if not text:
        return ""
    return " ".join(_clean(tokenizer().cut_for_search(text, HMM=False)))


@dataclass(frozen=True)
class Term:
    """One query word: found as itself, or (long words) as the phrase of its two-character words."""

    word: str
    parts: tuple[str, ...] = ()

    @property
    def highlights(self) -> tuple[str, ...]:
        return (self.word, *self.parts)


def query_terms(query: str, *, limit: int = 12) -> list[Term]:
    """The query's words in order, duplicates dropped, at most `limit` (AND semantics)."""
    t = tokenizer()
    seen: set[str] = set()
    terms: list[Term] = []
    for word in _clean(t.cut(query, HMM=False)):
        if word in seen:
            continue
        seen.add(word)
        parts: tuple[str, ...] = ()
        if len(word) >= 4:
            grams = (word[i : i + 2] for i in range(len(word) - 1))
            parts = tuple(g for g in grams if t.FREQ.get(g))
        terms.append(Term(word, parts))
        if len(terms) >= limit:
            break
    return terms


def has_words(text: str) -> bool:
    return bool(_WORD.search(text or ""))
