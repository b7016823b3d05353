"""Background work of the uploads: the expiry of unconfirmed ones (the imports themselves run in opsplan.tasks)."""

from __future__ import annotations

import logging

from celery import shared_task

from .services import import_previews_expire

logger = logging.getLogger(__name__)


@shared_task
def import_previews_expire_task() -> int:
    """Daily: drop the files of uploads left unconfirmed (orders.services.import_previews_expire)."""
    return import_previews_expire()
