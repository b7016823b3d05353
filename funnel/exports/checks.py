"""Checking a file's derived columns against the counts they are computed from. The tools compute them per paying
buyer: 客单价 = 支付金额 / 支付买家数 and 支付转化率 = 支付买家数 / 访客数 (成交人数 / 成交客户数 / 成交买家数 on
JD, Douyin and Pinduoduo), UV价值 = 支付金额 / 访客数. A figure that differs by more than its rounding is a warning:
the derived column is never stored, opsplan derives its own from the counts."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .fields import AOV, CONVERSION, UV_VALUE
from .values import cell_text

CENT = Decimal("0.01")
BASIS_POINT = Decimal("0.0001")  # 0.01 % shown as a percentage with two decimals
# derived field -> (numerator, denominator, the least rounding step a file shows it with)
FORMULAS = {
    AOV: ("gmv", "paying_buyers", CENT),
    CONVERSION: ("paying_buyers", "uv", BASIS_POINT),
    UV_VALUE: ("gmv", "uv", CENT),
}


def derived_warnings(
    line: int,
    values: Mapping[str, Any],
    derived: Mapping[str, tuple[str, Any, Decimal]],
    mapping: Mapping[str, str],
    visitors: tuple[str, int | None] | None = None,
) -> list[str]:
    """A warning for each derived figure of a row (field -> (column, cell, value)) its counts disagree with;
    ``visitors`` (column, count) replaces UV as the base of per-visitor rates where the tool computes them so."""
    columns = {target: name for name, target in mapping.items()}
    warnings = []
    for target, (column, cell, shown) in derived.items():
        numerator, denominator, step = FORMULAS[target]
        top, bottom = values.get(numerator), values.get(denominator)
        denominator_column = columns.get(denominator)
        if denominator == "uv" and visitors is not None:
            denominator_column, bottom = visitors
        if top is None or not bottom:
            continue
        expected = Decimal(top) / Decimal(bottom)
        if abs(expected - shown) <= _tolerance(shown, step):
            continue
        shown_expected = f"{expected * 100:.2f}%" if target == CONVERSION else f"{expected:.2f}"
        warnings.append(
            _("Line %(line)s: %(column)s “%(value)s” does not match %(numerator)s ÷ %(denominator)s = %(expected)s.")
            % {
                "line": line,
                "column": column,
                "value": cell_text(cell),
                "numerator": columns[numerator],
                "denominator": denominator_column,
                "expected": shown_expected,
            }
        )
    return warnings


def _tolerance(shown: Decimal, step: Decimal) -> Decimal:
    """Half the last digit the file shows, at least half the usual step, and a hair more for float noise."""
    exponent = shown.as_tuple().exponent
    shown_step = Decimal(1).scaleb(exponent) if isinstance(exponent, int) else step
    return max(shown_step, step) / 2 + step / 100
