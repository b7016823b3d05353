"""The dashboards in headless Chromium: the portfolio, a store's charts, a drill into the variance, recompute
now and an XLSX export; a screenshot of the store dashboard is kept in test-results/ (a CI artifact)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from demo.history import Growth, daily_history
from funnel.choices import SERVICE_LOG_SOURCE
from funnel.domain.records import validate_records
from funnel.models import DailyMetric
from funnel.services.metrics import metrics_ingest
from funnel.services.plans import plan_activate, plan_create_from_template
from rollups.services import store_rollup_build
from stores.days import store_yesterday
from tests.factories import PASSWORD, MembershipFactory, StoreFactory, UserFactory, api_client_with_key

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
CHARTS = ("uv", "orders", "gmv", "conversion", "aov")


@pytest.fixture
def flagship(db):
    """A Tmall store with an active plan, six weeks of ERP metrics (the customer-service log reporting the
    last days too) and its rollups; a JD store beside it in the portfolio."""
    manager = UserFactory(username="wang")
    store = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店", platform="tmall")
    other = StoreFactory(code="jd-shop", name="山禾京东店", platform="jd")
    for shop in (store, other):
        MembershipFactory(user=manager, store=shop, role="ops_manager")
    yesterday = store_yesterday(store)
    plan = plan_create_from_template(
        store,
        manager,
        name="年度计划",
        period_start=yesterday - timedelta(days=60),
        period_end=yesterday + timedelta(days=120),
        as_of=yesterday,
    )
    plan_activate(plan, manager)
    client, _key = api_client_with_key("erp-sync", store)
    growth = Growth(
        uv_start=300,
        uv_end=900,
        conversion_start=0.02,
        conversion_end=0.03,
        aov=160,
        ad_spend_per_uv=0.3,
        paid_from_day=10,
    )
    records = daily_history(store.code, growth, yesterday - timedelta(days=41), yesterday)
    clean, errors = validate_records(records, {store.code: yesterday + timedelta(days=1)})
    assert not errors
    metrics_ingest(client, clean, {store.code: store.pk})
    now = timezone.now()
    DailyMetric.objects.bulk_create(
        DailyMetric(
            store=store,
            date=yesterday - timedelta(days=i),
            source=SERVICE_LOG_SOURCE,
            orders=9,
            gmv=Decimal("1400.00"),
            created_at=now,
            updated_at=now,
        )
        for i in range(5)
    )
    store_rollup_build(store, plan.period_start, plan.period_end)
    return store


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def test_portfolio_store_charts_drill_down_recompute_and_export(live_server, browser: Browser, flagship, tmp_path):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server.url, "wang")

    page.goto(f"{live_server.url}/dashboards/")
    expect(page.get_by_test_id("portfolio-row-tmall-flagship")).to_be_visible()
    expect(page.get_by_test_id("portfolio-row-jd-shop")).to_be_visible()
    expect(page.get_by_test_id("portfolio-totals")).to_contain_text("合计，2 个店铺")
    page.get_by_role("button", name="店铺", exact=True).click()  # sorts by name, client-side
    expect(page.locator("thead th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("link", name="山禾天猫旗舰店").click()

    expect(page).to_have_url(f"{live_server.url}/dashboards/tmall-flagship/")
    for chart in CHARTS:  # ECharts drew into every container
        expect(page.get_by_test_id(f"chart-{chart}").locator("canvas, svg").first).to_be_attached()
    expect(page.get_by_test_id("waterfall-month").locator("canvas, svg").first).to_be_attached()
    expect(page.get_by_test_id("timeline")).to_be_visible()
    expect(page.get_by_test_id("last-rollup")).not_to_contain_text("从未")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "dashboard.png"), full_page=True)

    page.get_by_test_id("recompute").click()
    expect(page.get_by_test_id("recompute-progress")).to_have_attribute("data-state", "SUCCESS")
    expect(page.get_by_test_id("recompute-progress")).to_contain_text("刷新页面查看新数据。")

    page.get_by_test_id("variance-link-month-uv").click()
    expect(page).to_have_url(re.compile(r"/dashboards/tmall-flagship/days/\?from=\d{4}-\d\d-01&to="))
    expect(page.get_by_test_id("days")).to_be_visible()
    yesterday = store_yesterday(flagship).isoformat()
    expect(page.get_by_test_id(f"record-{yesterday}-service_log")).to_contain_text("未采用")
    expect(page.locator(f"[data-testid^='record-{yesterday}-client:']")).to_contain_text("erp-sync")

    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["日期", "阶段", "采用的来源"]
    assert yesterday in {str(row[0].value)[:10] for row in sheet.iter_rows(min_row=2)}
    assert not errors, errors


# A waterfall bar's label: what the step is, written alike at every width (only the figure's length follows it).
WATERFALL_LABELS_JS = """() => {
  const el = document.querySelector('[data-testid=waterfall-month]');
  const chart = window.echarts.getInstanceByDom(el);
  const steps = JSON.parse(document.getElementById('variance-data').textContent).scopes
    .find((s) => s.id === el.id).steps;
  const label = chart.getOption().series[1].label.formatter;
  return steps.map((s, i) => ({step: s.step, value: s.value, label: label({dataIndex: i})}));
}"""


@pytest.mark.parametrize("width", [1400, 390])
def test_the_waterfalls_effects_keep_their_sign_at_every_width(live_server, browser: Browser, flagship, width):
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(page, live_server.url, "wang")  # at a desktop's width, where the user menu shows
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/dashboards/tmall-flagship/")
    expect(page.get_by_test_id("waterfall-month").locator("canvas, svg").first).to_be_attached()
    bars = page.evaluate(WATERFALL_LABELS_JS)
    effects = [bar for bar in bars if bar["step"] not in ("target", "actual")]
    assert len(effects) == 3, bars
    for bar in effects:
        sign = "+" if bar["value"] > 0 else "−" if bar["value"] < 0 else ""
        assert bar["label"].startswith(sign + "¥"), bar
    for bar in bars:
        if bar["step"] in ("target", "actual"):
            assert bar["label"][0] in "¥−", bar
