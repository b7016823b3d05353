"""Rules of the customer-service log: what a day's figures may be, and how uploaded cells are read.

Pure: no ORM, no request, no clock. Callers pass ``today``, the date in the store's time zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.cells import RawRow, RowError, parse_count_cell, parse_date_cell, parse_decimal_cell
from funnel.choices import EXPORT_SOURCE_PREFIX, SERVICE_LOG_SOURCE
from stores.choices import SourcePolicy

COUNT_FIELDS = ("orders", "refunds", "shipped_24h", "shipped_48h", "shipped_later", "complaints", "uv")
SHIPPED_FIELDS = ("shipped_24h", "shipped_48h", "shipped_later")
RATING_FIELDS = ("rating_description", "rating_service", "rating_shipping")
# Visitors (uv) came last, so files made before it still line up.
LOG_FIELDS = ("orders", "gmv", "refunds", *SHIPPED_FIELDS, "complaints", *RATING_FIELDS, "positive_rate", "uv")
# A new shop has no ratings yet, and a store whose API client reports visitors need not log them; everything else
# is known at the end of every day.
OPTIONAL_FIELDS = frozenset((*RATING_FIELDS, "positive_rate", "uv"))
# The columns of an upload, of the template and of the export, in this order.
COLUMNS = ("date", *LOG_FIELDS)
# The columns an upload must have (a file without visitors is read as days without them).
REQUIRED_COLUMNS = tuple(name for name in COLUMNS if name != "uv")

MAX_COUNT = 2_147_483_647
MAX_GMV = Decimal("999999999999.99")
MAX_RATING = Decimal("5.00")
MAX_RATE = Decimal("100.00")
MAX_DAYS_AHEAD = 1

Value = int | Decimal | None


@dataclass(frozen=True)
class Problem:
    """One broken rule; ``fields`` names the field it concerns, or several for a rule across fields."""

    fields: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class LogRow:
    """A checked row of an upload: a day and its figures."""

    number: int
    date: date
    values: dict[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    field: str
    old: Value
    new: Value


@dataclass(frozen=True)
class Counting:
    """Whether a day's log is the figure the dashboards count for the day and, if not, why not."""

    counted: bool
    reason: str = ""

    @property
    def note(self) -> str:
        return _("Counted") if self.counted else _("Not counted: %(reason)s") % {"reason": self.reason}


def log_counting(day: date, counted_source: str, counted_label: str, policy: str) -> Counting:
    """Whether the log counts on ``day``, given the source the store's source policy chose (``counted_source``,
    named ``counted_label``): the log only explains that choice, it does not make it."""
    if counted_source == SERVICE_LOG_SOURCE:
        return Counting(True)
    params = {"source": counted_label, "date": date_format(day, "MONTH_DAY_FORMAT")}
    if policy == SourcePolicy.API and not counted_source.startswith(EXPORT_SOURCE_PREFIX):
        return Counting(False, _("this store prefers API figures (%(source)s has reported %(date)s)") % params)
    return Counting(False, _("the figures of %(source)s count for %(date)s") % params)


def latest_loggable_day(today: date) -> date:
    return today + timedelta(days=MAX_DAYS_AHEAD)


def day_problem(day: date, today: date) -> str | None:
    """Why ``day`` cannot be logged yet, or None."""
    limit = latest_loggable_day(today)
    if day > limit:
        return _("%(date)s is too far ahead: days up to %(limit)s can be logged (1 day after today).") % {
            "date": day.isoformat(),
            "limit": limit.isoformat(),
        }
    return None


def value_problems(values: Mapping[str, Value]) -> list[Problem]:
    """Every broken rule of a day's figures: required, ranges, decimals, then the rules across fields."""
    problems = []
    for name in LOG_FIELDS:
        value = values.get(name)
        if value is None:
            if name not in OPTIONAL_FIELDS:
                problems.append(Problem((name,), _("This figure is required.")))
            continue
        message = _count_problem(value) if name in COUNT_FIELDS else _decimal_problem(name, value)
        if message:
            problems.append(Problem((name,), message))
    unsound = {name for p in problems for name in p.fields}
    return problems + _consistency(values, unsound)


def _count_problem(value: int) -> str | None:
    if value < 0:
        return _("Must not be negative.")
    if value > MAX_COUNT:
        return _("This number is too large.")
    return None


