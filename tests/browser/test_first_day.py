"""A new shop's first day, in Simplified Chinese, as a manager and a customer-service colleague live it: create the
store, create its plan from the template, move two stages' dates and save, make it active, log yesterday's orders
with visitors, recompute and read the day on the dashboard (orders, UV, GMV and the conversion they give)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, MembershipFactory, StoreFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def manager(db):
    home = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店", platform="tmall")
    user = UserFactory(username="wang")
    MembershipFactory(user=user, store=home, role="ops_manager")
    return user


def log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("wang")
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def test_a_new_store_gets_a_plan_a_logged_day_and_its_dashboard_in_chinese(live_server, page: Page, manager):
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    log_in(page, live_server.url)

    page.goto(f"{live_server.url}/stores/new/")
    page.get_by_label("代码").fill("pdd-outlet")
    page.get_by_label("名称").fill("山禾拼多多店")
    page.get_by_label("平台").select_option("pinduoduo")
    page.get_by_label("开店日期").fill((today - timedelta(days=10)).isoformat())
    page.locator("main").get_by_role("button", name="保存").click()
    expect(page.get_by_text("店铺 山禾拼多多店 已创建。")).to_be_visible()

    page.goto(f"{live_server.url}/stores/pdd-outlet/plans/new/")
    page.get_by_label("名称").fill("2026 年度计划")
    page.get_by_label("周期开始").fill((today - timedelta(days=10)).isoformat())
    page.get_by_label("周期结束").fill((today + timedelta(days=355)).isoformat())
    page.get_by_role("button", name="创建计划").click()
    expect(page.get_by_test_id("stage-table")).to_be_visible()

    # The stage dates render as ISO in Chinese too: move stage 1's end and stage 2's start by a week and save.
    first, second = page.get_by_test_id("stage-row-1"), page.get_by_test_id("stage-row-2")
    first_end = first.get_by_label("结束").input_value()
    assert first_end, "stage dates must render in the date inputs"
    moved_end = (timezone.datetime.fromisoformat(first_end).date() + timedelta(days=7)).isoformat()
    moved_start = (timezone.datetime.fromisoformat(first_end).date() + timedelta(days=8)).isoformat()
    first.get_by_label("结束").fill(moved_end)
    second.get_by_label("开始").fill(moved_start)
    page.get_by_test_id("save-plan").click()
    expect(page.get_by_text("计划已保存，每日目标已重新计算。")).to_be_visible()
    page.reload()
    expect(page.get_by_test_id("stage-row-1").get_by_label("结束")).to_have_value(moved_end)
    expect(page.get_by_test_id("stage-row-2").get_by_label("开始")).to_have_value(moved_start)
    page.get_by_role("button", name="设为生效").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("生效中")

    page.goto(f"{live_server.url}/orders/pdd-outlet/?date={yesterday.isoformat()}")
    figures = {
        "访客数（UV）": "800",
        "订单": "20",
        "成交额（元）": "3000",
        "退款数": "0",
        "投诉数": "0",
        "24 小时内发货": "20",
        "24–48 小时内发货": "0",
        "48 小时后发货": "0",
    }
    for label, value in figures.items():
        page.get_by_label(label, exact=False).fill(value)
    page.locator("main").get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text("已保存")

    page.goto(f"{live_server.url}/dashboards/pdd-outlet/")
    page.get_by_test_id("recompute").click()
    page.get_by_test_id("reload").click()
    days = page.get_by_test_id("period-table")
    row = days.locator("tr", has_text=yesterday.isoformat())
    expect(row).to_contain_text("800")
    expect(row).to_contain_text("¥3,000.00")
    expect(row).to_contain_text("2.50%")  # 20 orders of 800 visitors
