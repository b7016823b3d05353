"""Writes of the customer-service log: save one day, import many.

Every write also upserts the store-day's ``funnel.DailyMetric`` of source ``service_log`` (visitors, orders, GMV,
refunds) and marks the changed store-days dirty for the next rollup, in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from core.cells import RowError
from core.dates import local_date
from core.db import advisory_lock
from core.errors import ALL, ServiceInvalid
from core.tabular import TableError, read_table
from core.tasks import IMPORT_TASK
from funnel.choices import SERVICE_LOG_SOURCE
from funnel.models import METRIC_FIELDS, DailyMetric, DailyMetricRevision
from stores.days import dirty_mark
from stores.models import Store

from .choices import ImportKind, ImportStatus
from .domain import (
    COLUMNS,
    LOG_FIELDS,
    REQUIRED_COLUMNS,
    LogRow,
    Problem,
    Value,
    day_problem,
    validate_rows,
    value_problems,
    values_to_json,
)
from .models import ImportJob, ServiceLog, ServiceLogRevision

logger = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_ROWS = 5_000
MAX_STORED_ERRORS = 500
PREVIEW_DAYS = 7  # an upload left unconfirmed this long expires: its file is dropped, the page says so
BATCH_SIZE = 1_000
# The figures of the log that the funnel counts; its other metrics (PV, ad spend, …) stay empty for this source.
MIRRORED_FIELDS = ("uv", "orders", "gmv", "refunds")


class ServiceLogInvalid(ServiceInvalid):
    """A day's figures break the log's rules; ``problems`` says which and why (a rule across fields names each)."""

    def __init__(self, problems: list[Problem]) -> None:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(problem.fields[0] if len(problem.fields) == 1 else ALL, []).append(problem.message)
        super().__init__(errors)
        self.problems = problems


@dataclass(frozen=True)
class WriteCounts:
    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class SaveResult:
    log: ServiceLog
    created: bool
    changed: bool


def service_log_save(
    store: Store, day: date, values: Mapping[str, Value], user: Any, *, now: datetime | None = None
) -> SaveResult:
    """Create or update one store-day's log; raises ServiceLogInvalid, keeps the old values as a revision."""
    now = now or timezone.now()
    problems = value_problems(values)
    too_far = day_problem(day, local_date(store.time_zone, now))
    if too_far:
        problems.insert(0, Problem(("date",), too_far))
    if problems:
        raise ServiceLogInvalid(problems)
    counts = service_logs_write(store, [LogRow(0, day, {name: values.get(name) for name in LOG_FIELDS})], user, now)
    log = ServiceLog.objects.select_related("store", "logged_by").get(store=store, date=day)
    return SaveResult(log, created=counts.created == 1, changed=counts.updated == 1)


def service_logs_write(store: Store, rows: Sequence[LogRow], user: Any, now: datetime) -> WriteCounts:
    """Upsert checked days of one store, all or nothing: logs, their revisions, funnel metrics, dirty marks."""
    ordered = sorted(rows, key=lambda row: row.date)
    with transaction.atomic():
        # One writer per store at a time, so the reads of existing rows below stay true until the writes.
        advisory_lock("service_log", store.pk)
        counts = _logs_upsert(store, ordered, user, now)
        changed_days = _metrics_upsert(store, ordered, user, now)
        dirty_mark((store.pk, day) for day in changed_days)
    return counts


def _in_range(rows: Sequence[LogRow]) -> Q:
    return Q(date__gte=rows[0].date, date__lte=rows[-1].date) if rows else Q(pk__in=[])


