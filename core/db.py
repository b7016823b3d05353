"""Transaction-scoped advisory locks (PostgreSQL)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db import connection


def _lock_key(parts: tuple) -> int:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def advisory_lock(*parts: object) -> None:
    """Serialise transactions on a key until the current transaction ends."""
    advisory_locks([parts])


def advisory_locks(keys: Iterable[tuple]) -> None:
    """``advisory_lock`` on several keys in one round trip, taken one after the other in the order given: callers
    that take more than one sort them the same way, so that two transactions cannot deadlock."""
    locks = [_lock_key(tuple(parts)) for parts in keys]
    with connection.cursor() as cursor:
        if len(locks) == 1:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", locks)
        else:  # unnest yields the array in order, and the aggregate takes each lock as its row arrives
            cursor.execute("SELECT count(pg_advisory_xact_lock(k)) FROM unnest(%s::bigint[]) AS k", [locks])
