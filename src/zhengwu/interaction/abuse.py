"""Abuse controls for what the public may post: rate limits per account and per address
(Django cache counters), a self-hosted CAPTCHA drawn with Pillow, and likely duplicates."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import hmac
import io
import random
import secrets
import time

import jieba
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from zhengwu.core.errors import Invalid, ServiceError

from . import conf
from .models import Message


class RateLimited(ServiceError):
    """Too many posts from one account or address: HTTP 429 with a Chinese message."""

    status = 429

    def __init__(self, message: str, *, retry_after: int = 60):
        super().__init__(message, code="rate_limited")
        self.retry_after = retry_after


def _hit(key: str, limit: tuple[int, int]) -> tuple[int, int]:
    """Count one event in the current fixed window; returns (count, seconds until the window ends)."""
    count_allowed, seconds = limit
    window = int(time.time()) // seconds
    full_key = f"interaction:rate:{key}:{window}"
    if cache.add(full_key, 1, seconds + 5):
        count = 1
    else:
        try:
            count = cache.incr(full_key)
        except ValueError:  # expired between add and incr
            cache.add(full_key, 1, seconds + 5)
            count = 1
    return count, seconds - int(time.time()) % seconds


def _minutes(seconds: int) -> str:
    return f"{max(1, -(-seconds // 60))}分钟"


def check_rate(action: str, *, user=None, ip: str | None = None, per_account=None, per_ip=None):
    """Raise RateLimited when the account or the address has used up its allowance."""
    if user is not None and getattr(user, "is_authenticated", False) and per_account:
        count, left = _hit(f"{action}:u{user.pk}", per_account)
        if count > per_account[0]:
            raise RateLimited(
                f"提交过于频繁：每个账户{_period(per_account)}内最多提交{per_account[0]}次，"
                f"请{_minutes(left)}后再试。",
                retry_after=left,
            )
    if ip and per_ip:
        count, left = _hit(f"{action}:ip{ip}", per_ip)
        if count > per_ip[0]:
            raise RateLimited(
                f"来自您所在网络地址的提交过于频繁（{_period(per_ip)}内最多{per_ip[0]}次），"
                f"请{_minutes(left)}后再试。",
                retry_after=left,
            )


def _period(limit: tuple[int, int]) -> str:
    seconds = limit[1]
    if seconds % 3600 == 0:
        return f"{seconds // 3600}小时"
    if seconds % 60 == 0:
        return f"{seconds // 60}分钟"
    return f"{seconds}秒"


# --- CAPTCHA ---------------------------------------------------------------------------------
# Letters and digits that cannot be confused with each other (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
SESSION_KEY = "zw_captcha"
DIGIT_WORDS = "零一二三四五六七八九"


def _hash(token: str, answer: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{token}:{answer.strip().upper()}".encode(), hashlib.sha256).hexdigest()


def _chars(seed: str) -> str:
    """The 5 characters of a challenge, derived from its random seed with the server's key, so
    the session holds neither the characters nor anything a reader could turn into them."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"captcha:{seed}".encode(), "sha256").digest()
    return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:5])


def new_challenge(session) -> dict:
    """A fresh challenge stored (hashed) in the session: an image of 5 characters and, for those
    who cannot see it, a sum written in words. Either answer is accepted, once, before expiry."""
    rng = random.SystemRandom()
    token = secrets.token_urlsafe(12)
    seed = secrets.token_urlsafe(16)
    chars = _chars(seed)
    a, b = rng.randint(1, 9), rng.randint(1, 9)
    store = {k: v for k, v in session.get(SESSION_KEY, {}).items() if v["exp"] > time.time()}
    store = dict(list(store.items())[-4:])  # a few open tabs at most
    store[token] = {
        "image": _hash(token, chars),
        "text": _hash(token, str(a + b)),
        "exp": time.time() + conf.captcha_seconds(),
        "seed": seed,
    }
    session[SESSION_KEY] = store
    return {
        "token": token,
        "question": f"{DIGIT_WORDS[a]}加{DIGIT_WORDS[b]}等于几？（请填阿拉伯数字）",
    }


def image_png(session, token: str) -> bytes | None:
    """The picture of a challenge's characters (drawn here; no outside service)."""
    entry = session.get(SESSION_KEY, {}).get(token)
    if not entry or entry["exp"] < time.time():
        return None
    return draw(_chars(entry["seed"]))


def draw(chars: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = random.SystemRandom()
    width, height = 160, 56
    img = Image.new("RGB", (width, height), (246, 248, 250))
    pen = ImageDraw.Draw(img)
    for _ in range(6):
        pen.line(
            [(rng.randint(0, width), rng.randint(0, height)) for _ in range(2)],
            fill=(rng.randint(120, 200),) * 3,
            width=1,
        )
    try:
        font = ImageFont.load_default(size=34)
    except TypeError:  # Pillow without FreeType: the bitmap font, still readable
        font = ImageFont.load_default()
    for i, ch in enumerate(chars):
        glyph = Image.new("RGBA", (40, 50), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (6, 4), ch, font=font, fill=(rng.randint(0, 90), rng.randint(0, 90), 120)
        )
        glyph = glyph.rotate(rng.randint(-25, 25), resample=Image.BICUBIC)
        img.paste(glyph, (8 + i * 29, rng.randint(0, 6)), glyph)
    for _ in range(120):
        pen.point((rng.randint(0, width - 1), rng.randint(0, height - 1)), fill=(90, 90, 90))
    img = img.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def verify(session, token: str, answer: str) -> None:
    """Check the answer and spend the challenge: a second use is refused, right or wrong."""
    store = session.get(SESSION_KEY, {})
    entry = store.pop(token or "", None)
    session[SESSION_KEY] = store
    if entry is None:
        raise Invalid(
            "验证码已失效或已使用，请刷新验证码后重新填写", code="captcha_expired", field="captcha"
        )
    if entry["exp"] < time.time():
        raise Invalid(
            "验证码已过期，请刷新验证码后重新填写", code="captcha_expired", field="captcha"
        )
    given = _hash(token, answer or "")
    if not (
        hmac.compare_digest(given, entry["image"]) or hmac.compare_digest(given, entry["text"])
    ):
        raise Invalid("验证码不正确，请重新填写", code="captcha_wrong", field="captcha")


def peek_answer(session, token: str) -> str:
    """The characters of a challenge: what its picture shows (the API draws it; tests read it)."""
    return _chars(session[SESSION_KEY][token]["seed"])


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


def similarity(a: str, b: str) -> float:
    """The larger of the jieba word overlap (Jaccard) and difflib's ratio of two texts."""
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    return max(ratio, _overlap(_tokens(a), _tokens(b)))


def _similar(body: str, words: set[str], m: Message, threshold: float) -> bool:
    overlap = _overlap(words, set(m.fingerprint.split()))
    if overlap >= threshold:
        return True
    if overlap < threshold / 2:  # too few words in common for difflib to reach the threshold
        return False
    matcher = difflib.SequenceMatcher(None, body, m.body, autojunk=False)
    return matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold


def likely_duplicates(
    *, body: str, writer=None, writer_phone: str = "", mailbox_id=None, limit: int = 5
) -> list[Message]:
    """Messages of the last N days from the same writer, or near-identical in text (jieba word
    overlap, then difflib's ratio for the close calls)."""
    since = timezone.now() - dt.timedelta(days=conf.duplicate_days())
    recent = Message.objects.filter(submitted_at__gte=since).only(
        "id", "number", "title", "body", "fingerprint", "writer_id", "submitted_at", "state"
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
