"""Likely duplicates of a message about to be written: the same writer's recent messages, or
near-identical text (jieba word overlap, then difflib). Rate limits and the CAPTCHA that guard
what the public posts are in `core.throttle` and `core.captcha`."""

from __future__ import annotations

import datetime as dt
import difflib

import jieba
from django.db.models import Q
from django.utils import timezone

from . import conf
from .models import Message

# --- likely duplicates ------------------------------------------------------------------------
SIMILAR_RATIO = 0.8
SAME_WRITER_RATIO = 0.5


def _tokens(text: str) -> set[str]:
    return {t for t in jieba.lcut(text or "") if len(t.strip()) > 1}


def fingerprint(text: str) -> str:
    """The jieba words of a text, stored with the message so comparing costs no segmentation."""
    return " ".join(sorted(_tokens(text)))[:4000]


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _similar(body: str, words: set[str], m: Message, threshold: float) -> bool:
    overlap = _overlap(words, set(m.fingerprint.split()))
    if overlap >= threshold:
        return True
    if overlap < threshold / 2:  # too few words in common for difflib to reach the threshold
        return False
    matcher = difflib.SequenceMatcher(None, body, m.body, autojunk=False)
    return matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold


def likely_duplicates(
    *,
    body: str,
    writer=None,
    writer_phone: str = "",
    mailbox_id=None,
    limit: int = 5,
    among=None,
) -> list[Message]:
    """Messages of the last N days from the same writer, or near-identical in text (jieba word
    overlap, then difflib's ratio for the close calls), found among `among` (every message when
    not given: the handler's 疑似重复)."""
    since = timezone.now() - dt.timedelta(days=conf.duplicate_days())
    recent = (Message.objects.all() if among is None else among).filter(submitted_at__gte=since)
    recent = recent.only(
        "id",
        "number",
        "title",
        "public_title",
        "body",
        "fingerprint",
        "writer_id",
        "submitted_at",
        "state",
    )
    words = _tokens(body)
    found: dict[int, Message] = {}
    candidates = recent.filter(mailbox_id=mailbox_id) if mailbox_id else recent
    for m in candidates.order_by("-submitted_at")[:300]:
        if _similar(body, words, m, SIMILAR_RATIO):
            found[m.pk] = m
    same_writer = None
    if writer is not None and getattr(writer, "is_authenticated", False):
        same_writer = recent.filter(writer=writer)
    elif writer_phone:
        same_writer = recent.filter(writer_phone=writer_phone)
    if same_writer is not None:
        for m in same_writer.order_by("-submitted_at")[:20]:
            if m.pk not in found and _similar(body, words, m, SAME_WRITER_RATIO):
                found[m.pk] = m
    return sorted(found.values(), key=lambda m: m.submitted_at, reverse=True)[:limit]


def duplicates_shown_to(reader, *, body: str, mailbox_id=None) -> list[Message]:
    """What a writer is shown before submitting (the page and the API alike): their own recent
    messages and published ones, never another person's unpublished message. A phone typed by
    an anonymous writer proves nothing, so it finds nothing. Each message's `shown_title` is
    its title for its writer, else its published title."""
    own = getattr(reader, "is_authenticated", False)
    mine = Q(writer=reader) if own else Q(pk__in=[])
    found = likely_duplicates(
        body=body,
        writer=reader if own else None,
        mailbox_id=mailbox_id,
        among=Message.objects.filter(mine | Q(publication=Message.PUBLISHED)),
    )
    for m in found:
        m.shown_title = m.title if own and m.writer_id == reader.pk else m.public_title
    return found
