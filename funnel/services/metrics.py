"""The daily-metrics ingest: all-or-nothing, idempotent, one bulk upsert per batch; and a store's metric days
marked for the rollup when its source policy changes."""

from __future__ import annotations

import hashlib
import io
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from accounts.choices import Action
from accounts.models import ApiClient
from core.db import advisory_lock
from funnel.choices import client_source
from funnel.domain.records import CleanBatch, CleanRecord
from funnel.models import METRIC_FIELDS, METRIC_MONEY_FIELDS, DailyMetric, IdempotencyRecord
from stores.days import dirty_mark_ranges
from stores.models import Store
from stores.permissions import stores_for


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


def metrics_ingest(
    client: ApiClient,
    records: CleanBatch | Sequence[CleanRecord],
    store_ids: dict[str, int],
    *,
    idempotency_key: str | None = None,
    body_hash: str = "",
) -> tuple[int, dict]:
    """Upsert validated records of one client in one transaction; returns (status, response body)."""
    source = client_source(client.pk)
    batch = records if isinstance(records, CleanBatch) else CleanBatch.of(records)
    with transaction.atomic():
        _stage(batch, store_ids)
        # One push of a client at a time, from here to the commit: a retry with the same key waits for the first,
        # then replays it. Everything before (reading, checking, staging the rows) runs beside the other pushes.
        advisory_lock("metrics_ingest", source)
        if idempotency_key:
            replay = idempotent_replay(client, idempotency_key, body_hash)
            if replay is not None:
                return replay
        counts = _merge(source, client, None, len(batch), timezone.now())
        body = counts.as_dict()
        if idempotency_key:
            IdempotencyRecord.objects.create(
                api_client=client, key=idempotency_key, request_hash=body_hash, status_code=200, response=body
            )
    return 200, body


def metrics_write(
    source: str,
    records: CleanBatch | Sequence[CleanRecord],
    store_ids: dict[str, int],
    *,
    client: ApiClient | None = None,
    user: Any = None,
    now: datetime | None = None,
) -> IngestCounts:
    """Upsert validated records of one source (an API client's, a platform export's) all or nothing: a changed
    day keeps its former values as a revision (by ``user`` when a person sent them) and is marked for the next
    rollup; a record equal to what is stored changes nothing."""
    batch = records if isinstance(records, CleanBatch) else CleanBatch.of(records)
    with transaction.atomic():
        _stage(batch, store_ids)
        # One write of a source at a time: what it reads of the stored rows stays true until it writes.
        advisory_lock("metrics_ingest", source)
        return _merge(source, client, user, len(batch), now or timezone.now())


# The batch is COPYed into a temporary table of the connection, then merged into funnel_dailymetric by one
# statement: PostgreSQL compares, writes and keeps revisions set-based, and Python builds no row or SQL per record.
_STAGE = "funnel_push_rows"
_STAGED_COLUMNS = ("store_id", "date", *METRIC_FIELDS)


def _stage(batch: CleanBatch, store_ids: dict[str, int]) -> None:
    """COPY the batch into this connection's temporary table, emptied first (it is emptied at every commit too,
    but a test's transaction may hold two writes)."""
    if not len(batch):
        return
    ids = {code: str(pk) for code, pk in store_ids.items()}
    columns = [[ids[code] for code in batch.stores], list(map(date.isoformat, batch.dates))]
    columns += [[r"\N" if v is None else str(v) for v in batch.values[name]] for name in METRIC_FIELDS]
    text = "\n".join(map("\t".join, zip(*columns, strict=True))) + "\n"
    fields = [DailyMetric._meta.get_field(name) for name in ("store", "date", *METRIC_FIELDS)]
    definition = ", ".join(f"{f.column} {f.db_type(connection)}" for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGE} ({definition}) ON COMMIT DELETE ROWS; TRUNCATE {_STAGE}"
        )
        with connection.wrap_database_errors:  # as Django's own queries: a lost connection is a 503
            cursor.copy_expert(f"COPY {_STAGE} ({', '.join(_STAGED_COLUMNS)}) FROM STDIN", io.StringIO(text))


