"""Platform exports as import jobs: an upload is kept and previewed, and once its uploader confirms it a worker
imports it all or nothing through :mod:`funnel.services.exports` (the same service as the API endpoint).

The importer of the ``platform_export`` kind of import job (``imports``), listed in ``opsplan.tasks.IMPORTERS``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone

from core.cells import RowError
from core.dates import local_date
from funnel.services.exports import ExportPreview, export_ingest, export_preview
from imports.models import ImportJob
from imports.services import WriteCounts, import_job_progress
from stores.models import Store


def store_today(store: Store, now: datetime | None = None):
    return local_date(store.time_zone, now or timezone.now())


def job_preview(job: ImportJob, now: datetime | None = None) -> ExportPreview:
    """The preview of a job's file with the platform and mapping chosen for it (else the kept or detected ones)."""
    options = job.options or {}
    return export_preview(
        job.store,
        bytes(job.content),
        job.file_name,
        today=store_today(job.store, now),
        mapping=options.get("mapping"),
        platform=options.get("platform"),
    )


def platform_export_import(job: ImportJob, now: datetime) -> tuple[Sequence[RowError], WriteCounts | None]:
    """The importer of a confirmed platform export: every row checked again, then all days written or none."""
    preview = job_preview(job, now)
    import_job_progress(job, total=len(preview.rows))
    import_job_progress(job, done=len(preview.rows))
    if not preview.ready:
        return [RowError(e.line, e.column, e.message) for e in preview.errors], None
    counts = export_ingest(job.store, preview, user=job.created_by, now=now)
    return [], WriteCounts(created=counts.created, updated=counts.updated, unchanged=counts.unchanged)
