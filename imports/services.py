"""Writes of import jobs: keep an upload and queue it, run it with its kind's importer, record its progress and its
outcome, expire the previews nobody confirmed.

The importers themselves live with the rows they write (``orders``, ``inventory`` …); ``opsplan.tasks.IMPORTERS``
lists them, and the job is queued by the task's name (``core.tasks.IMPORT_TASK``), not by importing it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from core.cells import RowError
from core.tasks import IMPORT_TASK
from stores.models import Store

from .choices import ImportKind, ImportStatus
from .models import ImportJob

logger = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_STORED_ERRORS = 500
PREVIEW_DAYS = 7  # an upload left unconfirmed this long expires: its file is dropped, the page says so


@dataclass(frozen=True)
class WriteCounts:
    """What an import wrote: rows added, changed, and left as they were."""

    created: int
    updated: int
    unchanged: int


# importer(job, now): checks every row of the job's file, then writes all or none; returns the errors (nothing
# written) or the counts. The importer of each kind is listed in opsplan.tasks.IMPORTERS, which runs the jobs.
Importer = Callable[[ImportJob, datetime], tuple[Sequence[RowError], WriteCounts | None]]


def import_job_create(
    store: Store,
    user: Any,
    file_name: str,
    content: bytes,
    kind: str = ImportKind.SERVICE_LOG,
    *,
    preview: bool = False,
) -> ImportJob:
    """Keep an uploaded file and queue its import once the upload is committed; with ``preview`` it waits for the
    uploader to confirm it (``import_job_confirm``)."""
    job = ImportJob.objects.create(
        store=store,
        kind=kind,
        created_by=user,
        file_name=file_name[:255],
        content=content,
        status=ImportStatus.PREVIEW if preview else ImportStatus.QUEUED,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    if not preview:
        _import_job_enqueue(job.pk)
    return job


def import_job_confirm(job: ImportJob, options: dict[str, Any] | None = None) -> bool:
    """Queue a previewed import as the uploader confirmed it (with the ``options`` chosen on the preview); False
    if it was confirmed already."""
    changes: dict[str, Any] = {"status": ImportStatus.QUEUED}
    if options is not None:
        changes["options"] = options
    confirmed = bool(ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEW).update(**changes))
    if confirmed:
        _import_job_enqueue(job.pk)
    return confirmed


def _import_job_enqueue(job_id: int) -> None:
    transaction.on_commit(lambda: _import_job_queue(job_id))


def _import_job_queue(job_id: int) -> None:
    """Queue the import; with the broker unreachable (Redis down) run it in this request rather than strand the
    upload (a file is small: each importer caps its rows; a job already claimed is not run twice)."""
    task = current_app.tasks[IMPORT_TASK]
    try:
        task.delay(job_id)
    except Exception:  # noqa: BLE001 - whatever the broker raises, the upload must not be lost
        logger.warning("could not queue import job %s; importing it in-process", job_id, exc_info=True)
        task.run(job_id)


def import_job_claim(job_id: int, now: datetime) -> bool:
    """Take a queued job, or one whose worker died (its write is one transaction, so rerunning is safe)."""
    stale = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return bool(
        ImportJob.objects.filter(
            Q(status=ImportStatus.QUEUED) | Q(status=ImportStatus.RUNNING, started_at__lt=stale), pk=job_id
        ).update(status=ImportStatus.RUNNING, started_at=now, processed_rows=0)
    )


def import_job_run(job_id: int, importers: Mapping[str, Importer], *, now: datetime | None = None) -> ImportJob | None:
    """Check every row of an uploaded file, then write all of them in one transaction or none.

    Progress (rows checked) is saved as it goes, for the page that polls it. Returns None if another
    worker has the job or it is finished already.
    """
    now = now or timezone.now()
    if not import_job_claim(job_id, now):
        return None
    job = ImportJob.objects.select_related("store", "created_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        errors, counts = importers[job.kind](job, now)
        return import_job_finish(job, errors, counts)


def import_job_progress(job: ImportJob, *, total: int | None = None, done: int | None = None) -> None:
    """Save how far an importer has got, for the page that polls it."""
    if total is not None:
        job.total_rows = total
        ImportJob.objects.filter(pk=job.pk).update(total_rows=total)
    if done is not None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)


def import_job_finish(job: ImportJob, errors: Sequence[RowError], counts: WriteCounts | None = None) -> ImportJob:
    """Record an importer's outcome: its errors (nothing was written) or its counts; the file is not kept."""
    job.status = ImportStatus.FAILED if errors else ImportStatus.DONE
    job.errors = [error.as_dict() for error in errors[:MAX_STORED_ERRORS]]
    job.error_count = len(errors)
    job.processed_rows = job.total_rows
    if counts is not None:
        job.created_rows, job.updated_rows, job.unchanged_rows = counts.created, counts.updated, counts.unchanged
    job.content = b""  # the figures now live in their app's rows (or the file must be fixed and uploaded again)
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "errors",
            "error_count",
            "processed_rows",
            "created_rows",
            "updated_rows",
            "unchanged_rows",
            "content",
            "finished_at",
        ]
    )
    return job


def import_job_fail(job_id: int, message: str) -> None:
    """Mark a job failed for a reason outside its rows (an unexpected error in the worker)."""
    ImportJob.objects.filter(pk=job_id).exclude(status=ImportStatus.DONE).update(
        status=ImportStatus.FAILED,
        errors=[RowError(None, "", message).as_dict()],
        error_count=1,
        finished_at=timezone.now(),
    )


def import_previews_expire(now: datetime | None = None) -> int:
    """Expire the uploads left unconfirmed for :data:`PREVIEW_DAYS`: nothing of them was written, and the file
    (which may hold a shop's figures) is not kept. Each one's page then says so, in its uploader's language."""
    now = now or timezone.now()
    stale = ImportJob.objects.filter(status=ImportStatus.PREVIEW, created_at__lt=now - timedelta(days=PREVIEW_DAYS))
    expired = 0
    for language in stale.values_list("language", flat=True).distinct().order_by("language"):
        with translation.override(language or settings.LANGUAGE_CODE):
            message = translation.ngettext(
                "The file was not confirmed within %(days)s day, so it was not imported and is no longer kept. "
                "Upload it again to import it.",
                "The file was not confirmed within %(days)s days, so it was not imported and is no longer kept. "
                "Upload it again to import it.",
                PREVIEW_DAYS,
            ) % {"days": PREVIEW_DAYS}
        expired += stale.filter(language=language).update(
            status=ImportStatus.FAILED,
            content=b"",
            errors=[RowError(None, "", message).as_dict()],
            error_count=1,
            finished_at=now,
        )
    return expired
