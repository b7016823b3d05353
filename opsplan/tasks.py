"""What the workers run across apps, each listed here rather than registered from the apps.

The import of an upload: every kind of import job and its importer, from the apps that own the rows it writes.
"""

from __future__ import annotations

import logging
from datetime import datetime

from celery import shared_task
from django.utils.translation import gettext as _

from inventory.services.imports import products_import
from orders.choices import ImportKind
from orders.models import ImportJob
from orders.platform_exports import platform_export_import
from orders.services import IMPORT_TASK, Importer, import_job_fail, import_job_run, service_log_import

logger = logging.getLogger(__name__)

IMPORTERS: dict[str, Importer] = {
    ImportKind.SERVICE_LOG: service_log_import,
    ImportKind.PLATFORM_EXPORT: platform_export_import,
    ImportKind.PRODUCTS: products_import,
}


def import_job(job_id: int, *, now: datetime | None = None) -> ImportJob | None:
    """Run one upload's import with its kind's importer (see orders.services.import_job_run)."""
    return import_job_run(job_id, IMPORTERS, now=now)


@shared_task(name=IMPORT_TASK, acks_late=True)
def import_job_task(job_id: int) -> None:
    """Run one upload's import; an unexpected error fails the job (nothing was written) instead of retrying."""
    try:
        import_job(job_id)
    except Exception:
        logger.exception("Import job %s failed", job_id)
        import_job_fail(job_id, _("The import stopped on an unexpected error; nothing was saved. Try again."))


# The name the import jobs queued before the runner moved here still carry.
service_log_import_task = shared_task(name="orders.tasks.service_log_import", acks_late=True)(import_job_task.run)
