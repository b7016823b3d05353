"""Every alert rule links to the page of what it is about (a promotion, a product, a day, the gap report), and the
alert pages show that link only where the reader may open it; alert states read as states in Chinese."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone, translation

from accounts.access import rule_of
from accounts.choices import Role
from alerts.choices import AlertKind, AlertState
from alerts.models import Alert
from alerts.rulebook import RULES, alert_subjects
from tests.accounts.access_world import build_store
from tests.factories import MembershipFactory, UserFactory


def samples(world) -> dict[str, dict]:
    """A finding's data per kind, naming the world's objects; a new rule needs a sample here."""
    today = timezone.localdate()
    return {
        AlertKind.BEHIND_PLAN: {"as_of": today.isoformat()},
        AlertKind.STAGE_CHANGE: {"recommendation": "hold", "previous": "advance", "changed_on": today.isoformat()},
        AlertKind.LOW_RATING: {"date": today.isoformat()},
        AlertKind.LATE_SHIPPING: {"date": today.isoformat()},
        AlertKind.CONVERSION_ANOMALY: {"date": today.isoformat()},
        AlertKind.STOCK_LOW: {"code": world.product.code},
        AlertKind.STOCK_OUT_LISTED: {"code": world.product.code},
        AlertKind.PROMOTION_DECISION: {"promotion_id": world.promotion.pk},
        AlertKind.UNDERSTAFFED: {"date": today.isoformat()},
    }


@pytest.fixture
def world(db):
    return build_store("alert-shop", "提醒店", "tmall")


def test_every_rule_has_a_sample_here(world):
    assert set(samples(world)) == set(RULES)


def test_every_rule_links_to_a_store_page_the_manager_opens(world):
    manager = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    manager.force_login(world.manager)
    for kind, data in samples(world).items():
        subjects = alert_subjects(kind, data)
        assert subjects, f"{kind} links to nothing"
        for subject in subjects:
            url = reverse(subject.url_name, kwargs={"store": world.store.code, **subject.kwargs})
            assert rule_of(resolve(url).func).kind == "store", f"{kind}: {subject.url_name} is not a store page"
        first = subjects[0]
        url = reverse(first.url_name, kwargs={"store": world.store.code, **first.kwargs})
        response = manager.get(f"{url}?{first.query}" if first.query else url)
        assert response.status_code == 200, f"{kind}: {url} answered {response.status_code}"


def _alert(world, kind, data) -> Alert:
    now = timezone.now()
    return Alert.objects.create(
        store=world.store, kind=kind, key="k", title="t", data=data, first_seen=now, last_seen=now
    )


def test_a_promotion_alert_links_to_its_promotion_and_says_how_overdue_it_is(world):
    today = timezone.localdate()
    due = today - timedelta(days=4)
    data = {
        "promotion_id": world.promotion.pk,
        "name": "双11",
        "start": (today + timedelta(days=3)).isoformat(),
        "deadline": "stock_decision",
        "due": due.isoformat(),
        "shortfall": 0,
    }
    alert = _alert(world, AlertKind.PROMOTION_DECISION, data)
    viewer = MembershipFactory(user=UserFactory(username="alert-viewer"), store=world.store, role=Role.VIEWER).user
    browser = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    browser.force_login(viewer)
    page = browser.get(alert.get_absolute_url()).content.decode()
    promotion = reverse("promotions:promotion_detail", kwargs={"store": world.store.code, "pk": world.promotion.pk})
    assert f'href="{promotion}"' in page
    assert "已逾期 4 天" in page and "即将到期" not in page
    listing = browser.get(reverse("alerts:alert_list")).content.decode()
    assert f'href="{promotion}"' in listing


def test_a_day_alert_links_to_the_log_for_customer_service_and_to_the_figures_for_a_viewer(world):
    day = timezone.localdate().isoformat()
    alert = _alert(world, AlertKind.LATE_SHIPPING, {"date": day, "shipped_later": 3, "orders": 10})
    links = {}
    for role in (Role.CUSTOMER_SERVICE, Role.VIEWER):
        user = MembershipFactory(user=UserFactory(username=f"a-{role}"), store=world.store, role=role).user
        browser = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        browser.force_login(user)
        links[role] = browser.get(alert.get_absolute_url()).content.decode()
    log = reverse("orders:service_log", kwargs={"store": world.store.code})
    days = reverse("dashboards:days", kwargs={"store": world.store.code})
    assert f"{log}?date={day}" in links[Role.CUSTOMER_SERVICE]
    assert log not in links[Role.VIEWER]
    assert f"{days}?from={day}&amp;to={day}" in links[Role.VIEWER]


def test_alert_states_read_as_states_in_chinese():
    with translation.override("zh-hans"):
        labels = {state: str(state.label) for state in AlertState}
    assert labels == {AlertState.OPEN: "待处理", AlertState.ACKNOWLEDGED: "处理中", AlertState.RESOLVED: "已解决"}
    with translation.override("zh-hans"):
        assert str(AlertKind.PROMOTION_DECISION.label) == "活动备货待决策"
