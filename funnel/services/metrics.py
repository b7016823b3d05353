"""The daily-metrics ingest: all-or-nothing, idempotent, one bulk upsert per batch; and a store's metric days
marked for the rollup when its source policy changes."""

from __future__ import annotations

import hashlib
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from accounts.choices import Action
from accounts.models import ApiClient
from core.db import advisory_lock
from funnel.choices import client_source
from funnel.domain.records import CleanRecord
from funnel.models import METRIC_FIELDS, DailyMetric, DailyMetricRevision, IdempotencyRecord
from stores.days import dirty_mark, dirty_mark_ranges
from stores.models import Store
from stores.permissions import stores_for

BATCH_SIZE = 2000


@dataclass(frozen=True)
class IngestCounts:
    created: int
    updated: int
    unchanged: int

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before with a different body."""


def writable_store_today(client: ApiClient, action: str = Action.PUSH_METRICS) -> dict[str, tuple[int, date]]:
    """The stores ``client`` may push to (``action``: metrics or sales): code -> (id, today's date in the store's
    time zone)."""
    now = timezone.now()
    rows = stores_for(client, action).values_list("code", "id", "time_zone")
    return {code: (pk, timezone.localtime(now, zoneinfo.ZoneInfo(tz)).date()) for code, pk, tz in rows}


def request_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def idempotent_replay(client: ApiClient, key: str, body_hash: str) -> tuple[int, dict] | None:
    """The stored response for a retried key, or None; raises IdempotencyConflict for another body."""
    record = IdempotencyRecord.objects.filter(api_client=client, key=key).first()
    if record is None:
        return None
    if record.request_hash != body_hash:
        raise IdempotencyConflict
    return record.status_code, record.response


def _serialisable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def metrics_ingest(
    client: ApiClient,
    records: Sequence[CleanRecord],
    store_ids: dict[str, int],
    *,
    idempotency_key: str | None = None,
    body_hash: str = "",
) -> tuple[int, dict]:
    """Upsert validated records of one client in one transaction; returns (status, response body)."""
    with transaction.atomic():
        # One push of a client at a time (metrics_write takes the same lock again): a retry with the same key
        # waits for the first, then replays it.
        advisory_lock("metrics_ingest", client_source(client.pk))
        if idempotency_key:
            replay = idempotent_replay(client, idempotency_key, body_hash)
            if replay is not None:
                return replay
        counts = metrics_write(client_source(client.pk), records, store_ids, client=client)
        body = counts.as_dict()
        if idempotency_key:
            IdempotencyRecord.objects.create(
                api_client=client, key=idempotency_key, request_hash=body_hash, status_code=200, response=body
            )
    return 200, body


def metrics_write(
    source: str,
    records: Sequence[CleanRecord],
    store_ids: dict[str, int],
    *,
    client: ApiClient | None = None,
    user: Any = None,
    now: datetime | None = None,
) -> IngestCounts:
    """Upsert validated records of one source (an API client's, a platform export's) all or nothing: a changed
    day keeps its former values as a revision (by ``user`` when a person sent them) and is marked for the next
    rollup; a record equal to what is stored changes nothing."""
    with transaction.atomic():
        # One write of a source at a time: its reads of existing rows stay true until it writes.
        advisory_lock("metrics_ingest", source)
        return _upsert(source, client, user, records, store_ids, now or timezone.now())


def _upsert(
    source: str,
    client: ApiClient | None,
    user: Any,
    records: Sequence[CleanRecord],
    store_ids: dict[str, int],
    now: datetime,
) -> IngestCounts:
    client_id = client.pk if client is not None else None
    changed_by = user if getattr(user, "is_authenticated", False) else None
    # Sorted by natural key so concurrent upserts lock rows in the same order (no deadlocks).
    ordered = sorted(records, key=lambda r: (store_ids[r.store], r.date))
    existing = _existing(source, ordered, store_ids)
    to_write: list[tuple] = []
    revisions: list[DailyMetricRevision] = []
    for record in ordered:
        key = (store_ids[record.store], record.date)
        old = existing.get(key)
        values = record.values
        if old is not None and all(old[f] == values.get(f) for f in METRIC_FIELDS):
            continue
        to_write.append((key[0], record.date, source, client_id, *(values.get(f) for f in METRIC_FIELDS), now, now))
        if old is not None:
            revisions.append(
                DailyMetricRevision(
                    metric_id=old["id"],
                    values=_serialisable({f: old[f] for f in METRIC_FIELDS}),
                    known_from=old["updated_at"],
                    superseded_at=now,
                    changed_by=changed_by,
                )
            )
    _write(to_write)
    DailyMetricRevision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
    # Only days whose figures changed need a new rollup; a re-sent payload marks nothing.
    dirty_mark((row[0], row[1]) for row in to_write)
    updated = len(revisions)
    created = len(to_write) - updated
    return IngestCounts(created=created, updated=updated, unchanged=len(ordered) - created - updated)


_COLUMNS = ("store_id", "date", "source", "api_client_id", *METRIC_FIELDS, "created_at", "updated_at")
_TYPES = {
    "store_id": "bigint",
    "date": "date",
    "source": "varchar",
    "api_client_id": "bigint",
    "gmv": "numeric",
    "ad_spend": "numeric",
    "refund_amount": "numeric",
    "created_at": "timestamptz",
    "updated_at": "timestamptz",
}
_ARRAYS = ", ".join("%s::" + _TYPES.get(c, "integer") + "[]" for c in _COLUMNS)
_UPSERT_SQL = (
    f"INSERT INTO funnel_dailymetric ({', '.join(_COLUMNS)}) "
    f"SELECT * FROM unnest({_ARRAYS}) "
    "ON CONFLICT (store_id, date, source) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in (*METRIC_FIELDS, "api_client_id", "updated_at"))
)


def _write(rows: Sequence[tuple]) -> None:
    """Upsert rows (tuples in ``_COLUMNS`` order): one INSERT ... SELECT FROM unnest(arrays) per 10,000 rows,
    with no model instances or per-row SQL to build."""
    if not rows:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            columns = list(zip(*rows[start : start + 10_000], strict=True))
            cursor.execute(_UPSERT_SQL, [list(column) for column in columns])


def _existing(source: str, records: Sequence[CleanRecord], store_ids: dict[str, int]) -> dict[tuple[int, date], dict]:
    """The stored rows of this source for the batch's store-days, in one query."""
    if not records:
        return {}
    wanted = {(store_ids[r.store], r.date) for r in records}
    dates = [r.date for r in records]
    rows = DailyMetric.objects.filter(
        source=source, store_id__in={k[0] for k in wanted}, date__gte=min(dates), date__lte=max(dates)
    ).values("id", "store_id", "date", "updated_at", *METRIC_FIELDS)
    return {(row["store_id"], row["date"]): row for row in rows if (row["store_id"], row["date"]) in wanted}


def store_source_policy_changed(store: Store) -> None:
    """A store's source policy decides which source counts on a day that has several: when it changes, every day
    with metrics may count differently, so the store's metric days are marked for the next rollup. Whoever saves
    the policy calls this (the store's edit page and API)."""
    span = DailyMetric.objects.filter(store=store).aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is not None:
        dirty_mark_ranges([(store.pk, span["first"], span["last"])])
