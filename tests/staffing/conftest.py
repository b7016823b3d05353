"""A store with an active plan of known day targets, and people on its roster."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from funnel.models import DailyTarget, Plan
from tests.factories import MembershipFactory, StoreFactory, UserFactory, stage_plan

from .factories import AssignmentFactory, PersonFactory, role

D = datetime.date


def plan_with_targets(store, first, last, *, orders=200, ad_spend="500.00", listed=200, event_weights=None, stage=2):
    """An active plan of one stage whose every day targets ``orders`` (a callable of the day, or a number)."""
    plan = Plan.objects.create(
        store=store,
        name=f"plan {first}",
        period_start=first,
        period_end=last,
        status="active",
        event_weights=event_weights or {},
    )
    stage_plan(plan, stage, first, last, listed_items=listed)
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    DailyTarget.objects.bulk_create(
        DailyTarget(
            plan=plan,
            date=day,
            stage=stage,
            uv=10_000,
            orders=orders(day) if callable(orders) else orders,
            gmv=Decimal("1000.00"),
            ad_spend=Decimal(ad_spend),
        )
        for day in days
    )
    return plan


def assign(store, code, share="1", person=None, **person_fields):
    person = person or PersonFactory(**person_fields)
    return AssignmentFactory(person=person, store=store, role=role(code), share=Decimal(share))


@pytest.fixture
def shop(db):
    return StoreFactory(code="staff-shop", name="员工店 Staff Shop", platform="tmall")


@pytest.fixture
def sister(db):
    return StoreFactory(code="sister-shop", name="姐妹店 Sister Shop", platform="jd")


@pytest.fixture
def manager(shop, sister):
    user = UserFactory(username="ops")
    MembershipFactory(user=user, store=shop, role="ops_manager")
    MembershipFactory(user=user, store=sister, role="ops_manager")
    return user
