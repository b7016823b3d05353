"""Who is on the roster on a day, in full-time equivalents, and whether a person's shares fit in their time.

A person counts in a store and role for their assignment's share × weekly hours / 40 on every day they are
employed and assigned, and not at all on a day of time off. A month's roster is the average of its days, so a
week of leave or a start mid-month counts pro rata.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

FULL_TIME_HOURS = Decimal(40)
MAX_SHARE = Decimal(1)


@dataclass(frozen=True)
class Stint:
    """An assignment as the roster counts it: its dates already narrowed to the person's employment."""

    person_id: int
    role: str
    share: Decimal
    weekly_hours: Decimal
    start: datetime.date
    end: datetime.date | None

    @property
    def fte(self) -> Decimal:
        return self.share * self.weekly_hours / FULL_TIME_HOURS

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Absence:
    person_id: int
    start: datetime.date
    end: datetime.date


def stint(
    person_id: int,
    role: str,
    share: Decimal,
    weekly_hours: Decimal,
    employed: tuple[datetime.date, datetime.date | None],
    assigned: tuple[datetime.date | None, datetime.date | None],
) -> Stint:
    """An assignment narrowed to the person's employment (an open assignment date takes the person's)."""
    start = max(employed[0], assigned[0] or employed[0])
    ends = [end for end in (employed[1], assigned[1]) if end is not None]
    return Stint(person_id, role, Decimal(share), Decimal(weekly_hours), start, min(ends) if ends else None)


def absent_days(
    absences: Iterable[Absence], first: datetime.date, last: datetime.date
) -> set[tuple[int, datetime.date]]:
    """(person, day) of every day off between ``first`` and ``last``."""
    days = set()
    for absence in absences:
        day = max(absence.start, first)
        while day <= min(absence.end, last):
            days.add((absence.person_id, day))
            day += datetime.timedelta(days=1)
    return days


def roster_by_day(
    stints: Sequence[Stint], absences: Iterable[Absence], days: Sequence[datetime.date]
) -> dict[datetime.date, dict[str, Decimal]]:
    """FTE per role on each of ``days``."""
    if not days:
        return {}
    off = absent_days(absences, min(days), max(days))
    result: dict[datetime.date, dict[str, Decimal]] = {}
    for day in days:
        per_role: dict[str, Decimal] = defaultdict(Decimal)
        for item in stints:
            if item.covers(day) and (item.person_id, day) not in off:
                per_role[item.role] += item.fte
        result[day] = dict(per_role)
    return result


def share_overflow(
    assignments: Sequence[tuple[Decimal, datetime.date | None, datetime.date | None]],
) -> tuple[datetime.date | None, Decimal] | None:
    """The first moment a person's assignments (share, from, until) add up to more than their whole time, with the
    total then; None when they fit. An open start is "from the person's start" (None in the result)."""
    starts = sorted({start for _share, start, _end in assignments}, key=lambda d: d or datetime.date.min)
    for moment in starts:
        total = sum(
            (
                Decimal(share)
                for share, start, end in assignments
                if (start is None or (moment is not None and start <= moment))
                and (end is None or moment is None or moment <= end)
            ),
            Decimal(0),
        )
        if total > MAX_SHARE:
            return moment, total
    return None


def overlapping(
    start: datetime.date, end: datetime.date, others: Iterable[tuple[datetime.date, datetime.date]]
) -> tuple[datetime.date, datetime.date] | None:
    """The first of ``others`` sharing a day with ``start``–``end``, or None."""
    for other_start, other_end in sorted(others):
        if other_start <= end and start <= other_end:
            return other_start, other_end
    return None
