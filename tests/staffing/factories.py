"""People, assignments and time off for the staffing, rota and assessment tests."""

from __future__ import annotations

import datetime

import factory

from staffing.models import Assignment, Person, StaffRole, TimeOff


def role(code: str) -> StaffRole:
    """A role of the catalogue the data migration loaded."""
    return StaffRole.objects.get(code=code)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"员工 Person {n}")
    start_date = datetime.date(2025, 1, 1)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    person = factory.SubFactory(PersonFactory)
    role = factory.LazyFunction(lambda: role("customer_service"))


class TimeOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeOff

    person = factory.SubFactory(PersonFactory)
    start_date = datetime.date(2026, 12, 1)
    end_date = datetime.date(2026, 12, 3)
