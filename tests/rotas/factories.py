"""Rota objects of a store for the tests that need one of each (the generated access matrix among them)."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from rotas.models import Shift, ShiftPattern
from rotas.services import pattern_create, shift_create
from stores.models import Store
from tests.staffing.factories import AssignmentFactory, PersonFactory, role


def rota_objects(store: Store) -> tuple[ShiftPattern, Shift]:
    """A customer-service shift pattern of ``store`` and a shift on it tomorrow; made once, then found again."""
    pattern = ShiftPattern.objects.filter(store=store, name="Matrix early").first()
    if pattern is None:
        cs = role("customer_service")
        pattern = pattern_create(store, cs, {"name": "Matrix early", "start_time": time(9), "end_time": time(17)})
        person = AssignmentFactory(person=PersonFactory(name=f"{store.code} person"), store=store, role=cs).person
        shift_create(store, pattern, person, timezone.localdate() + timedelta(days=1))
    return pattern, pattern.shifts.order_by("pk").first()
