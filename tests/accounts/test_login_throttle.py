"""Logins are throttled per username and address: five wrong passwords pause that pair for 15 minutes."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def attempt(client, username, password, address="203.0.113.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def chen():
    return UserFactory(username="chen")


def test_five_wrong_passwords_pause_the_account_from_that_address_with_429(client, chen):
    for _ in range(4):
        assert attempt(client, "chen", "wrong").status_code == 200  # the form again, with its error
    assert attempt(client, "chen", "wrong").status_code == 429
    response = attempt(client, "chen", PASSWORD)  # even the right password now waits
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    assert "Try again in 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_pause_does_not_lock_the_user_out_from_elsewhere_or_others_from_here(client, chen):
    UserFactory(username="li")
    for _ in range(5):
        attempt(client, "chen", "wrong")
    assert attempt(client, "chen", PASSWORD, address="198.51.100.9").status_code == 302
    client.logout()
    assert attempt(client, "li", PASSWORD).status_code == 302


def test_the_pause_ends_after_the_cool_off(client, chen):
    for _ in range(5):
        attempt(client, "chen", "wrong")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert attempt(client, "chen", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_failures(client, chen):
    for _ in range(4):
        attempt(client, "chen", "wrong")
    assert attempt(client, "chen", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "chen", "wrong")
    assert attempt(client, "chen", PASSWORD).status_code == 302


def test_the_lockout_page_speaks_chinese_to_chinese_browsers(client, chen):
    for _ in range(5):
        attempt(client, "chen", "wrong")
    response = client.post(
        "/accounts/login/",
        {"username": "chen", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
