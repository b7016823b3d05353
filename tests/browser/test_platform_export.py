"""An ops manager imports a 生意参谋 export in headless Chromium, in Chinese: upload, the preview, confirm, then the
days on the store's dashboard; a file with a bad row shows that row's error and cannot be imported."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from funnel.models import DailyMetric
from stores.days import store_yesterday
from tests.factories import PASSWORD, MembershipFactory, StoreFactory, UserFactory
from tests.funnel.import_files import sycm_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def shop(db):
    store = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店 Shanhe Tmall", platform="tmall")
    MembershipFactory(user=UserFactory(username="li"), store=store, role="ops_manager")
    return store


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def upload(page: Page, base: str, shop, content: bytes) -> None:
    page.goto(f"{base}/dashboards/{shop.code}/")
    page.get_by_test_id("import-export").click()
    expect(page.get_by_role("heading", name="导入平台导出文件")).to_be_visible()
    page.get_by_label("导出文件（.xlsx、.xls 或 .csv）").set_input_files(
        {"name": "生意参谋-店铺整体.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="上传并预览").click()


def test_a_manager_previews_an_export_in_chinese_confirms_it_and_sees_the_days(live_server, page: Page, shop):
    first = store_yesterday(shop) - timedelta(days=4)
    log_in(page, live_server.url, "li")
    upload(page, live_server.url, shop, sycm_csv(first, 5))

    expect(page.get_by_test_id("export-platform")).to_have_text("天猫")
    expect(page.get_by_test_id("export-days")).to_contain_text("读取到 5 天")
    expect(page.get_by_test_id("export-days")).to_contain_text("跳过 1 行合计或备注行")
    rows = page.get_by_test_id("export-rows")
    expect(rows).to_contain_text((first + timedelta(days=1)).isoformat())
    expect(rows).to_contain_text("1,810")
    expect(rows).to_contain_text("¥5,389.00")
    assert not DailyMetric.objects.exists()

    page.get_by_test_id("export-import").click()
    expect(page.get_by_test_id("import-counts")).to_contain_text("5 天")
    page.get_by_test_id("days-link").click()
    day = (first + timedelta(days=1)).isoformat()
    expect(page.get_by_test_id(f"day-{day}")).to_contain_text("天猫后台导出")
    expect(page.get_by_test_id(f"day-{day}")).to_contain_text("42")
    assert DailyMetric.objects.filter(store=shop, source="export:tmall").count() == 5


def test_a_bad_row_is_shown_in_chinese_and_nothing_can_be_imported(live_server, page: Page, shop):
    first = store_yesterday(shop) - timedelta(days=4)
    log_in(page, live_server.url, "li")
    upload(page, live_server.url, shop, sycm_csv(first, 5, bad_line=2))

    expect(page.get_by_test_id("export-errors-summary")).to_contain_text("文件有 1 个问题")
    expect(page.get_by_test_id("export-errors")).to_contain_text("6")
    expect(page.get_by_test_id("export-errors")).to_contain_text("支付子订单数")
    expect(page.get_by_test_id("export-import")).to_have_count(0)
    assert not DailyMetric.objects.exists()
