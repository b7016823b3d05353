"""The web shell in headless Chromium: log in, switch language, open a store, see only one's own stores; a wrong
password is explained in either language."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, MembershipFactory, StoreFactory, UserFactory

from .words import words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def shop_world(db):
    mine = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店 Shanhe Tmall", platform="tmall")
    theirs = StoreFactory(code="jd-shop", name="别人的京东店 Someone's JD", platform="jd")
    user = UserFactory(username="wang")
    MembershipFactory(user=user, store=mine, role="customer_service")
    return mine, theirs, user


def log_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_log_in_switch_language_open_a_store_and_see_only_own_stores(live_server, page: Page, shop_world):
    mine, theirs, _ = shop_world
    log_in(page, live_server.url, "wang")
    # Customer service land on today's log of their store; the store list is a click away.
    expect(page).to_have_url(f"{live_server.url}/orders/{mine.code}/")
    page.get_by_role("link", name="店铺", exact=True).click()
    expect(page.get_by_role("heading", name="店铺")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    table = page.get_by_test_id("store-table")
    expect(table).to_contain_text(mine.name)
    expect(table).not_to_contain_text(theirs.name)

    page.get_by_test_id("lang-en").click()
    expect(page.get_by_role("heading", name="Stores")).to_be_visible()
    expect(page.get_by_role("link", name="Stores", exact=True)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("link", name=mine.name).click()
    expect(page.get_by_test_id("store-name")).to_have_text(mine.name)
    expect(page.get_by_text("Your role")).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="Customer service")).to_be_visible()

    page.get_by_test_id("lang-zh-hans").click()
    expect(page.get_by_test_id("store-name")).to_have_text(mine.name)
    expect(page.get_by_text("您的角色")).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="客服")).to_be_visible()

    page.goto(f"{live_server.url}/stores/{theirs.code}/")
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_wrong_password_gets_a_clear_message(live_server, page: Page, shop_world, language):
    word = words(language)
    page.context.set_extra_http_headers({"Accept-Language": language})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(word("Username")).fill("wang")
    page.get_by_label(word("Password")).fill("not-the-password")
    page.get_by_role("button", name=word("Log in")).click()
    expect(page.get_by_role("alert")).to_contain_text(
        word("Your username and password did not match. Please try again.")
    )
