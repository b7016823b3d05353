"""Stock a promotion needs, the shortfall, its deadlines and reminders. Pure: no ORM, no clock (``as_of``).

Pre-sale: buyers pay a deposit in the pre-sale phase and the goods ship when the final payment is made.
So pre-sold units do not leave the shelf before the promotion's selling window; they all ship on its
first day (the final-payment day). The stock that must be there when selling starts is therefore
``baseline × uplift × selling days + pre-sale quantity``; the shortfall compares it with the stock
projected to open that day (sales at baseline and other promotions before it, factory orders that
arrive before it). The **selling window** is the live phase when the promotion has one, else its dates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from core.dates import shift

from ..choices import PhaseKind, PromotionStatus

# Statuses in which the stock question is settled: no more reminders.
DECIDED_STATUSES = frozenset({PromotionStatus.STOCK_DECIDED, PromotionStatus.RUNNING, PromotionStatus.DONE})


@dataclass(frozen=True)
class Phase:
    kind: str
    start: date
    end: date


@dataclass(frozen=True)
class Window:
    """The days a promotion sells at its uplift, and the day its pre-sold units ship."""

    start: date
    end: date
    presale_ships_on: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def selling_window(start: date, end: date, phases: Iterable[Phase] = ()) -> Window:
    """The live phase (or the promotion's dates); pre-sold units ship when the final payment opens."""
    by_kind = {phase.kind: phase for phase in phases}
    live = by_kind.get(PhaseKind.LIVE)
    final = by_kind.get(PhaseKind.FINAL_PAYMENT)
    window_start, window_end = (live.start, live.end) if live else (start, end)
    ships_on = final.start if final else window_start
    return Window(window_start, window_end, ships_on)


def required_stock(
    baseline_daily: Fraction | Decimal, uplift: Fraction | Decimal, days: int, presale_quantity: int
) -> int:
    """Units a promotion needs: baseline daily sales × uplift × days, rounded up once, plus the pre-sold units.
    Exact: 1/28 a day × 2 × 14 days is 1 unit, never 2 from a baseline rounded to 0.04."""
    if days <= 0:
        return max(presale_quantity, 0)
    return math.ceil(Fraction(baseline_daily) * Fraction(uplift) * days) + max(presale_quantity, 0)


def remaining_window(window: Window, as_of: date) -> Window | None:
    """The part of the window still ahead on ``as_of`` (None once it is over): a running promotion needs
    stock only for its remaining days, and pre-sold units that shipped already need none."""
    if window.end < as_of:
        return None
    return Window(max(window.start, as_of), window.end, window.presale_ships_on)


def shortfall(required: int, projected_at_start: int) -> int:
    """Units missing when selling starts (never negative; projected stock below zero counts as zero)."""
    return max(0, required - max(projected_at_start, 0))


def stock_decision_deadline(start: date, decision_days: int) -> date:
    """The playbook decides a promotion's stock at least a week (``decision_days``) before it starts."""
    return shift(start, -decision_days)


def order_by_date(needed_on: date, lead_time_days: int, safety_days: int) -> date:
    """The last day to order from the factory so the goods are there when selling starts."""
    return shift(needed_on, -(lead_time_days + safety_days))


def earliest_order_by(needed_on: date, lead_times: Iterable[int], safety_days: int) -> date | None:
    """The promotion's factory order-by date: the earliest of its SKUs' (None without SKUs)."""
    dates = [order_by_date(needed_on, lead, safety_days) for lead in lead_times]
    return min(dates) if dates else None


class ReminderState(StrEnum):
    NONE = "none"
    DUE = "due"  # within reminder_days, still undecided
    OVERDUE = "overdue"  # passed, still undecided, promotion not over


def reminder_state(
    deadline: date | None, as_of: date, reminder_days: int, status: str, promotion_end: date
) -> ReminderState:
    """Whether a deadline needs a reminder on ``as_of``: due within ``reminder_days``, or overdue."""
    if deadline is None or status in DECIDED_STATUSES or promotion_end < as_of:
        return ReminderState.NONE
    if deadline < as_of:
        return ReminderState.OVERDUE
    if (deadline - as_of).days <= reminder_days:
        return ReminderState.DUE
    return ReminderState.NONE
