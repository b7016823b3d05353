"""alerts_evaluate_many: a chunk of stores evaluated at once ends exactly where evaluating each store in turn ends,
in a number of queries that does not grow with the stores."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts.choices import AlertKind, AlertState
from alerts.models import Alert, AlertEvaluation
from alerts.services import alert_acknowledge, alert_resolve, alerts_evaluate, alerts_evaluate_many
from funnel.models import DailyMetric
from inventory.models import Product
from promotions.models import Promotion, PromotionItem
from stores.models import Store
from tests.factories import ProductFactory, StockMovementFactory, StoreFactory
from tests.staffing.conftest import assign, plan_with_targets

from .conftest import AS_OF, actuals, day_rollups, make_alert, month_rollup, service_log

pytestmark = pytest.mark.django_db

# The queries of one chunk whose stores share their last full day, however many stores (see the last test).
CHUNK_QUERIES = 42
MOMENTS = [datetime(2026, 3, 16, 3, n, tzinfo=UTC) for n in range(3)]


# --- the stores' situations ---------------------------------------------------------------------------------------


def behind_plan(store: Store) -> None:
    day_rollups(store, orders=6, target=10)
    month_rollup(store, "0.7")


def stock_out_and_low(store: Store) -> None:
    out = ProductFactory(store=store, code=f"{store.code}-OUT")
    StockMovementFactory(product=out, quantity=10, date=AS_OF - timedelta(days=20))
    StockMovementFactory(product=out, kind="sale", quantity=-10, date=AS_OF - timedelta(days=2), source="x")
    low = ProductFactory(store=store, code=f"{store.code}-LOW")
    StockMovementFactory(product=low, quantity=60, date=AS_OF - timedelta(days=27))
    for n in range(1, 11):
        StockMovementFactory(product=low, kind="sale", quantity=-4, date=AS_OF - timedelta(days=n), source="x")


def promotion_due(store: Store) -> None:
    product = ProductFactory(store=store, code=f"{store.code}-PROMO", list_price=Decimal("100"), lead_time_days=3)
    StockMovementFactory(product=product, quantity=500, date=AS_OF - timedelta(days=30))
    today = AS_OF + timedelta(days=1)
    promotion = Promotion.objects.create(
        store=store,
        kind="double_11",
        name=f"双11 {store.code}",
        start_date=today + timedelta(days=9),
        end_date=today + timedelta(days=11),
        status="planned",
    )
    PromotionItem.objects.create(promotion=promotion, product=product, promo_price=Decimal("80"), uplift=Decimal("3"))


def understaffed(store: Store) -> None:
    plan_with_targets(store, AS_OF - timedelta(days=20), AS_OF + timedelta(days=40), orders=200)
    Promotion.objects.create(
        store=store,
        kind="double_12",
        name=f"双12 {store.code}",
        start_date=AS_OF + timedelta(days=6),
        end_date=AS_OF + timedelta(days=6),
    )
    for code in ("ops_manager", "customer_service", "logistics"):
        assign(store, code)


def service_trouble(store: Store) -> None:
    service_log(store, AS_OF - timedelta(days=9), shipped_later=2)
    service_log(store, AS_OF - timedelta(days=6), shipped_later=1, positive_rate="97.10")
    service_log(store, AS_OF, shipped_later=5, positive_rate=None)


def conversion_spike(store: Store) -> None:
    rows = [(AS_OF - timedelta(days=n), 1000, 10) for n in range(20, 0, -1)]
    actuals(store, [*rows, (AS_OF, 1000, 60)])


def known_alerts(store: Store) -> None:
    """Alerts from earlier runs: one a rule will find again, one it will not, one of a kind no rule judges."""
    make_alert(store, AS_OF.isoformat(), kind=AlertKind.LATE_SHIPPING)
    make_alert(store, "2026-01-01", kind=AlertKind.LATE_SHIPPING, state=AlertState.ACKNOWLEDGED)
    make_alert(store, "gone", kind="retired_kind")


SITUATIONS: list[tuple[Callable[[Store], None], ...]] = [
    (behind_plan, service_trouble),
    (stock_out_and_low,),
    (promotion_due, known_alerts),
    (understaffed,),
    (behind_plan, conversion_spike, known_alerts, service_trouble),
    (),  # nothing wrong: the first evaluation only records its recommendation
    (stock_out_and_low, promotion_due, understaffed, behind_plan, service_trouble, conversion_spike),
]


@pytest.fixture
def stores(db) -> list[Store]:
    made = []
    for n, situation in enumerate(SITUATIONS):
        store = StoreFactory(code=f"many-{n}")
        for build in situation:
            build(store)
        made.append(store)
    return made


# --- one story, told by each path -----------------------------------------------------------------------------------


Evaluate = Callable[[list[Store], dict[int, date]], dict[int, Any]]


def per_store(stores: list[Store], as_of: dict[int, date]) -> dict[int, Any]:
    return {s.pk: alerts_evaluate(s, as_of[s.pk]) for s in stores}


def many(stores: list[Store], as_of: dict[int, date]) -> dict[int, Any]:
    return alerts_evaluate_many(stores, as_of)


def story(stores: list[Store], evaluate: Evaluate, clock: list[datetime], user) -> list[dict[int, Any]]:
    """Three evaluations with people and figures acting in between; the last store is a day behind (its time zone)."""
    results = []

    def as_of(days: int) -> dict[int, date]:
        found = {s.pk: AS_OF + timedelta(days=days) for s in stores}
        found[stores[-1].pk] -= timedelta(days=1)
        return found

    clock[0] = MOMENTS[0]
    results.append(evaluate(stores, as_of(0)))
    clock[0] = MOMENTS[1]
    behind = stores[0]
    alert_acknowledge(Alert.objects.get(store=behind, kind=AlertKind.BEHIND_PLAN), user, "on it")
    # A hand-resolved alert whose condition holds is raised again; stock arriving resolves the stock-out.
    alert_resolve(Alert.objects.get(store=stores[1], kind=AlertKind.STOCK_OUT_LISTED, key="many-1-OUT"), user)
    alert_resolve(Alert.objects.get(store=stores[4], kind=AlertKind.BEHIND_PLAN), user, "fixed, I think")
    StockMovementFactory(product=Product.objects.get(code="many-6-OUT"), quantity=100, date=AS_OF)
    DailyMetric.objects.filter(store__in=[stores[0], stores[6]]).update(orders=3)  # worse: "seen" events
    Promotion.objects.filter(store=stores[2]).update(status="stock_decided")
    # The quiet store gets a plan: its recommendation changes.
    plan_with_targets(stores[5], AS_OF - timedelta(days=20), AS_OF + timedelta(days=40), orders=200)
    results.append(evaluate(stores, as_of(0)))
    clock[0] = MOMENTS[2]
    results.append(evaluate(stores, as_of(1)))
    return results


def snapshot() -> dict[str, Any]:
    """Every field of every alert (but its id), each with every field of its events in order; the evaluations."""

    def fields(row, skip: tuple[str, ...]) -> dict[str, Any]:
        return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if f.name not in skip}

    alerts = sorted(Alert.objects.all(), key=lambda a: (a.store_id, a.kind, a.key, a.first_seen, a.state))
    return {
        "alerts": [
            {**fields(a, ("id",)), "events": [fields(e, ("id", "alert")) for e in a.events.order_by("pk")]}
            for a in alerts
        ],
        "evaluations": [fields(e, ("id",)) for e in AlertEvaluation.objects.order_by("store_id")],
    }


def told_by(evaluate: Evaluate, stores: list[Store], user, monkeypatch) -> tuple[list, dict]:
    clock = [MOMENTS[0]]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    with transaction.atomic():
        results = story(stores, evaluate, clock, user)
        seen = snapshot()
        transaction.set_rollback(True)
    return results, seen


def test_a_chunk_ends_exactly_where_evaluating_each_store_in_turn_ends(stores, member, monkeypatch):
    user = member("ops_manager")
    one_by_one, expected = told_by(per_store, stores, user, monkeypatch)
    at_once, found = told_by(many, stores, user, monkeypatch)
    assert found == expected
    assert at_once == one_by_one
    # The story covers what it means to: every kind, every state, every event, alerts raised again and resolved.
    kinds = {a["kind"] for a in expected["alerts"]}
    assert kinds == set(AlertKind.values) | {"retired_kind"}
    assert {a["state"] for a in expected["alerts"]} == set(AlertState.values)
    assert {e["event"] for a in expected["alerts"] for e in a["events"]} == {
        "raised",
        "seen",
        "acknowledged",
        "resolved",
    }
    reraised = [a for a in expected["alerts"] if a["store_id"] == stores[4].pk and a["kind"] == AlertKind.BEHIND_PLAN]
    assert [a["state"] for a in reraised] == [AlertState.RESOLVED, AlertState.OPEN]


def test_a_chunk_is_evaluated_in_the_same_number_of_queries_for_1_and_20_stores(member, monkeypatch):
    everything = SITUATIONS[-1] + (known_alerts,)
    chunk = []
    for n in range(21):
        store = StoreFactory(code=f"chunk-{n}")
        for build in everything:
            build(store)
        chunk.append(store)
    AlertEvaluation.objects.bulk_create(
        AlertEvaluation(store=s, as_of=AS_OF, evaluated_at=timezone.now(), recommendation="hold") for s in chunk
    )
    counts = []
    for stores in (chunk[:1], chunk[1:]):
        with CaptureQueriesContext(connection) as queries:
            results = alerts_evaluate_many(stores, dict.fromkeys((s.pk for s in stores), AS_OF))
        assert all(r.raised > 10 and r.resolved == 1 for r in results.values())
        counts.append(len(queries))
    assert counts == [CHUNK_QUERIES, CHUNK_QUERIES]
