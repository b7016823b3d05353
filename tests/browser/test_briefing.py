"""The morning briefing in headless Chromium, in Chinese, on a phone (390 px) and a desktop: the manager lands on
it after logging in, reads the figures as Chinese readers write them (¥, 万, %), sees the stores compared in a chart,
and follows a to-do to the page to act on; nothing sticks out past the window."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from core import numbers
from dashboards.selectors import briefing
from tests.dashboards.conftest import stock_and_promotions
from tests.factories import PASSWORD

from .conftest import ARTIFACTS
from .test_dashboards import flagship  # noqa: F401 - the fixture is used by name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SCREENSHOTS = ARTIFACTS / "screenshots" / "briefing"


@pytest.mark.parametrize("width", [390, 1440])
def test_the_manager_lands_on_the_briefing_and_acts_on_a_to_do(live_server, browser: Browser, flagship, width):  # noqa: F811
    stock_and_promotions(flagship)
    wang = User.objects.get(username="wang")
    store = next(s for s in briefing(wang).stores if s.code == "tmall-flagship")
    page = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("wang")
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="今日晨报")).to_be_visible()
    card = page.get_by_test_id("briefing-tmall-flagship")
    expect(card).to_contain_text("昨日")
    expect(card.get_by_test_id("gmv-mtd")).to_have_text(numbers.compact(store.month.gmv, "zh-hans", currency=True))
    assert "万" in card.get_by_test_id("gmv-mtd").inner_text()
    expect(card.get_by_test_id("pace")).to_have_text(re.compile(r"^\d[\d,]*%$"))
    expect(card.get_by_test_id("orders-yesterday")).to_have_text(numbers.count(store.day.orders))
    expect(page.locator("#briefing-chart canvas").first).to_be_attached()
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow} px wider than the window"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"briefing-{width}.png"), full_page=True)

    todo = card.get_by_test_id("todo-tmall-flagship")
    item = todo.locator("li[data-kind=out_of_stock] a").first
    expect(item).to_contain_text("在售但已断货")
    item.click()
    expect(page).to_have_url(f"{live_server.url}/inventory/tmall-flagship/products/tmall-flagship-0/")
