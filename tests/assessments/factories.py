"""A store's month of actuals and ratings, and its team, for the assessment tests."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.choices import Role
from assessments.defaults import DEFAULT_WEIGHTS
from assessments.services import role_weights_set, teamwork_score_give
from orders.models import ServiceLog
from staffing.models import Person
from stores.models import Store
from tests.factories import MembershipFactory, UserFactory
from tests.rollups.days import day_figures
from tests.staffing.factories import AssignmentFactory, PersonFactory, role

SEPTEMBER = date(2026, 9, 1)


def month_actuals(store: Store, month: date = SEPTEMBER, days: int = 30, attained: Decimal = Decimal(1)) -> None:
    """``days`` days of actuals at ``attained`` × the plan's targets (300 UV, 6 orders, ¥600 a day)."""
    figures = {
        "uv": int(300 * attained),
        "pv": int(1200 * attained),
        "orders": int(6 * attained),
        "gmv": Decimal(600) * attained,
        "target_uv": 300,
        "target_orders": 6,
        "target_gmv": Decimal(600),
        "paying_buyers": 10,
        "returning_buyers": 2,
    }
    day_figures(store, [(month + timedelta(days=n), figures) for n in range(days)], source="client:1")


def month_ratings(store: Store, month: date = SEPTEMBER, days: int = 10, rating: str = "4.8", rate: str = "98.5"):
    now = timezone.now()
    ServiceLog.objects.bulk_create(
        ServiceLog(
            store=store,
            date=month + timedelta(days=n),
            orders=6,
            gmv=Decimal(600),
            refunds=0,
            shipped_24h=6,
            shipped_48h=0,
            shipped_later=0,
            complaints=0,
            rating_description=Decimal(rating),
            rating_service=Decimal(rating),
            rating_shipping=Decimal(rating),
            positive_rate=Decimal(rate),
            created_at=now,
            updated_at=now,
        )
        for n in range(days)
    )


def staff(store: Store, code: str, name: str, share: str = "1", user=None) -> Person:
    """A person working in ``store`` in role ``code``, optionally linked to ``user``."""
    person = PersonFactory(name=name, user=user)
    AssignmentFactory(person=person, store=store, role=role(code), share=Decimal(share))
    return person


def staff_member(store: Store, code: str, name: str) -> tuple[Person, object]:
    """A person with a login and the same role as their membership of ``store``."""
    user = UserFactory(username=f"{code}-{name.lower()}")
    MembershipFactory(user=user, store=store, role=Role(code))
    return staff(store, code, name, user=user), user


def unrounded_month(store: Store) -> Person:
    """A month whose satisfaction score is 79.314 (shown 79.3) with teamwork 77, weighed 50/20 with results missing:
    the exact total is 78.653 (78.7); from the shown 79.3 it would be 78.6."""
    month_ratings(store, rating="4.80", rate="98.40")
    values = {**DEFAULT_WEIGHTS["customer_service"], "results": 30, "satisfaction": 50, "teamwork": 20}
    role_weights_set(store, role("customer_service"), values)
    person = staff(store, "customer_service", "Li")
    teamwork_score_give(store, person, SEPTEMBER, 77, "")
    return person
