"""The beat schedule, every periodic task of opsplan in one place (kept in the database by django-celery-beat and
editable in the admin: an existing entry is left as the operator set it; see core.schedules).

- the nightly rollup of each store time zone at 02:00 there (a store in a new time zone gets its own entry);
- the alerts digest e-mail at 08:00 Asia/Shanghai, before the working day;
- the morning briefings every 15 minutes: each store's send hour is in its own time zone, so the task decides
  which stores are due, and retries the failed deliveries that are due;
- the expiry of uploads left unconfirmed for a week, daily at 03:30 Asia/Shanghai, after the nightly rollups.

`migrate` and `manage.py setup_schedules` create what is missing (opsplan.apps).
"""

from __future__ import annotations

from typing import Any

from django_celery_beat.models import PeriodicTask

from core.schedules import periodic_task_ensure
from stores.models import Store

NIGHTLY_TASK = "opsplan.tasks.nightly"
DIGEST_NAME = "alerts digest"
DIGEST_TASK = "alerts.tasks.alerts_digest"
BRIEFING_NAME = "morning briefings"
BRIEFING_TASK = "briefings.tasks.briefings_send_due"
PREVIEWS_NAME = "expire unconfirmed uploads"
PREVIEWS_TASK = "orders.tasks.import_previews_expire_task"  # imports.tasks; the name it had in orders


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
    return [
        *(nightly_schedule_ensure(zone) for zone in zones),
        periodic_task_ensure(
            DIGEST_NAME,
            DIGEST_TASK,
            minute="0",
            hour="8",
            time_zone="Asia/Shanghai",
            description="E-mail each store's ops managers their open alerts not e-mailed yet (08:00 Asia/Shanghai).",
        ),
        periodic_task_ensure(
            BRIEFING_NAME,
            BRIEFING_TASK,
            minute="*/15",
            hour="*",
            time_zone="UTC",
            description="Send each store's morning briefing once its send hour has come (store time zone); retry "
            "failed deliveries that are due.",
        ),
        periodic_task_ensure(
            PREVIEWS_NAME,
            PREVIEWS_TASK,
            minute="30",
            hour="3",
            time_zone="Asia/Shanghai",
            description="Expire the uploads left unconfirmed for a week and drop their files (03:30 Asia/Shanghai).",
        ),
    ]


def after_migrate(sender: Any, app_config: Any = None, **kwargs: Any) -> None:
    """post_migrate: every entry exists after each ``migrate`` (once, for this app's signal)."""
    if app_config is not None and app_config.name == "opsplan":
        schedules_ensure()


def after_store_saved(sender: Any, instance: Store, **kwargs: Any) -> None:
    """post_save of a store: its time zone has its nightly rollup."""
    nightly_schedule_ensure(instance.time_zone)
