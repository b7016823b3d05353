"""Inventory in headless Chromium: the products list, a product's projected-stock chart in both languages, and
customer service entering the day's sales (an oversold SKU is flagged, not hidden)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from core.dates import local_date
from inventory.domain import PROJECTION_DAYS
from tests.factories import PASSWORD, MembershipFactory, ProductFactory, StockMovementFactory, StoreFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def shop(db):
    from django.utils import timezone

    store = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店 Shanhe Tmall", platform="tmall")
    MembershipFactory(user=UserFactory(username="wang"), store=store, role="ops_manager")
    today = local_date(store.time_zone, timezone.now())
    main = ProductFactory(store=store, code="SH-BD-001", name="天丝四件套 Tencel set", is_main_push=True)
    other = ProductFactory(store=store, code="SH-TW-001", name="毛巾 Towels")
    StockMovementFactory(product=main, date=today - timedelta(days=40), quantity=200)
    StockMovementFactory(product=other, date=today - timedelta(days=40), quantity=3)
    for offset in range(1, 29):
        StockMovementFactory(
            product=main, kind="sale", date=today - timedelta(days=offset), quantity=-4, source="service_log"
        )
    return store


def log_in(page: Page, base: str, language: str) -> None:
    page.context.set_extra_http_headers({"Accept-Language": language})
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill("wang")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button.btn-primary[type=submit]").click()


@pytest.mark.parametrize(
    "language,heading", [("en", "Projected stock, next 60 days"), ("zh-hans", "未来 60 天库存预测")]
)
def test_the_product_page_draws_the_projection_with_its_table(live_server, page: Page, shop, language, heading):
    log_in(page, live_server.url, language)
    page.goto(f"{live_server.url}/inventory/{shop.code}/")
    table = page.get_by_test_id("product-table")
    expect(table.locator("tr[data-sku='SH-BD-001'] [data-testid=on-hand]")).to_have_text("88")
    page.get_by_role("link", name="SH-BD-001").click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_test_id("projection-chart").locator("canvas")).to_have_count(1)
    page.get_by_test_id("projection-table").locator("summary").click()
    expect(page.get_by_test_id("projection-table").locator("tbody tr")).to_have_count(PROJECTION_DAYS)


def test_the_days_sales_are_saved_and_overselling_is_flagged(live_server, page: Page, shop):
    log_in(page, live_server.url, "zh-hans")
    page.goto(f"{live_server.url}/inventory/{shop.code}/sales/")
    page.get_by_label("SH-BD-001 售出").fill("5")
    page.get_by_label("SH-TW-001 售出").fill("7")
    page.get_by_role("button", name="保存当日销量").click()
    expect(page.get_by_role("alert").filter(has_text="SH-TW-001 库存为 −4 件")).to_be_visible()
    expect(page.get_by_label("SH-BD-001 售出")).to_have_value("5")
    page.goto(f"{live_server.url}/inventory/{shop.code}/")
    expect(page.get_by_test_id("health-negative_stock")).to_have_attribute("data-status", "danger")
