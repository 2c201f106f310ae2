"""The self-hosted CAPTCHA (drawn with Pillow, nothing from outside): a picture of 5 characters
and, for those who cannot see it, a sum written in words. Anonymous posts (interaction) and log
ins from a flagged address or to a flagged account (org) ask for it. A challenge lives in the
session, hashed with the server's key, and is spent by its first answer."""

from __future__ import annotations

import hashlib
import hmac
import io
import random
import secrets
import time

from django.conf import settings
from django.http import Http404, HttpResponse

from .errors import Invalid

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
        "exp": time.time() + settings.ZHENGWU_CAPTCHA_SECONDS,
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
        glyph = glyph.rotate(rng.randint(-25, 25), resample=Image.Resampling.BICUBIC)
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


def image_view(request, token: str):
    """GET /captcha/<token>.png: the picture of a challenge of this session (any form's)."""
    png = image_png(request.session, token)
    if png is None:
        raise Http404("验证码已失效")
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response
