"""Products, movements, planning, projection and health in the REST API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from inventory.models import Product
from tests.factories import MembershipFactory, ProductFactory, StockMovementFactory, UserFactory

pytestmark = pytest.mark.django_db
PRODUCTS = "/api/v1/inventory/products/"
NEW = {"store": "own-store", "code": "SH-A1", "name": "托盘", "list_price": "19.90", "cost": "6.00"}


def as_role(api, store, role):
    api.force_authenticate(MembershipFactory(user=UserFactory(username=f"api-{role}"), store=store, role=role).user)
    return api


@pytest.mark.parametrize(
    "role,status", [("ops_manager", 201), ("logistics", 201), ("editor", 201), ("viewer", 403), ("finance", 403)]
)
def test_people_who_edit_the_inventory_create_products(api, own_store, role, status):
    response = as_role(api, own_store, role).post(PRODUCTS, NEW, format="json")
    assert response.status_code == status
    assert Product.objects.filter(code="SH-A1").exists() == (status == 201)


def test_a_product_cannot_be_created_in_another_store(api, own_store, other_store):
    manager = as_role(api, own_store, "ops_manager")
    response = manager.post(PRODUCTS, {**NEW, "store": "other-store"}, format="json")
    unknown = manager.post(PRODUCTS, {**NEW, "store": "no-such-store"}, format="json")
    # Another tenant's store answers as an unknown one does: nothing tells that it exists.
    assert response.status_code == unknown.status_code == 400
    assert response.json() == unknown.json()
    assert not Product.objects.filter(code=NEW["code"]).exists()


def test_a_duplicate_code_is_400_on_the_field(api, own_store):
    as_role(api, own_store, "ops_manager").post(PRODUCTS, NEW, format="json")
    response = api.post(PRODUCTS, NEW, format="json")
    assert response.status_code == 400 and "code" in response.json()


def test_patch_needs_the_version_and_a_stale_one_is_409(api, own_store, product):
    as_role(api, own_store, "editor")
    url = f"{PRODUCTS}{product.pk}/"
    assert api.patch(url, {"name": "x"}, format="json").status_code == 400
    assert api.patch(url, {"name": "x", "version": 1}, format="json").json()["version"] == 2
    stale = api.patch(url, {"name": "y", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["errors"][0]["current"] == 2


def test_other_stores_products_are_404(api, own_store, other_store):
    foreign = ProductFactory(store=other_store)
    assert as_role(api, own_store, "ops_manager").get(f"{PRODUCTS}{foreign.pk}/").status_code == 404
    assert api.patch(f"{PRODUCTS}{foreign.pk}/", {"name": "x", "version": 1}, format="json").status_code == 404


def test_an_api_client_reads_products_but_does_not_edit_them(token_api, product):
    assert token_api.get(PRODUCTS).json()["results"][0]["code"] == "SH-T001"
    assert token_api.post(PRODUCTS, NEW, format="json").status_code == 403


def test_movements_list_is_filtered_by_sku_and_kind(api, own_store, stocked):
    StockMovementFactory(product=stocked, kind="sale", quantity=-3, source="service_log")
    body = as_role(api, own_store, "viewer").get("/api/v1/inventory/movements/", {"sku": "SH-T001", "kind": "sale"})
    assert [(m["kind"], m["quantity"]) for m in body.json()["results"]] == [("sale", -3)]


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
