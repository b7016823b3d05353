"""Validation of pushed daily-metric records against the ingest contract (docs/API.md)."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from core.dates import business_date_problem, business_range

REQUIRED = ("store", "date", "uv", "orders")
COUNT_FIELDS = ("uv", "pv", "orders", "refunds", "paying_buyers", "new_buyers", "returning_buyers")
MONEY_FIELDS = ("gmv", "ad_spend", "refund_amount")
KNOWN_FIELDS = frozenset(("store", "date", *COUNT_FIELDS, *MONEY_FIELDS))
MAX_COUNT = 2_147_483_647
MAX_MONEY = Decimal("999999999999.99")
CENT = Decimal("0.01")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class RecordError:
    """One problem with one record; ``forbidden`` errors are about the store, answered with 403."""

    index: int | None
    field: str | None
    message: str
    forbidden: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "field": self.field, "message": self.message}


@dataclass(frozen=True)
class CleanRecord:
    index: int
    store: str
    date: date
    values: dict[str, int | Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class CleanBatch:
    """Clean records as columns, in the order sent: what a push writes, with no object per record. ``values`` holds
    a list per field of COUNT_FIELDS and MONEY_FIELDS (ints, Decimals, None where absent)."""

    stores: list[str]
    dates: list[date]
    values: dict[str, list[Any]]

    @classmethod
    def of(cls, records: Sequence[CleanRecord]) -> CleanBatch:
        return cls(
            [r.store for r in records],
            [r.date for r in records],
            {name: [r.values.get(name) for r in records] for name in COUNT_FIELDS + MONEY_FIELDS},
        )

    def __len__(self) -> int:
        return len(self.stores)


def _count(value: Any) -> tuple[int | None, str | None]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, _("must be a whole number")
    if value < 0:
        return None, _("must not be negative")
    if value > MAX_COUNT:
        return None, _("is too large")
    return value, None


def _money(value: Any) -> tuple[Decimal | None, str | None]:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal | float):
        return None, _('must be a decimal number or a string like "96.50"')
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        return None, _('must be a decimal number or a string like "96.50"')
    if not amount.is_finite():
        return None, _("must be a finite number")
    if amount < 0:
        return None, _("must not be negative")
    if amount.as_tuple().exponent < -2:
        return None, _("has more than 2 decimals")
    if amount > MAX_MONEY:
        return None, _("is too large")
    return amount.quantize(CENT), None


def _date(value: Any) -> tuple[date | None, str | None]:
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return None, _("must be an ISO date like 2026-11-11")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None, _("is not a valid date")
    problem = business_date_problem(day)
    return (None, problem) if problem else (day, None)


# Shared with other bulk pushes of day figures (inventory's daily sales).
parse_count = _count
parse_date = _date


def validate_record(
    index: int, raw: Any, store_today: Mapping[str, date]
) -> tuple[CleanRecord | None, list[RecordError]]:
    """Check one record; ``store_today`` maps each store the caller may write to its local date today."""
    if not isinstance(raw, dict):
        return None, [RecordError(index, None, _("A record must be a JSON object."))]
    errors = [RecordError(index, name, _("is not a known field")) for name in raw if name not in KNOWN_FIELDS]
    errors += [RecordError(index, name, _("is required")) for name in REQUIRED if raw.get(name) is None]
    values: dict[str, Any] = {}
    for name in COUNT_FIELDS + MONEY_FIELDS:
        if raw.get(name) is None:
            values[name] = None
            continue
        value, problem = (_count if name in COUNT_FIELDS else _money)(raw[name])
        if problem:
            errors.append(RecordError(index, name, problem))
        values[name] = value
    day = None
    if raw.get("date") is not None:
        day, problem = _date(raw["date"])
        if problem:
            errors.append(RecordError(index, "date", problem))
    store = raw.get("store")
    if store is not None and not isinstance(store, str):
        errors.append(RecordError(index, "store", _("must be a store code (a string)")))
    elif store is not None and store not in store_today:
        errors.append(RecordError(index, "store", _("unknown store, or not one this client may write to"), True))
    elif store is not None and day is not None and day > store_today[store] + timedelta(days=1):
        errors.append(RecordError(index, "date", _("is more than 1 day in the future")))
    errors += _consistency(index, values)
    if errors:
        return None, errors
    return CleanRecord(index=index, store=store, date=day, values=values), []


def _consistency(index: int, v: Mapping[str, Any]) -> list[RecordError]:
    errors = []
    if v["uv"] is not None and v["orders"] is not None and v["orders"] > v["uv"]:
        errors.append(RecordError(index, "orders", _("orders must not exceed uv")))
    if v["pv"] is not None and v["uv"] is not None and v["pv"] < v["uv"]:
        errors.append(RecordError(index, "pv", _("pv must not be less than uv")))
    if v["paying_buyers"] is not None and v["orders"] is not None and v["paying_buyers"] > v["orders"]:
        errors.append(RecordError(index, "paying_buyers", _("paying_buyers must not exceed orders")))
    if None not in (v["new_buyers"], v["returning_buyers"], v["paying_buyers"]):
        if v["new_buyers"] + v["returning_buyers"] > v["paying_buyers"]:
            errors.append(
                RecordError(index, "new_buyers", _("new_buyers + returning_buyers must not exceed paying_buyers"))
            )
    return errors


def validate_records(
    records: list[Any], store_today: Mapping[str, date]
) -> tuple[list[CleanRecord], list[RecordError]]:
    """Check every record and the batch as a whole (no store-day twice); returns clean records or all errors."""
    clean: list[CleanRecord] = []
    errors: list[RecordError] = []
    first_seen: dict[tuple[str, date], int] = {}
    for index, raw in enumerate(records):
        record, problems = validate_record(index, raw, store_today)
        errors += problems
        if record is None:
            continue
        key = (record.store, record.date)
        if key in first_seen:
            message = _("the same store and date as record %(index)s") % {"index": first_seen[key]}
            errors.append(RecordError(index, "date", message))
            continue
        first_seen[key] = index
        clean.append(record)
    return clean, errors


def validate_batch(records: list[Any], store_today: Mapping[str, date]) -> tuple[CleanBatch, list[RecordError]]:
    """:func:`validate_records` for a push: a batch in which every record is clean is checked field by field over
    the whole batch (set and column operations, no Python per record); any other batch is checked record by record,
    which finds and words every problem."""
    batch = _clean_batch(records, store_today)
    if batch is not None:
        return batch, []
    clean, errors = validate_records(records, store_today)
    return CleanBatch.of(clean), errors


_NONE = type(None)
# Amounts sent as plain text, one a line: digits, at most 12 before the point and 2 after (at most MAX_MONEY).
_PLAIN_AMOUNTS = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,2})?(?:\n[0-9]{1,12}(?:\.[0-9]{1,2})?)*")


def _clean_batch(records: Sequence[Any], store_today: Mapping[str, date]) -> CleanBatch | None:
    """The batch as columns when every record is valid, else None. It accepts only what :func:`validate_record`
    and the duplicate check accept, and cleans values to the same figures (tests/funnel/test_domain.py holds the
    two to that); whatever it is unsure of is left to them."""
    try:
        if not all(type(raw) is dict and raw.keys() <= KNOWN_FIELDS for raw in records):
            return None
        stores = [raw.get("store") for raw in records]
        if not set(stores) <= store_today.keys():
            return None
        texts = [raw.get("date") for raw in records]
        days = list(map(date.fromisoformat, texts))
        # The form YYYY-MM-DD and nothing else (fromisoformat also reads 20261111 and week dates).
        if list(map(date.isoformat, days)) != texts:
            return None
        first, last = business_range()
        if min(days) < first or max(days) > last:
            return None
        latest = {code: store_today[code] + timedelta(days=1) for code in set(stores)}
        if any(day > latest[code] for code, day in zip(stores, days, strict=True)):
            return None
        if len(set(zip(stores, days, strict=True))) != len(records):
            return None
        values: dict[str, list[Any]] = {}
        for name in COUNT_FIELDS:
            values[name] = [raw.get(name) for raw in records]
            if not _counts_clean(values[name], required=name in REQUIRED):
                return None
        for name in MONEY_FIELDS:
            amounts = _amounts([raw.get(name) for raw in records])
            if amounts is None:
                return None
            values[name] = amounts
    except (TypeError, ValueError, ArithmeticError):
        return None
    v = values
    if (
        _any_pair(operator.gt, v["orders"], v["uv"])
        or _any_pair(operator.lt, v["pv"], v["uv"])
        or _any_pair(operator.gt, v["paying_buyers"], v["orders"])
        or any(
            n is not None and r is not None and p is not None and n + r > p
            for n, r, p in zip(v["new_buyers"], v["returning_buyers"], v["paying_buyers"], strict=True)
        )
    ):
        return None
    return CleanBatch(stores, days, values)


def _counts_clean(column: list[Any], *, required: bool) -> bool:
    """Whole numbers (not booleans) from 0 to MAX_COUNT, or absent where the field is optional."""
    types = set(map(type, column))
    if not types <= ({int} if required else {int, _NONE}):
        return False
    present = [v for v in column if v is not None] if _NONE in types else column
    return not present or (min(present) >= 0 and max(present) <= MAX_COUNT)


def _amounts(column: list[Any]) -> list[Decimal | None] | None:
    """Money as ``_money`` reads it (absent stays None), or None when any amount is not clean. Amounts sent as
    plain decimal text are checked in one pass over them all."""
    present = [v for v in column if v is not None]
    types = set(map(type, present))
    if types <= {str}:
        text = "\n".join(present)
        if present and (text.count("\n") != len(present) - 1 or not _PLAIN_AMOUNTS.fullmatch(text)):
            return None
        return [None if v is None else Decimal(v) for v in column]
    if not types <= {str, int, Decimal}:
        return None
    amounts = [v if v is None or type(v) is Decimal else Decimal(str(v).strip()) for v in column]
    for amount in amounts:
        if amount is not None and not (
            amount.is_finite() and 0 <= amount <= MAX_MONEY and amount.as_tuple().exponent >= -2
        ):
            return None
    return [None if amount is None else amount.quantize(CENT) for amount in amounts]


def _any_pair(op: Callable[[Any, Any], bool], left: list[Any], right: list[Any]) -> bool:
    """Whether ``op(left, right)`` holds for any position where both are present."""
    return any(a is not None and b is not None and op(a, b) for a, b in zip(left, right, strict=True))
