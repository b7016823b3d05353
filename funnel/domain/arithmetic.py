"""Funnel arithmetic: sales = UV × conversion × AOV, and every inversion of it (seed 001, seed 004). Conversion,
AOV and ROI themselves are funnel.formulas' definitions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from funnel.formulas import ROI

CENT = Decimal("0.01")


def _d(value: Decimal | int | float | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def sales(uv: Decimal | int, conversion: Decimal, aov: Decimal) -> Decimal:
    """GMV from visitors, conversion and average order value."""
    return (_d(uv) * _d(conversion) * _d(aov)).quantize(CENT, ROUND_HALF_UP)


def orders_from_uv(uv: Decimal | int, conversion: Decimal) -> Decimal:
    return _d(uv) * _d(conversion)


def uv_needed(orders: Decimal | int, conversion: Decimal) -> int:
    """Visitors needed for an orders target at a conversion rate, rounded up to whole visitors."""
    conversion = _d(conversion)
    if conversion <= 0:
        raise ValueError("conversion must be positive")
    return int((_d(orders) / conversion).to_integral_value(ROUND_CEILING))


def gmv_from_orders(orders: Decimal | int, aov: Decimal) -> Decimal:
    return (_d(orders) * _d(aov)).quantize(CENT, ROUND_HALF_UP)


def orders_from_gmv(gmv: Decimal, aov: Decimal) -> Decimal:
    aov = _d(aov)
    if aov <= 0:
        raise ValueError("AOV must be positive")
    return _d(gmv) / aov


def ad_spend_for(uv: Decimal | int, paid_share: Decimal, cost_per_paid_visitor: Decimal) -> Decimal:
    """What the paid part of the traffic costs a day."""
    return (_d(uv) * _d(paid_share) * _d(cost_per_paid_visitor)).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class Implied:
    """What a stage's targets imply per day."""

    uv: int
    paid_uv: int
    gmv: Decimal
    ad_spend: Decimal
    roi: Decimal | None  # GMV per CNY of ad spend


def implied(
    orders_per_day: Decimal, conversion: Decimal, aov: Decimal, paid_share: Decimal, cost_per_paid_visitor: Decimal
) -> Implied:
    """UV, GMV and ad spend a day implied by an orders target, a conversion, an AOV and the paid traffic."""
    uv = uv_needed(orders_per_day, conversion)
    paid_uv = int((_d(uv) * _d(paid_share)).to_integral_value(ROUND_HALF_UP))
    # ROI from the unrounded GMV and ad spend, not from the two amounts rounded to the cent.
    exact_gmv = _d(orders_per_day) * _d(aov)
    exact_ad_spend = _d(uv) * _d(paid_share) * _d(cost_per_paid_visitor)
    return Implied(
        uv=uv,
        paid_uv=paid_uv,
        gmv=exact_gmv.quantize(CENT, ROUND_HALF_UP),
        ad_spend=exact_ad_spend.quantize(CENT, ROUND_HALF_UP),
        roi=ROI(gmv=exact_gmv, ad_spend=exact_ad_spend),
    )
