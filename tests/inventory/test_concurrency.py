"""Concurrent writes of stock on real PostgreSQL: pushes from two clients at once, and counts at once."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import connection, transaction

from funnel.choices import SERVICE_LOG_SOURCE
from inventory.models import StockMovement
from inventory.sales import SalesRecord
from inventory.selectors import on_hand_by_product
from inventory.services import sales_ingest, stock_count_record
from tests.factories import ProductFactory, StockMovementFactory, StoreFactory, api_client_with_key

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _every_push_at_once(settings):
    """No push cap (API_PUSH_CONCURRENCY): these tests are about concurrent writes in the database, so every push
    must run at once; the cap's 429 is tested in tests/funnel/test_api_metrics_contract.py."""
    settings.API_PUSH_CONCURRENCY = 0


DAY = date(2026, 10, 20)


def post(url: str, key: str, records: list[dict]) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps({"records": records}).encode(),
        method="POST",
        headers={"Authorization": f"Token {key}", "Content-Type": "application/json", "Accept-Language": "en"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def on_hand(product) -> int:
    return on_hand_by_product([product.pk])[product.pk]


def in_thread(work):
    """Run ``work`` on its own database connection, closing it afterwards."""

    def run(*args):
        try:
            return work(*args)
        finally:
            connection.close()

    return run


def test_two_sales_of_one_sku_pushed_at_once_by_two_clients_both_count(live_server):
    store = StoreFactory(code="busy-store")
    product = ProductFactory(store=store, code="SH-HOT")
    StockMovementFactory(product=product, quantity=100)
    _, key_a = api_client_with_key("erp", store)
    _, key_b = api_client_with_key("douyin-scraper", store)
    url = f"{live_server.url}/api/v1/inventory/sales/daily/"
    jobs = [
        (key, [{"store": "busy-store", "sku": "SH-HOT", "date": DAY.isoformat(), "quantity": units}])
        for key, units in ((key_a, 7), (key_b, 5))
    ] * 3  # each client sends its push three times at once: retries count once
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda job: post(url, *job), jobs))
    assert sum(a["created"] for a in answers) == 2
    assert sum(a["unchanged"] for a in answers) == 4
    assert on_hand(product) == 100 - 7 - 5
    assert StockMovement.objects.filter(kind="sale").count() == 2


def test_many_days_of_one_sku_pushed_at_once_all_count(live_server):
    store = StoreFactory(code="busy-store")
    product = ProductFactory(store=store, code="SH-HOT")
    _, key = api_client_with_key("erp", store)
    url = f"{live_server.url}/api/v1/inventory/sales/daily/"
    jobs = [[{"store": "busy-store", "sku": "SH-HOT", "date": f"2026-10-{d:02d}", "quantity": 1}] for d in range(1, 9)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda records: post(url, key, records), jobs))
    assert on_hand(product) == -8


def test_two_counts_at_once_do_not_compute_from_the_same_base():
    product = ProductFactory(code="SH-CNT")
    StockMovementFactory(product=product, quantity=100)
    first_counted = threading.Event()

    @in_thread
    def first():
        with transaction.atomic():
            stock_count_record(product, 90, DAY, None)
            first_counted.set()
            time.sleep(0.5)  # hold the product's row lock while the second count starts

    @in_thread
    def second():
        first_counted.wait(5)
        stock_count_record(product, 70, DAY, None)

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(first), pool.submit(second)]
        for future in futures:
            future.result()
    counts = list(StockMovement.objects.filter(kind="count").order_by("id").values_list("counted", "quantity"))
    assert counts == [(90, -10), (70, -20)]  # the second counted from the first's result, not from 100
    assert on_hand(product) == 70


def test_a_count_waits_for_a_sales_push_of_the_product_and_counts_after_it():
    product = ProductFactory(code="SH-CNT")
    StockMovementFactory(product=product, quantity=100)
    StockMovementFactory(product=product, kind="sale", quantity=-5, source=SERVICE_LOG_SOURCE)
    pushed = threading.Event()
    record = SalesRecord(0, product.store.code, product.code, product.pk, date(2026, 10, 1), 12)

    @in_thread
    def push():
        with transaction.atomic():
            sales_ingest([record], SERVICE_LOG_SOURCE)  # replaces the day's 5 with 12 (an UPDATE, no new row)
            pushed.set()
            time.sleep(0.5)

    @in_thread
    def count():
        pushed.wait(5)
        stock_count_record(product, 80, DAY, None)

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(push), pool.submit(count)]
        for future in futures:
            future.result()
    count_movement = StockMovement.objects.get(kind="count")
    assert count_movement.quantity == 80 - (100 - 12)
    assert on_hand(product) == 80
