"""Periodic tasks kept in the database (django-celery-beat), so operators can edit them in the admin: created when
missing, never overwritten. What runs when is declared in one place, opsplan/schedules.py."""

from __future__ import annotations

import json

from django_celery_beat.models import CrontabSchedule, PeriodicTask


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
