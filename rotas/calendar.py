"""The rota month: the promotion calendar's week grid, each day listing its shifts per pattern with the people on
them and whether the day's headcount is met."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.months import month_weeks, shift_month
from staffing.models import StaffRole
from stores.models import Store

from .domain import is_weekend
from .models import Shift, ShiftPattern
from .selectors import CoverageReport, coverage_report, patterns_of


@dataclass(frozen=True)
class Slot:
    pattern: ShiftPattern
    required: int
    shifts: list[Shift]
    off: frozenset[int] = frozenset()

    @property
    def on_duty(self) -> int:
        return sum(1 for s in self.shifts if s.person_id not in self.off)

    @property
    def short(self) -> int:
        return max(self.required - self.on_duty, 0)


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    slots: list[Slot] = field(default_factory=list)

    @property
    def is_weekend(self) -> bool:
        return is_weekend(self.date)

    @property
    def short(self) -> int:
        return sum(slot.short for slot in self.slots)


@dataclass(frozen=True)
class RotaMonth:
    first: date
    previous: date
    next: date
    weeks: list[list[Day]]
    patterns: list[ShiftPattern]
    report: CoverageReport

    @property
    def gaps(self) -> list:
        """The month's uncovered slots (the grid's days of the neighbouring months are left out)."""
        return [row for row in self.report.gaps if row.gap.day.month == self.first.month]

    @property
    def breaches(self) -> list:
        return self.report.breaches

    @property
    def people(self) -> list[dict]:
        """Per person: shifts, hours and weekend shifts this month, to see how evenly the rota spreads them."""
        found: dict[int, dict] = {}
        for shift in self.report.shifts:
            if shift.date.month != self.first.month:
                continue
            row = found.setdefault(shift.person_id, {"person": shift.person, "shifts": 0, "seconds": 0, "weekends": 0})
            row["shifts"] += 1
            row["seconds"] += _seconds(shift)
            row["weekends"] += is_weekend(shift.date)
        for row in found.values():
            # Summed from each shift's exact length and rounded where shown: twenty 8h20 shifts are 166.7 hours,
            # not 20 × 8.3 = 166.0.
            row["hours"] = Decimal(row.pop("seconds")) / 3600
        return sorted(found.values(), key=lambda row: row["person"].name)


def _seconds(shift: Shift) -> int:
    seconds = (shift.end_at - shift.start_at).total_seconds()
    if shift.second_start_at and shift.second_end_at:
        seconds += (shift.second_end_at - shift.second_start_at).total_seconds()
    return int(seconds)


def rota_month(store: Store, role: StaffRole, first: date, as_of: date) -> RotaMonth:
    """The month of ``first`` for ``store``'s ``role``, with the coverage of every day shown."""
    weeks = month_weeks(first)
    patterns = patterns_of(store, role)
    report = coverage_report(store, role, weeks[0][0], weeks[-1][-1], patterns)
    off = _days_off(report)
    by_day: dict[tuple[date, int], list[Shift]] = defaultdict(list)
    for shift in report.shifts:
        by_day[(shift.date, shift.pattern_id)].append(shift)
    grid = []
    for week in weeks:
        days = []
        for day in week:
            slots = [
                Slot(p, report.required.get((day, p.pk), 0), by_day[(day, p.pk)], off.get(day, frozenset()))
                for p in patterns
                if by_day[(day, p.pk)] or ((day, p.pk) in report.required and day.month == first.month)
            ]
            days.append(Day(day, day.month == first.month, day == as_of, slots))
        grid.append(days)
    return RotaMonth(first, shift_month(first, -1), shift_month(first, 1), grid, patterns, report)


def _days_off(report: CoverageReport) -> dict[date, frozenset[int]]:
    found: dict[date, set[int]] = defaultdict(set)
    for row in report.breaches:
        if row.breach.kind == "time_off":
            found[row.breach.day].add(row.breach.person)
    return {day: frozenset(people) for day, people in found.items()}
