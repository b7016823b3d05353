"""Alerts benchmark: evaluating every alert rule store by store (``alerts_evaluate``) against a chunk at a time
(``alerts_evaluate_many``), at each of ``--alerts-stores`` counts.

Sets up the largest count of stores once (not timed): ``--alerts-days`` of metrics and an active plan each (as the
rollup benchmark does), rolled up; then, per store, five products (one out of stock and listed, the others selling
down towards their reorder points), a week of customer-service logs (late shipments, a low rating), one person on
the roster and, for every third store, a promotion whose stock decision is due. For each count it times the first
evaluation of the stores (every alert raised) and the next one (every alert refreshed), store by store, then in
chunks of ``--alerts-chunk`` stores after emptying the alert tables, and checks that both paths wrote the same
alerts, events and evaluations (every field but ids and times). The per-store path is the baseline.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from bench.common import Context, markdown_table

PATHS = ("per store", "chunks")
ALERT_TABLES = ("alerts_alertevent", "alerts_alert", "alerts_alertevaluation")


@dataclass
class Measure:
    stores: int
    path: str
    first: float  # seconds: the first evaluation (raising)
    again: float  # seconds: the next one (refreshing)
    alerts: int

    def ms(self, seconds: float) -> float:
        return 1000 * seconds / self.stores


@dataclass
class Result:
    rows: list[Measure] = field(default_factory=list)
    baseline: None = None
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)

    def render(self) -> str:
        head = ["stores", "path", "alerts", "first ms/store", "next ms/store", "× per store (first)", "× (next)"]
        body = []
        for m in self.rows:
            base = next(b for b in self.rows if b.stores == m.stores and b.path == PATHS[0])
            body.append(
                [
                    f"{m.stores:,}",
                    m.path,
                    f"{m.alerts:,}",
                    f"{m.ms(m.first):.2f}",
                    f"{m.ms(m.again):.2f}",
                    f"{m.first / base.first:.2f}×",
                    f"{m.again / base.again:.2f}×",
                ]
            )
        return "\n".join([markdown_table(head, body, [True, False, True, True, True, True, True]), "", *self.summary])


# --- Data ---------------------------------------------------------------------------------------------------------


def setup(ctx: Context, n: int, days: int) -> tuple[list, date]:
    """The stores with their figures, stock, service logs, roster and promotions; returns them and their as_of."""
    from django.utils import timezone

    from bench import rollup
    from funnel.models import Plan
    from inventory.models import Product, StockMovement
    from orders.models import ServiceLog
    from promotions.models import Promotion, PromotionItem
    from rollups.services import stores_rollup_rebuild
    from staffing.models import Assignment, Person, StaffRole

    s = rollup.setup(ctx, n, days)
    as_of, now = s.last, timezone.now()
    # The plan runs on past the last day: the stage status and the staffing horizon have one to read.
    Plan.objects.filter(store__in=s.stores).update(period_end=as_of + timedelta(days=60))
    stores_rollup_rebuild(s.stores, s.first, s.last, as_of=as_of)
    products = Product.objects.bulk_create(
        Product(store=store, code=f"B{k}", name=f"Bench SKU {k}", list_price=Decimal("59"), cost=Decimal("20"))
        for store in s.stores
        for k in range(5)
    )
    movements = []
    for p in products:
        common = {"store_id": p.store_id, "product": p, "created_at": now, "updated_at": now}
        stock = 10 if p.code == "B0" else 40 * int(p.code[1:])
        movements.append(
            StockMovement(kind="receipt", quantity=stock, date=as_of - timedelta(days=27), source="b", **common)
        )
        sold = 10 if p.code == "B0" else 3
        for d in range(1, 11 if p.code != "B0" else 2):
            movements.append(
                StockMovement(
                    kind="sale", quantity=-sold, date=as_of - timedelta(days=d), source="b", day_total=True, **common
                )
            )
    StockMovement.objects.bulk_create(movements, batch_size=5000)
    logs = []
    for i, store in enumerate(s.stores):
        for d in range(7):
            late = (i + d) % 4 == 0
            logs.append(
                ServiceLog(
                    store=store,
                    date=as_of - timedelta(days=d),
                    orders=20,
                    gmv=Decimal("2000"),
                    refunds=0,
                    shipped_24h=18 if late else 20,
                    shipped_48h=0,
                    shipped_later=2 if late else 0,
                    complaints=0,
                    positive_rate=Decimal("97.50") if (i + d) % 5 == 0 else Decimal("99.50"),
                    created_at=now,
                    updated_at=now,
                )
            )
    ServiceLog.objects.bulk_create(logs, batch_size=5000)
    start = as_of + timedelta(days=10)
    promotions = Promotion.objects.bulk_create(
        Promotion(
            store=store,
            kind="double_11",
            name=f"Bench promotion {i}",
            start_date=start,
            end_date=start + timedelta(days=2),
            status="planned",
        )
        for i, store in enumerate(s.stores)
        if i % 3 == 0
    )
    first_product = {p.store_id: p for p in products if p.code == "B4"}
    PromotionItem.objects.bulk_create(
        PromotionItem(promotion=pr, product=first_product[pr.store_id], promo_price=Decimal("49"), uplift=Decimal("3"))
        for pr in promotions
    )
    people = Person.objects.bulk_create(Person(name=f"Bench {i}", start_date=s.first) for i in range(n))
    logistics = StaffRole.objects.get(code="logistics")
    Assignment.objects.bulk_create(
        Assignment(person=person, store=store, role=logistics) for person, store in zip(people, s.stores, strict=True)
    )
    rollup.sql_autocommit(ctx, "VACUUM (ANALYZE)")
    return s.stores, as_of


def empty_alerts() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(ALERT_TABLES)}")


def written() -> tuple[list, list, list]:
    """What the evaluations wrote, every field but ids and times, in a stable order."""
    from alerts.models import Alert, AlertEvaluation, AlertEvent

    alerts = sorted(
        Alert.objects.values_list("store_id", "kind", "key", "severity", "state", "title", "detail", "data"),
        key=lambda r: (r[0], r[1], r[2], r[4]),
    )
    events = sorted(
        AlertEvent.objects.values_list("alert__store_id", "alert__kind", "alert__key", "alert__state", "event", "note")
    )
    evaluations = sorted(AlertEvaluation.objects.values_list("store_id", "as_of", "recommendation"))
    return alerts, events, evaluations


# --- Timing -------------------------------------------------------------------------------------------------------


def timed(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def measure(stores: list, as_of: date, chunk: int) -> tuple[Measure, Measure, bool]:
    from alerts.models import Alert
    from alerts.services import alerts_evaluate, alerts_evaluate_many

    dates = {s.pk: as_of for s in stores}

    def per_store() -> None:
        for store in stores:
            alerts_evaluate(store, as_of)

    def chunks() -> None:
        for n in range(0, len(stores), chunk):
            alerts_evaluate_many(stores[n : n + chunk], dates)

    found = []
    for path, run in zip(PATHS, (per_store, chunks), strict=True):
        empty_alerts()
        first, again = timed(run), timed(run)
        found.append((Measure(len(stores), path, first, again, Alert.objects.count()), written()))
    (one, one_rows), (many, many_rows) = found
    return one, many, one_rows == many_rows


def run(ctx: Context) -> Result:
    args = ctx.args
    result = Result()
    counts = sorted({int(c) for c in args.alerts_stores.split(",")})
    print(f"alerts: setting up {counts[-1]:,} stores × {args.alerts_days} days (not timed) …", flush=True)
    started = time.perf_counter()
    stores, as_of = setup(ctx, counts[-1], args.alerts_days)
    result.notes.append(
        f"set-up (not timed): {counts[-1]:,} stores, {time.perf_counter() - started:.0f}s; as_of {as_of}"
    )
    for n in counts:
        print(f"alerts: {n:,} stores …", flush=True)
        one, many, same = measure(stores[:n], as_of, args.alerts_chunk)
        result.rows += [one, many]
        if not same:
            result.problems.append(
                f"{n} stores: the chunks wrote other alerts, events or evaluations than store by store"
            )
        result.summary.append(
            f"{n:,} stores, chunks of {min(n, args.alerts_chunk):,}: first evaluation {many.ms(many.first):.2f} ms a "
            f"store against {one.ms(one.first):.2f} store by store ({one.first / many.first:.1f}× faster), the next "
            f"{many.ms(many.again):.2f} against {one.ms(one.again):.2f} ({one.again / many.again:.1f}× faster); "
            f"{many.alerts:,} alerts, {'the same rows both ways' if same else 'DIFFERENT rows'}"
        )
    if args.profile:
        result.summary += [
            "",
            f"cProfile of the next evaluation of {counts[-1]:,} stores in chunks:",
            "",
            profile(stores, as_of, args.alerts_chunk),
        ]
    empty_alerts()
    return result


def profile(stores: list, as_of: date, chunk: int) -> str:
    import cProfile
    import io
    import pstats

    from alerts.services import alerts_evaluate_many

    dates = {s.pk: as_of for s in stores}
    profiler = cProfile.Profile()
    profiler.enable()
    for n in range(0, len(stores), chunk):
        alerts_evaluate_many(stores[n : n + chunk], dates)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    return out.getvalue()
