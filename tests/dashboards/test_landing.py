"""The first screen after login: the briefing for managers and readers, today's log for customer service, the
shifts for staff; the page's figures are the briefing's, which are the dashboards'."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import numbers
from dashboards.selectors import briefing
from tests.factories import MembershipFactory, StoreFactory, UserFactory
from tests.staffing.factories import PersonFactory

from .conftest import store_with_history

pytestmark = pytest.mark.django_db


def client_of(user, language: str = "zh-hans") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def text_of(body: str, name: str) -> str:
    """The text of the first element with ``data-testid=name``."""
    match = re.search(rf'data-testid="{name}"[^>]*>([^<]*)<', body)
    assert match, name
    return match.group(1).strip()


def test_a_manager_lands_on_the_briefing_of_their_stores_worst_first(manager):
    store_with_history("strong-shop", manager=manager, orders=60)
    store_with_history("weak-shop", manager=manager, orders=2)
    response = client_of(manager).get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index('data-testid="briefing-weak-shop"') < body.index('data-testid="briefing-strong-shop"')
    assert 'data-tone="behind"' in body and "今日晨报" in body
    weak = next(s for s in briefing(manager).stores if s.code == "weak-shop")
    section = body[body.index('data-testid="briefing-weak-shop"') :]
    assert text_of(section, "pace") == numbers.pct(weak.month.pace_gmv, 0)
    assert text_of(section, "orders-yesterday") == numbers.count(weak.day.orders)
    assert text_of(section, "gmv-mtd") == numbers.compact(weak.month.gmv, "zh-hans", currency=True)
    assert 'id="briefing-data"' in body, "the stores are compared in a chart"
    assert reverse("stores:store_list") in body, "the store list stays reachable"


def test_the_page_reads_a_fixed_number_of_queries_however_many_stores(manager):
    def count() -> int:
        client = client_of(manager)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    store_with_history("shop-0", manager=manager, days=7)
    one = count()
    for i in range(1, 5):
        store_with_history(f"shop-{i}", manager=manager, days=7)
    assert count() == one


def test_a_viewer_reads_the_briefing_without_links_to_what_they_may_not_do(manager):
    store = store_with_history("read-shop", manager=manager)
    viewer = UserFactory(username="reader")
    MembershipFactory(user=viewer, store=store, role="viewer")
    response = client_of(viewer).get("/")
    assert response.status_code == 200 and 'data-testid="briefing-read-shop"' in response.content.decode()


def test_customer_service_lands_on_today_s_log_or_picks_the_store():
    one, two = StoreFactory(code="log-one"), StoreFactory(code="log-two")
    agent = UserFactory(username="agent")
    MembershipFactory(user=agent, store=one, role="customer_service")
    response = client_of(agent).get("/")
    assert response.status_code == 302 and response["Location"] == reverse("orders:service_log", args=["log-one"])
    MembershipFactory(user=agent, store=two, role="customer_service")
    response = client_of(agent).get("/")
    assert response.status_code == 302 and response["Location"] == reverse("orders:home")
    assert client_of(agent).get(response["Location"]).status_code == 200


def test_staff_land_on_their_shifts_and_someone_without_a_store_on_the_store_list():
    store = StoreFactory(code="shift-shop")
    worker = UserFactory(username="worker")
    MembershipFactory(user=worker, store=store, role="logistics")
    PersonFactory(name="仓库 Warehouse", user=worker)
    response = client_of(worker).get("/")
    assert response.status_code == 302 and response["Location"] == reverse("rotas:mine")
    finance = UserFactory(username="numbers")
    MembershipFactory(user=finance, store=store, role="finance")
    assert client_of(finance).get("/").status_code == 200, "a member without shifts reads the briefing"
    newcomer = UserFactory(username="newcomer")
    response = client_of(newcomer).get("/")
    assert response.status_code == 302 and response["Location"] == reverse("stores:store_list")


def test_a_manager_who_also_logs_orders_reads_the_briefing(manager):
    store_with_history("mixed-shop", manager=manager)
    MembershipFactory(user=manager, store=StoreFactory(code="other-log"), role="customer_service")
    assert client_of(manager).get("/").status_code == 200


def test_the_page_reads_in_english_too(manager):
    store_with_history("en-shop", manager=manager)
    body = client_of(manager, "en").get("/").content.decode()
    assert "This morning" in body and "To do today" in body
