"""The plan editor in headless Chromium: create from the template, watch the implied UV follow a target, a second
manager editing the same plan at once is told of the conflict and loses nothing (in Chinese and in English); and
in Chinese, stage dates changed in the editor are saved and read back (a Chinese date format once emptied them)."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from funnel.services.plans import plan_create_from_template
from tests.factories import PASSWORD, MembershipFactory, StoreFactory, UserFactory

from .words import words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def managers(db):
    store = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店", platform="tmall")
    for username in ("wang", "zhao"):
        MembershipFactory(user=UserFactory(username=username), store=store, role="ops_manager")
    return store


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def new_page(browser: Browser, language: str) -> Page:
    return browser.new_context(extra_http_headers={"Accept-Language": language}).new_page()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_create_from_template_edit_a_target_and_meet_a_conflict(
    live_server, browser: Browser, managers, browser_errors, language
):
    browser_errors.allow(r"status of 409")  # the second manager's stale save is refused, as the test wants
    word = words(language)
    wang = new_page(browser, language)
    log_in(wang, live_server.url, "wang")
    wang.goto(f"{live_server.url}/plans/")
    wang.get_by_role("link", name=word("New plan from template")).click()
    wang.get_by_label(word("Name")).fill("2027 年度计划")
    wang.get_by_label(word("Period start")).fill("2027-01-01")
    wang.get_by_label(word("Period end")).fill("2027-12-31")
    wang.get_by_test_id("create-plan").click()
    expect(wang.get_by_test_id("stage-table")).to_be_visible()
    expect(wang.get_by_test_id("plan-status")).to_have_text(word("Draft", context="plan status"))
    # The period's dates reach the stages: the first starts on its first day, the last ends on its last.
    expect(wang.get_by_test_id("stage-row-1").get_by_label(word("Start"), exact=True)).to_have_value("2027-01-01")
    expect(wang.get_by_test_id("stage-row-5").get_by_label(word("End"), exact=True)).to_have_value("2027-12-31")

    # 200 orders/day at 2% conversion needs 10,000 UV/day: the implied UV follows as the target is typed.
    row = wang.get_by_test_id("stage-row-5")
    expect(wang.get_by_test_id("implied-uv-5")).to_have_text("3,000")
    # The table shows while the page's scripts may still be loading (a busy machine): htmx listens to the typing
    # only once they have run, so wait for the page's load before typing.
    wang.wait_for_load_state()
    row.get_by_label(word("Orders/day target")).fill("200")  # the server answers after 300 ms of quiet
    expect(wang.get_by_test_id("implied-uv-5")).to_have_text("10,000", timeout=15_000)

    plan_url = wang.url
    zhao = new_page(browser, language)
    log_in(zhao, live_server.url, "zhao")
    zhao.goto(plan_url)

    wang.get_by_test_id("save-plan").click()
    expect(wang.get_by_text(word("Plan saved; the day targets were recomputed."))).to_be_visible()

    zhao.get_by_test_id("stage-row-4").get_by_label(word("Orders/day target")).fill("44")
    zhao.get_by_test_id("save-plan").click()
    expect(zhao.get_by_test_id("conflict")).to_be_visible()
    expect(zhao.get_by_test_id("stage-row-4").get_by_label(word("Orders/day target"))).to_have_value("44")
    expect(zhao.get_by_test_id("conflict")).to_contain_text("200")  # wang's change, shown for review

    zhao.get_by_test_id("save-plan").click()  # saving again after review is deliberate and succeeds
    expect(zhao.get_by_text(word("Plan saved; the day targets were recomputed."))).to_be_visible()
    expect(zhao.get_by_test_id("history")).to_contain_text("zhao")


def test_stage_dates_changed_in_the_chinese_editor_are_saved(live_server, browser: Browser, managers):
    wang = get_user_model().objects.get(username="wang")
    today = timezone.localdate()
    plan = plan_create_from_template(
        managers, wang, name="2027 年度计划", period_start=date(2027, 1, 1), period_end=date(2027, 12, 31), as_of=today
    )
    stages = {s.number: s for s in plan.stages.all()}
    # Stage 3 moves a week later; stage 2 ends and stage 4 starts a week later with it, so the stages stay joined.
    week = timedelta(days=7)
    moved = {
        (2, "结束"): stages[2].end_date + week,
        (3, "开始"): stages[3].start_date + week,
        (3, "结束"): stages[3].end_date + week,
        (4, "开始"): stages[4].start_date + week,
    }
    page = new_page(browser, "zh-hans")
    log_in(page, live_server.url, "wang")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    for number, stage in stages.items():  # the saved dates are shown, not emptied by the Chinese date format
        row = page.get_by_test_id(f"stage-row-{number}")
        expect(row.get_by_label("开始", exact=True)).to_have_value(stage.start_date.isoformat())
        expect(row.get_by_label("结束", exact=True)).to_have_value(stage.end_date.isoformat())
    for (number, label), day in moved.items():
        page.get_by_test_id(f"stage-row-{number}").get_by_label(label, exact=True).fill(day.isoformat())
    page.get_by_role("button", name="保存计划").click()
    expect(page.get_by_text("计划已保存，每日目标已重新计算。")).to_be_visible()

    page.reload()
    for (number, label), day in moved.items():
        date_input = page.get_by_test_id(f"stage-row-{number}").get_by_label(label, exact=True)
        expect(date_input).to_have_value(day.isoformat())
    saved = {s.number: s for s in plan.stages.all()}
    assert (saved[3].start_date, saved[3].end_date) == (moved[3, "开始"], moved[3, "结束"])
    assert (saved[2].end_date, saved[4].start_date) == (moved[2, "结束"], moved[4, "开始"])
