"""The demo's products and stock: a believable range, the health checks have something to show, idempotent."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Sum

from funnel.models import DailyMetric
from inventory.models import FactoryOrder, Product, StockMovement
from promotions.planning import product_planning, store_health
from stores.models import Store

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 22)


@pytest.fixture
def loaded(time_machine):
    time_machine.move_to("2026-11-22 09:00 +0800")
    call_command("seed_demo", stdout=io.StringIO())


def test_the_flagship_has_45_products_two_of_them_main_push(loaded):
    products = Product.objects.filter(store__code="tmall-flagship")
    assert products.count() == 45
    assert products.filter(is_main_push=True).count() == 2


def test_sales_per_sku_add_up_to_the_days_orders(loaded):
    store = Store.objects.get(code="tmall-flagship")
    day = date(2026, 11, 11)
    orders = DailyMetric.objects.get(store=store, date=day).orders
    sold = StockMovement.objects.filter(store=store, date=day, kind="sale").aggregate(total=Sum("quantity"))["total"]
    assert -sold == orders


def test_the_health_checks_find_a_sold_out_listed_item_and_one_below_its_reorder_point(loaded):
    store = Store.objects.get(code="tmall-flagship")
    checks = {c.key: c for c in store_health(store, AS_OF)}
    assert checks["out_of_stock_listed"].skus == ["SH-TW-002"]
    assert "SH-BL-001" in checks["below_reorder_point"].skus
    assert checks["listed_count"].ok and checks["main_push_count"].ok
    rows = {r.product.code: r for r in product_planning(store, AS_OF)}
    assert rows["SH-BD-001"].inbound_open == 300 and rows["SH-BD-001"].on_hand > rows["SH-BD-001"].safety_stock
    assert all(r.on_hand >= 0 for r in rows.values())


def test_open_factory_orders_exist(loaded):
    assert FactoryOrder.objects.filter(status="open").count() >= 2


def test_loading_twice_changes_nothing(loaded):
    def snapshot():
        return (
            Product.objects.count(),
            StockMovement.objects.count(),
            StockMovement.objects.aggregate(total=Sum("quantity"))["total"],
            FactoryOrder.objects.count(),
        )

    before = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == before
