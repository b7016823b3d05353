"""Reads of rotas: the patterns, people, time off and shifts of a store's role, the headcount each day needs,
the coverage report and a person's own shifts."""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from core.text import joined
from staffing.choices import NormUnit
from staffing.models import Assignment, CapacityNorm, StaffingPolicy, StaffRole, TimeOff
from staffing.selectors import day_works
from stores.models import Store

from .choices import GapReason, HeadcountSource
from .domain import (
    Breach,
    Commitment,
    Demand,
    Gap,
    PatternSpec,
    PersonSpec,
    Placed,
    coverage_gaps,
    days_in_range,
    explain_gaps,
    required_headcount,
    rule_breaches,
)
from .models import Shift, ShiftPattern

WEEK_HOURS_PER_FTE = Decimal("40")


def staff_role(code: str) -> StaffRole | None:
    return StaffRole.objects.filter(code=code).first()


def staffing_policy(store: Store) -> StaffingPolicy:
    """The store's staffing policy, or the defaults (unsaved) when it has none yet."""
    return StaffingPolicy.objects.filter(store=store).first() or StaffingPolicy(store=store)


def patterns_of(store: Store, role: StaffRole) -> list[ShiftPattern]:
    return list(ShiftPattern.objects.filter(store=store, role=role).order_by("position", "start_time", "pk"))


def pattern_spec(pattern: ShiftPattern) -> PatternSpec:
    segments = [(pattern.start_time, pattern.end_time)]
    if pattern.second_start_time is not None and pattern.second_end_time is not None:
        segments.append((pattern.second_start_time, pattern.second_end_time))
    return PatternSpec(pattern.pk, pattern.name, tuple(segments), frozenset(pattern.weekdays))


def assignments_of(store: Store, role: StaffRole, first: datetime.date, last: datetime.date) -> list[Assignment]:
    """The people assigned to the store's role at some time between ``first`` and ``last``."""
    return list(
        Assignment.objects.filter(store=store, role=role)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=last), Q(end_date__isnull=True) | Q(end_date__gte=first))
        .filter(person__start_date__lte=last)
        .filter(Q(person__end_date__isnull=True) | Q(person__end_date__gte=first))
        .select_related("person")
        .order_by("person__name", "person_id")
    )


def days_off_of(person_ids: Iterable[int], first: datetime.date, last: datetime.date) -> dict[int, frozenset]:
    """Each person's days of time off between ``first`` and ``last``."""
    found: dict[int, set[datetime.date]] = defaultdict(set)
    rows = TimeOff.objects.filter(person_id__in=list(person_ids), start_date__lte=last, end_date__gte=first)
    for person_id, start, end in rows.values_list("person_id", "start_date", "end_date"):
        found[person_id].update(days_in_range(max(start, first), min(end, last)))
    return {person: frozenset(days) for person, days in found.items()}


def person_specs(assignments: Sequence[Assignment], days_off: dict[int, frozenset]) -> list[PersonSpec]:
    """The generator's view of each person: their hours here (weekly hours times their share of the store), their
    weekly hours in all stores, employment and assignment dates."""
    specs = []
    for assignment in assignments:
        person = assignment.person
        starts = [d for d in (person.start_date, assignment.start_date) if d]
        ends = [d for d in (person.end_date, assignment.end_date) if d]
        weekly = person.weekly_hours or WEEK_HOURS_PER_FTE
        specs.append(
            PersonSpec(
                person.pk,
                float(weekly * assignment.share),
                max(starts) if starts else None,
                min(ends) if ends else None,
                days_off.get(person.pk, frozenset()),
                total_weekly_hours=float(weekly),
            )
        )
    return specs


def shifts_between(store: Store, role: StaffRole, first: datetime.date, last: datetime.date) -> QuerySet[Shift]:
    return (
        Shift.objects.filter(store=store, pattern__role=role, date__gte=first, date__lte=last)
        .select_related("person", "pattern")
        .order_by("date", "pattern__start_time", "person__name", "pk")
    )


