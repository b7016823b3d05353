"""How far a "recompute now" rollup task has got, read from the Celery result backend."""

from __future__ import annotations

from typing import Any

from celery.result import AsyncResult

from opsplan.celery import app

WAITING = {"PENDING", "RECEIVED", "STARTED", "RETRY"}


def task_progress(task_id: str) -> dict[str, Any]:
    """state (PENDING, PROGRESS, SUCCESS, FAILURE, ...), step / steps and the percent done.

    The rollup task reports PROGRESS with {"step": steps done, "steps", "store"}; eager (embedded) runs store their
    result too (CELERY_TASK_STORE_EAGER_RESULT), so this works with and without a worker."""
    result = AsyncResult(task_id, app=app)
    state = result.state
    info = result.info if isinstance(result.info, dict) else {}
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
        "rows": result.result.get("rows") if state == "SUCCESS" and isinstance(result.result, dict) else None,
    }
