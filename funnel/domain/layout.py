"""Laying out a new plan: stage dates across a period, the platform's heavier days, default milestones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from core.months import days_between
from core.playbook import (
    ORDERS_A_DAY_AFTER_DOUBLE_12,
    ORDERS_A_DAY_FROM_FEBRUARY,
    ORDERS_A_DAY_GOAL,
    POSITIVE_RATE_TARGET,
)

# Relative weight of the platform events and digital festivals of the playbook (3.14, 5.20, 618, 8.18,
# 11.11, 12.12). A manager changes them per plan; a promotion calendar adds its own days.
EVENT_DAYS: dict[tuple[int, int], float] = {
    (3, 14): 1.5,
    (5, 20): 1.5,
    (6, 18): 2.5,
    (8, 18): 1.5,
    (11, 11): 5.0,
    (12, 12): 2.5,
}


def stage_dates(period_start: date, period_end: date, weeks: Sequence[int]) -> list[tuple[date, date]]:
    """Contiguous stage dates: each stage its default length, the last one to the period's end.

    When the period is too short for the defaults, the stages shrink in proportion (each keeps a day).
    """
    n = len(weeks)
    total = (period_end - period_start).days + 1
    if total < n:
        raise ValueError(f"a period of {total} days cannot hold {n} stages")
    lengths = [w * 7 for w in weeks[:-1]]
    room = total - 1  # the last stage keeps at least one day
    if sum(lengths) > room:
        lengths = [max(1, length * room // sum(lengths)) for length in lengths]
        while sum(lengths) > room:
            lengths[lengths.index(max(lengths))] -= 1
    dates, start = [], period_start
    for length in lengths:
        dates.append((start, start + timedelta(days=length - 1)))
        start += timedelta(days=length)
    dates.append((start, period_end))
    return dates


def event_weights(period_start: date, period_end: date) -> dict[date, float]:
    return {
        day: EVENT_DAYS[(day.month, day.day)]
        for day in days_between(period_start, period_end)
        if (day.month, day.day) in EVENT_DAYS
    }


@dataclass(frozen=True)
class MilestoneSpec:
    title: str
    metric: str
    target: Decimal
    due_date: date


def default_milestones(period_start: date, period_end: date) -> list[MilestoneSpec]:
    """The playbook's milestones that fall inside the period (core.playbook): ≥30 orders/day from February, ≥50
    after Double 12, 200 orders/day as the ultimate goal, positive rating ≥98.5% throughout."""
    rate, goal = POSITIVE_RATE_TARGET, ORDERS_A_DAY_GOAL
    found = [MilestoneSpec(f"好评率 ≥{rate}% · Positive rating ≥{rate}%", "positive_rate", rate, period_start)]
    for year in range(period_start.year, period_end.year + 1):
        for title, target, due in (
            ("2 月起日单 ≥{0} · ≥{0} orders/day from February", ORDERS_A_DAY_FROM_FEBRUARY, date(year, 2, 1)),
            ("双 12 后日单 ≥{0} · ≥{0} orders/day after Double 12", ORDERS_A_DAY_AFTER_DOUBLE_12, date(year, 12, 13)),
        ):
            if period_start <= due <= period_end:
                found.append(MilestoneSpec(title.format(target), "orders_per_day", Decimal(target), due))
    found.append(MilestoneSpec(f"终极目标日单 {goal} · {goal} orders/day", "orders_per_day", Decimal(goal), period_end))
    return sorted(found, key=lambda m: m.due_date)
