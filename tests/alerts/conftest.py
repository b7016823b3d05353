"""Builders of the rows alerts are evaluated on: day figures (metrics and targets), month rollups, customer-service
logs."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from alerts.choices import AlertKind, AlertState, Severity
from alerts.models import Alert
from orders.models import ServiceLog
from rollups.models import PeriodRollup
from tests.rollups.days import day_figures, month_segments, same_figures

AS_OF = date(2026, 3, 15)


def week(as_of: date = AS_OF) -> list[date]:
    """The 7 days up to as_of."""
    return [as_of - timedelta(days=n) for n in range(6, -1, -1)]


def day_rollups(store, orders: int, target: int, days: list[date] | None = None) -> None:
    """Days (the week up to AS_OF unless given) with these orders against this orders target."""
    same_figures(store, days or week(), orders=orders, target_orders=target)


def month_rollup(store, pace: str) -> PeriodRollup:
    """AS_OF's month (March: 31 days, 15 elapsed) rolled up with this orders pace: the orders to date run at
    ``pace`` × the month's target of 3,100 orders."""
    orders = int(Decimal(pace) * 1500)  # orders / 15 days × 31 days / 3,100
    month_segments(store, AS_OF, {"orders": orders, "target_orders": 1500}, {"target_orders": 1600})
    month = PeriodRollup.objects.get(store=store, grain="month", period_start=AS_OF.replace(day=1))
    assert month.pace_orders == Decimal(pace)
    return month


def service_log(store, day: date, *, orders: int = 20, shipped_later: int = 0, positive_rate: str | None = "99.50"):
    now = timezone.now()
    return ServiceLog.objects.create(
        store=store,
        date=day,
        orders=orders,
        gmv=Decimal("2000.00"),
        refunds=0,
        shipped_24h=orders - shipped_later,
        shipped_48h=0,
        shipped_later=shipped_later,
        complaints=0,
        positive_rate=None if positive_rate is None else Decimal(positive_rate),
        created_at=now,
        updated_at=now,
    )


def actuals(store, rows: list[tuple[date, int, int]]) -> None:
    """The actuals (UV, orders) of store-days, replacing those day_rollups gave them; their targets stay."""
    day_figures(store, [(d, {"uv": uv, "orders": o}) for d, uv, o in rows])


def make_alert(store, key: str = "2026-03-15", *, kind=AlertKind.LATE_SHIPPING, state=AlertState.OPEN, **extra):
    now = timezone.now()
    values = {"severity": Severity.WARNING, "title": f"{kind} {key}", "first_seen": now, "last_seen": now, **extra}
    return Alert.objects.create(store=store, kind=kind, key=key, state=state, **values)


@pytest.fixture
def manager(member):
    return member("ops_manager")
