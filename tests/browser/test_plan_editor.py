"""The plan editor in headless Chromium: create from the template, watch the implied UV follow a target,
and a second manager editing the same plan at once is told of the conflict and loses nothing."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.factories import PASSWORD, MembershipFactory, StoreFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def managers(db):
    store = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店", platform="tmall")
    for username in ("wang", "zhao"):
        MembershipFactory(user=UserFactory(username=username), store=store, role="ops_manager")
    return store


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def new_page(browser: Browser) -> Page:
    return browser.new_context(extra_http_headers={"Accept-Language": "en"}).new_page()


def test_create_from_template_edit_a_target_and_meet_a_conflict(
    live_server, browser: Browser, managers, browser_errors
):
    browser_errors.allow(r"status of 409")  # the second manager's stale save is refused, as the test wants
    wang = new_page(browser)
    log_in(wang, live_server.url, "wang")
    wang.goto(f"{live_server.url}/plans/")
    wang.get_by_role("link", name="New plan from template").click()
    wang.get_by_label("Name").fill("2027 年度计划")
    wang.get_by_label("Period start").fill("2027-01-01")
    wang.get_by_label("Period end").fill("2027-12-31")
    wang.get_by_test_id("create-plan").click()
    expect(wang.get_by_test_id("stage-table")).to_be_visible()
    expect(wang.get_by_test_id("plan-status")).to_have_text("Draft")

    # 200 orders/day at 2% conversion needs 10,000 UV/day: the implied UV follows as the target is typed.
    row = wang.get_by_test_id("stage-row-5")
    expect(wang.get_by_test_id("implied-uv-5")).to_have_text("3,000")
    row.get_by_label("Orders/day target").fill("200")
    expect(wang.get_by_test_id("implied-uv-5")).to_have_text("10,000")

    plan_url = wang.url
    zhao = new_page(browser)
    log_in(zhao, live_server.url, "zhao")
    zhao.goto(plan_url)

    wang.get_by_test_id("save-plan").click()
    expect(wang.get_by_text("Plan saved")).to_be_visible()

    zhao.get_by_test_id("stage-row-4").get_by_label("Orders/day target").fill("44")
    zhao.get_by_test_id("save-plan").click()
    expect(zhao.get_by_test_id("conflict")).to_be_visible()
    expect(zhao.get_by_test_id("stage-row-4").get_by_label("Orders/day target")).to_have_value("44")
    expect(zhao.get_by_test_id("conflict")).to_contain_text("orders_per_day")

    zhao.get_by_test_id("save-plan").click()  # saving again after review is deliberate and succeeds
    expect(zhao.get_by_text("Plan saved")).to_be_visible()
    expect(zhao.get_by_test_id("history")).to_contain_text("zhao")
