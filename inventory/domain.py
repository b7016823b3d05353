"""Stock planning arithmetic: sales averages, cover, safety stock, reorder point, order size and projection.

Pure and typed: no ORM, no clock. Callers pass ``as_of`` (the planning day, usually today in the store's
time zone) and the figures they read in bulk.

Every figure is computed from exact values: the average is a fraction (1 unit in 28 days is 1/28, not 0.04), and
nothing is rounded until it is shown (core.numbers) or becomes whole units (reorder point, order size, units
sold a day). A rounded average would make 100 units last 2,500 days instead of 2,800.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from core.numbers import as_decimal

PROJECTION_DAYS = 60
# A rate as the domain takes it: a Fraction (exact), a Decimal or a whole number; all are turned into Fractions.
Rate = Fraction | Decimal | int


@dataclass(frozen=True)
class PromotionDemand:
    """A promotion's effect on one SKU: sales run at ``uplift`` × baseline from ``start`` to ``end``, and the
    pre-sale quantity (sold earlier on deposit) leaves the warehouse on ``presale_ships_on``."""

    start: date
    end: date
    uplift: Decimal
    presale_quantity: int = 0
    presale_ships_on: date | None = None

    @property
    def ships_on(self) -> date:
        return self.presale_ships_on or self.start


@dataclass(frozen=True)
class Inbound:
    """Stock expected from the factory on a day (an open factory order)."""

    on: date
    quantity: int


@dataclass(frozen=True)
class ProjectedDay:
    """One day of a projection: stock at the start of the day, what leaves and arrives, stock at its end."""

    date: date
    opening: int
    sales: int
    inbound: int
    closing: int


def average_daily_sales(daily: Mapping[date, int], as_of: date, days: int) -> Fraction:
    """Units sold per day over the ``days`` whole days before ``as_of`` (days without sales count as 0), exact."""
    if days <= 0:
        raise ValueError("days must be positive")
    first = as_of - timedelta(days=days)
    total = sum(units for day, units in daily.items() if first <= day < as_of)
    return Fraction(total, days)


def days_of_cover(on_hand: int, average: Rate) -> Decimal | None:
    """How many days the stock on hand lasts at the average; None when nothing sells (it lasts indefinitely).
    Unrounded: the page and the API round it to one place when they show it."""
    average = Fraction(average)
    if average <= 0:
        return None
    return as_decimal(max(on_hand, 0) / average)


def effective_safety_stock(explicit: int | None, is_main_push: bool, policy_main: int, policy_other: int) -> int:
    """The product's own safety stock if set, else the store policy's for main-push or other items."""
    if explicit is not None:
        return explicit
    return policy_main if is_main_push else policy_other


def reorder_point(average: Rate, lead_time_days: int, safety: int) -> int:
    """Average daily sales × lead time + safety stock, rounded up to whole units."""
    return math.ceil(Fraction(average) * lead_time_days) + safety


def suggested_order_quantity(
    on_hand: int, inbound_open: int, average: Rate, lead_time_days: int, safety: int, cover_days: int
) -> int:
    """Units to order from the factory now: nothing while the stock position (on hand + open orders) is above
    the reorder point, else enough to bring it up to the lead time plus ``cover_days`` of sales plus safety stock."""
    position = on_hand + inbound_open
    if position > reorder_point(average, lead_time_days, safety):
        return 0
    order_up_to = math.ceil(Fraction(average) * (lead_time_days + cover_days)) + safety
    return max(order_up_to - position, 0)


def daily_demand(day: date, baseline: Rate, promotions: Sequence[PromotionDemand]) -> Fraction:
    """Expected units sold on ``day``: baseline, or baseline × the largest uplift of a promotion running then."""
    uplifts = [Fraction(p.uplift) for p in promotions if p.start <= day <= p.end]
    return Fraction(baseline) * max(uplifts) if uplifts else Fraction(baseline)


def project_stock(
    on_hand: int,
    baseline_daily: Rate,
    start: date,
    days: int = PROJECTION_DAYS,
    promotions: Sequence[PromotionDemand] = (),
    inbound: Sequence[Inbound] = (),
) -> list[ProjectedDay]:
    """Stock day by day from ``start`` for ``days`` days. Fractional demand accumulates so that whole units
    leave when they add up (0.4/day sells 2 units in 5 days, not 0 or 5); closing stock may go negative,
    which is the shortfall the caller reports."""
    arrivals: dict[date, int] = {}
    for item in inbound:
        arrivals[item.on] = arrivals.get(item.on, 0) + item.quantity
    presales: dict[date, int] = {}
    for promotion in promotions:
        if promotion.presale_quantity:
            presales[promotion.ships_on] = presales.get(promotion.ships_on, 0) + promotion.presale_quantity
    # Arrivals and pre-sale shipments dated before the projection have already happened or are overdue.
    overdue_in = sum(q for d, q in arrivals.items() if d < start)
    overdue_out = sum(q for d, q in presales.items() if d < start)
    stock = on_hand
    demand_so_far = Fraction(0)
    sold_so_far = 0
    projection = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        demand_so_far += daily_demand(day, baseline_daily, promotions)
        sold = _round(demand_so_far) - sold_so_far
        sold_so_far += sold
        sales = sold + presales.get(day, 0) + (overdue_out if offset == 0 else 0)
        received = arrivals.get(day, 0) + (overdue_in if offset == 0 else 0)
        closing = stock + received - sales
        projection.append(ProjectedDay(date=day, opening=stock, sales=sales, inbound=received, closing=closing))
        stock = closing
    return projection


def first_stockout(projection: Sequence[ProjectedDay]) -> date | None:
    """The first day the projected stock ends below zero, if any."""
    return next((day.date for day in projection if day.closing < 0), None)


def _round(value: Fraction) -> int:
    """To the nearest whole unit, halves away from zero (ROUND_HALF_UP), exactly."""
    whole = math.floor(abs(value) + Fraction(1, 2))
    return whole if value >= 0 else -whole
