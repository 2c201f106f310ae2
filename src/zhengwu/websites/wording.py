"""严重表述错误 (国办秘函〔2019〕19号 单项否决 1; domain-rules-trading-sites-archive §2.6): a list
of wrong → right pairs (leaders' names and titles, place names, political terms), in
data/wrong_terms.json or the file ZHENGWU_SITE_WRONG_TERMS_FILE names. Publishing a site's
article or leader entry that carries one is refused (services.py), and the quarterly check
scans everything already published (checks/terms.py). The right form is masked before the
wrong one is looked for, so a wrong form inside the right one ("新时代中国特色社会主义思想" in
the full name) is no hit."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from django.conf import settings

DEFAULT_FILE = Path(__file__).parent / "data" / "wrong_terms.json"


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[tuple[str, str, str], ...]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = data["terms"] if isinstance(data, dict) else data
    return tuple((str(r[0]), str(r[1]), str(r[2]) if len(r) > 2 else "") for r in rows if r[0])


def terms() -> tuple[tuple[str, str, str], ...]:
    return _load(settings.ZHENGWU_SITE_WRONG_TERMS_FILE or str(DEFAULT_FILE))


class Scanner:
    def __init__(self, pairs: Iterable[tuple[str, str, str]]):
        pairs = list(pairs)
        self.right_of = {w: (r, what) for w, r, what in pairs}
        rights = sorted({r for _, r, _ in pairs if r}, key=len, reverse=True)
        wrongs = sorted(self.right_of, key=len, reverse=True)
        self.rights = re.compile("|".join(map(re.escape, rights))) if rights else None
        self.wrongs = re.compile("|".join(map(re.escape, wrongs))) if wrongs else None

    def find(self, text: str) -> list[str]:
        if not self.wrongs or not text:
            return []
        if self.rights:
            text = self.rights.sub("\x00", text)
        return list(dict.fromkeys(self.wrongs.findall(text)))

    def words(self, wrong: str) -> str:
        """“吉首县”应为“吉首市”（地名）"""
        right, what = self.right_of[wrong]
        return f"“{wrong}”应为“{right}”" + (f"（{what}）" if what else "")


def scanner() -> Scanner:
    return _scanner(settings.ZHENGWU_SITE_WRONG_TERMS_FILE or str(DEFAULT_FILE))


@lru_cache(maxsize=4)
def _scanner(path: str) -> Scanner:
    return Scanner(_load(path))
