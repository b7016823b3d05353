"""Assessments in headless Chromium: the ops manager gives a teamwork score, computes September and sees the
scorecard with its total, the chart and the inputs behind it. A screenshot is kept in test-results/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.assessments.factories import month_actuals, month_ratings, staff
from tests.factories import MembershipFactory, StoreFactory, UserFactory

from .test_promotions import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture
def shop(db):
    manager = UserFactory(username="li")
    store = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店", platform="tmall")
    MembershipFactory(user=manager, store=store, role="ops_manager")
    month_actuals(store)
    month_ratings(store)
    return {"store": store, "wang": staff(store, "customer_service", "王芳 Wang Fang")}


def test_a_manager_scores_teamwork_computes_the_month_and_sees_the_scorecard(live_server, browser: Browser, shop):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url
    log_in(page, base, "li")

    page.get_by_role("link", name="考核", exact=True).click()
    page.get_by_test_id("assessment-stores").get_by_role("link", name="考核表", exact=True).click()
    page.goto(f"{base}/assessments/tmall-flagship/teamwork/?month=2026-09")
    page.get_by_label("王芳 Wang Fang 的团队合作评分").fill("88")
    page.get_by_label("对 王芳 Wang Fang 的评语").fill("带新同事很耐心")
    page.get_by_test_id("teamwork-save").click()
    expect(page.get_by_text("已保存 1 条团队合作评分。")).to_be_visible()

    page.goto(f"{base}/assessments/tmall-flagship/?month=2026-09")
    expect(page.get_by_test_id("not-computed")).to_be_visible()
    page.get_by_test_id("compute").click()
    expect(page.get_by_text("2026-09 的考核表已计算（第 1 版）。")).to_be_visible()
    row = page.get_by_test_id(f"scorecard-{shop['wang'].pk}")
    expect(row).to_contain_text("王芳 Wang Fang")
    expect(row).to_contain_text("88.0")
    expect(row.get_by_test_id("total")).not_to_have_text("–")
    expect(page.locator("#scorecard-chart canvas")).to_have_count(1)
    row.get_by_text("输入数据", exact=True).click()
    expect(row.get_by_test_id("card-inputs")).to_contain_text("带新同事很耐心")

    page.get_by_test_id("finalise").click()
    expect(page.get_by_test_id("period-status")).to_contain_text("第 1 版，已定稿")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "assessment-scorecards.png"), full_page=True)
    assert errors == []
