"""Promotions, SKUs, phases, the calendar and the preset in the REST API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.choices import Role
from promotions.models import Promotion, PromotionItem
from tests.factories import MembershipFactory, StoreFactory

from .factories import ItemFactory, ProductFactory, PromotionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


@pytest.fixture
def manager_api(api, manager):
    api.force_authenticate(manager)
    return api


def test_create_read_and_patch_with_the_version(manager_api, own_store):
    created = manager_api.post(
        "/api/v1/promotions/",
        {
            "store": own_store.code,
            "kind": "juhuasuan",
            "name": "聚划算 Juhuasuan",
            "start_date": "2026-12-01",
            "end_date": "2026-12-03",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["version"] == 1 and body["status"] == "idea"
    url = f"/api/v1/promotions/{body['id']}/"
    assert manager_api.patch(url, {"name": "new"}, format="json").status_code == 400  # no version
    ok = manager_api.patch(url, {"name": "聚划算 12 月", "version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = manager_api.patch(url, {"name": "stale", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["field"] == "version" and stale.json()["errors"][0]["current"] == 2
    bad = manager_api.patch(url, {"end_date": "2026-11-01", "version": 2}, format="json")
    assert bad.status_code == 400 and "end_date" in bad.json()


def test_creating_in_a_store_one_cannot_see_is_a_400_and_cannot_edit_is_a_403(api, own_store, other_store, member):
    viewer = member(Role.VIEWER)
    # A promotion specialist elsewhere, so the body is read (who edits promotions nowhere is refused before).
    MembershipFactory(user=viewer, store=StoreFactory(code="third-store"), role=Role.PROMOTER)
    api.force_authenticate(viewer)
    body = {"kind": "custom", "name": "x", "start_date": "2026-12-01", "end_date": "2026-12-01"}
    assert api.post("/api/v1/promotions/", {**body, "store": other_store.code}, format="json").status_code == 400
    assert api.post("/api/v1/promotions/", {**body, "store": own_store.code}, format="json").status_code == 403
    assert not Promotion.objects.exists()


def test_items_refuse_a_price_below_the_floor_with_the_message(manager_api, own_store):
    promotion = PromotionFactory(store=own_store, kind="double_12")
    ProductFactory(store=own_store, code="SH-T001", list_price=Decimal("129.00"))
    refused = manager_api.post(
        "/api/v1/promotion-items/", {"promotion": promotion.pk, "sku": "SH-T001", "promo_price": "80.00"}, format="json"
    )
    assert refused.status_code == 400
    assert "¥90.30" in refused.json()["promo_price"][0]
    ok = manager_api.post(
        "/api/v1/promotion-items/",
        {"promotion": promotion.pk, "sku": "SH-T001", "promo_price": "90.30", "uplift": "2.5", "presale_quantity": 20},
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["list_price"] == "129.00"
    unknown = manager_api.post(
        "/api/v1/promotion-items/", {"promotion": promotion.pk, "sku": "NOPE", "promo_price": "90.30"}, format="json"
    )
    assert unknown.status_code == 400 and "sku" in unknown.json()


def test_a_sku_code_used_by_two_stores_is_looked_up_in_the_promotions_store(manager_api, own_store, other_store):
    promotion = PromotionFactory(store=own_store)
    ProductFactory(store=other_store, code="SAME")
    mine = ProductFactory(store=own_store, code="SAME")
    response = manager_api.post(
        "/api/v1/promotion-items/", {"promotion": promotion.pk, "sku": "SAME", "promo_price": "90"}, format="json"
    )
    assert response.status_code == 201
    assert PromotionItem.objects.get().product == mine


def test_an_overlap_is_returned_in_a_header(manager_api, own_store):
    product = ProductFactory(store=own_store, code="A1")
    first = PromotionFactory(store=own_store, start_date=date(2026, 12, 1), end_date=date(2026, 12, 10))
    ItemFactory(promotion=first, product=product)
    second = PromotionFactory(store=own_store, start_date=date(2026, 12, 5), end_date=date(2026, 12, 6))
    response = manager_api.post(
        "/api/v1/promotion-items/", {"promotion": second.pk, "sku": "A1", "promo_price": "90"}, format="json"
    )
    assert response.status_code == 201 and response["Promotion-Overlaps"] == str(first.pk)


def test_stock_phases_status_and_calendar(manager_api, own_store):
    promotion = PromotionFactory(store=own_store, start_date=date(2026, 10, 21), end_date=date(2026, 11, 11))
    ItemFactory(promotion=promotion, product=ProductFactory(store=own_store), presale_quantity=30)
    phase = manager_api.post(
        "/api/v1/promotion-phases/",
        {"promotion": promotion.pk, "kind": "live", "start_date": "2026-11-11", "end_date": "2026-11-11"},
        format="json",
    )
    assert phase.status_code == 201
    outside = manager_api.post(
        "/api/v1/promotion-phases/",
        {"promotion": promotion.pk, "kind": "final_payment", "start_date": "2026-11-12", "end_date": "2026-11-12"},
        format="json",
    )
    assert outside.status_code == 400
    stock = manager_api.get(f"/api/v1/promotions/{promotion.pk}/stock/").json()
    assert stock["decision_deadline"] == "2026-10-14" and stock["rows"][0]["required"] == 30
    assert stock["total_shortfall"] == 30 and stock["selling_start"] == "2026-11-11"
    status = manager_api.post(f"/api/v1/promotions/{promotion.pk}/status/", {"status": "stock_decided"}, format="json")
    assert status.status_code == 200 and status.json()["stock_decided_on"] == "2026-10-01"
    calendar = manager_api.get("/api/v1/promotion-calendar/?month=2026-10").json()
    assert [row["promotion"] for row in calendar] == [promotion.pk]
    assert manager_api.get("/api/v1/promotion-calendar/?store=other-store").status_code == 404
    assert manager_api.get("/api/v1/promotion-calendar/?month=10-2026").status_code == 400


def test_preset_preview_and_adoption(manager_api, own_store, other_store):
    preview = manager_api.get("/api/v1/promotion-preset/?year=2027")
    assert preview.status_code == 200 and len(preview.json()) == 9
    assert manager_api.get("/api/v1/promotion-preset/?year=abc").status_code == 400
    adopted = manager_api.post("/api/v1/promotion-preset/", {"store": own_store.code, "year": 2027}, format="json")
    assert adopted.status_code == 200 and len(adopted.json()["created"]) == 9
    again = manager_api.post("/api/v1/promotion-preset/", {"store": own_store.code, "year": 2027}, format="json")
    assert again.json() == {"created": [], "already": 9}
    hidden = manager_api.post("/api/v1/promotion-preset/", {"store": other_store.code, "year": 2027}, format="json")
    assert hidden.status_code == 404


def test_the_schema_documents_the_promotion_endpoints(api, manager):
    api.force_authenticate(manager)
    schema = api.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert "/api/v1/promotions/{id}/" in paths and "/api/v1/promotion-preset/" in paths
    assert {"400", "403", "404", "409"} <= set(paths["/api/v1/promotions/{id}/"]["patch"]["responses"])
    assert {"400", "403", "404"} <= set(paths["/api/v1/promotion-items/"]["post"]["responses"])


def test_patching_an_item_applies_the_floor_and_keeps_its_sku(manager_api, own_store):
    promotion = PromotionFactory(store=own_store, kind="juhuasuan")
    item = ItemFactory(
        promotion=promotion, product=ProductFactory(store=own_store, code="B2"), promo_price=Decimal("90")
    )
    url = f"/api/v1/promotion-items/{item.pk}/"
    assert manager_api.patch(url, {"promo_price": "10.00"}, format="json").status_code == 400
    ok = manager_api.patch(url, {"uplift": "3.5"}, format="json")
    assert ok.status_code == 200 and ok.json()["uplift"] == "3.50" and ok.json()["sku"] == "B2"
    assert manager_api.delete(url).status_code == 204
    assert not PromotionItem.objects.exists()
