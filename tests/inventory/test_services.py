"""Writes of products, movements, counts, factory orders and the sales ingest."""

from datetime import date
from decimal import Decimal

import pytest

from funnel.choices import SERVICE_LOG_SOURCE
from inventory.models import FactoryOrder, Product, StockMovement
from inventory.sales import SalesRecord
from inventory.selectors import on_hand_by_product
from inventory.services import (
    ProductConflict,
    ProductInvalid,
    StockInvalid,
    factory_order_cancel,
    factory_order_create,
    factory_order_receive,
    movement_record,
    product_create,
    product_update,
    sales_ingest,
    stock_count_record,
)
from tests.factories import FactoryOrderFactory, UserFactory

DAY = date(2026, 10, 20)
VALUES = {"code": "SH-B100", "name": "竹制托盘 Bamboo tray", "list_price": Decimal("89.00"), "cost": Decimal("30.00")}


def on_hand(product) -> int:
    return on_hand_by_product([product.pk])[product.pk]


class TestProducts:
    def test_it_creates_a_product_with_the_policy_defaults(self, own_store):
        product = product_create(own_store, VALUES)
        assert product.version == 1 and product.safety_stock is None and product.is_listed

    def test_it_refuses_a_duplicate_sku_code_in_the_store(self, own_store):
        product_create(own_store, VALUES)
        with pytest.raises(ProductInvalid) as caught:
            product_create(own_store, {**VALUES, "name": "another"})
        assert "code" in caught.value.errors
        assert Product.objects.count() == 1

    def test_the_same_code_is_fine_in_another_store(self, own_store, other_store):
        product_create(own_store, VALUES)
        product_create(other_store, VALUES)
        assert Product.objects.count() == 2

    def test_it_refuses_a_negative_price_and_a_bad_code(self, own_store):
        with pytest.raises(ProductInvalid) as caught:
            product_create(own_store, {**VALUES, "code": "bad code!", "list_price": Decimal("-1")})
        assert {"code", "list_price"} <= set(caught.value.errors)

    def test_update_bumps_the_version(self, product):
        updated = product_update(product.pk, {"name": "新名字"}, version=product.version)
        assert updated.name == "新名字" and updated.version == product.version + 1

    def test_a_stale_version_is_a_conflict_and_changes_nothing(self, product):
        product_update(product.pk, {"name": "first"}, version=1)
        with pytest.raises(ProductConflict) as caught:
            product_update(product.pk, {"name": "second"}, version=1)
        assert caught.value.product.version == 2
        product.refresh_from_db()
        assert product.name == "first"


class TestMovements:
    def test_a_receipt_adds_to_on_hand(self, stocked):
        result = movement_record(stocked, "receipt", 20, DAY, None)
        assert result.on_hand == 120 and result.warning is None

    def test_an_adjustment_needs_a_reason(self, stocked):
        with pytest.raises(StockInvalid) as caught:
            movement_record(stocked, "adjustment", -5, DAY, None, note="  ")
        assert caught.value.field == "note"
        assert on_hand(stocked) == 100

    def test_a_negative_adjustment_below_zero_is_flagged(self, stocked):
        result = movement_record(stocked, "adjustment", -130, DAY, None, note="broken in the warehouse")
        assert result.on_hand == -30
        assert result.warning.on_hand == -30 and result.warning.sku == "SH-T001"

    @pytest.mark.parametrize("kind,quantity", [("receipt", 0), ("return", -2), ("sale", 3), ("count", 3)])
    def test_it_refuses_bad_kinds_and_quantities(self, stocked, kind, quantity):
        with pytest.raises(StockInvalid):
            movement_record(stocked, kind, quantity, DAY, None, note="x")
        assert StockMovement.objects.count() == 1

    def test_a_count_records_the_difference_from_on_hand(self, stocked):
        user = UserFactory()
        result = stock_count_record(stocked, 93, DAY, user)
        assert result.movement.quantity == -7 and result.movement.counted == 93
        assert result.movement.source == f"user:{user.pk}"
        assert on_hand(stocked) == 93

    def test_a_count_after_negative_stock_brings_it_back(self, stocked):
        movement_record(stocked, "adjustment", -110, DAY, None, note="lost")
        stock_count_record(stocked, 4, DAY, None)
        assert on_hand(stocked) == 4


class TestFactoryOrders:
    def test_receiving_appends_one_receipt_once(self, stocked):
        order = factory_order_create(stocked, 50, DAY, date(2026, 11, 5), None)
        result = factory_order_receive(order, date(2026, 11, 4), None)
        assert result.on_hand == 150
        assert FactoryOrder.objects.get().status == "received"
        with pytest.raises(StockInvalid):
            factory_order_receive(order, date(2026, 11, 4), None)
        assert on_hand(stocked) == 150

    def test_a_cancelled_order_cannot_be_received(self, stocked):
        order = FactoryOrderFactory(product=stocked)
        factory_order_cancel(order, None)
        with pytest.raises(StockInvalid):
            factory_order_receive(order, DAY, None)
        assert on_hand(stocked) == 100

    def test_it_refuses_an_expected_date_before_the_order(self, stocked):
        with pytest.raises(StockInvalid) as caught:
            factory_order_create(stocked, 50, DAY, date(2026, 10, 1), None)
        assert caught.value.field == "expected_on"


def record(product, day=DAY, quantity=5, returns=None, index=0):
    return SalesRecord(index, product.store.code, product.code, product.pk, day, quantity, returns)


class TestSalesIngest:
    def test_it_creates_then_replaces_the_day_total(self, stocked):
        status, body = sales_ingest([record(stocked, quantity=5)], SERVICE_LOG_SOURCE)
        assert status == 200 and body == {"created": 1, "updated": 0, "unchanged": 0, "warnings": []}
        _, body = sales_ingest([record(stocked, quantity=8)], SERVICE_LOG_SOURCE)
        assert body["updated"] == 1
        assert on_hand(stocked) == 92

    def test_a_retried_push_counts_once(self, stocked):
        sales_ingest([record(stocked, quantity=5, returns=1)], SERVICE_LOG_SOURCE)
        _, body = sales_ingest([record(stocked, quantity=5, returns=1)], SERVICE_LOG_SOURCE)
        assert body["unchanged"] == 1
        assert on_hand(stocked) == 96
        assert StockMovement.objects.filter(day_total=True).count() == 2

    def test_two_sources_both_count(self, stocked):
        sales_ingest([record(stocked, quantity=5)], SERVICE_LOG_SOURCE)
        sales_ingest([record(stocked, quantity=3)], "client:7")
        assert on_hand(stocked) == 92

    def test_returns_left_out_keep_the_reported_returns(self, stocked):
        sales_ingest([record(stocked, quantity=5, returns=2)], SERVICE_LOG_SOURCE)
        sales_ingest([record(stocked, quantity=6)], SERVICE_LOG_SOURCE)
        assert on_hand(stocked) == 96

    def test_selling_more_than_on_hand_is_written_and_warned(self, stocked):
        _, body = sales_ingest([record(stocked, quantity=103)], SERVICE_LOG_SOURCE)
        assert body["created"] == 1
        assert body["warnings"] == [
            {
                "store": "own-store",
                "sku": "SH-T001",
                "on_hand": -3,
                "message": "SH-T001 is at −3 units: more went out than was in stock; count it.",
            }
        ]
        assert on_hand(stocked) == -3
