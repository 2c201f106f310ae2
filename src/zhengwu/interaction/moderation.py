"""先审后发: before any text of the public reaches a page, ID and phone numbers are masked
(core.masking) and the configurable 敏感词 list is applied — `mask` words are starred at once,
`hold` words keep the text in the moderation queue until a moderator deals with it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from zhengwu.core.masking import mask_text

from .models import SensitiveWord

CACHE_KEY = "interaction:sensitive-words"


def _words() -> list[tuple[str, str]]:
    words = cache.get(CACHE_KEY)
    if words is None:
        words = list(SensitiveWord.objects.filter(is_active=True).values_list("word", "action"))
        cache.set(CACHE_KEY, words, 600)
    return words


@receiver([post_save, post_delete], sender=SensitiveWord)
def _word_list_changed(**kwargs):
    cache.delete(CACHE_KEY)


@dataclass
class Screened:
    text: str
    held: list[str]


def screen(text: str) -> Screened:
    """The public form of `text` and the `hold` words it still contains."""
    public = mask_text(text or "")
    held = []
    for word, action in _words():
        if word not in public:
            continue
        if action == SensitiveWord.MASK:
            public = public.replace(word, "＊" * len(word))
        else:
            held.append(word)
    return Screened(public, held)


def screen_all(*texts: str) -> tuple[list[str], list[str]]:
    results = [screen(t) for t in texts]
    held = sorted({w for r in results for w in r.held})
    return [r.text for r in results], held
