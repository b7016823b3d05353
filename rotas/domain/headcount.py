"""How many people each pattern needs on each day: a fixed number, or customer service from the day's orders."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from staffing.domain import promotion_day_orders, required_on_shift

from .shifts import PatternSpec


@dataclass(frozen=True)
class Demand:
    """What drives a workload pattern: the orders planned per day, promotion multipliers and plan weights per day,
    the store's hourly profile and the orders one person handles in an hour."""

    day_orders: Mapping[datetime.date, Decimal | int]
    multipliers: Mapping[datetime.date, Decimal]
    plan_weights: Mapping[datetime.date, Decimal | float]
    profile: Sequence[int | float | Decimal]
    orders_per_person_hour: Decimal | None


def orders_on(demand: Demand, day: datetime.date) -> Decimal | None:
    """The orders planned for ``day`` (promotion days multiplied), None without a plan for it."""
    if day not in demand.day_orders:
        return None
    return promotion_day_orders(
        demand.day_orders[day], demand.multipliers.get(day), Decimal(str(demand.plan_weights.get(day, 1)))
    )


def required_headcount(
    pattern: PatternSpec, minimum: int, from_workload: bool, day: datetime.date, demand: Demand | None
) -> int:
    """People ``pattern`` needs on ``day``: 0 when it does not run; ``minimum`` unless it is staffed from the
    workload, a plan covers the day and the role has a norm; then its busiest hour's need (a split shift: the
    busier of its parts), never below ``minimum``."""
    if not pattern.runs_on(day):
        return 0
    if not from_workload or demand is None or not demand.orders_per_person_hour:
        return minimum
    orders = orders_on(demand, day)
    if orders is None:
        return minimum
    return max(
        required_on_shift(orders, demand.profile, start, end, demand.orders_per_person_hour, minimum=minimum)
        for start, end in pattern.segments
    )
