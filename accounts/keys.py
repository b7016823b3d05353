"""API key format: ``<prefix>.<secret>``; the prefix finds the row, the hash proves the secret."""

import hashlib
import hmac
import secrets
from typing import NamedTuple

PREFIX_LENGTH = 8


class NewKey(NamedTuple):
    key: str
    prefix: str
    hashed: str


def hash_key(key: str) -> str:
    # Keys carry 256 bits of randomness, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(key.encode()).hexdigest()


def generate_key() -> NewKey:
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    key = f"{prefix}.{secrets.token_urlsafe(32)}"
    return NewKey(key=key, prefix=prefix, hashed=hash_key(key))


def split_prefix(key: str) -> str | None:
    prefix, dot, secret = key.partition(".")
    if not dot or len(prefix) != PREFIX_LENGTH or not secret:
        return None
    return prefix


def key_matches(key: str, hashed: str) -> bool:
    return hmac.compare_digest(hash_key(key), hashed)
