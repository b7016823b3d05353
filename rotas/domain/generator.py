"""The rota generator: people onto the days of a store's shift patterns, within the rules, fairly.

Rules never broken: nobody works on their time off or outside their employment, nobody works two shifts of the
rota on one day, nobody works two overlapping shifts (across stores too: a shared person's shifts elsewhere are
given as commitments), shifts on different days keep ``min_rest`` between them (so an overnight shift is
followed by rest), nobody works more than ``max_days_in_row`` days in a row (counting the days worked just
before the range), and nobody is planned beyond their weekly hours (a part-timer's hours, times their share of
the store). Where nobody is left, the slot stays empty and is reported as a gap.

Fairness: each slot goes to the eligible person with the lowest load so far (hours planned over weekly hours),
weekend slots first to those with the fewest weekends, then a tie-break drawn from ``seed``, so the same input
always gives the same rota.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .coverage import Gap, Placed, coverage_gaps
from .shifts import Interval, PatternSpec, any_overlap, days_in_range, is_weekend, run_length

MIN_REST = datetime.timedelta(hours=11)


@dataclass(frozen=True)
class PersonSpec:
    """Someone who can work the rota: hours a week for this store and role, when they are employed, time off."""

    key: int
    weekly_hours: float
    available_from: datetime.date | None = None
    available_until: datetime.date | None = None
    days_off: frozenset[datetime.date] = frozenset()

    def can_work(self, day: datetime.date) -> bool:
        if self.available_from and day < self.available_from:
            return False
        if self.available_until and day > self.available_until:
            return False
        return day not in self.days_off


@dataclass(frozen=True)
class Commitment:
    """A shift the generator must work around: a kept (confirmed) shift of this rota, a shift just before or after
    the range, or one in another store or role. ``pattern`` is set when it is one of the rota's patterns."""

    person: int
    day: datetime.date
    intervals: tuple[Interval, ...]
    pattern: int | None = None

    @property
    def hours(self) -> float:
        return sum((end - start).total_seconds() for start, end in self.intervals) / 3600


@dataclass
class RotaPlan:
    placed: list[Placed]
    gaps: list[Gap]


@dataclass
class _Load:
    """What one person already works while the rota is being built."""

    worked: set[datetime.date] = field(default_factory=set)
    rota_days: set[datetime.date] = field(default_factory=set)
    intervals: list[tuple[datetime.date, Interval]] = field(default_factory=list)
    week_hours: dict[tuple[int, int], float] = field(default_factory=lambda: defaultdict(float))
    hours: float = 0.0
    weekends: int = 0

    def add(self, day: datetime.date, intervals: Iterable[Interval], hours: float, in_rota: bool) -> None:
        self.worked.add(day)
        if in_rota:
            self.rota_days.add(day)
        self.intervals.extend((day, interval) for interval in intervals)
        self.week_hours[day.isocalendar()[:2]] += hours

    def clashes(self, day: datetime.date, new: Sequence[Interval], rest: datetime.timedelta) -> bool:
        same_day = [interval for other, interval in self.intervals if other == day]
        other_days = [interval for other, interval in self.intervals if other != day]
        return any_overlap(new, same_day) or any_overlap(new, other_days, rest)


def _tie_break(seed: int, person: int, day: datetime.date, pattern: int) -> float:
    # A string seed is hashed with SHA-512, so the draw is the same in every process.
    return random.Random(f"{seed}:{person}:{day.isoformat()}:{pattern}").random()


def generate_rota(
    first: datetime.date,
    last: datetime.date,
    people: Sequence[PersonSpec],
    patterns: Sequence[PatternSpec],
    required: Mapping[tuple[datetime.date, int], int],
    max_days_in_row: int,
    commitments: Iterable[Commitment] = (),
    seed: int = 0,
    min_rest: datetime.timedelta = MIN_REST,
) -> RotaPlan:
    """People onto ``patterns`` for every day from ``first`` to ``last``; ``required`` maps (day, pattern key) to
    the headcount needed (missing: none). Kept commitments of the rota count towards coverage."""
    by_key = {person.key: person for person in people}
    loads: dict[int, _Load] = {person.key: _Load() for person in people}
    kept: list[Placed] = []
    for commitment in commitments:
        load = loads.get(commitment.person)
        if load is None:
            continue
        in_range = first <= commitment.day <= last
        load.add(commitment.day, commitment.intervals, commitment.hours, commitment.pattern is not None)
        if in_range:
            load.hours += commitment.hours
            load.weekends += is_weekend(commitment.day)
            if commitment.pattern is not None:
                kept.append(Placed(commitment.person, commitment.pattern, commitment.day))

    placed: list[Placed] = []
    counts: dict[tuple[datetime.date, int], int] = defaultdict(int)
    for item in kept:
        if by_key[item.person].can_work(item.day):
            counts[(item.day, item.pattern)] += 1
    ordered = sorted(patterns, key=lambda p: (p.start, p.key))
    for day in days_in_range(first, last):
        for pattern in ordered:
            for _slot in range(required.get((day, pattern.key), 0) - counts[(day, pattern.key)]):
                chosen = _choose(day, pattern, people, loads, max_days_in_row, min_rest, seed)
                if chosen is None:
                    break
                intervals = pattern.intervals(day)
                load = loads[chosen]
                load.add(day, intervals, pattern.hours, True)
                load.hours += pattern.hours
                load.weekends += is_weekend(day)
                counts[(day, pattern.key)] += 1
                placed.append(Placed(chosen, pattern.key, day))
    days_off = {person.key: person.days_off for person in people}
    return RotaPlan(placed, coverage_gaps(required, [*kept, *placed], days_off))


def _choose(
    day: datetime.date,
    pattern: PatternSpec,
    people: Sequence[PersonSpec],
    loads: Mapping[int, _Load],
    max_days_in_row: int,
    min_rest: datetime.timedelta,
    seed: int,
) -> int | None:
    intervals = pattern.intervals(day)
    week = day.isocalendar()[:2]
    weekend = is_weekend(day)
    best: tuple[float, int, float] | None = None
    chosen = None
    for person in people:
        load = loads[person.key]
        if not person.can_work(day) or day in load.rota_days:
            continue
        if load.week_hours[week] + pattern.hours > person.weekly_hours + 1e-9:
            continue
        if day not in load.worked and run_length(load.worked, day) > max_days_in_row:
            continue
        if load.clashes(day, intervals, min_rest):
            continue
        rank = (
            load.hours / person.weekly_hours,
            load.weekends if weekend else 0,
            _tie_break(seed, person.key, day, pattern.key),
        )
        if best is None or rank < best:
            best, chosen = rank, person.key
    return chosen
