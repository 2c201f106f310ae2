"""Chinese word segmentation (分词) for search: jieba, loaded once per process, with a user
dictionary of government terms (data/userdict.txt) and the names of Xiangxi's counties and
townships from the org tables.

Documents are indexed
with every precise-mode word plus each shorter dictionary word inside it (an extension of
jieba's `cut_for_search`, which stops at three characters), so 预算 is found inside
财政预算执行情况 and 养老保险 inside 城乡居民基本养老保险. A query is cut in precise mode and
every word must be present as a token: no phrase or prefix query is needed, which keeps the
PostgreSQL GIN lookup exact (no recheck of each row's tsvector).
HMM new-word discovery is off on both sides, so a word is cut the same way everywhere.
"""

from __future__ import annotations

import logging
import re
import threading
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


def _index_tokens(text: str):
    t = tokenizer()
    for word in t.cut(text, HMM=False):
        for n in range(2, len(word)):
            for i in range(len(word) - n + 1):
                gram = word[i : i + n]
                if t.FREQ.get(gram):
                    yield gram
        yield word


def index_text(text: str) -> str:
    """The text as space-joined search tokens, for the FTS index."""
    if not text:
        return ""
    return " ".join(_clean(_index_tokens(text)))


def query_words(query: str, *, limit: int = 12) -> list[str]:
    """The query's words in order, duplicates dropped, at most `limit` (all must match)."""
    words = list(dict.fromkeys(_clean(tokenizer().cut(query, HMM=False))))
    return words[:limit]


def has_words(text: str) -> bool:
    return bool(_WORD.search(text or ""))
