"""Checks of a plan's stages and milestones before they are saved: clear messages, nothing half-saved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class StageInput:
    number: int
    start: date
    end: date
    uv_min: int
    uv_max: int
    orders_min: int
    orders_max: int
    orders_per_day: Decimal
    conversion: Decimal
    aov: Decimal
    paid_share: Decimal
    cpc: Decimal
    bestseller_count: int
    bestseller_sales: int
    listed_items: int


@dataclass(frozen=True)
class Problem:
    subject: str  # "plan" or the stage number
    field: str
    message: str


NUMBERS = (
    "uv_min",
    "uv_max",
    "orders_min",
    "orders_max",
    "orders_per_day",
    "aov",
    "paid_share",
    "cpc",
    "bestseller_count",
    "bestseller_sales",
    "listed_items",
)


# One day per stage at the least; three years at the most: longer is a typing slip (a year 2206 for 2026), and
# each day of the period becomes a spread day target per stage.
MIN_PLAN_DAYS = 5
MAX_PLAN_DAYS = 3 * 366


def period_problems(period_start: date, period_end: date) -> list[Problem]:
    """A plan's period ends after it starts and lasts from MIN_PLAN_DAYS to MAX_PLAN_DAYS days."""
    days = (period_end - period_start).days + 1
    if days < 1:
        return [Problem("plan", "period_end", _("The period ends before it starts."))]
    if days < MIN_PLAN_DAYS:
        return [Problem("plan", "period_end", _("The period must be at least %(n)s days long.") % {"n": MIN_PLAN_DAYS})]
    if days > MAX_PLAN_DAYS:
        return [
            Problem(
                "plan",
                "period_end",
                _("The period may last at most %(n)s days (three years); it lasts %(days)s.")
                % {"n": MAX_PLAN_DAYS, "days": days},
            )
        ]
    return []


def validate_stages(period_start: date, period_end: date, stages: Sequence[StageInput]) -> list[Problem]:
    """Stages inside the period, in order, contiguous and not overlapping; ranges min ≤ max; no negatives."""
    problems = period_problems(period_start, period_end)
    if problems:
        return problems
    ordered = sorted(stages, key=lambda s: s.number)
    for stage in ordered:
        problems += _stage_problems(stage, period_start, period_end)
    for before, after in zip(ordered, ordered[1:], strict=False):
        gap = (after.start - before.end).days
        if gap > 1:
            problems.append(
                Problem(
                    str(after.number),
                    "start",
                    _("Stage %(n)s must start the day after stage %(prev)s ends (%(day)s): stages are contiguous.")
                    % {"n": after.number, "prev": before.number, "day": before.end + timedelta(days=1)},
                )
            )
        elif gap < 1:
            problems.append(
                Problem(
                    str(after.number),
                    "start",
                    _("Stage %(n)s starts on %(start)s, before stage %(prev)s ends (%(end)s): no overlap allowed.")
                    % {"n": after.number, "start": after.start, "prev": before.number, "end": before.end},
                )
            )
    if ordered and ordered[0].start != period_start:
        problems.append(
            Problem(
                str(ordered[0].number),
                "start",
                _("The first stage must start when the period starts (%(day)s).") % {"day": period_start},
            )
        )
    return problems


def _stage_problems(stage: StageInput, period_start: date, period_end: date) -> list[Problem]:
    n = str(stage.number)
    problems = [
        Problem(n, name, _("Must not be negative."))
        for name in NUMBERS
        if getattr(stage, name) is not None and getattr(stage, name) < 0
    ]
    if stage.end < stage.start:
        problems.append(Problem(n, "end", _("Stage %(n)s ends before it starts.") % {"n": stage.number}))
    if stage.start < period_start or stage.end > period_end:
        problems.append(
            Problem(
                n,
                "start",
                _("Stage %(n)s (%(start)s – %(end)s) must lie inside the plan's period (%(p_start)s – %(p_end)s).")
                % {
                    "n": stage.number,
                    "start": stage.start,
                    "end": stage.end,
                    "p_start": period_start,
                    "p_end": period_end,
                },
            )
        )
    for low, high, label in (("uv_min", "uv_max", _("UV/day")), ("orders_min", "orders_max", _("orders/day"))):
        if getattr(stage, low) > getattr(stage, high):
            problems.append(
                Problem(n, low, _("The %(what)s range must run from low to high (min ≤ max).") % {"what": label})
            )
    if stage.conversion <= 0 or stage.conversion > 1:
        problems.append(Problem(n, "conversion", _("Conversion must be above 0 and at most 1 (100%).")))
    if stage.paid_share > 1:
        problems.append(Problem(n, "paid_share", _("The paid share of traffic is at most 1 (100%).")))
    return problems
