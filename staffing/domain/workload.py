"""How a day's orders spread over its hours, and how many people a workload needs.

A day's orders follow the store's hourly profile (‰ per hour, normalised to its sum). A time window
such as a shift or the service hours may cross midnight: 20:00–02:00 is the hours 20–23 and 0–1 of the
same service day. Customer service is staffed for the busiest hour of a window, since buyers who wait
in the peak hour leave; people are counted in whole heads for a shift.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from decimal import Decimal

HOURS = 24


def hourly_orders(day_orders: Decimal | int, profile: Sequence[int | float | Decimal]) -> list[Decimal]:
    """The day's orders per hour 0–23 by ``profile``; a profile of zeros spreads them evenly."""
    if len(profile) != HOURS:
        raise ValueError(f"an hourly profile has {HOURS} values, not {len(profile)}")
    weights = [Decimal(str(value)) for value in profile]
    if any(weight < 0 for weight in weights):
        raise ValueError("an hourly profile has no negative values")
    total = sum(weights)
    if total == 0:
        weights, total = [Decimal(1)] * HOURS, Decimal(HOURS)
    orders = Decimal(day_orders)
    return [orders * weight / total for weight in weights]


def hours_of_window(start: datetime.time, end: datetime.time) -> list[int]:
    """The whole hours a window covers; ``end`` at or before ``start`` runs past midnight (00:00–00:00 is all day).

    A window counts an hour it touches, so 09:30–18:00 covers 9 to 17.
    """
    first = start.hour
    last = end.hour if (end.minute or end.second) else end.hour - 1
    end_minutes, start_minutes = end.hour * 60 + end.minute, start.hour * 60 + start.minute
    if end_minutes > start_minutes:
        return list(range(first, last + 1))
    return [hour % HOURS for hour in range(first, HOURS + last + 1)]


def orders_in_window(
    day_orders: Decimal | int, profile: Sequence[int | float | Decimal], start: datetime.time, end: datetime.time
) -> tuple[Decimal, Decimal]:
    """(orders in the window, orders in its busiest hour)."""
    per_hour = hourly_orders(day_orders, profile)
    window = [per_hour[hour] for hour in hours_of_window(start, end)]
    return sum(window, Decimal(0)), max(window, default=Decimal(0))


def people_for(workload: Decimal | int, norm: Decimal | int, minimum: Decimal | int = 0) -> Decimal:
    """Full-time equivalents for ``workload`` at ``norm`` per person (unrounded), never below ``minimum``."""
    if Decimal(norm) <= 0:
        raise ValueError("a capacity norm is positive")
    return max(Decimal(workload) / Decimal(norm), Decimal(minimum))


def required_on_shift(
    day_orders: Decimal | int,
    profile: Sequence[int | float | Decimal],
    start: datetime.time,
    end: datetime.time,
    orders_per_person_hour: Decimal | int,
    minimum: int = 1,
) -> int:
    """Customer-service people a shift needs on duty: its busiest hour's orders over the hourly norm, rounded up."""
    _, peak = orders_in_window(day_orders, profile, start, end)
    return max(math.ceil(people_for(peak, orders_per_person_hour)), minimum)


def promotion_day_orders(
    target_orders: Decimal | int, multiplier: Decimal | int | None, plan_weight: Decimal | int = 1
) -> Decimal:
    """A promotion day's orders: the plan's day target times the promotion's multiplier.

    When the plan already weights the day above 1 (its "heavier days"), the target holds that weight, so the
    larger of the two applies instead of both.
    """
    target = Decimal(target_orders)
    if not multiplier or Decimal(multiplier) <= 1:
        return target
    weight = Decimal(plan_weight) if Decimal(plan_weight) > 0 else Decimal(1)
    base = target / weight
    return base * max(Decimal(multiplier), weight)
