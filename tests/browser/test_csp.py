"""The Content-Security-Policy holds on the pages with charts: every script and style they need comes from opsplan's
own files, so they draw with no violation (the browser conftest fails a test on any console error, and each page
here also counts the violations it reports)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from funnel.services.plans import plan_create_from_template
from tests.factories import PASSWORD, MembershipFactory, StoreFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
COUNT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""


def test_the_plan_pages_draw_their_charts_with_no_policy_violation(live_server, browser: Browser):
    manager = UserFactory(username="wang")
    store = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店", platform="tmall")
    MembershipFactory(user=manager, store=store, role="ops_manager")
    today = timezone.localdate()
    plans = [
        plan_create_from_template(
            store, manager, name=name, period_start=today, period_end=today + timedelta(days=90), as_of=today
        )
        for name in ("年度计划", "冲刺计划")
    ]
    page = browser.new_context(extra_http_headers={"Accept-Language": "zh-hans"}).new_page()
    page.add_init_script(COUNT_VIOLATIONS)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("wang")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()

    base = f"{live_server.url}/stores/{store.code}/plans"
    for url, chart in (
        (f"{base}/{plans[0].pk}/", "#months-chart"),
        (f"{base}/compare/?a={plans[0].pk}&b={plans[1].pk}", "#compare-chart"),
    ):
        response = page.goto(url)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        expect(page.locator(f"{chart} canvas")).to_have_count(1)  # plans.js ran and ECharts drew
        assert page.evaluate("window.cspViolations") == [], url
