"""The gap report: required against planned against on-roster headcount per role and month, and the days whose
requirement the roster cannot meet."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from core.dates import shift

from .headcount import DayWork, fte, percentile

# Differences below this are rounding, not a gap (a twentieth of a person).
TOLERANCE = Decimal("0.05")
OK, TIGHT, SHORT = "ok", "tight", "short"


@dataclass(frozen=True)
class RoleMonth:
    role: str
    required: Decimal
    planned: Decimal | None
    on_roster: Decimal
    peak: Decimal  # the month's busiest day

    @property
    def gap(self) -> Decimal:
        """On roster less required: negative is a shortfall."""
        return self.on_roster - self.required

    @property
    def state(self) -> str:
        """short: the roster falls short of the requirement; tight: the roster meets it but the plan does not;
        ok otherwise."""
        if self.required - self.on_roster > TOLERANCE:
            return SHORT
        if self.planned is not None and self.required - self.planned > TOLERANCE:
            return TIGHT
        return OK


@dataclass(frozen=True)
class Shortage:
    role: str
    required: Decimal
    on_roster: Decimal

    @property
    def missing(self) -> Decimal:
        return self.required - self.on_roster


@dataclass(frozen=True)
class UnderstaffedDay:
    """A peak day (above its month's required level) whose requirement the roster of the day does not meet:
    temporary staff cover it."""

    date: datetime.date
    orders: Decimal
    promotion: str | None
    shortages: tuple[Shortage, ...]


@dataclass(frozen=True)
class MonthReport:
    month: datetime.date
    stages: tuple[int, ...]
    planned_days: int  # days an active plan covers
    orders_peak: Decimal
    rows: tuple[RoleMonth, ...]
    understaffed: tuple[UnderstaffedDay, ...] = field(default_factory=tuple)


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_between(first: datetime.date, count: int) -> list[datetime.date]:
    months, month = [], month_of(first)
    for _ in range(count):
        months.append(month)
        month = shift(month, 32).replace(day=1)
    return months


def days_of_month(month: datetime.date) -> list[datetime.date]:
    following = shift(month, 32).replace(day=1)
    return [month + datetime.timedelta(days=n) for n in range((following - month).days)]


def gap_report(
    works: Sequence[DayWork],
    required: Mapping[datetime.date, Mapping[str, Decimal]],
    roster: Mapping[datetime.date, Mapping[str, Decimal]],
    planned: Mapping[tuple[datetime.date, str], Decimal],
    roles: Sequence[str],
) -> list[MonthReport]:
    """One report per month of ``works`` (whole months, in order): per role the 90th-percentile day's requirement,
    the plan, the average roster of the month's days; and the month's under-staffed days."""
    by_month: dict[datetime.date, list[DayWork]] = defaultdict(list)
    for work in works:
        by_month[month_of(work.date)].append(work)
    reports = []
    for month, month_works in sorted(by_month.items()):
        rows = []
        levels = {}
        for role in roles:
            needs = [required[w.date].get(role, Decimal(0)) for w in month_works]
            levels[role] = percentile(needs)
            on_roster = sum((roster.get(w.date, {}).get(role, Decimal(0)) for w in month_works), Decimal(0))
            rows.append(
                RoleMonth(
                    role=role,
                    required=levels[role],
                    planned=planned.get((month, role)),
                    on_roster=fte(on_roster / len(month_works)),
                    peak=max(needs, default=Decimal(0)),
                )
            )
        reports.append(
            MonthReport(
                month=month,
                stages=tuple(sorted({w.stage for w in month_works if w.stage is not None})),
                planned_days=sum(1 for w in month_works if w.planned),
                orders_peak=max((w.orders for w in month_works), default=Decimal(0)),
                rows=tuple(rows),
                understaffed=tuple(understaffed_days(month_works, required, roster, levels)),
            )
        )
    return reports


def understaffed_days(
    works: Sequence[DayWork],
    required: Mapping[datetime.date, Mapping[str, Decimal]],
    roster: Mapping[datetime.date, Mapping[str, Decimal]],
    levels: Mapping[str, Decimal],
) -> list[UnderstaffedDay]:
    """Days where a role needs more than both the roster of the day and the month's required level (a shortfall
    on ordinary days is the month's gap, to hire for; one on peak days is for temporary staff)."""
    days = []
    for work in works:
        shortages = []
        for role, level in levels.items():
            need = required[work.date].get(role, Decimal(0))
            have = fte(roster.get(work.date, {}).get(role, Decimal(0)))
            if need - have > TOLERANCE and need - level > TOLERANCE:
                shortages.append(Shortage(role, need, have))
        if shortages:
            days.append(UnderstaffedDay(work.date, work.orders, work.promotion, tuple(shortages)))
    return days
