"""Month grids and the bars of spans laid out on them: weeks from Monday, months shifted within the calendar, and
spans (promotions, rota shifts …) as bars in lanes, for every calendar page."""

from __future__ import annotations

import calendar
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta


def shift_month(first: date, months: int) -> date:
    """The first day of the month ``months`` after ``first``'s, held at the first and last months of the calendar
    (a row stored before the business range was enforced may lie there)."""
    index = min(max(first.year * 12 + first.month - 1 + months, 12), 9999 * 12 + 11)
    return date(index // 12, index % 12 + 1, 1)


def month_weeks(first: date) -> list[list[date]]:
    """The weeks (Monday to Sunday) covering the month of ``first``, with the neighbouring months' days."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)


@dataclass(frozen=True)
class Span:
    key: Hashable
    start: date
    end: date


@dataclass(frozen=True)
class Bar:
    """A span's piece in one week: its first column (1–7), how many columns, its lane, and whether it goes on
    before the week's Monday or after its Sunday."""

    key: Hashable
    column: int
    width: int
    lane: int
    continues_before: bool
    continues_after: bool


def week_bars(week: Sequence[date], spans: Sequence[Span]) -> list[Bar]:
    """The spans touching ``week`` as bars, each in the first lane free on all of its days."""
    monday, sunday = week[0], week[-1]
    touching = sorted(
        (s for s in spans if s.start <= sunday and s.end >= monday),
        key=lambda s: (max(s.start, monday), -(s.end - s.start).days),
    )
    lanes: list[date] = []  # the last day taken in each lane
    bars = []
    for span in touching:
        first, last = max(span.start, monday), min(span.end, sunday)
        lane = next((i for i, taken in enumerate(lanes) if taken < first), len(lanes))
        if lane == len(lanes):
            lanes.append(last)
        else:
            lanes[lane] = last
        bars.append(
            Bar(
                key=span.key,
                column=(first - monday).days + 1,
                width=(last - first).days + 1,
                lane=lane,
                continues_before=span.start < monday,
                continues_after=span.end > sunday,
            )
        )
    return bars


def days_between(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last``, both included."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