def local_intervals(shift: Shift, tz: zoneinfo.ZoneInfo) -> tuple[tuple[datetime.datetime, datetime.datetime], ...]:
    """A shift's parts as wall-clock intervals in ``tz`` (the generator compares wall-clock times)."""
    parts = [(shift.start_at, shift.end_at)]
    if shift.second_start_at and shift.second_end_at:
        parts.append((shift.second_start_at, shift.second_end_at))
    return tuple(
        (start.astimezone(tz).replace(tzinfo=None), end.astimezone(tz).replace(tzinfo=None)) for start, end in parts
    )


def commitments_for(
    store: Store,
    patterns: Sequence[ShiftPattern],
    person_ids: Sequence[int],
    first: datetime.date,
    last: datetime.date,
    margin: int,
    *,
    keep_planned: bool = False,
) -> list[Commitment]:
    """Every shift of these people within ``margin`` days of the range, in any store, except the planned shifts of
    the rota's patterns inside the range (a new generation replaces them) unless ``keep_planned``; those of the
    rota's patterns count against the share here, and inside the range name their pattern."""
    tz = zoneinfo.ZoneInfo(store.time_zone)
    pattern_ids = {p.pk for p in patterns}
    shifts = Shift.objects.filter(
        person_id__in=list(person_ids),
        date__gte=first - datetime.timedelta(days=margin),
        date__lte=last + datetime.timedelta(days=margin),
    )
    if not keep_planned:
        shifts = shifts.exclude(pattern_id__in=pattern_ids, date__gte=first, date__lte=last, state="planned")
    found = []
    for shift in shifts.only(
        "person_id", "pattern_id", "date", "start_at", "end_at", "second_start_at", "second_end_at"
    ):
        own = shift.pattern_id in pattern_ids
        in_rota = own and first <= shift.date <= last
        found.append(
            Commitment(
                shift.person_id,
                shift.date,
                local_intervals(shift, tz),
                shift.pattern_id if in_rota else None,
                own=own,
            )
        )
    return found


def _norm(store: Store, role: StaffRole) -> Decimal | None:
    if role.norm_unit != NormUnit.ORDERS_PER_HOUR:
        return None
    own = CapacityNorm.objects.filter(store=store, role=role).values_list("value", flat=True).first()
    return own or role.default_norm


def demand_for(
    store: Store, role: StaffRole, policy: StaffingPolicy, first: datetime.date, last: datetime.date
) -> Demand:
    """Each day's work as the gap report reads it (``staffing.selectors.day_works``), the hourly profile, the norm."""
    works = {work.date: work for work in day_works(store, first, last, policy)}
    return Demand(works, policy.hourly_profile, _norm(store, role))


def required_for(
    store: Store,
    role: StaffRole,
    patterns: Sequence[ShiftPattern],
    first: datetime.date,
    last: datetime.date,
    policy: StaffingPolicy | None = None,
) -> dict[tuple[datetime.date, int], int]:
    """People each pattern needs on each day of the range (days a pattern does not run are left out)."""
    needs_demand = any(p.headcount_source == HeadcountSource.WORKLOAD for p in patterns)
    demand = demand_for(store, role, policy or staffing_policy(store), first, last) if needs_demand else None
    required = {}
    for pattern in patterns:
        spec = pattern_spec(pattern)
        workload = pattern.headcount_source == HeadcountSource.WORKLOAD
        for day in days_in_range(first, last):
            if spec.runs_on(day):
                required[(day, pattern.pk)] = required_headcount(spec, pattern.headcount, workload, day, demand)
    return required


@dataclass(frozen=True)
class GapRow:
    """An unfilled shift with its reason and, per person of the role, the rule that keeps them off it."""

    gap: Gap
    pattern: ShiftPattern
    names: Mapping[int, str]

    @property
    def reason_label(self) -> str:
        return str(GapReason(self.gap.reason).label) if self.gap.reason else ""

    @property
    def blocked(self) -> list[dict[str, object]]:
        return [
            {
                "person": person,
                "person_name": self.names.get(person, ""),
                "reason": reason,
                "reason_label": str(GapReason(reason).label),
            }
            for person, reason in self.gap.blocked
        ]

    def people_by_reason(self) -> list[tuple[str, str]]:
        """Each reason with the people it keeps off the shift (listed in the active language), in reason order."""
        found: dict[str, list[str]] = defaultdict(list)
        for person, reason in self.gap.blocked:
            found[reason].append(self.names.get(person, ""))
        return [(str(label), joined(found[value])) for value, label in GapReason.choices if found.get(value)]


