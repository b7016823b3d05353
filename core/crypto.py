"""Secrets opsplan must read back (a group robot's webhook address and signing secret) sealed with Fernet.

The key comes from ``settings.FIELD_ENCRYPTION_KEYS``: the keys named by ``BRIEFING_KEY`` or
``FIELD_ENCRYPTION_KEY`` (Fernet keys, comma-separated, the first one seals) and, always last, a key derived from
``SECRET_KEY``. Sealed values therefore stay readable when an explicit key is set later, and rotating means putting
the new key first and the old ones after it (docs/briefing.md).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

DERIVATION_INFO = b"opsplan field encryption"


class SealedValueUnreadable(Exception):
    """A sealed value none of the configured keys opens (the key changed): it must be entered again."""


def key_from_secret(secret_key: str) -> bytes:
    """A Fernet key derived from Django's ``SECRET_KEY`` (HKDF-SHA256), for when no explicit key is set."""
    salt = hashlib.sha256(b"opsplan").digest()
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=DERIVATION_INFO).derive(secret_key.encode())
    return base64.urlsafe_b64encode(raw)


def _box() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.FIELD_ENCRYPTION_KEYS])


def seal(text: str) -> str:
    """``text`` encrypted and authenticated; an empty text stays empty (nothing set)."""
    if not text:
        return ""
    return _box().encrypt(text.encode()).decode("ascii")


def unseal(token: str) -> str:
    """The text sealed in ``token``; raises :class:`SealedValueUnreadable` when no key opens it."""
    if not token:
        return ""
    try:
        return _box().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError) as exc:
        raise SealedValueUnreadable from exc
