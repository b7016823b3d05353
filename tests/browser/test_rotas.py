"""The shift rota in headless Chromium: the ops manager generates next month's customer-service rota, drags a
shift onto another day, sees the coverage warning the move causes next to the calendar, and moves another shift
to a colleague with the form. A screenshot of the calendar is kept in test-results/ (a CI artifact)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from core.months import shift_month
from rotas.models import Shift
from rotas.services import patterns_seed_defaults
from tests.factories import PASSWORD, MembershipFactory, StoreFactory, UserFactory
from tests.staffing.factories import AssignmentFactory, PersonFactory, TimeOffFactory, role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
NAMES = ["张敏 Zhang Min", "李娜 Li Na", "王芳 Wang Fang", "刘洋 Liu Yang"]


@pytest.fixture
def shop(db):
    manager = UserFactory(username="li")
    store = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店", platform="tmall")
    MembershipFactory(user=manager, store=store, role="ops_manager")
    cs = role("customer_service")
    for name in NAMES:
        AssignmentFactory(person=PersonFactory(name=name), store=store, role=cs)
    patterns_seed_defaults(store, cs)
    return store


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def _movable(first, last) -> tuple[Shift, object]:
    """A shift alone on its slot, and a day of the month its person works no shift (so the move is allowed)."""
    shifts = list(Shift.objects.filter(date__range=(first, last)).select_related("pattern", "person"))
    per_slot: dict = {}
    for shift in shifts:
        per_slot.setdefault((shift.date, shift.pattern_id), []).append(shift)
    for shift in shifts:
        if len(per_slot[(shift.date, shift.pattern_id)]) != 1 or shift.date.day < 3:
            continue
        worked = {s.date for s in shifts if s.person_id == shift.person_id}
        free = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        free = [day for day in free if day not in worked and abs((day - shift.date).days) > 1]
        if free:
            return shift, free[0]
    raise AssertionError("no shift can move")


def test_generate_next_month_move_a_shift_and_see_the_coverage_warning(live_server, browser: Browser, shop):
    first = shift_month(timezone.localdate().replace(day=1), 1)
    last = shift_month(first, 1) - timedelta(days=1)
    page = browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url
    log_in(page, base, "li")

    page.get_by_role("link", name="排班", exact=True).click()
    page.get_by_test_id("rota-stores").get_by_role("link", name="4 人").first.click()
    page.get_by_test_id("next-month").click()
    expect(page.get_by_test_id("rota-month")).to_contain_text(f"{first:%Y-%m}")
    form = page.get_by_test_id("generate-form")
    expect(form.get_by_label("起始日期")).to_have_value(first.isoformat())
    expect(form.get_by_label("至")).to_have_value(last.isoformat())
    page.get_by_test_id("generate").click()
    expect(page.get_by_text("排班已生成：")).to_be_visible()
    assert Shift.objects.filter(date__range=(first, last)).exists()

    # Drag a shift that alone covers its slot onto a day its person is free: the slot it left is short.
    shift, target = _movable(first, last)
    chip = page.locator(f'[data-testid="day-{shift.date:%Y-%m-%d}"] [data-shift="{shift.pk}"]')
    chip.drag_to(page.get_by_test_id(f"day-{target:%Y-%m-%d}"))
    expect(page.get_by_text("班次已保存。")).to_be_visible()
    moved = page.locator(f'[data-testid="day-{target:%Y-%m-%d}"] [data-shift="{shift.pk}"]')
    expect(moved).to_have_text(shift.person.name)
    weekday = "周" + "一二三四五六日"[shift.date.weekday()]
    warning = f"{shift.date:%Y-%m-%d} {weekday} · {shift.pattern.name}：需要 1 人，在岗 0 人，缺 1 人"
    expect(page.get_by_test_id("coverage-warnings").get_by_test_id("gap").filter(has_text=warning)).to_be_visible()
    expect(
        page.get_by_test_id(f"day-{shift.date:%Y-%m-%d}").get_by_test_id(f"slot-{shift.pattern_id}")
    ).to_contain_text("0/1")

    # Without dragging: the shift's own page moves it back, and the warning goes.
    moved.click()
    page.get_by_test_id("shift-form").get_by_label("日").fill(shift.date.isoformat())
    page.get_by_test_id("shift-save").click()
    expect(page.get_by_text("班次已保存。")).to_be_visible()
    expect(page.get_by_test_id("gap").filter(has_text=warning)).to_have_count(0)

    # And again by drag and drop, to keep the warning in the screenshot.
    page.locator(f'[data-testid="day-{shift.date:%Y-%m-%d}"] [data-shift="{shift.pk}"]').drag_to(
        page.get_by_test_id(f"day-{target:%Y-%m-%d}")
    )
    expect(page.get_by_test_id("gap").filter(has_text=warning)).to_be_visible()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "rota-calendar.png"), full_page=True)
    assert errors == []


CHINESE_REASONS = ("无人可排", "休假", "本周工时已用完", "休息规则", "连续上班天数已达上限", "仍有人可以顶上")


def test_in_chinese_every_unfilled_shift_of_a_generated_rota_says_why(live_server, browser: Browser, db):
    manager = UserFactory(username="wang")
    store = StoreFactory(code="tmall-zh", name="山禾天猫旗舰店", platform="tmall")
    MembershipFactory(user=manager, store=store, role="ops_manager")
    cs = role("customer_service")
    first = shift_month(timezone.localdate().replace(day=1), 1)
    full = PersonFactory(name="黄晓燕", weekly_hours=40)
    AssignmentFactory(person=full, store=store, role=cs)
    AssignmentFactory(person=PersonFactory(name="郑凯", weekly_hours=20), store=store, role=cs)
    TimeOffFactory(person=full, start_date=first + timedelta(days=3), end_date=first + timedelta(days=6))
    patterns_seed_defaults(store, cs)

    page = browser.new_context(
        locale="zh-CN", extra_http_headers={"Accept-Language": "zh-hans"}, viewport={"width": 1500, "height": 1100}
    ).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("wang")
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()

    page.goto(f"{live_server.url}/rotas/{store.code}/customer_service/?month={first:%Y-%m}")
    page.get_by_test_id("generate").click()
    expect(page.get_by_text("个班次无法排满")).to_be_visible()
    gaps = page.get_by_test_id("coverage-warnings").get_by_test_id("gap")
    expect(gaps.first).to_be_visible()
    count = gaps.count()
    assert count > 0
    reasons = page.get_by_test_id("gap-reason")
    expect(reasons).to_have_count(count)
    for text in reasons.all_inner_texts():
        assert text.startswith("原因：") and any(reason in text for reason in CHINESE_REASONS), text
    expect(gaps.filter(has_text="休假")).not_to_have_count(0)  # the days of 黄晓燕's time off
    check = page.get_by_test_id("staffing-check")
    expect(check).to_contain_text("本月班次共需")
    expect(check).to_contain_text("人员缺口报告")
    expect(check.get_by_test_id("check-reasons")).to_contain_text("本周工时已用完")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "rota-unfilled-explained.png"), full_page=True)
    assert errors == []
