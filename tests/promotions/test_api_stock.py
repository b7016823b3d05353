"""The stock plan in the REST API: planning, projection and health, under the inventory's paths."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import MembershipFactory, ProductFactory, StockMovementFactory, UserFactory

pytestmark = pytest.mark.django_db


def as_role(api, store, role):
    api.force_authenticate(MembershipFactory(user=UserFactory(username=f"api-{role}"), store=store, role=role).user)
    return api


def test_planning_gives_every_figure(api, own_store, stocked):
    yesterday = timezone.localdate() - timedelta(days=1)
    StockMovementFactory(product=stocked, kind="sale", date=yesterday, quantity=-14, source="service_log")
    [row] = as_role(api, own_store, "viewer").get("/api/v1/inventory/planning/", {"store": "own-store"}).json()
    assert row["on_hand"] == 86 and row["average_7"] == "2.00" and row["average_28"] == "0.50"
    assert row["reorder_point"] == 8 and row["days_of_cover"] == "172.0"
    assert set(row) >= {"safety_stock", "suggested_order", "inbound_open", "below_reorder_point", "first_stockout"}


@pytest.mark.parametrize(
    "sold,on_hand,safety,cover,point",
    [(1, 100, 0, "2800.0", 1), (110, 1500, 12, "381.8", 122)],
)
def test_cover_and_reorder_point_come_from_the_unrounded_average(api, own_store, sold, on_hand, safety, cover, point):
    product = ProductFactory(store=own_store, code="SH-X1", lead_time_days=28, safety_stock=safety)
    today = timezone.localdate()
    StockMovementFactory(product=product, date=today - timedelta(days=40), quantity=on_hand + sold)
    sold_on = today - timedelta(days=3)
    StockMovementFactory(product=product, kind="sale", date=sold_on, quantity=-sold, source="service_log")
    [row] = as_role(api, own_store, "viewer").get("/api/v1/inventory/planning/", {"store": "own-store"}).json()
    assert (row["on_hand"], row["days_of_cover"], row["reorder_point"]) == (on_hand, cover, point)


def test_planning_without_a_store_is_400(api, own_store):
    assert as_role(api, own_store, "viewer").get("/api/v1/inventory/planning/").status_code == 400


def test_projection_and_health(api, own_store, stocked):
    as_role(api, own_store, "viewer")
    days = api.get(f"/api/v1/inventory/planning/{stocked.code}/projection/", {"store": "own-store"}).json()
    assert len(days) == 60 and days[0]["opening"] == 100
    checks = api.get("/api/v1/inventory/health/", {"store": "own-store"}).json()
    assert {c["key"] for c in checks} >= {"listed_count", "main_push_count", "out_of_stock_listed"}
