"""Periodic tasks of the uploads (see rollups/schedules.py for how schedules are kept).

Once a day, at 03:30 Asia/Shanghai after the nightly rollups, uploads left unconfirmed for a week expire and their
files are dropped; an existing entry is left as the operator set it in the admin.
"""

from __future__ import annotations

from django_celery_beat.models import PeriodicTask

from rollups.schedules import periodic_task_ensure

PREVIEWS_NAME = "expire unconfirmed uploads"
PREVIEWS_TASK = "orders.tasks.import_previews_expire_task"


def import_schedules_ensure() -> list[PeriodicTask]:
    """The daily expiry of unconfirmed uploads: created at 03:30 Asia/Shanghai if missing."""
    return [
        periodic_task_ensure(
            PREVIEWS_NAME,
            PREVIEWS_TASK,
            minute="30",
            hour="3",
            time_zone="Asia/Shanghai",
            description="Expire the uploads left unconfirmed for a week and drop their files (03:30 Asia/Shanghai).",
        )
    ]
