"""Customer service logs a day in headless Chromium, then corrects it and sees the history; a day that an API client
reported on a store that prefers API figures is saved but said not to count, and why."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.dates import local_date
from funnel.domain.records import validate_records
from funnel.services.metrics import metrics_ingest
from imports.choices import ImportStatus
from imports.models import ImportJob
from tests.factories import PASSWORD, MembershipFactory, StoreFactory, UserFactory, api_client_with_key

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def shop(db):
    store = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店 Shanhe Tmall", platform="tmall")
    StoreFactory(code="jd-shop", name="别人的京东店 Someone's JD", platform="jd")
    MembershipFactory(user=UserFactory(username="wang"), store=store, role="customer_service")
    return store


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def fill(page: Page, figures: dict[str, str]) -> None:
    for label, value in figures.items():
        page.get_by_label(label, exact=False).fill(value)


def test_customer_service_logs_a_day_then_corrects_it_and_sees_the_history(live_server, page: Page, shop):
    today = local_date(shop.time_zone, timezone.now()).isoformat()
    log_in(page, live_server.url, "wang")

    page.get_by_role("link", name="订单", exact=True).click()
    expect(page.get_by_role("heading", name="客服日志")).to_be_visible()
    statuses = page.get_by_test_id("store-status-table")
    expect(statuses).to_contain_text(shop.name)
    expect(statuses).to_contain_text("尚未登记")
    expect(statuses).not_to_contain_text("Someone's JD")

    page.get_by_label("店铺").select_option(label=shop.name)
    page.get_by_test_id("picker-open").click()
    expect(page.get_by_test_id("log-store")).to_have_text(shop.name)
    expect(page.get_by_test_id("log-day")).to_contain_text(today)

    fill(
        page,
        {
            "订单": "10",
            "成交额（元）": "965.00",
            "退款数": "1",
            "投诉数": "0",
            "24 小时内发货": "8",
            "24–48 小时内发货": "2",
            "48 小时后发货": "0",
            "描述相符": "4.80",
            "服务态度": "4.90",
            "物流服务": "4.70",
            "好评率": "99.20",
        },
    )
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text(f"已保存 {shop.name} {today} 的日志，看板采用的就是这份数据。")
    row = page.locator(f'[data-testid="log-table"] tr[data-date="{today}"]')
    expect(row).to_contain_text("965.00")
    expect(row).to_contain_text("wang")
    expect(page.get_by_test_id("log-history-empty")).to_be_visible()

    row.get_by_role("link", name="编辑").click()
    expect(page.get_by_label("订单", exact=False)).to_have_value("10")
    fill(page, {"订单": "12", "24 小时内发货": "10"})
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("原数值保留在历史中")
    history = page.get_by_test_id("log-history")
    expect(history).to_contain_text("由 wang 修改")
    expect(history).to_contain_text("订单数：10 → 12")
    expect(history).to_contain_text("24 小时内发货：8 → 10")
    expect(row.locator("td").nth(3)).to_have_text("12")  # date, counted?, visitors, orders


def test_a_mistake_in_the_figures_is_explained_on_the_page(live_server, page: Page, shop):
    log_in(page, live_server.url, "wang")
    page.goto(f"{live_server.url}/orders/{shop.code}/")
    fill(
        page,
        {
            "订单": "5",
            "成交额（元）": "100",
            "退款数": "0",
            "投诉数": "0",
            "24 小时内发货": "5",
            "24–48 小时内发货": "1",
            "48 小时后发货": "0",
        },
    )
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("合计 6，多于当天的 5 单")
    expect(page.get_by_test_id("log-table")).not_to_contain_text("100.00")


def test_the_import_page_follows_a_running_import_until_it_is_done(live_server, page: Page, shop):
    job = ImportJob.objects.create(
        store=shop, file_name="days.csv", content=b"", status=ImportStatus.RUNNING, total_rows=400, processed_rows=100
    )
    log_in(page, live_server.url, "wang")
    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    progress = page.get_by_role("progressbar")
    expect(progress).to_have_attribute("aria-valuenow", "25")

    ImportJob.objects.filter(pk=job.pk).update(processed_rows=300)
    expect(progress).to_have_attribute("aria-valuenow", "75")
    expect(page.get_by_test_id("import-progress")).to_contain_text("已检查 300 / 400 行")

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, processed_rows=400, created_rows=400)
    expect(page.get_by_role("status")).to_contain_text("已导入 400 天：新增 400")


def test_a_day_an_api_client_reported_is_saved_with_its_visitors_but_said_not_to_count_and_why(
    live_server, page: Page, shop
):
    yesterday = local_date(shop.time_zone, timezone.now()) - timedelta(days=1)
    client, _key = api_client_with_key("erp-sync", shop)
    record = {"store": shop.code, "date": yesterday.isoformat(), "uv": 1500, "orders": 31, "gmv": "3100.00"}
    clean, errors = validate_records([record], {shop.code: yesterday + timedelta(days=1)})
    assert errors == [] and shop.source_policy == "api"  # the default: API figures first
    metrics_ingest(client, clean, {shop.code: shop.pk})

    page.context.set_extra_http_headers({"Accept-Language": "zh-hans"})
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("wang")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/orders/{shop.code}/?date={yesterday.isoformat()}")
    fill(
        page,
        {
            "访客数（UV）": "1200",
            "订单": "30",
            "成交额（元）": "2980.00",
            "退款数": "0",
            "投诉数": "0",
            "24 小时内发货": "30",
            "24–48 小时内发货": "0",
            "48 小时后发货": "0",
        },
    )
    page.get_by_role("button", name="保存").click()

    reason = f"本店优先采用 API 数据（API 客户端 erp-sync 已上报 {yesterday.month}月{yesterday.day}日）"
    saved = f"已保存 {shop.name} {yesterday.isoformat()} 的日志，但看板未采用这份数据：{reason}。"
    expect(page.get_by_role("alert")).to_contain_text(saved)
    expect(page.get_by_test_id("log-counting")).to_contain_text(f"未采用：{reason}")
    row = page.locator(f'[data-testid="log-table"] tr[data-date="{yesterday.isoformat()}"]')
    expect(row.get_by_test_id(f"counting-{yesterday.isoformat()}")).to_have_text("未采用")
    expect(row.locator("td").nth(2)).to_have_text("1,200")
    expect(page.get_by_test_id(f"reason-{yesterday.isoformat()}")).to_have_text(f"未采用：{reason}")
    expect(page.locator("body")).not_to_contain_text(f"client:{client.pk}")


def test_on_a_phone_each_store_shows_its_button_to_log_today_without_scrolling_sideways(live_server, browser, shop):
    MembershipFactory(user=shop.memberships.get().user, store=StoreFactory(code="jd-shop-2"), role="customer_service")
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(page, live_server.url, "wang")
    buttons = page.get_by_test_id("store-status-table").get_by_role("link", name="登记今天")
    expect(buttons).to_have_count(2)
    for n in range(2):
        box = buttons.nth(n).bounding_box()
        assert box and box["x"] + box["width"] <= 390, f"the button of row {n + 1} ends at {box}"
