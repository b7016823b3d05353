"""Periodic tasks of the alerts (see rollups/schedules.py for how schedules are kept).

The digest runs once a day at 08:00 Asia/Shanghai, before the working day; an existing entry is
left as the operator set it in the admin.
"""

from __future__ import annotations

from django_celery_beat.models import PeriodicTask

from rollups.schedules import periodic_task_ensure

DIGEST_NAME = "alerts digest"
DIGEST_TASK = "alerts.tasks.alerts_digest"


def alert_schedules_ensure() -> list[PeriodicTask]:
    """The daily alerts e-mail: created at 08:00 Asia/Shanghai if missing."""
    return [
        periodic_task_ensure(
            DIGEST_NAME,
            DIGEST_TASK,
            minute="0",
            hour="8",
            time_zone="Asia/Shanghai",
            description="E-mail each store's ops managers their open alerts not e-mailed yet (08:00 Asia/Shanghai).",
        )
    ]