def _logs_upsert(store: Store, rows: Sequence[LogRow], user: Any, now: datetime) -> WriteCounts:
    existing = {
        row["date"]: row
        for row in ServiceLog.objects.filter(_in_range(rows), store=store).values("id", "date", *LOG_FIELDS)
    }
    to_write: list[ServiceLog] = []
    revisions: list[ServiceLogRevision] = []
    for row in rows:
        old = existing.get(row.date)
        if old is not None and all(old[name] == row.values[name] for name in LOG_FIELDS):
            continue
        to_write.append(
            ServiceLog(store=store, date=row.date, logged_by=user, created_at=now, updated_at=now, **row.values)
        )
        if old is not None:
            revisions.append(
                ServiceLogRevision(log_id=old["id"], values=values_to_json(old), changed_by=user, changed_at=now)
            )
    ServiceLog.objects.bulk_create(
        to_write,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["store", "date"],
        update_fields=[*LOG_FIELDS, "logged_by", "updated_at"],
    )
    ServiceLogRevision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
    updated = len(revisions)
    created = len(to_write) - updated
    return WriteCounts(created=created, updated=updated, unchanged=len(rows) - created - updated)


def _metrics_upsert(store: Store, rows: Sequence[LogRow], user: Any, now: datetime) -> list[date]:
    """Mirror the rows into the funnel's service-log metrics; returns the days whose metric changed."""
    existing = {
        row["date"]: row
        for row in DailyMetric.objects.filter(_in_range(rows), store=store, source=SERVICE_LOG_SOURCE).values(
            "id", "date", "updated_at", *METRIC_FIELDS
        )
    }
    to_write: list[DailyMetric] = []
    revisions: list[DailyMetricRevision] = []
    for row in rows:
        values = {name: row.values[name] if name in MIRRORED_FIELDS else None for name in METRIC_FIELDS}
        old = existing.get(row.date)
        if old is not None and all(old[name] == values[name] for name in METRIC_FIELDS):
            continue
        to_write.append(
            DailyMetric(store=store, date=row.date, source=SERVICE_LOG_SOURCE, created_at=now, updated_at=now, **values)
        )
        if old is not None:
            revisions.append(
                DailyMetricRevision(
                    metric_id=old["id"],
                    values={name: str(v) if isinstance(v := old[name], Decimal) else v for name in METRIC_FIELDS},
                    known_from=old["updated_at"],
                    superseded_at=now,
                    changed_by=user,
                )
            )
    DailyMetric.objects.bulk_create(
        to_write,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["store", "date", "source"],
        update_fields=[*METRIC_FIELDS, "updated_at"],
    )
    DailyMetricRevision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
    return [metric.date for metric in to_write]


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
    upload (at most MAX_UPLOAD_ROWS rows; a job already claimed is not run twice)."""
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
        return _finish(job, errors, counts)


def import_job_progress(job: ImportJob, *, total: int | None = None, done: int | None = None) -> None:
    """Save how far an importer has got, for the page that polls it."""
    if total is not None:
        job.total_rows = total
        ImportJob.objects.filter(pk=job.pk).update(total_rows=total)
    if done is not None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)


def service_log_import(job: ImportJob, now: datetime) -> tuple[Sequence[RowError], WriteCounts | None]:
    try:
        rows = read_table(
            bytes(job.content), job.file_name, max_rows=MAX_UPLOAD_ROWS, columns=COLUMNS, required=REQUIRED_COLUMNS
        )
    except TableError as exc:
        return [RowError(None, "", exc.message)], None
    import_job_progress(job, total=len(rows))
    today = local_date(job.store.time_zone, now)
    clean, errors = validate_rows(rows, today, progress=lambda done: import_job_progress(job, done=done))
    if errors:
        return errors, None
    return [], service_logs_write(job.store, clean, job.created_by, now)


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


def _finish(job: ImportJob, errors: Sequence[RowError], counts: WriteCounts | None = None) -> ImportJob:
    job.status = ImportStatus.FAILED if errors else ImportStatus.DONE
    job.errors = [error.as_dict() for error in errors[:MAX_STORED_ERRORS]]
    job.error_count = len(errors)
    job.processed_rows = job.total_rows
    if counts is not None:
        job.created_rows, job.updated_rows, job.unchanged_rows = counts.created, counts.updated, counts.unchanged
    job.content = b""  # the figures now live in the log (or the file must be fixed and uploaded again)
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
