"""Encryption at rest of case narratives and case files (Fernet, several keys).

Keys come from `settings.RAQIB_INTEGRITY_KEYS` (newest first), never from the database: the
first key encrypts, every key decrypts (`MultiFernet`). Rotation re-encrypts with the first key
(`manage.py integrity_rotate_keys`), after which the older keys may be removed.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

__all__ = ["EncryptedTextField", "InvalidToken", "decrypt", "encrypt", "rotate"]


def _fernet() -> MultiFernet:
    keys = list(settings.RAQIB_INTEGRITY_KEYS or [])
    if not keys:
        raise ImproperlyConfigured(
            "RAQIB_INTEGRITY_KEYS is empty: integrity case files cannot be encrypted."
        )
    try:
        return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"RAQIB_INTEGRITY_KEYS holds an invalid key: {exc}") from exc


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes) -> bytes:
    return _fernet().decrypt(token)


def rotate(token: bytes) -> bytes:
    """The same plaintext, encrypted with the first key."""
    return _fernet().rotate(token)


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token: the database never holds the plaintext."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(str(value).encode("ascii")).decode("utf-8")

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value).encode("utf-8")).decode("ascii")
