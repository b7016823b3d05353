"""Reads of stock and the planning figures, in a constant number of queries. With the promotions ahead:
tests/promotions/test_planning.py."""

from datetime import timedelta
from decimal import Decimal

import pytest

from inventory.domain import average_daily_sales, reorder_point
from inventory.models import StockPolicy
from inventory.selectors import daily_sales_by_product, on_hand_by_product, stock_planning, store_checks
from tests.factories import FactoryOrderFactory, ProductFactory, StockMovementFactory

from .conftest import AS_OF, sale


def test_on_hand_sums_every_kind_of_movement(stocked):
    sale(stocked, AS_OF - timedelta(days=1), 12)
    StockMovementFactory(product=stocked, kind="return", quantity=2)
    StockMovementFactory(product=stocked, kind="count", quantity=-5, counted=85)
    assert on_hand_by_product([stocked.pk]) == {stocked.pk: 85}


def test_a_product_without_movements_has_nothing_on_hand(product):
    assert on_hand_by_product([product.pk]) == {product.pk: 0}


def test_daily_sales_add_up_the_sources_of_a_day(stocked):
    day = AS_OF - timedelta(days=2)
    sale(stocked, day, 4)
    sale(stocked, day, 6, source="client:3")
    assert daily_sales_by_product([stocked.pk], day, day) == {stocked.pk: {day: 10}}


def test_planning_figures_of_a_main_push_item(own_store):
    product = ProductFactory(store=own_store, is_main_push=True, lead_time_days=10)
    StockMovementFactory(product=product, date=AS_OF - timedelta(days=40), quantity=300)
    for offset in range(1, 29):
        sale(product, AS_OF - timedelta(days=offset), 3 if offset <= 7 else 1)
    FactoryOrderFactory(product=product, quantity=50, ordered_on=AS_OF, expected_on=AS_OF + timedelta(days=10))
    [row] = stock_planning(own_store.products.all(), AS_OF, {})
    sold = 7 * 3 + 21 * 1
    assert row.on_hand == 300 - sold
    assert row.average_7 == Decimal("3.00")
    assert row.average_28 == Decimal("1.50")
    assert row.days_of_cover == Decimal("172.0")
    assert row.safety_stock == 30  # the playbook's default for main-push items
    assert row.reorder_point == reorder_point(Decimal("1.50"), 10, 30) == 45
    assert row.inbound_open == 50
    assert row.suggested_order == 0
    assert len(row.projection) == 60 and row.projection[10].inbound == 50


def test_a_policy_changes_the_safety_stock_and_the_order(own_store):
    StockPolicy.objects.create(store=own_store, main_push_safety_stock=50, order_cover_days=20)
    product = ProductFactory(store=own_store, is_main_push=True, lead_time_days=10)
    StockMovementFactory(product=product, date=AS_OF - timedelta(days=40), quantity=60)
    for offset in range(1, 29):
        sale(product, AS_OF - timedelta(days=offset), 2)
    [row] = stock_planning(own_store.products.all(), AS_OF, {})
    assert row.on_hand == 4 and row.safety_stock == 50
    assert row.reorder_point == 70
    assert row.suggested_order == 2 * (10 + 20) + 50 - 4
    assert row.below_reorder_point


def test_average_matches_the_domain_on_the_same_window(stocked):
    for offset in range(0, 35):
        sale(stocked, AS_OF - timedelta(days=offset), offset % 4)
    daily = daily_sales_by_product([stocked.pk], AS_OF - timedelta(days=28), AS_OF - timedelta(days=1))[stocked.pk]
    [row] = stock_planning([stocked], AS_OF, {})
    assert row.average_28 == average_daily_sales(daily, AS_OF, 28)


@pytest.mark.parametrize("listed", [True, False])
def test_health_flags_an_out_of_stock_listed_item(own_store, listed):
    ProductFactory(store=own_store, code="EMPTY", is_listed=listed)
    checks = {c.key: c for c in store_checks(own_store, AS_OF, stock_planning(own_store.products.all(), AS_OF, {}))}
    assert checks["out_of_stock_listed"].skus == (["EMPTY"] if listed else [])
    assert checks["listed_count"].status == "warning"


def test_the_inventory_figures_read_in_a_constant_number_of_queries(own_store, django_assert_max_num_queries):
    for product in ProductFactory.create_batch(30, store=own_store):
        StockMovementFactory(product=product, date=AS_OF - timedelta(days=30), quantity=50)
        sale(product, AS_OF - timedelta(days=1), 2)
        FactoryOrderFactory(product=product, ordered_on=AS_OF, expected_on=AS_OF + timedelta(days=5))
    with django_assert_max_num_queries(5):
        rows = stock_planning(own_store.products.all(), AS_OF, {})
    assert len(rows) == 30 and all(len(row.projection) == 60 for row in rows)
