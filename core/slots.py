"""A cap on how many bulk pushes run at once on one host, so pushes cannot take every web worker and CPU.

A push of 1,000–10,000 records keeps a sync gunicorn worker and a PostgreSQL backend busy for a fraction of a second
to seconds; 50 clients pushing back to back would otherwise occupy every worker and both cores, and pages would wait
in gunicorn's queue behind them. With ``API_PUSH_CONCURRENCY`` slots taken, a push is answered 429 with
``Retry-After`` at once (docs/API.md: clients retry after that many seconds), before its body is read.

A slot is an exclusive ``flock`` on one of N files: the kernel releases it when the process holding it exits, so a
killed worker never leaks a slot, and it costs no database round trip. The files are per host (or container) and
per database, so separate opsplan instances on one machine do not share slots.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings


def _slot_paths() -> list[Path]:
    database = settings.DATABASES["default"]
    identity = f"{database.get('HOST', '')}:{database.get('PORT', '')}/{database.get('NAME', '')}"
    tag = hashlib.sha256(identity.encode()).hexdigest()[:12]
    directory = Path(settings.API_PUSH_SLOT_DIR or tempfile.gettempdir())
    return [directory / f"opsplan-push-{os.getuid()}-{tag}-{i}.lock" for i in range(settings.API_PUSH_CONCURRENCY)]


def push_slot_acquire() -> int | None:
    """Take a free push slot: its file descriptor, or None when all are taken. -1 when there is no cap (0)."""
    if settings.API_PUSH_CONCURRENCY <= 0:
        return -1
    for path in _slot_paths():
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return fd
    return None


def push_slot_release(fd: int | None) -> None:
    """Give a slot back (closing the descriptor drops the lock)."""
    if fd is not None and fd >= 0:
        os.close(fd)
