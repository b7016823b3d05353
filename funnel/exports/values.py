"""Reading one cell of a platform export: counts, money, percentages and dates as the back offices write them.

Each reader takes the cell as the file holds it (text from CSV, a number or datetime from a workbook) and returns
``(value, None)`` or ``(None, problem)``; an empty cell or a dash (``-``, ``--``, ``—``) is ``(None, None)``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from funnel.domain.records import MAX_COUNT, MAX_MONEY

from .fields import Kind

NONE_MARKS = frozenset({"", "-", "--", "---", "—", "——", "－", "N/A", "n/a", "null", "NULL", "/"})
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 in Excel's (Lotus-compatible) 1900 system
SERIALS = range(1, 2_958_466)  # 1900-01-01 .. 9999-12-31
DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
CURRENCY = ("¥", "￥", "元", "RMB", "CNY")
CENT = Decimal("0.01")


def cell_text(value: Any) -> str:
    """A cell as a person reads it in the file (for messages)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and _clean(value) in NONE_MARKS)


def _clean(text: str) -> str:
    # NFKC folds full-width digits, commas, percent signs and ￥ into their ASCII forms.
    return unicodedata.normalize("NFKC", text).strip().replace("\u00a0", "").replace(" ", "")


def _number_text(value: Any) -> tuple[Decimal | None, bool]:
    """The number a cell holds, and whether it was written as a percentage; (None, False) when it is no number."""
    if isinstance(value, bool):
        return None, False
    if isinstance(value, int):
        return Decimal(value), False
    if isinstance(value, float):
        return (Decimal(repr(value)), False) if value == value and abs(value) != float("inf") else (None, False)
    if isinstance(value, Decimal):
        return value, False
    text = _clean(str(value))
    for sign in CURRENCY:
        text = text.replace(sign, "")
    percent = text.endswith("%")
    text = text.rstrip("%")
    if not re.fullmatch(r"[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|[-+]?\.\d+", text):
        return None, percent
    try:
        return Decimal(text.replace(",", "")), percent
    except InvalidOperation:
        return None, percent


def read_count(value: Any) -> tuple[int | None, str | None]:
    if is_blank(value):
        return None, None
    number, percent = _number_text(value)
    if number is None or percent or number != number.to_integral_value():
        return None, _("is not a whole number")
    if number < 0:
        return None, _("must not be negative")
    if number > MAX_COUNT:
        return None, _("is too large")
    return int(number), None


def read_money(value: Any) -> tuple[Decimal | None, str | None]:
    if is_blank(value):
        return None, None
    number, percent = _number_text(value)
    if number is None or percent:
        return None, _("is not an amount of money")
    if number < 0:
        return None, _("must not be negative")
    if isinstance(value, float):
        number = number.quantize(CENT, ROUND_HALF_UP)  # a workbook's binary float: round to the cent it shows
    elif number.as_tuple().exponent < -2:
        return None, _("has more than 2 decimals")
    if number > MAX_MONEY:
        return None, _("is too large")
    return number.quantize(CENT), None


def read_amount(value: Any) -> tuple[Decimal | None, str | None]:
    """A derived figure in yuan (客单价, UV价值): any decimals."""
    if is_blank(value):
        return None, None
    number, percent = _number_text(value)
    if number is None or percent:
        return None, _("is not a number")
    return number, None


def read_ratio(value: Any) -> tuple[Decimal | None, str | None]:
    """A rate as a fraction: "2.35%" is 0.0235; a workbook's number (shown as a percentage) is the fraction itself,
    and so is text without a percent sign."""
    if is_blank(value):
        return None, None
    number, percent = _number_text(value)
    if number is None:
        return None, _("is not a percentage")
    return (number / 100 if percent else number), None


def read_date(value: Any, datemode: int = 0) -> tuple[date | None, str | None]:
    """A day: a date cell, an Excel serial, or text like 2026-11-11, 2026/11/11, 2026.11.11, 20261111, 2026年11月11日
    (a range whose two ends are the same day, as some tools write a one-day period, counts too)."""
    if is_blank(value):
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial_or_digits(value, datemode)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    ends = [end.strip() for end in re.split(r"~|至|到|—", text)]
    if len(ends) == 2 and ends[0] and ends[0] == ends[1]:
        text = ends[0]
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            return _day(*(int(part) for part in match.groups()))
    if re.fullmatch(r"\d+(\.0+)?", text):
        return _serial_or_digits(float(text), datemode)
    return None, _("is not a date")


def is_period(value: Any) -> bool:
    """A cell naming a period of several days ("2026-11-10 ~ 2026-11-12"), as a totals row may label itself."""
    if not isinstance(value, str):
        return False
    ends = [end.strip() for end in re.split(r"~|至|到|—", unicodedata.normalize("NFKC", value))]
    if len(ends) != 2 or ends[0] == ends[1]:
        return False
    first, last = read_date(ends[0])[0], read_date(ends[1])[0]
    return first is not None and last is not None and first < last


def _serial_or_digits(number: float, datemode: int) -> tuple[date | None, str | None]:
    if number != int(number):
        number = int(number)  # a serial with a time of day
    whole = int(number)
    if 10_000_000 <= whole <= 99_999_999:  # 20261111
        return _day(whole // 10_000, whole // 100 % 100, whole % 100)
    if whole in SERIALS:
        epoch = date(1904, 1, 1) if datemode == 1 else EXCEL_EPOCH
        return epoch + timedelta(days=whole), None
    return None, _("is not a date")


def _day(year: int, month: int, day: int) -> tuple[date | None, str | None]:
    try:
        return date(year, month, day), None
    except ValueError:
        return None, _("is not a valid date")


READERS = {
    Kind.COUNT: read_count,
    Kind.MONEY: read_money,
    Kind.AMOUNT: read_amount,
    Kind.RATIO: read_ratio,
}
