"""Writes of rotas: shift patterns (and the defaults per role), generating a rota, adding, moving and removing
shifts, and the demo's rotas.

Every refusal raises :class:`RotaInvalid` with a message per field and writes nothing.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from opsplan.db import advisory_lock
from staffing.models import Assignment, Person, StaffRole, TimeOff
from stores.models import Store

from .choices import HeadcountSource, ShiftState
from .domain import generate_rota, overlaps, segment_interval
from .models import Rota, Shift, ShiftPattern
from .selectors import (
    CoverageReport,
    assignments_of,
    commitments_for,
    coverage_report,
    days_off_of,
    pattern_spec,
    patterns_of,
    person_specs,
    required_for,
    staffing_policy,
)

MAX_RANGE_DAYS = 92
MIN_PEOPLE = 2
PATTERN_FIELDS = (
    "name",
    "start_time",
    "end_time",
    "second_start_time",
    "second_end_time",
    "weekdays",
    "headcount_source",
    "headcount",
    "position",
)
T = datetime.time
# The defaults per role: customer service covers the service hours in two overlapping shifts staffed from the
# workload; logistics ships once a day (the playbook's single daily shipping run); other roles work office hours.
DEFAULT_PATTERNS: dict[str, list[dict[str, Any]]] = {
    "customer_service": [
        {"key": "early", "start_time": T(8, 30), "end_time": T(16, 30), "headcount_source": HeadcountSource.WORKLOAD},
        {"key": "late", "start_time": T(16, 0), "end_time": T(0, 0), "headcount_source": HeadcountSource.WORKLOAD},
    ],
    "logistics": [{"key": "shipping", "start_time": T(13, 0), "end_time": T(19, 0)}],
}
OFFICE_HOURS = [{"key": "day", "start_time": T(9, 0), "end_time": T(18, 0), "weekdays": [0, 1, 2, 3, 4]}]


def default_pattern_name(key: str) -> str:
    names = {"early": _("Early"), "late": _("Late"), "shipping": _("Shipping run"), "day": _("Day")}
    return names[key]


class RotaInvalid(Exception):
    """Input breaks a rule; ``errors`` maps a field (or ``__all__``) to its messages."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        super().__init__("; ".join(m for messages in errors.values() for m in messages))
        self.errors = dict(errors)


class ShiftConflict(Exception):
    """Someone changed the shift since the caller read it (its version moved on)."""

    def __init__(self, shift: Shift) -> None:
        super().__init__("version conflict")
        self.shift = shift


