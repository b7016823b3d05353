"""The product page's stock ledger: paged, and each movement's source shown as a label, never an internal key."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.choices import Role
from funnel.choices import SERVICE_LOG_SOURCE, client_source
from funnel.sources import source_labels
from tests.factories import (
    MembershipFactory,
    ProductFactory,
    StockMovementFactory,
    StoreFactory,
    UserFactory,
    api_client_with_key,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    return ProductFactory(store=StoreFactory(code="ledger-shop"), code="LED-1")


def _page(product, query=""):
    viewer = UserFactory(username=f"viewer-{query or 'first'}")
    MembershipFactory(user=viewer, store=product.store, role=Role.VIEWER)
    browser = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    browser.force_login(viewer)
    url = reverse("inventory:product_detail", kwargs={"store": product.store.code, "sku": product.code})
    return browser.get(url + query).content.decode()


def test_the_ledger_is_paged_fifty_movements_at_a_time(product):
    first = datetime.date(2026, 1, 1)
    for n in range(120):
        StockMovementFactory(product=product, date=first + datetime.timedelta(days=n), quantity=n + 1)
    pages = [_page(product, f"?page={n}") for n in (1, 2, 3)]
    ledgers = [page[page.index('data-testid="ledger"') :] for page in pages]
    rows = [ledger[: ledger.index("</table>")].count("<tr>") - 1 for ledger in ledgers]
    assert rows == [50, 50, 20]
    assert "page=2" in ledgers[0] and "第 1 页，共 3 页" in ledgers[0]
    assert "2026-04-30" in ledgers[0] and "2026-01-01" in ledgers[2]


def test_the_ledger_names_each_source(product):
    client, _key = api_client_with_key("erp-sync", product.store)
    for n, source in enumerate([client_source(client.pk), SERVICE_LOG_SOURCE, "demo:opening", "factory_order:7"]):
        StockMovementFactory(product=product, kind="receipt", date=datetime.date(2026, 1, 1 + n), source=source)
    page = _page(product)
    start = page.index('data-testid="ledger"')
    ledger = page[start : page.index("</table>", start)]
    for label in ("API 客户端 erp-sync", "客服日志", "演示数据：期初库存", "工厂订单 #7"):
        assert label in ledger
    for key in ("client:", "service_log", "demo:opening", "factory_order:"):
        assert key not in ledger


def test_every_source_key_written_has_a_label():
    user = UserFactory(username="counter")
    with translation.override("zh-hans"):
        labels = source_labels(
            (SERVICE_LOG_SOURCE, "system", "demo:opening", "factory_order:3", "client:9", f"user:{user.pk}")
        )
    assert all(label != key for key, label in labels.items())
    assert labels[f"user:{user.pk}"] == "counter"
    assert labels["client:9"] == "API 客户端 #9"


def test_the_ledger_leaves_out_days_that_moved_nothing_and_signs_what_moved(product):
    day = datetime.date(2026, 1, 5)
    StockMovementFactory(product=product, kind="receipt", date=day, quantity=1200)
    StockMovementFactory(product=product, kind="sale", date=day, quantity=-3, source="client:1")
    StockMovementFactory(product=product, kind="return", date=day, quantity=0, source="client:1", day_total=True)
    page = _page(product)
    start = page.index('data-testid="ledger"')
    ledger = page[start : page.index("</table>", start)]
    assert ledger.count("<tr>") - 1 == 2
    assert "+1,200" in ledger and "−3" in ledger and "+0" not in ledger
