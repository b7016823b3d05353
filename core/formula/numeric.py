"""Numbers as PostgreSQL's numeric computes them, for a formula's Python reading: sums and products exact, a
quotient to the scale PostgreSQL gives it, rounding half away from zero."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from typing import Any

Value = int | Decimal | Fraction
WIDE = Context(prec=100)  # wide enough for sums and products to be exact, as PostgreSQL's are
MIN_SIG_DIGITS, NBASE_DIGITS = 16, 4  # PostgreSQL's NUMERIC_MIN_SIG_DIGITS, and its base 10000's decimal digits


def number(value: Any, exact: bool) -> Value | None:
    """An input as the arithmetic takes it: a Fraction when exact, else an int or a Decimal (None stays None)."""
    if value is None:
        return None
    if exact:
        return value if isinstance(value, Fraction) else Fraction(str(value) if isinstance(value, float) else value)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return value
    if isinstance(value, Fraction):
        return WIDE.divide(Decimal(value.numerator), Decimal(value.denominator))
    return Decimal(str(value))


def _scale(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _leading(value: Decimal) -> tuple[int, int]:
    """The weight and value of the first base-10000 digit of ``value``, as PostgreSQL's numeric stores it."""
    if not value:
        return 0, 0
    weight = abs(value).adjusted() // NBASE_DIGITS
    return weight, int(abs(value).scaleb(-NBASE_DIGITS * weight, context=WIDE))


def divide(left: Decimal, right: Decimal) -> Decimal:
    """``left / right`` as PostgreSQL divides numerics (select_div_scale in its numeric.c): to at least 16
    significant digits and no fewer decimals than either operand has, rounded half away from zero."""
    (weight1, first1), (weight2, first2) = _leading(left), _leading(right)
    weight = weight1 - weight2 - (1 if first1 <= first2 else 0)
    scale = max(MIN_SIG_DIGITS - weight * NBASE_DIGITS, _scale(left), _scale(right), 0)
    return quantize(WIDE.divide(left, right), scale)


def quantize(value: Value, places: int) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals, as CAST to numeric and ROUND do."""
    step = Decimal(1).scaleb(-places)
    return Decimal(number(value, exact=False)).quantize(step, rounding=ROUND_HALF_UP, context=WIDE)


ARITHMETIC = {"+": WIDE.add, "-": WIDE.subtract, "*": WIDE.multiply, "/": divide}
