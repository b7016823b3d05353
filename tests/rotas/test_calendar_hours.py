"""A person's hours in the month's rota summary come from the exact shift lengths, rounded only when shown."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

from core.numbers import rounded
from rotas.calendar import RotaMonth
from rotas.models import Shift
from staffing.models import Person

FIRST = date(2026, 11, 1)


def test_twenty_shifts_of_8h20_are_166_7_hours_not_20_times_8_3():
    person = Person(pk=1, name="Wang")
    shifts = []
    for n in range(20):
        start = datetime(2026, 11, 2, 9, tzinfo=UTC) + timedelta(days=n)
        end = start + timedelta(hours=8, minutes=20)
        shifts.append(Shift(person=person, date=start.date(), start_at=start, end_at=end))
    month = RotaMonth(FIRST, FIRST, FIRST, [], [], SimpleNamespace(shifts=shifts))
    [row] = month.people
    assert row["shifts"] == 20
    assert rounded(row["hours"], 1) == Decimal("166.7")
