"""The team in headless Chromium (Chinese): an ops manager invites a new customer-service member from the store page,
copies the one-time link, and the new member sets a password from it and logs today's orders."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from core.dates import local_date
from stores.models import MembershipEvent
from tests.factories import PASSWORD, MembershipFactory, StoreFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
NEW_PASSWORD = "Wang-Fang-2026!"


@pytest.fixture
def shop(db):
    store = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店 Shanhe Tmall", platform="tmall")
    MembershipFactory(user=UserFactory(username="li", first_name="李经理"), store=store, role="ops_manager")
    return store


def test_a_new_customer_service_member_sets_a_password_from_the_link_and_logs_today(
    live_server, page: Page, browser: Browser, shop
):
    today = local_date(shop.time_zone, timezone.now()).isoformat()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("li")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.goto(f"{live_server.url}/stores/{shop.code}/")
    page.get_by_test_id("store-team-link").click()
    expect(page.get_by_role("heading", name=f"{shop.name} 的团队成员")).to_be_visible()
    invite = page.get_by_test_id("member-invite-form")
    invite.get_by_label("用户名").fill("wangfang")
    invite.get_by_label("姓名").fill("王芳")
    invite.get_by_label("角色").select_option(label="客服")
    invite.get_by_role("button", name="邀请").click()

    expect(page.get_by_test_id("new-link")).to_contain_text("王芳")
    link = page.get_by_test_id("new-link-url").input_value()
    assert "/team/_join/" in link
    page.get_by_test_id("copy-link").click()
    expect(page.get_by_test_id("copy-link")).to_have_text("已复制")
    members = page.get_by_test_id("team-members")
    expect(members.get_by_test_id("member-wangfang")).to_contain_text("尚未设置密码")
    expect(page.get_by_test_id("team-history")).to_contain_text("已签发邀请链接")

    member = browser.new_context().new_page()
    member.goto(link)
    expect(member.get_by_role("heading", name="设置密码")).to_be_visible()
    member.locator("#id_new_password1").fill(NEW_PASSWORD)  # its label "新密码" is part of the next one's
    member.get_by_label("新密码确认").fill(NEW_PASSWORD)
    member.get_by_role("button", name="设置密码并登录").click()

    expect(member.get_by_test_id("log-store")).to_have_text(shop.name)
    expect(member.get_by_test_id("log-day")).to_contain_text(today)
    figures = {"订单": "10", "成交额（元）": "965.00", "退款数": "1", "投诉数": "0"}
    figures.update({"24 小时内发货": "8", "24–48 小时内发货": "2", "48 小时后发货": "0"})
    for label, value in figures.items():
        member.get_by_label(label, exact=False).fill(value)
    member.get_by_role("button", name="保存").click()
    expect(member.get_by_role("alert").last).to_contain_text(f"已保存 {shop.name} {today} 的日志")
    expect(member.locator(f'[data-testid="log-table"] tr[data-date="{today}"]')).to_contain_text("wangfang")

    member.goto(link)
    expect(member.get_by_test_id("join-invalid")).to_be_visible()
    kinds = list(MembershipEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["added", "invite_issued", "invite_used"]
