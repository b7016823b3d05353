"""How opsplan writes a number for people: the one home of money, counts, percentages and abbreviated figures.

Templates use it through the built-in filters of ``core.templatetags.numbers``; exports' display columns, the
history view and messages call it directly; ``static/js/charts.js`` mirrors it for charts (a browser test holds
the two to the same output). Chinese and English readers both group thousands with a comma (core/formats);
they differ in how a large figure is abbreviated: 38.83万 and 1.2亿 in Chinese, 388.3k and 120M in English.
A negative amount of money is −¥1,234.50 (the minus before the currency sign), never ¥-1,234.50.

Figures are rounded here, once, where they are shown; calculations hand over exact values (a Fraction, or a
Decimal that was never quantized) and never compute from a figure rounded for showing.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.utils.translation import get_language

NOTHING = "–"
MINUS = "−"
CURRENCY = "¥"
# Abbreviation steps, largest first: (size, suffix). A figure below the smallest is written in full.
STEPS = {
    "zh": ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")),
    "en": ((Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "k")),
}
# English abbreviates from 10,000 too: 1,200 reads better in full than as 1.2k.
ABBREVIATE_FROM = Decimal(10_000)


def as_decimal(value: Fraction | Decimal | int) -> Decimal:
    """An exact value as a Decimal to keep or serialise: correct to 28 significant digits, so rounding it to the
    places shown gives the same figure as rounding the exact value (a tie such as 75.95 stays exactly a tie)."""
    value = Fraction(value)
    return Decimal(value.numerator) / Decimal(value.denominator)


def _decimal(value: Any) -> Decimal | None:
    """The value as a Decimal, or None when there is no number (None, "", "-", NaN)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Fraction):
        return as_decimal(value)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return None if number.is_nan() or number.is_infinite() else number


def _rounded(number: Decimal, places: int) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def rounded(value: Any, places: int) -> Decimal | None:
    """The figure as shown, as a number: half away from zero at ``places`` (exports' cells, stored display
    values). Round once, where the figure is shown or kept for showing; never compute from the result."""
    number = _decimal(value)
    return None if number is None else _rounded(number, places)


def _sign(number: Decimal, places: int) -> str:
    """The minus sign of a figure that stays negative once rounded (−0.00 is written 0.00)."""
    return MINUS if _rounded(number, places) < 0 else ""


def grouped(value: Any, places: int = 0) -> str:
    """1234567.891 -> 1,234,567.89 (places=2); a negative as −1,234; nothing known as –."""
    number = _decimal(value)
    if number is None:
        return NOTHING
    return f"{_sign(number, places)}{abs(_rounded(number, places)):,.{places}f}"


def count(value: Any) -> str:
    """A count with thousands separators: 23111 -> 23,111."""
    return grouped(value, 0)


def signed_count(value: Any) -> str:
    """+12 or −3: units in or out of stock, a change of a count."""
    number = _decimal(value)
    if number is None:
        return NOTHING
    return ("+" if _rounded(number, 0) > 0 else "") + grouped(number, 0)


def money(value: Any, places: int = 2) -> str:
    """¥1,234.50; a negative amount as −¥1,234.50."""
    number = _decimal(value)
    if number is None:
        return NOTHING
    return f"{_sign(number, places)}{CURRENCY}{abs(_rounded(number, places)):,.{places}f}"


def signed_money(value: Any, places: int = 2) -> str:
    """+¥1,234.50 or −¥1,234.50: an effect, a variance or a difference."""
    number = _decimal(value)
    if number is None:
        return NOTHING
    return ("+" if _rounded(number, places) > 0 else "") + money(number, places)


def pct(value: Any, places: int = 1) -> str:
    """A share as a percentage: 0.953 -> 95.3%."""
    number = _decimal(value)
    if number is None:
        return NOTHING
    return grouped(number * 100, places) + "%"


def signed_pct(value: Any, places: int = 1) -> str:
    """A change as a percentage: 0.125 -> +12.5%, −0.04 -> −4.0%."""
    number = _decimal(value)
    if number is None:
        return NOTHING
    return ("+" if _rounded(number * 100, places) > 0 else "") + pct(number, places)


def _language_family(language: str | None) -> str:
    return "zh" if (language or get_language() or "").lower().startswith("zh") else "en"


def compact(value: Any, language: str | None = None, *, currency: bool = False, places: int = 2) -> str:
    """A large figure abbreviated as its reader expects: 388,264.8 -> 38.83万 (Chinese), 388.26k (English);
    below 10,000 in full. Trailing zeros of the fraction go (1.50万 -> 1.5万). For cards and chart axes; tables
    show the full figure."""
    number = _decimal(value)
    if number is None:
        return NOTHING
    prefix = CURRENCY if currency else ""
    size = abs(number)
    if size >= ABBREVIATE_FROM:
        for step, suffix in STEPS[_language_family(language)]:
            if size >= step:
                scaled = _rounded(size / step, places).normalize()
                text = f"{scaled:,f}"
                return f"{_sign(number, places)}{prefix}{text}{suffix}"
    decimals = 0 if number == number.to_integral_value() else places
    return f"{_sign(number, decimals)}{prefix}{abs(_rounded(number, decimals)):,.{decimals}f}"


def signed_compact(value: Any, language: str | None = None, *, currency: bool = False) -> str:
    """A change abbreviated, with "+" when it is positive: +¥1.23万, −¥4,200 (a waterfall's bar on a phone)."""
    number = _decimal(value)
    if number is None:
        return NOTHING
    return ("+" if _rounded(number, 2) > 0 else "") + compact(number, language, currency=currency)


def difference_share(a: Any, b: Any) -> Decimal | None:
    """How much b differs from a, as a share of a: (b − a) / a; None when a is nothing or zero."""
    first, second = _decimal(a), _decimal(b)
    if first is None or second is None or first == 0:
        return None
    return (second - first) / abs(first)
