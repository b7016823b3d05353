"""Background work of the uploads: the expiry of unconfirmed ones (the imports themselves run in opsplan.tasks)."""

from __future__ import annotations

from celery import shared_task

from .services import import_previews_expire


# The name is the one beat entries carry (opsplan.schedules): it was set when the task lived in orders.
@shared_task(name="orders.tasks.import_previews_expire_task")
def import_previews_expire_task() -> int:
    """Daily: drop the files of uploads left unconfirmed (imports.services.import_previews_expire)."""
    return import_previews_expire()