def _check_pattern(values: Mapping[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if not str(values.get("name") or "").strip():
        errors["name"] = [_("Give the shift a name.")]
    start, end = values.get("start_time"), values.get("end_time")
    if start is None or end is None:
        errors["start_time"] = [_("Give the times the shift starts and ends.")]
    elif start == end:
        errors["end_time"] = [_("A shift cannot end when it starts.")]
    second = (values.get("second_start_time"), values.get("second_end_time"))
    if (second[0] is None) != (second[1] is None):
        errors["second_end_time"] = [_("Give both times of the second part, or neither.")]
    elif second[0] is not None and start is not None and end is not None:
        day = datetime.date(2000, 1, 3)
        first_part, second_part = segment_interval(day, start, end), segment_interval(day, *second)
        if second_part[0] < first_part[1] or overlaps(first_part, second_part):
            errors["second_start_time"] = [_("The second part starts after the first one ends, the same day.")]
    weekdays = values.get("weekdays")
    if not weekdays or not all(isinstance(d, int) and 0 <= d <= 6 for d in weekdays):
        errors["weekdays"] = [_("Choose the weekdays the shift runs.")]
    if values.get("headcount_source") not in HeadcountSource.values:
        errors["headcount_source"] = [_("Choose where the headcount comes from.")]
    headcount = values.get("headcount")
    if not isinstance(headcount, int) or not 0 <= headcount <= 50:
        errors["headcount"] = [_("Give a number of people from 0 to 50.")]
    if errors:
        raise RotaInvalid(errors)


def _pattern_values(values: Mapping[str, Any], current: ShiftPattern | None = None) -> dict[str, Any]:
    base = {name: getattr(current, name) for name in PATTERN_FIELDS} if current else {}
    defaults = {"weekdays": [0, 1, 2, 3, 4, 5, 6], "headcount_source": HeadcountSource.FIXED, "headcount": 1}
    data = {**defaults, **base, **{k: v for k, v in values.items() if k in PATTERN_FIELDS}}
    data["weekdays"] = sorted(set(data["weekdays"] or []))
    return data


def _unique_name(store: Store, role: StaffRole, name: str, pk: int | None = None) -> None:
    taken = ShiftPattern.objects.filter(store=store, role=role, name=name).exclude(pk=pk).exists()
    if taken:
        raise RotaInvalid({"name": [_("The store already has a shift of this role with this name.")]})


def pattern_create(store: Store, role: StaffRole, values: Mapping[str, Any]) -> ShiftPattern:
    """A new shift pattern of ``store`` for ``role``."""
    data = _pattern_values(values)
    _check_pattern(data)
    _unique_name(store, role, data["name"])
    return ShiftPattern.objects.create(store=store, role=role, **data)


def pattern_update(pattern: ShiftPattern, values: Mapping[str, Any]) -> ShiftPattern:
    """Change a pattern; its shifts keep their times (generate again to apply new ones)."""
    data = _pattern_values(values, pattern)
    _check_pattern(data)
    _unique_name(pattern.store, pattern.role, data["name"], pattern.pk)
    for name, value in data.items():
        setattr(pattern, name, value)
    pattern.save()
    return pattern


def pattern_delete(pattern: ShiftPattern) -> None:
    """Remove a pattern and its shifts."""
    pattern.delete()


def patterns_seed_defaults(store: Store, role: StaffRole) -> list[ShiftPattern]:
    """The role's default patterns for ``store`` (those it lacks by name); returns the ones created."""
    created = []
    for position, spec in enumerate(DEFAULT_PATTERNS.get(role.code, OFFICE_HOURS), start=1):
        values = {k: v for k, v in spec.items() if k != "key"}
        pattern, made = ShiftPattern.objects.get_or_create(
            store=store,
            role=role,
            name=default_pattern_name(spec["key"]),
            defaults={**_pattern_values(values), "position": position},
        )
        if made:
            created.append(pattern)
    return created


def _aware(day: datetime.date, start: datetime.time, end: datetime.time, tz: zoneinfo.ZoneInfo):
    begins, ends = segment_interval(day, start, end)
    return begins.replace(tzinfo=tz), ends.replace(tzinfo=tz)


def shift_times(pattern: ShiftPattern, day: datetime.date, tz: zoneinfo.ZoneInfo) -> dict[str, Any]:
    """The moments a shift of ``pattern`` on ``day`` covers, in the store's time zone."""
    start_at, end_at = _aware(day, pattern.start_time, pattern.end_time, tz)
    times = {"start_at": start_at, "end_at": end_at, "second_start_at": None, "second_end_at": None}
    if pattern.is_split:
        times["second_start_at"], times["second_end_at"] = _aware(
            day, pattern.second_start_time, pattern.second_end_time, tz
        )
    return times


@dataclass
class RotaResult:
    rota: Rota
    created: int
    kept: int
    report: CoverageReport


def _check_range(first: datetime.date, last: datetime.date) -> None:
    if last < first:
        raise RotaInvalid({"end": [_("The range ends before it starts.")]})
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise RotaInvalid({"end": [_("Generate at most %(days)s days at a time.") % {"days": MAX_RANGE_DAYS}]})


def rota_generate(
    store: Store,
    role: StaffRole,
    first: datetime.date,
    last: datetime.date,
    user: Any = None,
    seed: int | None = None,
) -> RotaResult:
    """Plan ``role``'s shifts in ``store`` from ``first`` to ``last``: planned shifts in the range are replaced,
    confirmed ones kept; returns the rota with the coverage it leaves."""
    _check_range(first, last)
    patterns = patterns_of(store, role)
    if not patterns:
        raise RotaInvalid({"__all__": [_("The role has no shift patterns yet: add them or use the defaults.")]})
    assignments = assignments_of(store, role, first, last)
    if len({a.person_id for a in assignments}) < MIN_PEOPLE:
        raise RotaInvalid({"__all__": [_("A rota is made when a role in a store has two or more people.")]})
    seed = random.SystemRandom().randrange(1, 10**6) if seed is None else seed
    policy = staffing_policy(store)
    tz = zoneinfo.ZoneInfo(store.time_zone)
    with transaction.atomic():
        advisory_lock("rota", store.pk, role.pk)
        people = [a.person_id for a in assignments]
        days_off = days_off_of(people, first, last)
        commitments = commitments_for(store, patterns, people, first, last, margin=policy.max_days_in_row + 1)
        required = required_for(store, role, patterns, first, last, policy)
        plan = generate_rota(
            first,
            last,
            person_specs(assignments, days_off),
            [pattern_spec(p) for p in patterns],
            required,
            policy.max_days_in_row,
            commitments,
            seed,
        )
        Shift.objects.filter(
            store=store, pattern__in=patterns, date__gte=first, date__lte=last, state=ShiftState.PLANNED
        ).delete()
        by_pk = {p.pk: p for p in patterns}
        Shift.objects.bulk_create(
            Shift(
                store=store,
                pattern_id=item.pattern,
                person_id=item.person,
                date=item.day,
                **shift_times(by_pk[item.pattern], item.day, tz),
            )
            for item in plan.placed
        )
        kept = sum(1 for c in commitments if c.pattern is not None)
        report = coverage_report(store, role, first, last, patterns)
        rota = Rota.objects.create(
            store=store,
            role=role,
            start_date=first,
            end_date=last,
            generated_by=user if getattr(user, "is_authenticated", False) else None,
            seed=seed,
            shifts_created=len(plan.placed),
            shifts_kept=kept,
            shortfall=report.shortfall,
        )
    return RotaResult(rota, len(plan.placed), kept, report)


def _check_shift(store: Store, pattern: ShiftPattern, person: Person, day: datetime.date, pk: int | None) -> None:
    errors: dict[str, list[str]] = {}
    if pattern.store_id != store.pk:
        errors["pattern"] = [_("Choose one of the store's shifts.")]
    assigned = Assignment.objects.filter(person=person, store=store, role_id=pattern.role_id).exists()
    if not assigned:
        errors["person"] = [_("%(person)s does not work in this role in this store.") % {"person": person}]
    elif not person.employed_on(day):
        errors["person"] = [_("%(person)s is not employed on %(day)s.") % {"person": person, "day": day}]
    elif TimeOff.objects.filter(person=person, start_date__lte=day, end_date__gte=day).exists():
        errors["person"] = [_("%(person)s has time off on %(day)s.") % {"person": person, "day": day}]
    if errors:
        raise RotaInvalid(errors)
    tz = zoneinfo.ZoneInfo(store.time_zone)
    times = shift_times(pattern, day, tz)
    mine = [(times["start_at"], times["end_at"])]
    if times["second_start_at"]:
        mine.append((times["second_start_at"], times["second_end_at"]))
    nearby = Shift.objects.filter(
        person=person, date__gte=day - datetime.timedelta(days=1), date__lte=day + datetime.timedelta(days=1)
    ).exclude(pk=pk)
    for other in nearby.select_related("store", "pattern"):
        theirs = [(other.start_at, other.end_at)]
        if other.second_start_at:
            theirs.append((other.second_start_at, other.second_end_at))
        if any(overlaps(a, b) for a in mine for b in theirs):
            raise RotaInvalid(
                {
                    "person": [
                        _("%(person)s already works %(shift)s in %(store)s then.")
                        % {"person": person, "shift": other.pattern.name, "store": other.store.name}
                    ]
                }
            )


def shift_create(
    store: Store, pattern: ShiftPattern, person: Person, day: datetime.date, state: str = ShiftState.PLANNED
) -> Shift:
    """Add a shift by hand; refused on the person's time off or over another of their shifts."""
    if state not in ShiftState.values:
        raise RotaInvalid({"state": [_("Choose planned or confirmed.")]})
    with transaction.atomic():
        advisory_lock("shift-person", person.pk)
        _check_shift(store, pattern, person, day, None)
        if Shift.objects.filter(pattern=pattern, person=person, date=day).exists():
            raise RotaInvalid({"person": [_("%(person)s already has this shift that day.") % {"person": person}]})
        tz = zoneinfo.ZoneInfo(store.time_zone)
        return Shift.objects.create(
            store=store, pattern=pattern, person=person, date=day, state=state, **shift_times(pattern, day, tz)
        )


def shift_update(shift: Shift, values: Mapping[str, Any], version: int) -> Shift:
    """Move a shift to another person or day (or pattern of the role), or change its state; optimistically
    locked on ``version``."""
    pattern = values.get("pattern", shift.pattern)
    person = values.get("person", shift.person)
    day = values.get("date", shift.date)
    state = values.get("state", shift.state)
    if state not in ShiftState.values:
        raise RotaInvalid({"state": [_("Choose planned or confirmed.")]})
    if pattern.role_id != shift.pattern.role_id:
        raise RotaInvalid({"pattern": [_("Choose a shift of the same role.")]})
    with transaction.atomic():
        advisory_lock("shift-person", person.pk)
        _check_shift(shift.store, pattern, person, day, shift.pk)
        clash = Shift.objects.filter(pattern=pattern, person=person, date=day).exclude(pk=shift.pk).exists()
        if clash:
            raise RotaInvalid({"person": [_("%(person)s already has this shift that day.") % {"person": person}]})
        tz = zoneinfo.ZoneInfo(shift.store.time_zone)
        fields = {"pattern": pattern, "person": person, "date": day, "state": state, **shift_times(pattern, day, tz)}
        updated = Shift.objects.filter(pk=shift.pk, version=version).update(version=F("version") + 1, **fields)
        if not updated:
            raise ShiftConflict(Shift.objects.get(pk=shift.pk))
    return Shift.objects.select_related("person", "pattern", "store").get(pk=shift.pk)


def shift_delete(shift: Shift) -> None:
    """Remove a shift (its slot shows as a gap if the day needs it)."""
    shift.delete()


def demo_rotas(store: Store, first: datetime.date, last: datetime.date) -> list[RotaResult]:
    """Customer-service and logistics rotas for a demo store (default patterns, a fixed seed); roles with fewer
    than two people are skipped, so before the demo team exists this does nothing."""
    results = []
    for code in ("customer_service", "logistics"):
        role = StaffRole.objects.filter(code=code).first()
        if role is None or len({a.person_id for a in assignments_of(store, role, first, last)}) < MIN_PEOPLE:
            continue
        patterns_seed_defaults(store, role)
        results.append(rota_generate(store, role, first, last, seed=2026))
    return results
