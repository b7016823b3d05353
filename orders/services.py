"""Writes of the customer-service log: save one day, import many (the importer of the ``service_log`` kind of
import job, ``imports``).

Every write also upserts the store-day's ``funnel.DailyMetric`` of source ``service_log`` (visitors, orders, GMV,
refunds) and marks the changed store-days dirty for the next rollup, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.cells import RowError
from core.dates import local_date
from core.db import advisory_lock
from core.errors import ALL, ServiceInvalid
from core.tabular import TableError, read_table
from funnel.choices import SERVICE_LOG_SOURCE
from funnel.models import METRIC_FIELDS, DailyMetric, DailyMetricRevision
from imports.models import ImportJob
from imports.services import WriteCounts, import_job_progress
from stores.days import dirty_mark
from stores.models import Store

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
from .models import ServiceLog, ServiceLogRevision

MAX_UPLOAD_ROWS = 5_000
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


def service_log_import(job: ImportJob, now: datetime) -> tuple[Sequence[RowError], WriteCounts | None]:
    """The importer of a customer-service log file: errors (nothing written) or the counts of what was written."""
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
