"""Products and movements in the REST API (planning, projection and health: tests/promotions/test_api_stock.py)."""

from __future__ import annotations

import pytest

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
