"""Spreading a stage's targets over its days by seasonality weights, so the days add up exactly."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.months import days_between

from .arithmetic import implied


def day_weights(
    days: Sequence[date],
    weekday_weights: Sequence[float],
    month_weights: Sequence[float],
    event_weights: Mapping[date, float],
) -> list[float]:
    """weekday weight × month weight × event weight of each day (missing weights count as 1)."""
    weights = []
    for day in days:
        w = weekday_weights[day.weekday()] if len(weekday_weights) == 7 else 1.0
        w *= month_weights[day.month - 1] if len(month_weights) == 12 else 1.0
        w *= event_weights.get(day, 1.0)
        weights.append(max(float(w), 0.0))
    return weights


def spread_int(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into whole parts proportional to ``weights`` that sum to ``total`` exactly.

    Largest remainder: floor every share, then give the units left to the largest remainders
    (earlier days first on ties, so the result is deterministic). ``total`` must not be negative.
    """
    if not weights:
        if total:
            raise ValueError("cannot spread a non-zero total over no days")
        return []
    # Integer arithmetic throughout, so no float rounding can break the exact sum.
    scaled = [max(round(w * 1_000_000), 0) for w in weights]
    if sum(scaled) == 0:
        scaled = [1] * len(weights)
    weight_sum = sum(scaled)
    parts = [total * w // weight_sum for w in scaled]
    remainders = [total * w % weight_sum for w in scaled]
    left = total - sum(parts)
    by_remainder = sorted(range(len(scaled)), key=lambda i: (-remainders[i], i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return parts


def spread_money(total: Decimal, weights: Sequence[float]) -> list[Decimal]:
    """Split an amount into cents proportional to ``weights``; the parts sum to ``total`` exactly."""
    cents = int((total * 100).to_integral_value(ROUND_HALF_UP))
    return [Decimal(c) / 100 for c in spread_int(cents, weights)]


@dataclass(frozen=True)
class StageTargets:
    number: int
    start: date
    end: date
    orders_per_day: Decimal
    conversion: Decimal
    aov: Decimal
    paid_share: Decimal
    cpc: Decimal


@dataclass(frozen=True)
class DayTarget:
    date: date
    stage: int
    uv: int
    orders: int
    gmv: Decimal
    ad_spend: Decimal


def stage_totals(stage: StageTargets) -> tuple[int, int, Decimal, Decimal]:
    """(orders, UV, GMV, ad spend) a stage targets over all its days, from the exact daily figures: the UV a day
    (whole visitors) times the days, GMV and ad spend unrounded (the spread rounds them to the cent once), never a
    daily amount already rounded to the cent times the days."""
    n = (stage.end - stage.start).days + 1
    per_day = implied(stage.orders_per_day, stage.conversion, stage.aov, stage.paid_share, stage.cpc)
    orders = int((stage.orders_per_day * n).to_integral_value(ROUND_HALF_UP))
    gmv = stage.orders_per_day * stage.aov * n
    ad_spend = per_day.uv * stage.paid_share * stage.cpc * n
    return orders, per_day.uv * n, gmv, ad_spend


def day_targets(
    stages: Sequence[StageTargets],
    weekday_weights: Sequence[float],
    month_weights: Sequence[float],
    event_weights: Mapping[date, float],
) -> list[DayTarget]:
    """Every day's targets; per stage (and so per period) the days sum exactly to the stage's totals."""
    targets: list[DayTarget] = []
    for stage in stages:
        days = days_between(stage.start, stage.end)
        weights = day_weights(days, weekday_weights, month_weights, event_weights)
        orders, uv, gmv, ad_spend = stage_totals(stage)
        columns = zip(
            spread_int(uv, weights),
            spread_int(orders, weights),
            spread_money(gmv, weights),
            spread_money(ad_spend, weights),
            strict=True,
        )
        for day, (d_uv, d_orders, d_gmv, d_ad) in zip(days, columns, strict=True):
            targets.append(DayTarget(day, stage.number, d_uv, d_orders, d_gmv, d_ad))
    return targets
