"""The morning briefing: the same figures as the dashboards, the to-do, the order of the stores, and a number of
queries that does not grow with the number of stores."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts.models import Alert
from dashboards.briefing import TodoKind, Tone, tone, worst_first
from dashboards.selectors import briefing, portfolio_rows, store_briefings, store_dashboard
from dashboards.selectors.briefing import reader_request
from inventory.models import FactoryOrder
from tests.factories import MembershipFactory, StoreFactory, UserFactory

from .conftest import stock_and_promotions, store_with_history, yesterday_of

pytestmark = pytest.mark.django_db

DAY_COMPARED = ("uv", "orders", "gmv", "target_uv", "target_orders", "target_gmv", "conversion", "aov")
DAY_COMPARED += ("orders_attainment", "gmv_attainment")
MONTH_COMPARED = ("days", "days_elapsed", "as_of", "orders", "target_orders", "orders_attainment", "gmv")
MONTH_COMPARED += ("target_gmv", "gmv_attainment", "period_target_gmv", "projected_gmv", "pace_gmv")


def dashboard_figures(store) -> tuple[dict, dict, dict]:
    """What the store dashboard shows for yesterday (its day table's row and chart point) and for the month."""
    day = store_dashboard(store, "day")
    [row] = [r for r in day["rows"] if r["date"] == day["yesterday"]]
    index = day["chart"]["from"].index(day["yesterday"].isoformat())
    point = {name: values[index] for name, values in day["chart"]["series"].items()}
    month = store_dashboard(store, "month")
    [month_row] = [r for r in month["rows"] if r["start"] <= day["yesterday"] <= r["period_end"]]
    return row, point, month_row


def test_the_briefing_figures_are_the_dashboards_value_by_value(manager):
    stores = [
        store_with_history("strong-shop", manager=manager, orders=60),
        store_with_history("weak-shop", manager=manager, orders=2),
    ]
    found = {b.code: b for b in briefing(manager).stores}
    portfolio = {r["code"]: r for r in portfolio_rows(stores)}
    for store in stores:
        b, (row, point, month_row) = found[store.code], dashboard_figures(store)
        assert b.yesterday == yesterday_of(store) == row["date"]
        for name in DAY_COMPARED:
            assert getattr(b.day, name) == row[name], name
        assert b.day.uv is not None and b.day.target_gmv is not None and b.day.gmv_attainment is not None
        for name in ("target_conversion", "target_aov", "conversion"):
            assert float(getattr(b.day, name)) == pytest.approx(point[name], abs=1e-9), name
        for name in MONTH_COMPARED:
            assert getattr(b.month, name) == month_row[name], name
        assert b.month.start == month_row["start"] and b.month.pace_gmv is not None
        p = portfolio[store.code]
        assert (b.month.gmv, b.month.target_gmv, b.month.pace_gmv) == (p["gmv_mtd"], p["target_gmv_mtd"], p["pace_gmv"])
        assert b.month.gmv_attainment == p["attainment_mtd"]
        assert (b.advice.stage, b.advice.recommendation) == (p["stage"], p["recommendation"])
        assert list(b.advice.reasons) == p["reason_texts"]


def test_stores_come_worst_first_and_say_how_far_behind(manager):
    store_with_history("strong-shop", manager=manager, orders=60)
    store_with_history("weak-shop", manager=manager, orders=2)
    weak, strong = briefing(manager).stores
    assert (weak.code, strong.code) == ("weak-shop", "strong-shop")
    assert weak.tone == Tone.BEHIND and weak.standing < strong.standing


def test_tones_and_the_order_of_stores_without_figures():
    assert [tone(x) for x in (None, Decimal("0.5"), Decimal("0.95"), Decimal("1"))] == [
        Tone.UNKNOWN,
        Tone.BEHIND,
        Tone.CLOSE,
        Tone.ON_TARGET,
    ]
    empty = StoreFactory(code="empty-shop")
    [b] = store_briefings([empty])
    assert b.day is None and b.month is None and b.standing is None and b.todo == ()
    assert worst_first([b]) == [b]


def test_the_to_do_lists_what_to_act_on_today_with_links_the_reader_may_open(manager):
    store = store_with_history("todo-shop", manager=manager)
    stock_and_promotions(store)
    today = yesterday_of(store) + timedelta(days=1)
    product = store.products.get(code="todo-shop-0")
    FactoryOrder.objects.create(
        store=store, product=product, quantity=30, ordered_on=today - timedelta(days=10), expected_on=today
    )
    now = timezone.now()
    Alert.objects.create(
        store=store, kind="late_shipping", key="x", severity="critical", title="Late", first_seen=now, last_seen=now
    )
    Alert.objects.create(
        store=store, kind="behind_plan", key="y", severity="warning", title="Behind", first_seen=now, last_seen=now
    )
    Alert.objects.create(
        store=store,
        kind="understaffed",
        key=(today + timedelta(days=2)).isoformat(),
        severity="critical",
        title="Under-staffed",
        data={"date": (today + timedelta(days=2)).isoformat(), "shortages": []},
        first_seen=now,
        last_seen=now,
    )
    [b] = briefing(manager).stores
    kinds = {item.kind for item in b.todo}
    assert {TodoKind.ALERT, TodoKind.FACTORY_ORDER_DUE, TodoKind.OUT_OF_STOCK, TodoKind.UNDERSTAFFED} <= kinds
    assert kinds & {TodoKind.STOCK_DECISION, TodoKind.FACTORY_ORDER_BY}
    assert [i.data["alert_id"] for i in b.todo if i.kind == TodoKind.ALERT] == [
        Alert.objects.get(key="x").pk
    ]  # warnings are not on it
    [out] = [i for i in b.todo if i.kind == TodoKind.OUT_OF_STOCK]
    assert out.data["sku"] == "todo-shop-0" and out.url == "/inventory/todo-shop/products/todo-shop-0/"
    assert all(i.url for i in b.todo), "the manager may act on everything"
    assert [i.severity for i in b.todo] == sorted((i.severity for i in b.todo), key=["critical", "warning"].index)

    viewer = UserFactory(username="looker")
    MembershipFactory(user=viewer, store=store, role="viewer")
    [seen] = store_briefings([store], reader=reader_request(viewer))
    links = {i.kind: i.url for i in seen.todo}
    assert links[TodoKind.FACTORY_ORDER_DUE] == "" and links[TodoKind.ALERT] != ""
    assert seen.dashboard_url == "/dashboards/todo-shop/"
    assert all(i.url == "" for i in store_briefings([store])[0].todo), "no reader, no links"


def busy(code: str, manager):
    """A store with every kind of to-do: stock and promotion deadlines, a factory order due, alerts."""
    store = store_with_history(code, manager=manager, days=10)
    stock_and_promotions(store)
    today, now = yesterday_of(store) + timedelta(days=1), timezone.now()
    FactoryOrder.objects.create(
        store=store, product=store.products.first(), quantity=5, ordered_on=today - timedelta(days=9), expected_on=today
    )
    ahead = (today + timedelta(days=1)).isoformat()
    for kind, key, data in (("late_shipping", "x", {}), ("understaffed", ahead, {"date": ahead, "shortages": []})):
        Alert.objects.create(
            store=store, kind=kind, key=key, severity="critical", title=kind, data=data, first_seen=now, last_seen=now
        )
    return store


def test_the_queries_do_not_grow_with_the_number_of_stores(manager):
    def count(user) -> int:
        with CaptureQueriesContext(connection) as queries:
            found = briefing(user)
        assert all(len({i.kind for i in s.todo}) >= 5 for s in found.stores)
        return len(queries)

    busy("shop-0", manager)
    one = count(manager)
    for i in range(1, 10):
        busy(f"shop-{i}", manager)
    ten = count(manager)
    assert len(briefing(manager).stores) == 10
    assert ten == one, f"{one} queries for one store, {ten} for ten"
    admin = UserFactory(username="root", is_superuser=True)
    assert count(admin) <= one + 1
