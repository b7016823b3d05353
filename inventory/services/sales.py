"""The daily sales ingest: day totals per (product, date, source), all-or-nothing, one upsert per batch.

Used by the REST push (source ``client:<id>``) and the customer-service page (source ``service_log``).
API clients push sales with the ``PUSH_SALES`` action, which their ``push_sales`` scope grants in their stores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import ApiClient
from core.db import advisory_lock
from funnel.models import IdempotencyRecord
from funnel.services.metrics import idempotent_replay

from ..choices import MovementKind
from ..models import Product, StockMovement
from ..sales import SalesRecord
from .stock import StockWarning, negative_stock_warnings

BATCH_SIZE = 5_000


@dataclass(frozen=True)
class SalesResult:
    created: int
    updated: int
    unchanged: int
    warnings: list[StockWarning] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "warnings": [w.as_dict() for w in self.warnings],
        }


def sales_ingest(
    records: Sequence[SalesRecord],
    source: str,
    *,
    user: Any = None,
    client: ApiClient | None = None,
    idempotency_key: str | None = None,
    body_hash: str = "",
    now: datetime | None = None,
) -> tuple[int, dict[str, Any]]:
    """Upsert checked records of one source in one transaction; returns (status, response body).

    A record's sale replaces the source's total of that product-day; its ``returns``, if given, replace the
    returns reported with it. After the write the touched products' on-hand is read once: any below zero
    comes back as a warning (stock never goes negative silently)."""
    now = now or timezone.now()
    with transaction.atomic():
        # One push per source at a time, so the reads of existing rows below stay true until the writes.
        advisory_lock("sales_ingest", source)
        if client is not None and idempotency_key:
            replay = idempotent_replay(client, idempotency_key, body_hash)
            if replay is not None:
                return replay
        ordered = sorted(records, key=lambda r: (r.product_id, r.date))
        product_ids = sorted({r.product_id for r in ordered})
        products = _share_locked(product_ids)
        result = _upsert(ordered, source, user, now)
        warnings = negative_stock_warnings(products)
        body = SalesResult(result[0], result[1], result[2], warnings).as_dict()
        if client is not None and idempotency_key:
            IdempotencyRecord.objects.create(
                api_client=client, key=idempotency_key, request_hash=body_hash, status_code=200, response=body
            )
    return 200, body


def _share_locked(product_ids: list[int]) -> list[Product]:
    """The products, their rows locked FOR SHARE in id order: concurrent pushes go on together, while a stock
    count (FOR UPDATE) of one of them waits for this push to commit and then counts from its result."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM inventory_product WHERE id = ANY(%s) ORDER BY id FOR SHARE", [product_ids])
    return list(Product.objects.filter(pk__in=product_ids).select_related("store").order_by("pk"))


def _upsert(records: Sequence[SalesRecord], source: str, user: Any, now: datetime) -> tuple[int, int, int]:
    existing = _existing(records, source)
    rows: list[tuple] = []
    created = updated = 0
    user_id = getattr(user, "pk", None)
    for record in records:
        old_sale = existing.get((record.product_id, record.date, MovementKind.SALE))
        old_return = existing.get((record.product_id, record.date, MovementKind.RETURN))
        sale_changed = old_sale != -record.quantity
        return_changed = record.returns is not None and old_return != record.returns
        if sale_changed:
            rows.append(_row(record, MovementKind.SALE, -record.quantity, source, user_id, now))
        if return_changed:
            rows.append(_row(record, MovementKind.RETURN, record.returns, source, user_id, now))
        if old_sale is None:
            created += 1
        elif sale_changed or return_changed:
            updated += 1
    _write(rows)
    return created, updated, len(records) - created - updated


def _row(record: SalesRecord, kind: str, quantity: int, source: str, user_id: int | None, now: datetime) -> tuple:
    return (record.product_id, kind, record.date, quantity, source, user_id, now)


def _existing(records: Sequence[SalesRecord], source: str) -> dict[tuple, int]:
    """This source's day totals for the batch's product-days, in one query."""
    if not records:
        return {}
    wanted = {(r.product_id, r.date) for r in records}
    dates = [r.date for r in records]
    rows = StockMovement.objects.filter(
        product_id__in={r.product_id for r in records},
        source=source,
        day_total=True,
        date__gte=min(dates),
        date__lte=max(dates),
    ).values_list("product_id", "date", "kind", "quantity")
    return {(p, d, k): q for p, d, k, q in rows if (p, d) in wanted}


_UPSERT_SQL = (
    "INSERT INTO inventory_stockmovement "
    "(product_id, store_id, kind, date, quantity, source, created_by_id, created_at, updated_at, day_total, note) "
    "SELECT m.product_id, p.store_id, m.kind, m.date, m.quantity, m.source, m.created_by_id, m.now, m.now, true, '' "
    "FROM unnest(%s::bigint[], %s::varchar[], %s::date[], %s::integer[], %s::varchar[], %s::integer[], "
    "%s::timestamptz[]) AS m(product_id, kind, date, quantity, source, created_by_id, now) "
    "JOIN inventory_product p ON p.id = m.product_id "
    "ON CONFLICT (product_id, date, source, kind) WHERE day_total "
    "DO UPDATE SET quantity = EXCLUDED.quantity, created_by_id = EXCLUDED.created_by_id, "
    "updated_at = EXCLUDED.updated_at"
)


def _write(rows: Sequence[tuple]) -> None:
    """One INSERT … ON CONFLICT per batch of rows already sorted by their key."""
    if not rows:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            cursor.execute(_UPSERT_SQL, [list(column) for column in zip(*batch, strict=True)])
