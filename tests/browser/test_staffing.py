"""Staffing in headless Chromium: the ops manager adds a person to the roster and the gap report changes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core.dates import local_date
from tests.factories import PASSWORD, MembershipFactory, StoreFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def shop(db):
    store = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店 Shanhe Tmall", platform="tmall")
    MembershipFactory(user=UserFactory(username="wang"), store=store, role="ops_manager")
    return store


def test_a_person_added_to_the_roster_shows_in_the_gap_report(live_server, page: Page, shop):
    from django.utils import timezone

    month = local_date(shop.time_zone, timezone.now()).strftime("%Y-%m")
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("wang")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button.btn-primary[type=submit]").click()

    page.goto(f"{live_server.url}/staffing/{shop.code}/gap/")
    row = page.get_by_test_id(f"gap-{month}-customer_service")
    expect(row.get_by_test_id("on-roster")).to_have_text("0.00")
    expect(row).to_have_attribute("data-state", "short")
    expect(page.locator("#gap-chart canvas")).to_have_count(1)

    page.get_by_test_id("staffing-tabs").get_by_role("link", name="花名册", exact=True).click()
    page.get_by_test_id("person-new").click()
    page.get_by_label("名称").fill("黄晓燕")
    page.get_by_label("开始").fill("2025-01-01")
    form = page.get_by_test_id("assignment-rows")
    form.get_by_label("角色").select_option(label="客服")
    form.get_by_label("工作时间占比").fill("1")
    page.get_by_test_id("person-save").click()
    expect(page.get_by_test_id("person-name")).to_have_text("黄晓燕")
    expect(page.get_by_test_id("assignments")).to_contain_text("客服")

    page.get_by_test_id("gap-link").click()
    expect(row.get_by_test_id("on-roster")).to_have_text("1.00")
