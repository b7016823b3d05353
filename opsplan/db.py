"""Database helpers that differ between PostgreSQL and the embedded SQLite."""

from __future__ import annotations

import hashlib

from django.db import connection


def advisory_lock(*parts: object) -> None:
    """Serialise transactions on a key until the current transaction ends (PostgreSQL).

    SQLite allows one writer at a time anyway, so there it is a no-op.
    """
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    key = int.from_bytes(digest, "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
