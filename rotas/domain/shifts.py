"""Shift patterns as pure values: the wall-clock intervals a pattern covers on a day, their hours and overlaps.

Times are the store's local wall-clock times (naive datetimes); an end at or before the start means the next day.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Interval = tuple[datetime.datetime, datetime.datetime]
WEEKEND = frozenset({5, 6})


@dataclass(frozen=True)
class PatternSpec:
    """A shift pattern: its key, segments (one, or two for a split shift) and the weekdays it runs (0 = Monday)."""

    key: int
    name: str
    segments: tuple[tuple[datetime.time, datetime.time], ...]
    weekdays: frozenset[int] = field(default_factory=lambda: frozenset(range(7)))

    def runs_on(self, day: datetime.date) -> bool:
        return day.weekday() in self.weekdays

    def intervals(self, day: datetime.date) -> list[Interval]:
        return [segment_interval(day, start, end) for start, end in self.segments]

    @property
    def hours(self) -> float:
        return sum(_length(start, end) for start, end in self.segments) / 3600

    @property
    def start(self) -> datetime.time:
        return self.segments[0][0]


def _length(start: datetime.time, end: datetime.time) -> float:
    base = datetime.date(2000, 1, 3)
    first, last = segment_interval(base, start, end)
    return (last - first).total_seconds()


def segment_interval(day: datetime.date, start: datetime.time, end: datetime.time) -> Interval:
    """The moments a segment covers when it starts on ``day``; an end at or before the start is the next day."""
    begins = datetime.datetime.combine(day, start)
    ends_on = day if end > start else day + datetime.timedelta(days=1)
    return begins, datetime.datetime.combine(ends_on, end)


def overlaps(first: Interval, second: Interval, rest: datetime.timedelta = datetime.timedelta(0)) -> bool:
    """Whether two intervals overlap or come closer than ``rest`` to each other."""
    return first[0] < second[1] + rest and second[0] < first[1] + rest


def any_overlap(
    new: Sequence[Interval], taken: Iterable[Interval], rest: datetime.timedelta = datetime.timedelta(0)
) -> bool:
    return any(overlaps(a, b, rest) for a in new for b in taken)


def is_weekend(day: datetime.date) -> bool:
    return day.weekday() in WEEKEND


def days_in_range(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def run_length(worked: set[datetime.date], day: datetime.date) -> int:
    """Days in a row worked through ``day`` if ``day`` is worked too: the run before it, it, and the run after."""
    before = 0
    while day - datetime.timedelta(days=before + 1) in worked:
        before += 1
    after = 0
    while day + datetime.timedelta(days=after + 1) in worked:
        after += 1
    return before + 1 + after
