"""What every Celery task of opsplan shares: the retry policy, and the names of the tasks a lower layer queues
without importing the layer that runs them (opsplan.tasks).

Every task is idempotent (a rollup rebuilds its range from the raw rows, an import claims its job), acknowledged
late and rejected when its worker dies (settings), so a killed worker's task runs again elsewhere.
"""

from __future__ import annotations

from django.db import DatabaseError, InterfaceError, OperationalError

RETRY = {
    "autoretry_for": (OperationalError, InterfaceError, DatabaseError),
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
    "acks_late": True,
}

# One store's refresh after its figures changed: its rollup, then its alerts (opsplan.tasks.store_refresh_task).
STORE_REFRESH_TASK = "opsplan.tasks.store_refresh_task"
# The refresh of every store with dirty days, debounced after writes (opsplan.tasks.refresh_dirty_task).
REFRESH_DIRTY_TASK = "opsplan.tasks.refresh_dirty_task"
# The import of one upload with its kind's importer (opsplan.tasks.import_job_task).
IMPORT_TASK = "opsplan.tasks.import_job_task"
