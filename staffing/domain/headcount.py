"""The headcount a store needs per role and day, from what its plan asks of the day (docs/staffing.md).

Workload roles are staffed by their capacity norm: customer service for the busiest hour of the day held over
the service hours, logistics by parcels (one per order), the editor by listings to edit, the designer by pages
to make, the promoter by ad spend to manage. The work arrives every day of the week while a person works five,
so a day's workload in person-days is a requirement of 7/5 as many full-time equivalents (FTE). Fixed roles need
their minimum. A month needs what its 90th-percentile day needs: the few days above it are peaks for temporary
staff, not a reason to hire for the whole month.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .workload import hours_of_window, orders_in_window, promotion_day_orders, required_on_shift

SEVEN_DAYS_ON_FIVE = Decimal(7) / Decimal(5)
PERCENTILE = 90
# The editor revisits every listed item's title and description once a month (time-slot relisting, delisting out
# of stock), and lists the items a stage adds; the designer refreshes each item's pages once a quarter and makes
# the pages of every new item.
LISTING_REVIEW_DAYS = 30
PAGE_REFRESH_DAYS = 90
HUNDREDTH = Decimal("0.01")

# The capacity norm units (staffing.choices.NormUnit values), repeated so this module needs no Django.
ORDERS_PER_HOUR = "orders_per_hour"
PARCELS_PER_DAY = "parcels_per_day"
LISTINGS_PER_DAY = "listings_per_day"
PAGES_PER_DAY = "pages_per_day"
AD_SPEND_PER_DAY = "ad_spend_per_day"
FIXED = "fixed"
# The promotion phases (promotions.choices.PhaseKind values) whose days are busy for staffing, and the deposit
# phase, whose days are not: buyers pay a deposit, they do not order yet.
BUSY_PHASES = frozenset({"live", "final_payment"})
DEPOSIT_PHASE = "presale_deposit"


@dataclass(frozen=True)
class RoleNorm:
    """A role as the arithmetic sees it: the unit of its norm, the store's norm (None for fixed roles), its minimum."""

    code: str
    unit: str
    norm: Decimal | None
    minimum: Decimal


@dataclass(frozen=True)
class ServiceRules:
    """The store's customer-service hours, hourly order profile (‰) and length of a working day."""

    start: datetime.time
    end: datetime.time
    profile: Sequence[int | float | Decimal]
    workday_hours: Decimal


@dataclass(frozen=True)
class DayWork:
    """What the plan asks of one day: orders (promotion days multiplied), ad spend and the listings to keep."""

    date: datetime.date
    orders: Decimal
    ad_spend: Decimal
    listed_items: int
    new_listings: Decimal
    stage: int | None = None
    promotion: str | None = None  # the promotion kind whose multiplier applied
    planned: bool = True  # False: no active plan covers the day (only the minimums are needed)


@dataclass(frozen=True)
class PromotionSpan:
    """A promotion's busy days: its live and final-payment phases when it has phases, else its dates."""

    kind: str
    windows: tuple[tuple[datetime.date, datetime.date], ...]


def promotion_span(
    kind: str, start: datetime.date, end: datetime.date, phases: Iterable[tuple[str, datetime.date, datetime.date]]
) -> PromotionSpan:
    """The one definition of a promotion's busy days, for the gap report and the rota alike: its live and
    final-payment phases when it has them; else its days outside a pre-sale deposit phase (all its days when it
    has no phases)."""
    phases = list(phases)
    busy = tuple(sorted((first, last) for phase, first, last in phases if phase in BUSY_PHASES))
    if busy:
        return PromotionSpan(kind, busy)
    deposit = [(first, last) for phase, first, last in phases if phase == DEPOSIT_PHASE]
    windows: list[tuple[datetime.date, datetime.date]] = []
    day = start
    while day <= end:
        if not any(first <= day <= last for first, last in deposit):
            if windows and windows[-1][1] == day - datetime.timedelta(days=1):
                windows[-1] = (windows[-1][0], day)
            else:
                windows.append((day, day))
        day += datetime.timedelta(days=1)
    return PromotionSpan(kind, tuple(windows))


