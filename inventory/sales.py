"""Validation of daily sales records per SKU, pushed by API clients or entered by customer service.

Pure: no ORM, no clock. The same rules as the metrics contract (docs/API.md): every bad record is listed,
a store the caller may not write to is a 403 error, the same key twice in one batch is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _

from funnel.domain.records import RecordError, parse_count, parse_date

REQUIRED = ("store", "sku", "date", "quantity")
KNOWN_FIELDS = frozenset((*REQUIRED, "returns"))
MAX_DAYS_AHEAD = 1


@dataclass(frozen=True)
class SalesRecord:
    """A checked record: units sold (and returned, None when not reported) of one product on one day."""

    index: int
    store: str
    sku: str
    product_id: int
    date: date
    quantity: int
    returns: int | None = None


def validate_sales_record(
    index: int,
    raw: Any,
    store_today: Mapping[str, date],
    products: Mapping[tuple[str, str], int],
) -> tuple[SalesRecord | None, list[RecordError]]:
    """Check one record; ``products`` maps (store code, SKU code) to the product's id."""
    if not isinstance(raw, dict):
        return None, [RecordError(index, None, _("A record must be a JSON object."))]
    errors = [RecordError(index, name, _("is not a known field")) for name in raw if name not in KNOWN_FIELDS]
    errors += [RecordError(index, name, _("is required")) for name in REQUIRED if raw.get(name) is None]
    counts: dict[str, int | None] = {}
    for name in ("quantity", "returns"):
        counts[name] = None
        if raw.get(name) is not None:
            counts[name], problem = parse_count(raw[name])
            if problem:
                errors.append(RecordError(index, name, problem))
    day = None
    if raw.get("date") is not None:
        day, problem = parse_date(raw["date"])
        if problem:
            errors.append(RecordError(index, "date", problem))
    store, sku = raw.get("store"), raw.get("sku")
    if sku is not None and not isinstance(sku, str):
        errors.append(RecordError(index, "sku", _("must be a SKU code (a string)")))
        sku = None
    if store is not None and not isinstance(store, str):
        errors.append(RecordError(index, "store", _("must be a store code (a string)")))
    elif store is not None and store not in store_today:
        errors.append(RecordError(index, "store", _("unknown store, or not one this client may write to"), True))
    else:
        if store is not None and day is not None and day > store_today[store] + timedelta(days=MAX_DAYS_AHEAD):
            errors.append(RecordError(index, "date", _("is more than 1 day in the future")))
        if store is not None and sku is not None and (store, sku) not in products:
            errors.append(RecordError(index, "sku", _("no product with this SKU code in the store")))
    if errors:
        return None, errors
    return (
        SalesRecord(index, store, sku, products[(store, sku)], day, counts["quantity"], counts["returns"]),
        [],
    )


def validate_sales_records(
    records: list[Any], store_today: Mapping[str, date], products: Mapping[tuple[str, str], int]
) -> tuple[list[SalesRecord], list[RecordError]]:
    """Check every record and the batch (no store, SKU and date twice); returns clean records or all errors."""
    clean: list[SalesRecord] = []
    errors: list[RecordError] = []
    first_seen: dict[tuple[str, str, date], int] = {}
    for index, raw in enumerate(records):
        record, problems = validate_sales_record(index, raw, store_today, products)
        errors += problems
        if record is None:
            continue
        key = (record.store, record.sku, record.date)
        if key in first_seen:
            message = _("the same store, SKU and date as record %(index)s") % {"index": first_seen[key]}
            errors.append(RecordError(index, "date", message))
            continue
        first_seen[key] = index
        clean.append(record)
    return clean, errors


def wanted_products(records: list[Any]) -> set[tuple[str, str]]:
    """The (store, SKU) pairs a raw batch names, to look the products up in one query."""
    return {
        (raw["store"], raw["sku"])
        for raw in records
        if isinstance(raw, dict) and isinstance(raw.get("store"), str) and isinstance(raw.get("sku"), str)
    }
