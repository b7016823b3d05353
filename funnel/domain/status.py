"""Stage status: a stage's ranges, averages over a window, and conversion spikes that are anomalies, not success.

The recommendation made from them is in :mod:`funnel.domain.advice`."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from funnel.formulas import CONVERSION


@dataclass(frozen=True)
class StageRange:
    number: int
    uv_min: int
    uv_max: int
    orders_min: int
    orders_max: int


@dataclass(frozen=True)
class Averages:
    """Average UV and orders a day over a window; None where the window has no data."""

    uv: float | None
    orders: float | None
    days: int


def averages(days: Sequence[tuple[int | None, int]]) -> Averages:
    """Averages of (uv, orders) rows; days without UV do not count toward the UV average."""
    uvs = [uv for uv, _ in days if uv is not None]
    orders = [o for _, o in days]
    return Averages(
        uv=sum(uvs) / len(uvs) if uvs else None,
        orders=sum(orders) / len(orders) if orders else None,
        days=len(days),
    )


@dataclass(frozen=True)
class ConversionAnomaly:
    date: date
    conversion: float
    trailing_median: float
    ratio: float


def conversion_anomalies(
    days: Sequence[tuple[date, int | None, int]],
    *,
    factor: float = 3.0,
    window: int = 28,
    min_history: int = 7,
    min_orders: int = 3,
) -> list[ConversionAnomaly]:
    """Days whose conversion is more than ``factor`` × the median of the ``window`` days before.

    Such a spike is flagged for a person to look at (e.g. fake orders, a tracking error),
    never counted as success. Days with fewer than ``min_orders`` orders are too noisy to judge.
    """
    rows = sorted(days)
    history: list[float] = []
    found = []
    for day, uv, orders in rows:
        if not uv:
            continue
        conversion = float(CONVERSION(orders=orders, uv=uv))
        trailing = history[-window:]
        if len(trailing) >= min_history and orders >= min_orders:
            median = statistics.median(trailing)
            if median > 0 and conversion > factor * median:
                found.append(ConversionAnomaly(day, conversion, median, conversion / median))
        history.append(conversion)
    return found
