"""Writes of shifts by hand: add one, move it to another person, day or pattern, confirm it, remove it.

A shift on the person's time off, over another of their shifts (in any store) or for someone not in the role is
refused with :class:`RotaInvalid`; a move based on an old version raises :class:`ShiftConflict`.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.db import advisory_lock
from staffing.models import Assignment, Person, TimeOff
from stores.models import Store

from ..choices import ShiftState
from ..domain import overlaps
from ..models import Shift, ShiftPattern
from .patterns import RotaInvalid, ShiftConflict, shift_times


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
