"""Background work of the customer-service log, and the imports of uploaded files of every kind."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils.translation import gettext as _

from .services import import_job_fail, import_job_run, import_previews_expire

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def service_log_import(job_id: int) -> None:
    """Run one upload's import (any kind: the name stays for tasks already queued); an unexpected error fails the
    job (nothing was written) instead of retrying."""
    try:
        import_job_run(job_id)
    except Exception:
        logger.exception("Import job %s failed", job_id)
        import_job_fail(job_id, _("The import stopped on an unexpected error; nothing was saved. Try again."))


@shared_task
def import_previews_expire_task() -> int:
    """Daily: drop the files of uploads left unconfirmed (orders.services.import_previews_expire)."""
    return import_previews_expire()
