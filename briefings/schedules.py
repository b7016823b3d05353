"""The briefing's periodic task (see rollups/schedules.py for how schedules are kept).

One entry, every 15 minutes: each store's send hour is in its own time zone, so the task itself decides which
stores are due. An existing entry is left as the operator set it in the admin.
"""

from __future__ import annotations

from django_celery_beat.models import PeriodicTask

from rollups.schedules import periodic_task_ensure

BRIEFING_NAME = "morning briefings"
BRIEFING_TASK = "briefings.tasks.briefings_send_due"


def briefing_schedules_ensure() -> list[PeriodicTask]:
    """Send the briefings whose store hour has come: created every 15 minutes if missing."""
    return [
        periodic_task_ensure(
            BRIEFING_NAME,
            BRIEFING_TASK,
            minute="*/15",
            hour="*",
            time_zone="UTC",
            description="Send each store's morning briefing once its send hour has come (store time zone); retry "
            "failed deliveries that are due.",
        )
    ]
