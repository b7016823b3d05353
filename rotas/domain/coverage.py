"""The coverage check: each day × pattern below its required headcount, and shifts that break a rule.

It reads shifts as they are now, so time off added after a rota was generated and manual moves show up."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .shifts import run_length


@dataclass(frozen=True)
class Placed:
    """A person on a pattern on a day."""

    person: int
    pattern: int
    day: datetime.date


# Why a shift stays unfilled (``Gap.reason``), and why each person of the role cannot take it (``Gap.blocked``).
NOBODY = "nobody"  # nobody else in the role is employed and assigned that day (or all of them are on it already)
TIME_OFF = "time_off"
WEEKLY_HOURS = "weekly_hours"  # their hours in the store (their share) or in all stores are used up that week
REST = "rest"  # another shift that day, an overlap, or less than the rest between shifts
DAYS_IN_ROW = "days_in_row"
OPEN = "open"  # someone could still take it (the rota was changed by hand since it was generated)
REASONS = (NOBODY, TIME_OFF, WEEKLY_HOURS, REST, DAYS_IN_ROW, OPEN)


@dataclass(frozen=True)
class Gap:
    """A day × pattern below its headcount; ``reason`` says why (one of ``REASONS``) once explained, ``blocked``
    pairs each person of the role with the rule that keeps them off it."""

    day: datetime.date
    pattern: int
    required: int
    on_duty: int
    reason: str = ""
    blocked: tuple[tuple[int, str], ...] = ()

    @property
    def shortfall(self) -> int:
        return self.required - self.on_duty


@dataclass(frozen=True)
class Breach:
    """A shift against a rule: ``kind`` is "time_off" (the person is off that day) or "days_in_row"."""

    kind: str
    person: int
    day: datetime.date
    days: int = 0


def coverage_gaps(
    required: Mapping[tuple[datetime.date, int], int],
    shifts: Iterable[Placed],
    days_off: Mapping[int, Iterable[datetime.date]] | None = None,
) -> list[Gap]:
    """Every (day, pattern) with fewer people on duty than required; a person on time off is not on duty."""
    off = {person: set(days) for person, days in (days_off or {}).items()}
    on_duty: dict[tuple[datetime.date, int], int] = defaultdict(int)
    for shift in shifts:
        if shift.day not in off.get(shift.person, ()):
            on_duty[(shift.day, shift.pattern)] += 1
    gaps = [
        Gap(day, pattern, need, on_duty[(day, pattern)])
        for (day, pattern), need in required.items()
        if on_duty[(day, pattern)] < need
    ]
    return sorted(gaps, key=lambda gap: (gap.day, gap.pattern))


def rule_breaches(
    shifts: Iterable[Placed],
    days_off: Mapping[int, Iterable[datetime.date]],
    max_days_in_row: int,
    worked_elsewhere: Mapping[int, Iterable[datetime.date]] | None = None,
) -> list[Breach]:
    """Shifts on a person's time off, and the first day of each run longer than ``max_days_in_row``."""
    shifts = list(shifts)
    off = {person: set(days) for person, days in days_off.items()}
    worked: dict[int, set[datetime.date]] = defaultdict(set)
    for person, days in (worked_elsewhere or {}).items():
        worked[person].update(days)
    breaches = []
    for shift in shifts:
        worked[shift.person].add(shift.day)
        if shift.day in off.get(shift.person, ()):
            breaches.append(Breach("time_off", shift.person, shift.day))
    for person, days in worked.items():
        for day in sorted(days):
            if day - datetime.timedelta(days=1) in days:
                continue  # not the first day of its run
            length = run_length(days, day)
            if length > max_days_in_row:
                breaches.append(Breach("days_in_row", person, day, length))
    return sorted(breaches, key=lambda b: (b.day, b.person, b.kind))
