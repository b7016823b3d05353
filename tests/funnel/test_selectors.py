"""Reads of the funnel: what was known when, trailing AOV."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Sum

from funnel.formulas import AOV
from funnel.selectors import counted_sources, metrics_known_at, store_trailing_aov
from rollups.models import DailyActual
from stores.choices import SourcePolicy
from tests.rollups.days import day_figures

pytestmark = pytest.mark.django_db
URL = "/api/v1/metrics/daily/"


def push(api, **values):
    record = {"store": "own-store", "date": "2026-11-11", "uv": 1000, "orders": 20, "gmv": "2000.00"}
    record.update(values)
    assert api.post(URL, {"records": [record]}, format="json").status_code == 200


def test_a_dashboard_can_say_what_was_known_when(token_api, own_store):
    with time_machine.travel("2026-11-12 09:00 +0800", tick=False):
        push(token_api)
    with time_machine.travel("2026-11-13 09:00 +0800", tick=False):
        push(token_api, orders=18, gmv="1800.00")  # the platform revised yesterday's figures
    with time_machine.travel("2026-11-14 09:00 +0800", tick=False):
        push(token_api, orders=17, gmv="1790.50")

    def orders_at(moment: str) -> list:
        from django.utils.dateparse import parse_datetime

        return [
            (r["orders"], r["gmv"])
            for r in metrics_known_at(own_store, date(2026, 11, 1), date(2026, 11, 30), parse_datetime(moment))
        ]

    assert orders_at("2026-11-12T08:00:00+08:00") == []
    assert orders_at("2026-11-12T12:00:00+08:00") == [(20, Decimal("2000.00"))]
    assert orders_at("2026-11-13T12:00:00+08:00") == [(18, Decimal("1800.00"))]
    assert orders_at("2026-11-15T00:00:00+08:00") == [(17, Decimal("1790.50"))]


def test_the_trailing_aov_counts_the_source_the_policy_prefers_as_the_rollups_do(own_store):
    """Two sources on the same days: the trailing AOV reads the one that counts (funnel.counted), the same days
    and figures as the day rollups' actuals, within the 90 days before as_of and only on days with GMV."""
    as_of = date(2026, 11, 21)
    days = [date(2026, 11, 18), date(2026, 11, 19), date(2026, 11, 20), date(2026, 8, 1)]
    day_figures(own_store, [(d, {"orders": 10, "gmv": Decimal("1000.00")}) for d in days], source="service_log")
    day_figures(own_store, [(d, {"orders": 20, "gmv": Decimal("3000.00")}) for d in days[:2]], source="client:1")
    day_figures(own_store, [(date(2026, 11, 17), {"orders": 5})], source="client:1")  # no GMV: left out

    def from_the_rollups():
        totals = DailyActual.objects.filter(
            store=own_store, date__gte=date(2026, 8, 23), date__lt=as_of, gmv__isnull=False
        ).aggregate(gmv=Sum("gmv"), orders=Sum("orders"))
        return AOV(totals)

    assert store_trailing_aov(own_store, as_of) == Decimal("140.00") == from_the_rollups()  # 7000 / 50
    own_store.source_policy = SourcePolicy.SERVICE_LOG
    own_store.save()
    assert store_trailing_aov(own_store, as_of) == Decimal("100.00") == from_the_rollups()
    assert store_trailing_aov(own_store, date(2026, 11, 18)) is None
    assert counted_sources(own_store, date(2026, 11, 17), as_of) == {
        date(2026, 11, 17): "client:1",
        **{d: "service_log" for d in days[:3]},
    }