@dataclass(frozen=True)
class BreachRow:
    breach: Breach
    person_name: str


@dataclass
class CoverageReport:
    """What a role's rota leaves uncovered between two days, why, and the shifts that break a rule."""

    first: datetime.date
    last: datetime.date
    required: dict[tuple[datetime.date, int], int]
    gaps: list[GapRow]
    breaches: list[BreachRow]
    shifts: list[Shift]
    months: list = field(default_factory=list)  # rotas.staffing_check.StaffingCheck, where a caller adds them

    @property
    def shortfall(self) -> int:
        return sum(row.gap.shortfall for row in self.gaps)

    @property
    def needed(self) -> int:
        """Shifts the rota needs in the range: the people every day × pattern needs, added up."""
        return sum(self.required.values())

    @property
    def filled(self) -> int:
        return self.needed - self.shortfall

    def reasons(self) -> list[tuple[str, str, int]]:
        """(reason, label, unfilled shifts) for each reason that leaves shifts unfilled."""
        counts: dict[str, int] = defaultdict(int)
        for row in self.gaps:
            counts[row.gap.reason] += row.gap.shortfall
        return [(value, str(label), counts[value]) for value, label in GapReason.choices if counts.get(value)]


def coverage_report(
    store: Store, role: StaffRole, first: datetime.date, last: datetime.date, patterns: Sequence[ShiftPattern] = ()
) -> CoverageReport:
    """The coverage of the rota as it stands: time off added since it was generated and moves count; each gap says
    why nobody of the role can take it now."""
    patterns = list(patterns) or patterns_of(store, role)
    policy = staffing_policy(store)
    required = required_for(store, role, patterns, first, last, policy)
    shifts = list(shifts_between(store, role, first, last))
    assignments = assignments_of(store, role, first, last)
    person_ids = {s.person_id for s in shifts} | {a.person_id for a in assignments}
    days_off = days_off_of(person_ids, first, last)
    commitments = commitments_for(
        store, patterns, list(person_ids), first, last, margin=policy.max_days_in_row + 1, keep_planned=True
    )
    placed = [Placed(s.person_id, s.pattern_id, s.date) for s in shifts]
    elsewhere: dict[int, set[datetime.date]] = defaultdict(set)
    for commitment in commitments:
        if commitment.pattern is None:
            elsewhere[commitment.person].add(commitment.day)
    by_pk = {p.pk: p for p in patterns}
    names = {a.person_id: a.person.name for a in assignments} | {s.person_id: s.person.name for s in shifts}
    gaps = explain_gaps(
        [g for g in coverage_gaps(required, placed, days_off) if g.pattern in by_pk],
        person_specs(assignments, days_off),
        [pattern_spec(p) for p in patterns],
        commitments,
        policy.max_days_in_row,
    )
    breaches = [
        BreachRow(b, names.get(b.person, ""))
        for b in rule_breaches(placed, days_off, policy.max_days_in_row, elsewhere)
    ]
    breaches = [row for row in breaches if first <= row.breach.day <= last or row.breach.kind == "days_in_row"]
    return CoverageReport(first, last, required, [GapRow(g, by_pk[g.pattern], names) for g in gaps], breaches, shifts)


def my_shifts(user, first: datetime.date, last: datetime.date) -> list[Shift]:
    """The shifts of the person linked to ``user`` between two days, across stores."""
    if not getattr(user, "is_authenticated", False) or not hasattr(user, "staff_person"):
        return []
    return list(
        Shift.objects.filter(person__user=user, date__gte=first, date__lte=last)
        .select_related("store", "pattern__role", "person")
        .order_by("start_at", "pk")
    )
