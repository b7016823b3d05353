"""Reading the cells of an uploaded table (CSV or XLSX, see core.tabular): a row's number and cells, dates, counts
and decimals as people type them, and one problem of one row. Pure: no ORM, no request, no clock.

Each reader returns ``(value, None)`` or ``(None, message)``; a blank cell is ``(None, None)`` except for a date,
which every row needs. Whether a blank is allowed, and the ranges of values, are the importing app's rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .dates import business_date_problem

DATE_TEXT = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


@dataclass(frozen=True)
class RowError:
    """One problem in one row of an upload (``row`` as a spreadsheet numbers it; None for the whole file)."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class RawRow:
    """A row of an uploaded table: its number, its cells by column, and whether it had cells past the header."""

    number: int
    cells: Mapping[str, Any]
    overflow: bool = False


def parse_date_cell(raw: Any) -> tuple[date | None, str | None]:
    """A date from a cell: a spreadsheet date, or text like 2026-11-11 or 2026/11/11, in the business range."""
    day, problem = _date_cell(raw)
    if day is not None:
        problem = business_date_problem(day)
    return (None, problem) if problem else (day, None)


def _date_cell(raw: Any) -> tuple[date | None, str | None]:
    if isinstance(raw, datetime):
        return raw.date(), None
    if isinstance(raw, date):
        return raw, None
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None, _("The date is required.")
    match = DATE_TEXT.match(text)
    if not match:
        return None, _("Write the date as YYYY-MM-DD, e.g. 2026-11-11.")
    try:
        return date(*(int(part) for part in match.groups())), None
    except ValueError:
        return None, _("%(value)s is not a valid date.") % {"value": text}


def parse_count_cell(raw: Any) -> tuple[int | None, str | None]:
    """A whole number from a cell; a blank cell is None (whether that is allowed is decided later)."""
    number, problem = _number(raw)
    if problem or number is None:
        return None, problem
    if number != number.to_integral_value():
        return None, _("Enter a whole number, e.g. 12.")
    return int(number), None


def parse_decimal_cell(raw: Any, *, percent: bool = False) -> tuple[Decimal | None, str | None]:
    """A decimal from a cell; for a percentage a trailing % sign is allowed."""
    if percent and isinstance(raw, str) and raw.strip().endswith("%"):
        raw = raw.strip()[:-1]
    return _number(raw)


def _number(raw: Any) -> tuple[Decimal | None, str | None]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if isinstance(raw, bool):
        return None, _("Enter a number, not TRUE or FALSE.")
    try:
        # repr() of a float is its shortest exact form: 4.8, not 4.7999999999999998.
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(str(raw).strip())
    except InvalidOperation:
        return None, _("Enter a number with a dot for decimals and no thousands separators, e.g. 1234.50.")
    if not number.is_finite():
        return None, _("Enter a number.")
    return number, None
