"""How many people each pattern needs on each day: a fixed number, or customer service from the day's orders.

The day's work (orders, promotion days multiplied) is the gap report's (``staffing.selectors.day_works``) and the
people a shift needs come from ``staffing.domain.shift_headcount``, so the rota and the gap report read one
required headcount."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from staffing.domain import DayWork, shift_headcount

from .shifts import PatternSpec


@dataclass(frozen=True)
class Demand:
    """What drives a workload pattern: each day's work as the gap report reads it, the store's hourly profile and
    the orders one person handles in an hour."""

    works: Mapping[datetime.date, DayWork]
    profile: Sequence[int | float | Decimal]
    orders_per_person_hour: Decimal | None


def orders_on(demand: Demand, day: datetime.date) -> Decimal | None:
    """The orders planned for ``day`` (promotion days multiplied), None without a plan for it."""
    work = demand.works.get(day)
    return work.orders if work is not None and work.planned else None


def required_headcount(
    pattern: PatternSpec, minimum: int, from_workload: bool, day: datetime.date, demand: Demand | None
) -> int:
    """People ``pattern`` needs on ``day``: 0 when it does not run, else ``staffing.domain.shift_headcount``."""
    if not pattern.runs_on(day):
        return 0
    if demand is None:
        return minimum
    return shift_headcount(
        demand.works.get(day), pattern.segments, minimum, from_workload, demand.profile, demand.orders_per_person_hour
    )
