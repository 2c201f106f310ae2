"""Columns encrypted at rest: the staff TOTP secrets (`org.User.totp_secret`).

Fernet (AES-128-CBC with an HMAC-SHA256, from the maintained `cryptography` library) under the
keys of `settings.ZHENGWU_FIELD_KEYS` (env `ZHENGWU_FIELD_KEY`), which live in the environment,
never in the database: a dump of the database holds only ciphertext. Several keys make a
MultiFernet: the first encrypts, every one decrypts, so a key is rotated by putting the new one
first, running `manage.py rotate_field_key` (every value re-encrypted under the first key), then
dropping the old one (docs/deploy.md).
"""

from __future__ import annotations

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models

# Every Fernet token begins with its version byte (0x80) and a 64-bit timestamp whose high bytes
# are zero for centuries: in URL-safe Base64, "gAAAAA". A base32 TOTP secret never does.
TOKEN_PREFIX = "gAAAAA"


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.ZHENGWU_FIELD_KEYS))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        # A key is missing (dropped before `rotate_field_key`, or another deployment's): fail
        # loudly rather than treat the secret as absent and let a new one replace it.
        raise ImproperlyConfigured(
            "无法解密已加密的字段：ZHENGWU_FIELD_KEY 中没有加密时所用的密钥"
        ) from None


def rotate(token: str) -> str:
    """The same value under the first key."""
    return fernet().rotate(token.encode()).decode() if token else ""


class EncryptedTextField(models.TextField):
    """Text stored encrypted; the model attribute holds the plain text. The empty string stays
    empty (no secret). Values cannot be looked up (each encryption differs), only read and written.
    `dumpdata` writes the ciphertext and `loaddata` reads it back."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(value, str) and value.startswith(TOKEN_PREFIX):
            try:
                return fernet().decrypt(value.encode()).decode()
            except InvalidToken:
                raise ValidationError("无法解密该字段的值", code="undecryptable") from None
        return value

    def value_to_string(self, obj):
        return encrypt(self.value_from_object(obj) or "")
