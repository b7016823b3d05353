"""Reads of the funnel: what was known when, trailing AOV."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from funnel.selectors import metrics_known_at

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
