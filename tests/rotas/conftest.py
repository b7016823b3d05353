from __future__ import annotations

from datetime import date

import pytest

from rotas.services import patterns_seed_defaults
from tests.staffing.factories import AssignmentFactory, PersonFactory, role

MARCH = (date(2026, 3, 2), date(2026, 3, 29))  # four weeks, Monday to Sunday


@pytest.fixture
def cs():
    return role("customer_service")


@pytest.fixture
def team(own_store, cs):
    """team(n) -> n customer-service people of own_store, with the default early and late shifts."""

    def make(count: int, code: str = "customer_service"):
        people = [
            AssignmentFactory(person=PersonFactory(name=f"客服{n} CS {n}"), store=own_store, role=role(code)).person
            for n in range(1, count + 1)
        ]
        patterns_seed_defaults(own_store, role(code))
        return people

    return make
