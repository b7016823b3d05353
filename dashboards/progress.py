"""How far a "recompute now" rollup task has got, read from the Celery result backend."""

from __future__ import annotations

import logging
from typing import Any

from celery import current_app as app
from celery.result import AsyncResult

logger = logging.getLogger(__name__)
WAITING = {"PENDING", "RECEIVED", "STARTED", "RETRY"}


def task_progress(task_id: str) -> dict[str, Any]:
    """state (PENDING, PROGRESS, SUCCESS, FAILURE, ...), step / steps and the percent done.

    The rollup task reports PROGRESS with {"step": steps done, "steps", "store"}; eager (embedded) runs store their
    result too (CELERY_TASK_STORE_EAGER_RESULT), so this works with and without a worker."""
    result = AsyncResult(task_id, app=app)
    try:
        state = result.state
        info = result.info if isinstance(result.info, dict) else {}
        rows = result.result.get("rows") if state == "SUCCESS" and isinstance(result.result, dict) else None
    except Exception:  # noqa: BLE001 - the result backend (Redis) is unreachable: say so, do not fail the page
        logger.warning("the progress of task %s cannot be read: the result backend is unreachable", task_id)
        return {
            "task_id": task_id,
            "state": "UNKNOWN",
            "step": 0,
            "steps": 0,
            "percent": 0,
            "waiting": False,
            "running": False,
            "rows": None,
        }
    step, steps = int(info.get("step") or 0), int(info.get("steps") or 0)
    if state == "SUCCESS":
        percent = 100
    elif state == "PROGRESS" and steps:
        percent = max(5, min(95, round(100 * step / steps)))
    else:
        percent = 0
    return {
        "task_id": task_id,
        "state": state,
        "step": step,
        "steps": steps,
        "percent": percent,
        "waiting": state in WAITING,
        "running": state in WAITING or state == "PROGRESS",
        "rows": rows,
    }
