"""Validation of pushed daily-metric records against the ingest contract (docs/API.md)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from core.dates import business_date_problem

REQUIRED = ("store", "date", "uv", "orders")
COUNT_FIELDS = ("uv", "pv", "orders", "refunds", "paying_buyers", "new_buyers", "returning_buyers")
MONEY_FIELDS = ("gmv", "ad_spend", "refund_amount")
KNOWN_FIELDS = frozenset(("store", "date", *COUNT_FIELDS, *MONEY_FIELDS))
MAX_COUNT = 2_147_483_647
MAX_MONEY = Decimal("999999999999.99")
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
    return amount.quantize(Decimal("0.01")), None


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
