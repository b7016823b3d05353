"""The beat schedule, kept in the database (django-celery-beat) so operators can edit it in the admin.

One nightly rollup per store time zone at 02:00 local time; created when a store with a new time
zone appears (and by `manage.py setup_schedules`). An existing entry is left as the operator set it.
"""

from __future__ import annotations

import json

from django_celery_beat.models import CrontabSchedule, PeriodicTask

from stores.models import Store

NIGHTLY_TASK = "rollups.tasks.rollup_nightly"


def periodic_task_ensure(
    name: str, task: str, *, minute: str, hour: str, time_zone: str, description: str, kwargs: dict | None = None
) -> PeriodicTask:
    """The periodic task ``name``, created daily-crontab style if missing; an existing one is left as the operator
    set it in the admin."""
    existing = PeriodicTask.objects.filter(name=name).first()
    if existing is not None:
        return existing
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone=time_zone
    )
    return PeriodicTask.objects.create(
        name=name, task=task, crontab=crontab, kwargs=json.dumps(kwargs or {}), description=description
    )


def nightly_schedule_ensure(time_zone: str) -> PeriodicTask:
    """The nightly rollup of the stores in ``time_zone``: 02:00 there, every day."""
    return periodic_task_ensure(
        f"nightly rollup · {time_zone}",
        NIGHTLY_TASK,
        minute="0",
        hour="2",
        time_zone=time_zone,
        kwargs={"time_zone": time_zone},
        description="Roll up yesterday and the dirty ranges of every store in this time zone (02:00 local).",
    )


def schedules_ensure() -> list[PeriodicTask]:
    """Every periodic task opsplan needs, for the time zones of its stores."""
    zones = sorted(set(Store.objects.values_list("time_zone", flat=True)))
    tasks = [nightly_schedule_ensure(zone) for zone in zones]
    from alerts.schedules import alert_schedules_ensure
    from briefings.schedules import briefing_schedules_ensure
    from orders.schedules import import_schedules_ensure

    return tasks + alert_schedules_ensure() + briefing_schedules_ensure() + import_schedules_ensure()