def _d(value: Decimal | int | float | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def fte(value: Decimal) -> Decimal:
    return value.quantize(HUNDREDTH, ROUND_HALF_UP)


def hours_fte(person_hours: Decimal | int, workday_hours: Decimal | int) -> Decimal:
    """Full-time equivalents for ``person_hours`` of work every day: working days of ``workday_hours``, times 7/5
    for a seven-day service of five-day weeks."""
    return _d(person_hours) / _d(workday_hours) * SEVEN_DAYS_ON_FIVE


def shift_headcount(
    work: DayWork | None,
    segments: Sequence[tuple[datetime.time, datetime.time]],
    minimum: int,
    from_workload: bool,
    profile: Sequence[int | float | Decimal],
    orders_per_person_hour: Decimal | None,
) -> int:
    """People a shift needs on duty on the day of ``work``: the single function the rota and the gap report's
    shift figures read. A fixed shift, a day without an active plan or a role without an hourly norm needs
    ``minimum``; a workload shift needs its busiest hour's orders (the busier part of a split shift) over the norm,
    rounded up to whole people, never below ``minimum``."""
    if not from_workload or work is None or not work.planned or not orders_per_person_hour:
        return minimum
    return max(
        required_on_shift(work.orders, profile, start, end, orders_per_person_hour, minimum=minimum)
        for start, end in segments
    )


def customer_service_fte(orders: Decimal | int, rules: ServiceRules, orders_per_person_hour: Decimal) -> Decimal:
    """People on duty for the busiest service hour, held over every service hour, in working days of
    ``workday_hours``, times 7/5 for a seven-day service of five-day weeks.

    People on duty are not rounded up: the elastic team shares a person on duty between stores, so a store needs
    the part of a person its peak takes (the role's minimum headcount keeps a store from needing nobody).
    """
    hours = hours_of_window(rules.start, rules.end)
    _, peak = orders_in_window(orders, rules.profile, rules.start, rules.end)
    on_duty = _d(peak) / _d(orders_per_person_hour)
    return hours_fte(on_duty * len(hours), rules.workday_hours)


def listings_per_day(work: DayWork) -> Decimal:
    return Decimal(work.listed_items) / LISTING_REVIEW_DAYS + work.new_listings


def pages_per_day(work: DayWork) -> Decimal:
    return Decimal(work.listed_items) / PAGE_REFRESH_DAYS + work.new_listings


def workload_of(unit: str, work: DayWork) -> Decimal:
    """A day's workload in the unit of a norm (parcels: one per order)."""
    return {
        PARCELS_PER_DAY: work.orders,
        LISTINGS_PER_DAY: listings_per_day(work),
        PAGES_PER_DAY: pages_per_day(work),
        AD_SPEND_PER_DAY: work.ad_spend,
    }[unit]


def role_requirement(role: RoleNorm, work: DayWork, rules: ServiceRules) -> Decimal:
    """FTE of ``role`` the day needs, never below the role's minimum."""
    if role.unit == FIXED or role.norm is None or not work.planned:
        need = Decimal(0)
    elif role.unit == ORDERS_PER_HOUR:
        need = customer_service_fte(work.orders, rules, role.norm)
    else:
        need = workload_of(role.unit, work) / _d(role.norm) * SEVEN_DAYS_ON_FIVE
    return fte(max(need, role.minimum))


def day_requirements(work: DayWork, roles: Iterable[RoleNorm], rules: ServiceRules) -> dict[str, Decimal]:
    """FTE per role code for one day."""
    return {role.code: role_requirement(role, work, rules) for role in roles}


def percentile(values: Sequence[Decimal], pct: int = PERCENTILE) -> Decimal:
    """The nearest-rank percentile (the 90th of 30 days is the 27th smallest); 0 for no values."""
    if not values:
        return Decimal(0)
    ordered = sorted(values)
    rank = max(math.ceil(pct * len(ordered) / 100), 1)
    return ordered[rank - 1]


def promotion_multipliers_by_day(
    spans: Iterable[PromotionSpan], multiplier_for: Mapping[str, Decimal], default: Decimal
) -> dict[datetime.date, tuple[str, Decimal]]:
    """The promotion kind and multiplier of every busy day; where promotions overlap the largest multiplier wins."""
    days: dict[datetime.date, tuple[str, Decimal]] = {}
    for span in spans:
        multiplier = _d(multiplier_for.get(span.kind, default))
        for first, last in span.windows:
            day = first
            while day <= last:
                if day not in days or days[day][1] < multiplier:
                    days[day] = (span.kind, multiplier)
                day += datetime.timedelta(days=1)
    return days


def stage_listings(
    stages: Sequence[tuple[int, datetime.date, datetime.date, int]],
) -> dict[int, tuple[int, Decimal]]:
    """Per stage number: the listed items it keeps (a stage without a target keeps the earlier stages' listings)
    and the new listings a day its growth over the previous stage takes, spread over its days."""
    result: dict[int, tuple[int, Decimal]] = {}
    kept = 0
    for number, start, end, listed in sorted(stages):
        target = max(listed, kept)
        days = (end - start).days + 1
        result[number] = (target, Decimal(target - kept) / days if days > 0 else Decimal(0))
        kept = target
    return result


def day_work(
    day: datetime.date,
    target_orders: Decimal | int,
    ad_spend: Decimal | int,
    *,
    plan_weight: Decimal | int | float = 1,
    stage: int | None = None,
    listings: tuple[int, Decimal] = (0, Decimal(0)),
    promotion: tuple[str, Decimal] | None = None,
) -> DayWork:
    """A planned day's work: a promotion day's orders are the target times the kind's multiplier, once."""
    orders = _d(target_orders)
    kind = None
    if promotion is not None:
        kind, multiplier = promotion
        orders = promotion_day_orders(orders, multiplier, _d(plan_weight))
    return DayWork(day, orders, _d(ad_spend), listings[0], listings[1], stage, kind)


def unplanned_day(day: datetime.date) -> DayWork:
    return DayWork(day, Decimal(0), Decimal(0), 0, Decimal(0), planned=False)