def _revision_values() -> str:
    """A revision's ``values``: each metric of the former row, money as its decimal text ("96.50", as
    ``str(Decimal)`` writes it), an absent figure as null."""
    pairs = (f"'{f}', old.{f}{'::text' if f in METRIC_MONEY_FIELDS else ''}" for f in METRIC_FIELDS)
    return f"jsonb_build_object({', '.join(pairs)})"


_METRICS = ", ".join(METRIC_FIELDS)
_MERGE_SQL = f"""
WITH old AS (
    SELECT m.id, m.store_id, m.date, m.updated_at, {", ".join(f"m.{f}" for f in METRIC_FIELDS)}
    FROM {_STAGE} AS t
    JOIN funnel_dailymetric AS m ON m.store_id = t.store_id AND m.date = t.date AND m.source = %(source)s
), written AS (
    INSERT INTO funnel_dailymetric (store_id, date, source, api_client_id, {_METRICS}, created_at, updated_at)
    SELECT store_id, date, %(source)s, %(client)s, {_METRICS}, %(now)s, %(now)s
    FROM {_STAGE}
    ORDER BY store_id, date
    ON CONFLICT (store_id, date, source) DO UPDATE
    SET {", ".join(f"{c} = EXCLUDED.{c}" for c in (*METRIC_FIELDS, "api_client_id", "updated_at"))}
    WHERE ({", ".join(f"funnel_dailymetric.{f}" for f in METRIC_FIELDS)})
        IS DISTINCT FROM ({", ".join(f"EXCLUDED.{f}" for f in METRIC_FIELDS)})
    RETURNING id, store_id, date
), revised AS (
    INSERT INTO funnel_dailymetricrevision (metric_id, "values", known_from, superseded_at, changed_by_id)
    SELECT old.id, {_revision_values()}, old.updated_at, %(now)s, %(user)s
    FROM old JOIN written USING (id)
    ORDER BY old.store_id, old.date
)
SELECT written.store_id, min(written.date), max(written.date), count(*), count(old.id)
FROM written LEFT JOIN old USING (id)
GROUP BY written.store_id
ORDER BY written.store_id
"""


def _merge(source: str, client: ApiClient | None, user: Any, staged: int, now: datetime) -> IngestCounts:
    """Merge the staged rows into ``source``'s: new store-days inserted, changed ones updated with their former
    values kept as a revision (rows locked in natural-key order, so concurrent merges cannot deadlock), equal ones
    left alone; the store-days written are marked for the next rollup, one range per store."""
    if not staged:
        return IngestCounts(created=0, updated=0, unchanged=0)
    changed_by = user.pk if getattr(user, "is_authenticated", False) else None
    params = {"source": source, "client": client.pk if client is not None else None, "now": now, "user": changed_by}
    with connection.cursor() as cursor:
        cursor.execute(_MERGE_SQL, params)
        spans = cursor.fetchall()
    # Only days whose figures changed need a new rollup; a re-sent payload marks nothing.
    dirty_mark_ranges((store_id, first, last) for store_id, first, last, _written, _updated in spans)
    written = sum(span[3] for span in spans)
    updated = sum(span[4] for span in spans)
    return IngestCounts(created=written - updated, updated=updated, unchanged=staged - written)


def store_source_policy_changed(store: Store) -> None:
    """A store's source policy decides which source counts on a day that has several: when it changes, every day
    with metrics may count differently, so the store's metric days are marked for the next rollup. Whoever saves
    the policy calls this (the store's edit page and API)."""
    span = DailyMetric.objects.filter(store=store).aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is not None:
        dirty_mark_ranges([(store.pk, span["first"], span["last"])])