def _decimal_problem(name: str, value: Decimal) -> str | None:
    if not value.is_finite():
        return _("Enter a number.")
    if value.as_tuple().exponent < -2:
        return _("Use at most 2 decimals.")
    if name == "gmv":
        if value < 0:
            return _("Must not be negative.")
        return _("This amount is too large.") if value > MAX_GMV else None
    if name == "positive_rate":
        out_of_range = not Decimal(0) <= value <= MAX_RATE
        return _("A rate is a percentage between 0 and 100, e.g. 98.50.") if out_of_range else None
    return _("A rating is between 0.00 and 5.00.") if not Decimal(0) <= value <= MAX_RATING else None


def _sound(values: Mapping[str, Any], unsound: set[str], names: Iterable[str]) -> bool:
    return all(values.get(name) is not None and name not in unsound for name in names)


def _consistency(values: Mapping[str, Any], unsound: set[str]) -> list[Problem]:
    """The rules across fields, each checked once the figures it compares are sound."""
    problems = []
    shipped = sum(values[name] or 0 for name in SHIPPED_FIELDS)
    if _sound(values, unsound, ("orders", *SHIPPED_FIELDS)) and shipped > values["orders"]:
        message = _(
            "Orders shipped within 24 h, within 24–48 h and after 48 h add up to %(shipped)s, "
            "more than the day's %(orders)s orders."
        ) % {"shipped": shipped, "orders": values["orders"]}
        problems.append(Problem(SHIPPED_FIELDS, message))
    if _sound(values, unsound, ("orders", "gmv")) and values["orders"] == 0 and values["gmv"] > 0:
        problems.append(Problem(("gmv",), _("GMV must be 0 on a day without orders.")))
    return problems


def parse_row(raw: RawRow, today: date) -> tuple[date | None, LogRow | None, list[RowError]]:
    """Read and check one uploaded row; returns its date (if readable), the clean row or its errors."""
    errors = []
    if raw.overflow:
        errors.append(RowError(raw.number, "", _("This row has more cells than the header (a comma in a number?).")))
    day, problem = parse_date_cell(raw.cells.get("date"))
    problem = problem or (day_problem(day, today) if day else None)
    if problem:
        errors.append(RowError(raw.number, "date", problem))
    values: dict[str, Value] = {}
    unreadable = set()
    for name in LOG_FIELDS:
        cell = raw.cells.get(name)
        if name in COUNT_FIELDS:
            value, problem = parse_count_cell(cell)
        else:
            value, problem = parse_decimal_cell(cell, percent=name == "positive_rate")
        if problem:
            errors.append(RowError(raw.number, name, problem))
            unreadable.add(name)
        values[name] = value
    # An unreadable cell is reported once, not again as "required".
    problems = [p for p in value_problems(values) if not unreadable.intersection(p.fields)]
    errors += [RowError(raw.number, ", ".join(p.fields), p.message) for p in problems]
    if errors or day is None:
        return day, None, errors
    return day, LogRow(raw.number, day, values), []


def validate_rows(
    rows: Iterable[RawRow], today: date, *, progress: Callable[[int], None] | None = None, every: int = 250
) -> tuple[list[LogRow], list[RowError]]:
    """Check every row and the file as a whole (no date twice); ``progress`` is told the rows checked so far."""
    clean: list[LogRow] = []
    errors: list[RowError] = []
    first_seen: dict[date, int] = {}
    done = 0
    for done, raw in enumerate(rows, start=1):
        day, row, problems = parse_row(raw, today)
        errors += problems
        if day is not None and day in first_seen:
            message = _("%(date)s appears twice in the file: also on row %(row)s.") % {
                "date": day.isoformat(),
                "row": first_seen[day],
            }
            errors.append(RowError(raw.number, "date", message))
        elif day is not None:
            first_seen[day] = raw.number
            if row is not None:
                clean.append(row)
        if progress is not None and done % every == 0:
            progress(done)
    if progress is not None:
        progress(done)
    return clean, errors


def values_to_json(values: Mapping[str, Value]) -> dict[str, int | str | None]:
    """Figures as JSON: decimals as strings, so no float ever rounds them."""
    data: dict[str, int | str | None] = {}
    for name in LOG_FIELDS:
        value = values.get(name)
        data[name] = str(value) if isinstance(value, Decimal) else value
    return data


def values_from_json(data: Mapping[str, Any]) -> dict[str, Value]:
    """The inverse of :func:`values_to_json`."""
    values: dict[str, Value] = {}
    for name in LOG_FIELDS:
        raw = data.get(name)
        values[name] = None if raw is None else int(raw) if name in COUNT_FIELDS else Decimal(raw)
    return values


def changes_between(old: Mapping[str, Value], new: Mapping[str, Value]) -> list[Change]:
    """The figures that differ between two versions of a day's log, in form order."""
    return [Change(name, old.get(name), new.get(name)) for name in LOG_FIELDS if old.get(name) != new.get(name)]
