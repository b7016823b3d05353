"""The briefing's periodic task (see rollups/schedules.py for how schedules are kept).

One entry, every 15 minutes: each store's send hour is in its own time zone, so the task itself decides which
stores are due. An existing entry is left as the operator set it in the admin.
"""

from __future__ import annotations

from django_celery_beat.models import CrontabSchedule, PeriodicTask

BRIEFING_NAME = "morning briefings"
BRIEFING_TASK = "briefings.tasks.briefings_send_due"


def briefing_schedules_ensure() -> list[PeriodicTask]:
    """Send the briefings whose store hour has come: created every 15 minutes if missing."""
    existing = PeriodicTask.objects.filter(name=BRIEFING_NAME).first()
    if existing is not None:
        return [existing]
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="*/15", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    task = PeriodicTask.objects.create(
        name=BRIEFING_NAME,
        task=BRIEFING_TASK,
        crontab=crontab,
        description="Send each store's morning briefing once its send hour has come (store time zone); retry "
        "failed deliveries that are due.",
    )
    return [task]
