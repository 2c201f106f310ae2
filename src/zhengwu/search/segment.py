"""Chinese word segmentation (分词) for search: jieba's dictionary and algorithm through rjieba
(jieba-rs, the Rust port: the same words as Python jieba, about ten times faster), loaded once
per process, with a user dictionary of government terms (data/userdict.txt) and the names of
Xiangxi's divisions (data/places.txt).

Documents are indexed
with every precise-mode word plus each shorter dictionary word inside it (an extension of
jieba's `cut_for_search`, which stops at three characters), so 预算 is found inside
财政预算执行情况 and 养老保险 inside 城乡居民基本养老保险. A query is cut in precise mode and
every word must be present as a token: no phrase or prefix query is needed, which keeps the
PostgreSQL GIN lookup exact (no recheck of each row's tsvector).
HMM new-word discovery is off on both sides, so a word is cut the same way everywhere.
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path

import rjieba

USER_DICT = Path(__file__).resolve().parent / "data" / "userdict.txt"
# Every division of Xiangxi (州, 县市, 乡镇街道, 村社区) from the shared divisions file, shipped
# with the app rather than read from the database, so every process cuts words the same way.
PLACES = Path(__file__).resolve().parent / "data" / "places.txt"
# A token is kept when it holds a letter, a digit or a CJK character; punctuation and FTS
# syntax (quotes, *, ^, -, parentheses) never reach the query language.
_TOKEN = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]+")

_tokenizer: rjieba.Jieba | None = None
_lock = threading.Lock()


def load_userdict(t: rjieba.Jieba, path: Path) -> None:
    """jieba's user dictionary format: `word [frequency] [part of speech]` per line."""
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts:
            freq = int(parts[1]) if len(parts) > 1 else None
            t.add_word(parts[0], freq, parts[2] if len(parts) > 2 else None)


def tokenizer() -> rjieba.Jieba:
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                t = rjieba.Jieba()
                load_userdict(t, USER_DICT)
                load_userdict(t, PLACES)
                _tokenizer = t
    return _tokenizer


@functools.cache
def places() -> frozenset[str]:
    """The names of Xiangxi's divisions, as words (the first column of PLACES)."""
    lines = PLACES.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split()[0] for line in lines if line.strip())


def _clean(tokens) -> list[str]:
    out = []
    for token in tokens:
        for part in _TOKEN.findall(token):
            out.append(part.lower())
    return out


@functools.lru_cache(maxsize=200_000)
def _word_tokens(word: str) -> tuple[str, ...]:
    """A precise-mode word and every shorter dictionary word inside it, cleaned. Documents
    repeat a small vocabulary, so each word is expanded once per process."""
    t = tokenizer()
    grams = [
        word[i : i + n]
        for n in range(2, len(word))
        for i in range(len(word) - n + 1)
        if t.has_word(word[i : i + n])
    ]
    return tuple(_clean([*grams, word]))


def index_text(text: str) -> str:
    """The text as space-joined search tokens, for the FTS index."""
    if not text:
        return ""
    return " ".join(tok for word in tokenizer().cut(text, hmm=False) for tok in _word_tokens(word))


def query_words(query: str, *, limit: int = 12) -> list[str]:
    """The query's words in order, duplicates dropped, at most `limit` (all must match)."""
    words = list(dict.fromkeys(_clean(tokenizer().cut(query, hmm=False))))
    return words[:limit]
