"""The demo manager's first screen is a filled morning briefing: both stores' yesterday and month against plan, the
pace, the advice and things to do, in Chinese."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from dashboards.selectors import briefing

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(time_machine):
    time_machine.move_to("2026-11-22 09:00 +0800")
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_manager_lands_on_a_filled_briefing(loaded):
    manager = User.objects.get(username="manager")
    data = briefing(manager)
    assert {s.code for s in data.stores} == {"tmall-flagship", "jd-shop"}
    for store in data.stores:
        assert store.day is not None and store.day.orders and store.day.target_orders, store.code
        assert store.month is not None and store.month.gmv and store.month.pace_gmv is not None, store.code
        assert store.advice.stage is not None and store.advice.reasons, store.code
    assert data.todo_count > 0, "the demo has something to do this morning"
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(manager)
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "今日晨报" in body and 'id="briefing-data"' in body
    assert 'data-testid="briefing-tmall-flagship"' in body and 'data-testid="briefing-jd-shop"' in body


@pytest.mark.parametrize(("username", "lands_on"), [("service", "/orders/"), ("logistics", "/rotas/_mine/")])
def test_the_demo_team_lands_where_their_work_is(loaded, username, lands_on):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(User.objects.get(username=username))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == lands_on
