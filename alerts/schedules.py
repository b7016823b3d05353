"""Periodic tasks of the alerts (see rollups/schedules.py for how schedules are kept).

The digest runs once a day at 08:00 Asia/Shanghai, before the working day; an existing entry is
left as the operator set it in the admin.
"""

from __future__ import annotations

from django_celery_beat.models import CrontabSchedule, PeriodicTask

DIGEST_NAME = "alerts digest"
DIGEST_TASK = "alerts.tasks.alerts_digest"


def alert_schedules_ensure() -> list[PeriodicTask]:
    """The daily alerts e-mail: created at 08:00 Asia/Shanghai if missing."""
    existing = PeriodicTask.objects.filter(name=DIGEST_NAME).first()
    if existing is not None:
        return [existing]
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="8", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    task = PeriodicTask.objects.create(
        name=DIGEST_NAME,
        task=DIGEST_TASK,
        crontab=crontab,
        description="E-mail each store's ops managers their open alerts not e-mailed yet (08:00 Asia/Shanghai).",
    )
    return [task]
