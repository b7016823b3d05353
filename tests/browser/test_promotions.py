"""The promotion calendar in headless Chromium: a manager adopts the year's preset, adds SKUs (a price below
the 7折 floor is refused with the rule and the lowest price, then a valid one is saved; Double 11 takes a deeper
price), and sees the stock shortfall and the stock-decision deadline on the month calendar. A screenshot of the
calendar is kept in test-results/ (a CI artifact)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.factories import PASSWORD, MembershipFactory, StoreFactory, UserFactory
from tests.promotions.factories import ProductFactory, daily_sales, stock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture
def shop(db):
    manager = UserFactory(username="li")
    store = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店", platform="tmall")
    MembershipFactory(user=manager, store=store, role="ops_manager")
    today = timezone.localdate()
    product = ProductFactory(store=store, code="SH-T001", name="纯棉T恤 Cotton tee", list_price=Decimal("99.00"))
    stock(product, today - timedelta(days=40), 80)
    daily_sales(product, today - timedelta(days=1), 28, 1)
    return store


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def add_sku(page: Page, price: str, presale: str = "0") -> None:
    form = page.get_by_test_id("item-form")
    form.get_by_label("商品").select_option(label="SH-T001 纯棉T恤 Cotton tee · ¥99.00")
    form.get_by_label("活动价（元）").fill(price)
    form.get_by_label("预计销量倍数（× 日常）").fill("3")
    form.get_by_label("预售数量").fill(presale)
    form.get_by_test_id("item-save").click()


def test_adopt_the_preset_price_floor_shortfall_and_deadline_on_the_calendar(
    live_server, browser: Browser, shop, browser_errors
):
    browser_errors.allow(r"status of 422")  # the price below the floor is refused, as the test wants
    today = timezone.localdate()
    # The next Double 11 whose stock decision (21 October − 7 days) is still ahead.
    year = today.year if today < date(today.year, 10, 14) else today.year + 1
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url
    log_in(page, base, "li")

    page.get_by_role("link", name="活动", exact=True).click()
    page.get_by_role("link", name="山禾天猫旗舰店").click()
    page.get_by_test_id("preset-link").click()
    page.get_by_label("年份").fill(str(year))
    page.get_by_test_id("adopt").click()
    expect(page.get_by_text(f"已将 {year} 年的 9 个活动加入日历。")).to_be_visible()
    table = page.get_by_test_id("promotion-table")
    expect(table.get_by_role("link", name=f"双11 Double 11 {year}")).to_be_visible()
    expect(table.get_by_role("link", name=f"双12 Double 12 {year}")).to_be_visible()

    # 12.12 keeps the floor: 99.00 × 70% = 69.30.
    table.get_by_role("link", name=f"双12 Double 12 {year}").click()
    add_sku(page, "59.00")
    error = page.get_by_test_id("error-promo_price")
    expect(error).to_contain_text("除双11和淘金币外，活动价不得低于标价的 70%（7折）")
    expect(error).to_contain_text("¥69.30")
    expect(page.get_by_test_id("stock-row-SH-T001")).to_have_count(0)
    add_sku(page, "69.30")
    expect(page.get_by_text("SH-T001 已保存到活动中。")).to_be_visible()
    expect(page.get_by_test_id("stock-row-SH-T001")).to_contain_text("¥69.30")

    # Double 11 allows the deeper price; 200 pre-sold units are more than the stock.
    page.goto(f"{base}/promotions/tmall-flagship/?year={year}")
    page.get_by_test_id("promotion-table").get_by_role("link", name=f"双11 Double 11 {year}").click()
    add_sku(page, "49.00", presale="200")
    row = page.get_by_test_id("stock-row-SH-T001")
    expect(row).to_contain_text("¥49.00")
    expect(row.get_by_test_id("shortfall")).to_be_visible()
    expect(page.get_by_test_id("risk-badge")).to_be_visible()
    expect(page.get_by_test_id("decision-deadline")).to_contain_text(f"{year}-10-14")

    # The calendar of October: Double 11's bar with its risk badge, the stock-decision deadline on 14 October.
    page.get_by_test_id("store-calendar-link").click()
    page.goto(f"{base}/promotions/tmall-flagship/calendar/?month={year}-09")
    page.get_by_test_id("next-month").click()
    expect(page.get_by_test_id("calendar-month")).to_contain_text(f"{year}-10")
    bar = page.get_by_test_id("bar").filter(has_text=f"双11 Double 11 {year}")
    expect(bar.first).to_be_visible()
    expect(bar.first.get_by_test_id("risk")).to_be_visible()
    deadline_day = page.locator(f'[data-date="{year}-10-14"]')
    expect(deadline_day.get_by_test_id("marker-decision")).to_contain_text(f"备货决策：双11 Double 11 {year}")
    expect(page.get_by_test_id("risk-list")).to_contain_text(f"请在 {year}-10-14 前确定备货")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "promotion-calendar.png"), full_page=True)
    assert errors == []
