"""The gap report and the rota side by side: for a role and month, the gap report's required and on-roster
headcount next to the shifts the rota needs, fills and leaves empty (with why), in the same units.

The gap report counts the part of a person the day's busiest hour takes (the elastic team shares a person between
stores); a rota counts whole people on every shift. Both start from the same day work and shift headcount
(``staffing.domain.shift_headcount``); the shifts' hours are also given in full-time equivalents so the two figures
can be read together."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from staffing.domain import days_of_month, fte, hours_fte, month_of, months_between
from staffing.models import StaffRole
from staffing.selectors import StaffingGap, staffing_gap
from stores.models import Store

from .models import ShiftPattern
from .selectors import CoverageReport, coverage_report, pattern_spec, patterns_of


@dataclass(frozen=True)
class StaffingCheck:
    """One role-month: the gap report's figures (FTE) and the rota's (shifts)."""

    month: date
    role: StaffRole
    required: Decimal  # the gap report's requirement (FTE of the month's 90th-percentile day)
    on_roster: Decimal  # the gap report's roster (FTE)
    state: str  # the gap report's ok / tight / short
    shifts_needed: int
    shifts_fte: Decimal  # the shifts' hours on an average day of the month, as FTE
    filled: int
    unfilled: int
    reasons: tuple[tuple[str, str, int], ...]  # (reason, label, unfilled shifts)

    @property
    def disagrees(self) -> bool:
        """The gap report sees no shortfall while the rota leaves shifts empty: the page explains the units."""
        return self.unfilled > 0 and self.state != "short"


def _split(report: CoverageReport, month: date) -> CoverageReport:
    days = set(days_of_month(month))
    return CoverageReport(
        month,
        days_of_month(month)[-1],
        {key: need for key, need in report.required.items() if key[0] in days},
        [row for row in report.gaps if row.gap.day in days],
        [],
        [shift for shift in report.shifts if shift.date in days],
    )


def _check(
    month: date, role: StaffRole, gap: StaffingGap, report: CoverageReport, patterns: Sequence[ShiftPattern]
) -> StaffingCheck:
    hours = {p.pk: pattern_spec(p).hours for p in patterns}
    days = days_of_month(month)
    person_hours = sum((Decimal(str(hours[key[1]])) * need for key, need in report.required.items()), Decimal(0))
    row = next(r for m in gap.months if m.month == month for r in m.rows if r.role == role.code)
    return StaffingCheck(
        month=month,
        role=role,
        required=row.required,
        on_roster=row.on_roster,
        state=row.state,
        shifts_needed=report.needed,
        shifts_fte=fte(hours_fte(person_hours / len(days), gap.policy.workday_hours)),
        filled=report.filled,
        unfilled=report.shortfall,
        reasons=tuple(report.reasons()),
    )


def staffing_checks(store: Store, gap: StaffingGap) -> list[StaffingCheck]:
    """Every role of the store with shift patterns, for each month of ``gap``: one coverage read per role."""
    if not gap.months:
        return []
    first, last = gap.months[0].month, days_of_month(gap.months[-1].month)[-1]
    by_role: dict[int, list[ShiftPattern]] = defaultdict(list)
    for pattern in ShiftPattern.objects.filter(store=store).select_related("role").order_by("position", "pk"):
        by_role[pattern.role_id].append(pattern)
    checks = []
    for role in gap.roles:
        patterns = by_role.get(role.pk)
        if not patterns:
            continue
        report = coverage_report(store, role, first, last, patterns)
        checks.extend(_check(m.month, role, gap, _split(report, m.month), patterns) for m in gap.months)
    return sorted(checks, key=lambda check: (check.month, check.role.position))


def staffing_checks_between(store: Store, role: StaffRole, report: CoverageReport) -> list[StaffingCheck]:
    """Each month the report's range touches: the gap report's month beside the rota's shifts in the range."""
    months = months_between(
        report.first, (report.last.year - report.first.year) * 12 + report.last.month - report.first.month + 1
    )
    gap = staffing_gap(store, months[0], len(months), with_planned=False)
    patterns = patterns_of(store, role)
    return [_check(month, role, gap, _split(report, month), patterns) for month in months]


def staffing_check(store: Store, role: StaffRole, month: date, report: CoverageReport | None = None) -> StaffingCheck:
    """The check of one role-month (the rota page's), reusing a coverage report of the month when given."""
    month = month_of(month)
    patterns = patterns_of(store, role)
    gap = staffing_gap(store, month, 1, with_planned=False)
    report = report or coverage_report(store, role, month, days_of_month(month)[-1], patterns)
    return _check(month, role, gap, _split(report, month), patterns)
