"""Writes of shift patterns: create, change and remove them, and seed a role's defaults.

Every refusal raises :class:`RotaInvalid` with a message per field and writes nothing.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from core.errors import ServiceInvalid
from staffing.models import StaffRole
from stores.models import Store

from ..choices import HeadcountSource
from ..domain import overlaps, segment_interval
from ..models import Shift, ShiftPattern

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


class RotaInvalid(ServiceInvalid):
    """Input breaks a rule; ``errors`` maps a field (or ``__all__``) to its messages."""


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
