"""The rota generator: people onto the days of a store's shift patterns, within the rules, fairly.

Rules never broken: nobody works on their time off or outside their employment, nobody works two shifts of the
rota on one day, nobody works two overlapping shifts (across stores too: a shared person's shifts elsewhere are
given as commitments), shifts on different days keep ``min_rest`` between them (so an overnight shift is
followed by rest), nobody works more than ``max_days_in_row`` days in a row (counting the days worked just
before the range and in other stores), and nobody is planned beyond their weekly hours. A person's share of the
store is measured against their hours in this rota only (a part-timer at 0.5 of 40 hours works up to 20 hours
here, whatever they work elsewhere); their hours in all stores together stay within their weekly hours.

Every slot is offered to every eligible person before it stays empty; each empty slot is reported with the reason
nobody could take it (``coverage.REASONS``) and the rule that keeps each person of the role off it.

Fairness: each slot goes to the eligible person with the lowest load so far (hours planned here over their hours
here), weekend slots first to those with the fewest weekends, then a tie-break drawn from ``seed``, so the same
input always gives the same rota.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from .coverage import DAYS_IN_ROW, NOBODY, OPEN, REASONS, REST, TIME_OFF, WEEKLY_HOURS, Gap, Placed, coverage_gaps
from .shifts import Interval, PatternSpec, any_overlap, days_in_range, is_weekend, run_length

MIN_REST = datetime.timedelta(hours=11)
EPSILON = 1e-9


@dataclass(frozen=True)
class PersonSpec:
    """Someone who can work the rota: hours a week in this store and role (their hours times their share), when
    they are employed and assigned, time off, and their hours a week in all stores together (None: no more limit
    than ``weekly_hours``)."""

    key: int
    weekly_hours: float
    available_from: datetime.date | None = None
    available_until: datetime.date | None = None
    days_off: frozenset[datetime.date] = frozenset()
    total_weekly_hours: float | None = None

    def available(self, day: datetime.date) -> bool:
        """Employed and assigned on ``day``."""
        if self.available_from and day < self.available_from:
            return False
        return not (self.available_until and day > self.available_until)

    def can_work(self, day: datetime.date) -> bool:
        return self.available(day) and day not in self.days_off


@dataclass(frozen=True)
class Commitment:
    """A shift the generator must work around: a kept (confirmed) shift of this rota, a shift just before or after
    the range, or one in another store or role. ``pattern`` is set when it is one of the rota's patterns inside the
    range; ``own`` when it is a shift of this rota's patterns (its hours count against the person's share here)."""

    person: int
    day: datetime.date
    intervals: tuple[Interval, ...]
    pattern: int | None = None
    own: bool = False

    @property
    def here(self) -> bool:
        return self.own or self.pattern is not None

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
    week_hours: dict[tuple[int, int], float] = field(default_factory=lambda: defaultdict(float))  # all stores
    own_week_hours: dict[tuple[int, int], float] = field(default_factory=lambda: defaultdict(float))  # this rota
    hours: float = 0.0  # planned in this rota within the range
    weekends: int = 0

    def add(self, day: datetime.date, intervals: Iterable[Interval], hours: float, here: bool) -> None:
        self.worked.add(day)
        week = day.isocalendar()[:2]
        if here:
            self.rota_days.add(day)
            self.own_week_hours[week] += hours
        self.intervals.extend((day, interval) for interval in intervals)
        self.week_hours[week] += hours

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
    loads = _loads(people, commitments, first, last)
    kept = [
        Placed(c.person, c.pattern, c.day)
        for c in commitments
        if c.pattern is not None and c.person in by_key and first <= c.day <= last
    ]
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
                load = loads[chosen]
                load.add(day, pattern.intervals(day), pattern.hours, True)
                load.hours += pattern.hours
                load.weekends += is_weekend(day)
                counts[(day, pattern.key)] += 1
                placed.append(Placed(chosen, pattern.key, day))
    days_off = {person.key: person.days_off for person in people}
    everyone = [*kept, *placed]
    gaps = coverage_gaps(required, everyone, days_off)
    by_pattern = {pattern.key: pattern for pattern in patterns}
    return RotaPlan(placed, _explain(gaps, people, by_pattern, loads, everyone, max_days_in_row, min_rest))


def _loads(
    people: Sequence[PersonSpec], commitments: Iterable[Commitment], first: datetime.date, last: datetime.date
) -> dict[int, _Load]:
    loads: dict[int, _Load] = {person.key: _Load() for person in people}
    for commitment in commitments:
        load = loads.get(commitment.person)
        if load is None:
            continue
        load.add(commitment.day, commitment.intervals, commitment.hours, commitment.here)
        if commitment.here and first <= commitment.day <= last:
            load.hours += commitment.hours
            load.weekends += is_weekend(commitment.day)
    return loads


def blocker(
    person: PersonSpec,
    load: _Load,
    day: datetime.date,
    pattern: PatternSpec,
    max_days_in_row: int,
    min_rest: datetime.timedelta,
) -> str | None:
    """The rule that keeps ``person`` off ``pattern`` on ``day`` (one of ``coverage.REASONS``), None if they may
    take it."""
    if not person.available(day):
        return NOBODY
    if day in person.days_off:
        return TIME_OFF
    if day in load.rota_days or load.clashes(day, pattern.intervals(day), min_rest):
        return REST
    week = day.isocalendar()[:2]
    if load.own_week_hours[week] + pattern.hours > person.weekly_hours + EPSILON:
        return WEEKLY_HOURS
    total = person.total_weekly_hours
    if total is not None and load.week_hours[week] + pattern.hours > total + EPSILON:
        return WEEKLY_HOURS
    if day not in load.worked and run_length(load.worked, day) > max_days_in_row:
        return DAYS_IN_ROW
    return None


def gap_reason(blocked: Sequence[tuple[int, str]]) -> str:
    """A gap's reason from each person's: nobody when no one is employed that day, open when someone could still
    take it, else the rule that keeps most of them off (ties in the order of ``REASONS``)."""
    reasons = [reason for _person, reason in blocked if reason != NOBODY]
    if not reasons:
        return NOBODY
    if OPEN in reasons:
        return OPEN
    return max(REASONS, key=lambda reason: (reasons.count(reason), -REASONS.index(reason)))


def _explain(
    gaps: Sequence[Gap],
    people: Sequence[PersonSpec],
    patterns: Mapping[int, PatternSpec],
    loads: Mapping[int, _Load],
    placed: Iterable[Placed],
    max_days_in_row: int,
    min_rest: datetime.timedelta,
) -> list[Gap]:
    on_slot: dict[tuple[datetime.date, int], set[int]] = defaultdict(set)
    for item in placed:
        on_slot[(item.day, item.pattern)].add(item.person)
    explained = []
    for gap in gaps:
        pattern = patterns.get(gap.pattern)
        if pattern is None:
            explained.append(gap)
            continue
        taken = on_slot[(gap.day, gap.pattern)]
        blocked = tuple(
            (person.key, blocker(person, loads[person.key], gap.day, pattern, max_days_in_row, min_rest) or OPEN)
            for person in people
            if person.key not in taken or gap.day in person.days_off
        )
        explained.append(replace(gap, reason=gap_reason(blocked), blocked=blocked))
    return explained


def explain_gaps(
    gaps: Sequence[Gap],
    people: Sequence[PersonSpec],
    patterns: Sequence[PatternSpec],
    commitments: Iterable[Commitment],
    max_days_in_row: int,
    min_rest: datetime.timedelta = MIN_REST,
) -> list[Gap]:
    """The gaps of a rota as it stands, each with its reason: ``commitments`` are every shift of ``people`` around
    the range, the rota's own in it naming their pattern."""
    commitments = list(commitments)
    days = [gap.day for gap in gaps]
    if not days:
        return []
    loads = _loads(people, commitments, min(days), max(days))
    placed = [Placed(c.person, c.pattern, c.day) for c in commitments if c.pattern is not None]
    by_pattern = {pattern.key: pattern for pattern in patterns}
    return _explain(gaps, people, by_pattern, loads, placed, max_days_in_row, min_rest)


def _choose(
    day: datetime.date,
    pattern: PatternSpec,
    people: Sequence[PersonSpec],
    loads: Mapping[int, _Load],
    max_days_in_row: int,
    min_rest: datetime.timedelta,
    seed: int,
) -> int | None:
    weekend = is_weekend(day)
    best: tuple[float, int, float] | None = None
    chosen = None
    for person in people:
        load = loads[person.key]
        if blocker(person, load, day, pattern, max_days_in_row, min_rest) is not None:
            continue
        rank = (
            load.hours / person.weekly_hours if person.weekly_hours else 0.0,
            load.weekends if weekend else 0,
            _tie_break(seed, person.key, day, pattern.key),
        )
        if best is None or rank < best:
            best, chosen = rank, person.key
    return chosen
