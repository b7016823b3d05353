"""Rollup benchmark: a full rollup of ``--stores`` × ``--days`` of metrics against one hand-written GROUP BY.

Loads the metrics with COPY and an active plan per store (untimed), then times, in one run on the same
rows: a plain ``GROUP BY (store, month)`` (the baseline), the full rollup from scratch set-based in one
call and store by store as the nightly fan-out runs it, one late day re-rolled, and (when the
``dashboards`` app is routed) the store dashboard's latency and SQL query count.
"""

from __future__ import annotations

import csv
import io
import random
import re
import statistics
import tempfile
import time
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bench.common import ROOT, Context, markdown_table, quantile
from bench.ingest import COLUMNS, Gunicorn, checkpoint

STORE_TZ = ZoneInfo("Asia/Shanghai")  # the stores' default time zone: "yesterday" is the last day of data
BASELINE_RUNS = 3
LATE_RUNS = 3
SHORT_DAYS = 30  # the second dashboard store: its query count must equal the 2-year store's
DASHBOARD_WARMUP = 5
DASHBOARD_BUDGET = 180  # seconds of dashboard requests per store at most
# The store dashboard's JSON (its charts' data) and its page, each with its p95 aim at --days days, idle.
DASHBOARD_URLS = (("store dashboard JSON", "/dashboards/{code}/data/"), ("store dashboard page", "/dashboards/{code}/"))
DASHBOARD_AIMS = {"store dashboard JSON": 0.030, "store dashboard page": 0.100}
STATEMENT_TIMEOUT = "20min"  # no single rollup statement may run longer than this
EXPLAIN_TOP = 3  # with --profile: EXPLAIN ANALYZE this many of the slowest statements
EXPLAIN_LINES = 70
COMMIT = "COMMIT (deferred foreign-key checks)"
# rollups_dayrollup and rollups_periodrollup are views (computed when read): a rollup writes the segments.
ROLLUP_TABLES = (
    "rollups_periodsegment",
    "rollups_rolluprun",
    "rollups_dirtyrange",
)
WRITTEN_TABLES = ("rollups_periodsegment",)
GROUP_BY_SQL = """
    SELECT store_id, date_trunc('month', date) AS month, count(*), sum(uv), sum(pv), sum(orders), sum(refunds),
           sum(paying_buyers), sum(new_buyers), sum(returning_buyers), sum(gmv), sum(ad_spend)
    FROM funnel_dailymetric GROUP BY 1, 2
"""
# Platform events: heavier days in the generated traffic (11.11 the heaviest, as on Tmall).
EVENTS = {(3, 14): 1.3, (5, 20): 1.3, (6, 18): 2.2, (8, 18): 1.3, (11, 11): 4.0, (12, 12): 2.0}
WEEKDAY = (0.95, 0.92, 0.95, 1.0, 1.05, 1.15, 1.2)  # Mon..Sun


@dataclass
class Timing:
    name: str
    metric_rows: int  # DailyMetric rows the step covers
    written: int | None  # rollup rows it wrote (PeriodSegment; the day and period rows are views)
    seconds: float


@dataclass
class Result:
    rows: list[Timing] = field(default_factory=list)
    baseline: Timing | None = None
    full: Timing | None = None  # the full run the late day is held against
    sections: list[tuple[str, str]] = field(default_factory=list)  # (title, Markdown) printed after the table
    summary: list[str] = field(default_factory=list)  # one line per aim
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def render(self) -> str:
        head = ["name", "metric rows", "rows written", "seconds", "× GROUP BY", "% of full run"]
        body = []
        for row in self.rows:
            ratio = f"{row.seconds / self.baseline.seconds:.2f}×" if self.baseline and self.baseline.seconds else "–"
            share = f"{100 * row.seconds / self.full.seconds:.2f} %" if self.full and row is not self.baseline else "–"
            written = "–" if row.written is None else f"{row.written:,}"
            body.append([row.name, f"{row.metric_rows:,}", written, f"{row.seconds:.3f}", ratio, share])
        out = [markdown_table(head, body, [False, True, True, True, True, True])]
        for title, text in self.sections:
            out += ["", f"{title}:", "", text]
        if self.summary:
            out += ["", *self.summary]
        return "\n".join(out)


# --- Data -------------------------------------------------------------------------------------------------


def metrics_csv(store_ids: Sequence[int], first: date, days: int, client_id: int, seed: int) -> str:
    """Realistic daily metrics for every store and day, as CSV for COPY (the columns bench/ingest.py uses).

    Each store has its own size, conversion, AOV and growth; days follow the week and the platform
    events; every row is consistent (pv ≥ uv ≥ orders ≥ paying_buyers ≥ new_buyers + returning_buyers).
    """
    rng = random.Random(seed)
    now = datetime.now(ZoneInfo("UTC")).isoformat()
    source = f"client:{client_id}"
    dates = [first + timedelta(days=i) for i in range(days)]
    shape = [WEEKDAY[d.weekday()] * EVENTS.get((d.month, d.day), 1.0) for d in dates]
    iso = [d.isoformat() for d in dates]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for store_id in store_ids:
        size = rng.uniform(300, 4000)
        conversion = rng.uniform(0.01, 0.05)
        aov = rng.uniform(40, 400)
        growth = rng.uniform(-0.3, 1.0) / max(days, 1)
        cpc = rng.uniform(0.2, 1.5)
        for i in range(days):
            uv = max(1, int(size * shape[i] * (1 + growth * i) * rng.uniform(0.8, 1.2)))
            orders = min(uv, int(uv * conversion * rng.uniform(0.7, 1.3)))
            paying = rng.randint(orders * 9 // 10, orders)
            new = rng.randint(0, paying)
            gmv = int(orders * aov * rng.uniform(85, 115))  # cents
            ad = int(uv * cpc * rng.uniform(10, 40))  # cents: 10–40 % of visitors paid for
            writer.writerow(
                (
                    store_id,
                    iso[i],
                    source,
                    client_id,
                    uv,
                    uv * rng.randint(2, 6) + rng.randint(0, 99),
                    orders,
                    rng.randint(0, orders // 10),
                    paying,
                    new,
                    rng.randint(0, paying - new),
                    f"{gmv // 100}.{gmv % 100:02d}",
                    f"{ad // 100}.{ad % 100:02d}",
                    now,
                    now,
                )
            )
    return buf.getvalue()


def copy_metrics(ctx: Context, text: str) -> float:
    conn = ctx.connect()
    try:
        started = time.perf_counter()
        with conn.cursor() as cursor:
            cursor.copy_expert(
                f"COPY funnel_dailymetric ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv)", io.StringIO(text)
            )
        conn.commit()
        return time.perf_counter() - started
    finally:
        conn.close()


def sql_autocommit(ctx: Context, *statements: str) -> None:
    """Statements that cannot run in a transaction (VACUUM), on their own connection."""
    conn = ctx.connect()
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        conn.close()


def scalar(sql: str, params: Sequence | None = None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@dataclass
class Setup:
    stores: list  # Store instances, by pk
    first: date
    last: date
    days: int
    client_id: int
    user: object  # the ops manager who creates plans and opens dashboards
    seconds: dict[str, float]


def no_rollup_on_write():
    """The writes of the set-up must not start rollups of their own (eager Celery would run them inline)."""
    from django.test.utils import override_settings

    return override_settings(ROLLUP_ON_WRITE=False)


def setup(ctx: Context, n_stores: int, days: int) -> Setup:
    """Stores, one API client, ``days`` of metrics per store (COPY), an active plan per store; not timed."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from funnel.services.plans import plan_activate, plan_create_from_template
    from stores.choices import Platform
    from stores.models import Store
    from stores.services import api_client_create

    seconds: dict[str, float] = {}
    last = datetime.now(STORE_TZ).date() - timedelta(days=1)
    first = last - timedelta(days=days - 1)
    platforms = list(Platform.values)

    started = time.perf_counter()
    Store.objects.bulk_create(
        [
            Store(code=f"bench-{i:04d}", name=f"Bench store {i}", platform=platforms[i % len(platforms)])
            for i in range(n_stores)
        ],
        batch_size=1000,
    )
    stores = list(Store.objects.filter(code__startswith="bench-").order_by("pk"))
    client, _key = api_client_create("bench-rollup", [s.code for s in stores])
    user = get_user_model().objects.create_user("bench-ops", password="bench-only-password-0123")
    seconds["stores, client, user"] = time.perf_counter() - started

    started = time.perf_counter()
    text = metrics_csv([s.pk for s in stores], first, days, client.pk, seed=20261111)
    seconds["generate CSV"] = time.perf_counter() - started
    print(f"rollup: COPY {n_stores * days:,} metric rows ({len(text) / 1e6:.0f} MB of CSV) …", flush=True)
    seconds["COPY metrics"] = copy_metrics(ctx, text)
    del text

    started = time.perf_counter()
    with no_rollup_on_write():
        plan = plan_create_from_template(
            stores[0], user, name="Bench plan", period_start=first, period_end=last, as_of=last
        )
        plan_activate(plan, user)
    plan_replicate(plan, [s.pk for s in stores[1:]])
    seconds["plans (1 by the service, the rest by INSERT … SELECT)"] = time.perf_counter() - started

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(ROLLUP_TABLES)} RESTART IDENTITY")
    sql_autocommit(ctx, "VACUUM (ANALYZE)")
    seconds["VACUUM (ANALYZE)"] = time.perf_counter() - started
    return Setup(stores, first, last, days, client.pk, user, seconds)


def plan_replicate(template, store_ids: Sequence[int]) -> None:
    """Copy an (active) plan with its stages, milestones and day targets to other stores, set-based."""
    from django.db import connection, transaction

    from funnel.models import DailyTarget, Milestone, Plan, StagePlan

    q = connection.ops.quote_name

    def columns(model) -> list[str]:
        return [f.column for f in model._meta.concrete_fields if not f.primary_key]

    plans = Plan._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cols = columns(Plan)
        exprs = ["s.id" if c == "store_id" else f"p.{q(c)}" for c in cols]
        cursor.execute(
            f"INSERT INTO {plans} ({', '.join(map(q, cols))}) SELECT {', '.join(exprs)} "
            f"FROM {plans} p CROSS JOIN stores_store s WHERE p.id = %s AND s.id = ANY(%s)",
            [template.pk, list(store_ids)],
        )
        for model in (StagePlan, Milestone, DailyTarget):
            cols = columns(model)
            exprs = ["np.id" if c == "plan_id" else f"t.{q(c)}" for c in cols]
            cursor.execute(
                f"INSERT INTO {model._meta.db_table} ({', '.join(map(q, cols))}) SELECT {', '.join(exprs)} "
                f"FROM {model._meta.db_table} t JOIN {plans} np ON np.store_id = ANY(%s) WHERE t.plan_id = %s",
                [list(store_ids), template.pk],
            )


# --- Timing helpers ------------------------------------------------------------------------------------------


@dataclass
class Call:
    label: str
    seconds: float
    sql: str
    params: object
    many: bool


class Recorder:
    """A Django execute wrapper that times every statement (``connection.execute_wrapper(recorder)``)."""

    def __init__(self):
        self.calls: list[Call] = []

    @contextmanager
    def recording(self):
        """Time every statement of Django's connection, and its commits: Django makes foreign keys
        DEFERRABLE INITIALLY DEFERRED, so their checks run at COMMIT, outside any statement."""
        from django.db import connection

        original = connection._commit

        def commit():
            started = time.perf_counter()
            try:
                return original()
            finally:
                self.calls.append(Call(COMMIT, time.perf_counter() - started, "COMMIT", None, False))

        connection._commit = commit
        try:
            with connection.execute_wrapper(self):
                yield self
        finally:
            del connection._commit  # the class's method again

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.calls.append(Call(self.label(sql, params, many), time.perf_counter() - started, sql, params, many))

    @classmethod
    def label(cls, sql: str, params, many: bool) -> str:
        text = " ".join(sql.split())
        if "pg_advisory_xact_lock" in text:
            return "SELECT pg_advisory_xact_lock"
        verb = text.split(" ", 1)[0].upper()
        found = re.search(r"\b(?:INTO|FROM|UPDATE)\s+\"?(\w+)", text, re.IGNORECASE)
        return f"{verb} {found.group(1)}" if found and verb in ("INSERT", "DELETE", "UPDATE", "SELECT") else verb

    def profile(self, total: float) -> str:
        by: dict[str, list[float]] = {}
        for call in self.calls:
            by.setdefault(call.label, []).append(call.seconds)
        body = [
            [label, f"{len(s):,}", f"{sum(s):.3f}", f"{100 * sum(s) / total:.1f} %", f"{max(s):.3f}"]
            for label, s in sorted(by.items(), key=lambda kv: -sum(kv[1]))
        ]
        spent = sum(c.seconds for c in self.calls)
        body.append(["(Python and round trips outside statements)", "", f"{total - spent:.3f}", "", ""])
        head = ["statement", "calls", "seconds", "share", "slowest"]
        return markdown_table(head, body, [False, True, True, True, True])


def truncate_rollups() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(ROLLUP_TABLES)} RESTART IDENTITY")


def rows_written() -> int:
    return sum(scalar(f"SELECT count(*) FROM {t}") for t in WRITTEN_TABLES)  # noqa: S608 (fixed names)


def checksums(store_id: int | None = None) -> dict[int, str]:
    """Per store, an md5 of its PeriodRollup rows (all columns but id and computed_at). The day rows are a view
    of the metrics and targets, the same whichever way the periods were built, so they are not compared."""
    from django.db import connection

    from rollups.models import PeriodRollup

    cols = [f.column for f in PeriodRollup._meta.concrete_fields if f.column not in ("id", "computed_at")]
    where = "" if store_id is None else f"WHERE store_id = {int(store_id)}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT store_id, count(*), md5(string_agg(ROW({', '.join(cols)})::text, ',' "
            f"ORDER BY grain, period_start)) FROM rollups_periodrollup {where} GROUP BY store_id"
        )
        return {sid: f"{n}:{digest}" for sid, n, digest in cursor.fetchall()}


def explain_replay(calls: Sequence[Call], top: int, from_scratch: bool) -> list[tuple[Call, str]]:
    """Replay a recorded rollup in one transaction that is rolled back, with EXPLAIN (ANALYZE, BUFFERS)
    on its ``top`` slowest statements, so each runs on exactly the state it ran on."""
    from django.db import connection, transaction

    replayable = [
        i
        for i, c in enumerate(calls)
        if not c.many and not c.sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT"))
    ]
    slowest = set(sorted(replayable, key=lambda i: -calls[i].seconds)[:top])
    plans: list[tuple[Call, str]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        if from_scratch:
            cursor.execute(f"TRUNCATE {', '.join(ROLLUP_TABLES)} RESTART IDENTITY")
        # The foreign-key checks Django defers to COMMIT run at the end of each statement instead, so
        # EXPLAIN ANALYZE reports them ("Trigger for constraint …").
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for i in replayable:
            call = calls[i]
            if i in slowest:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + call.sql, call.params)
                plans.append((call, "\n".join(r[0] for r in cursor.fetchall())))
            else:
                cursor.execute(call.sql, call.params)
        transaction.set_rollback(True)
    plans.sort(key=lambda p: -p[0].seconds)
    return plans


def explain_section(plans: Sequence[tuple[Call, str]]) -> str:
    out = []
    for call, plan in plans:
        lines = [re.sub(r"'\{(\d+),[\d,]{40,},(\d+)\}'", r"'{\1,…,\2}'", line) for line in plan.splitlines()]
        tail = next((i for i, line in enumerate(lines) if line.startswith(("Planning", "Trigger"))), len(lines))
        head = lines[:tail]
        if len(head) > EXPLAIN_LINES:
            head = [*head[:EXPLAIN_LINES], f"  … ({len(lines[:tail]) - EXPLAIN_LINES} more plan lines)"]
        out += [f"-- {call.label}: {call.seconds:.3f}s in the timed run", *head, *lines[tail:], ""]
    return "```\n" + "\n".join(out).rstrip() + "\n```"


# --- The timed parts ----------------------------------------------------------------------------------------


def group_by_baseline(ctx: Context) -> tuple[float, list[float], int]:
    """The hand-written GROUP BY (store, month) over every metric row, fully fetched: median of a few runs."""
    samples, groups = [], 0
    conn = ctx.connect()
    try:
        for _ in range(BASELINE_RUNS):
            with conn.cursor() as cursor:
                started = time.perf_counter()
                cursor.execute(GROUP_BY_SQL)
                groups = len(cursor.fetchall())
                samples.append(time.perf_counter() - started)
            conn.rollback()
    finally:
        conn.close()
    return statistics.median(samples), samples, groups


def per_store(s: Setup, budget: float, recorder: Recorder) -> tuple[list[float], bool]:
    """``store_rollup_build`` over the whole range for each store in turn, as one nightly worker runs them."""

    from rollups.services import store_rollup_build

    seconds: list[float] = []
    deadline = time.monotonic() + budget
    with recorder.recording():
        for i, store in enumerate(s.stores):
            started = time.perf_counter()
            store_rollup_build(store, s.first, s.last, as_of=s.last)
            seconds.append(time.perf_counter() - started)
            if (i + 1) % 100 == 0:
                print(f"rollup: per store: {i + 1} stores, {sum(seconds):.1f}s", flush=True)
            if time.monotonic() > deadline and i + 1 < len(s.stores):
                return seconds, True
    return seconds, False


def set_based(s: Setup, recorder: Recorder | None, workers: int) -> float:
    """``stores_rollup_rebuild``: every store from scratch, set-based, one transaction per chunk of stores, the
    chunks spread over ``workers`` connections. The recorder sees the statements of this thread's connection
    only, so it is given for one worker."""
    from contextlib import nullcontext

    from rollups.services import stores_rollup_rebuild

    with recorder.recording() if recorder else nullcontext():
        started = time.perf_counter()
        stores_rollup_rebuild(s.stores, s.first, s.last, as_of=s.last, workers=workers)
        return time.perf_counter() - started


def late_day(s: Setup, result: Result, profile: bool) -> None:
    """Change one store's figures for a day in the middle, as a late push would, and re-roll that day."""
    from django.db import connection
    from django.utils import timezone

    from rollups.models import DayRollup, PeriodRollup
    from rollups.services import store_rollup_build
    from stores.models import DirtyRange

    store = s.stores[len(s.stores) // 2]
    day = s.first + timedelta(days=s.days // 2)
    samples, recorders = [], []
    for _ in range(LATE_RUNS):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE funnel_dailymetric SET orders = orders + 1, paying_buyers = paying_buyers + 1, "
                "gmv = gmv + 99.00, updated_at = now() WHERE store_id = %s AND date = %s",
                [store.pk, day],
            )
        DirtyRange.objects.create(store=store, date_from=day, date_to=day, marked_at=timezone.now())
        checkpoint_django()
        recorder = Recorder()
        with recorder.recording():
            started = time.perf_counter()
            built = store_rollup_build(store, day, day, as_of=s.last)
            samples.append(time.perf_counter() - started)
        recorders.append(recorder)
    median = statistics.median(samples)
    row = Timing(f"Late day re-rolled (1 store-day), median of {LATE_RUNS}", 1, None, median)
    result.rows.append(row)
    result.notes.append(
        f"late day: store {store.code}, {day}; runs {', '.join(f'{x:.3f}s' for x in samples)}; "
        f"{built.rows} period segments rewritten (the day and period rows are views)"
    )

    # The change reached the rollups, the mark is gone, and the result equals a full rebuild of the store.
    orders = scalar(
        "SELECT orders FROM funnel_dailymetric WHERE store_id = %s AND date = %s ORDER BY updated_at DESC LIMIT 1",
        [store.pk, day],
    )
    rolled = DayRollup.objects.get(store=store, date=day).orders
    month = PeriodRollup.objects.get(store=store, grain="month", period_start=day.replace(day=1))
    month_orders = scalar(
        "SELECT sum(orders) FROM funnel_dailymetric WHERE store_id = %s AND date >= %s AND date <= %s",
        [store.pk, month.period_start, min(month.period_end, s.last)],
    )
    if rolled != orders or month.orders != month_orders:
        result.problems.append(
            f"late day not rolled up: day {rolled} vs {orders} orders, month {month.orders} vs {month_orders}"
        )
    if DirtyRange.objects.filter(store=store).exists():
        result.problems.append("the late day's dirty mark is still there after its rollup")
    before = checksums(store.pk).get(store.pk)
    store_rollup_build(store, s.first, s.last, as_of=s.last)
    if checksums(store.pk).get(store.pk) != before:
        result.problems.append(f"store {store.code}: re-rolling one day differs from rebuilding its whole range")
    else:
        result.notes.append("late day: the store's rollups equal a rebuild of its whole range (checksums)")

    slowest = max(recorders, key=lambda r: sum(c.seconds for c in r.calls))
    result.sections.append(
        (f"Late day, where one run's time goes ({median:.3f}s median)", recorders[0].profile(samples[0]))
    )
    if profile:
        plans = explain_replay(slowest.calls, 2, from_scratch=False)
        result.sections.append(("Late day, EXPLAIN ANALYZE of its slowest statements", explain_section(plans)))


def checkpoint_django() -> None:
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except Exception:  # noqa: BLE001 - needs superuser; the timings are just noisier without
        pass


# --- The store dashboard ------------------------------------------------------------------------------------


def dashboards(ctx: Context, s: Setup, result: Result, requests: int, profile: bool) -> None:
    """Latency (gunicorn, sequential) and SQL query count (in-process) of the store dashboard's JSON
    (/dashboards/<store>/data/) and its page (/dashboards/<store>/)."""
    from django.urls import Resolver404, resolve

    if not (ROOT / "dashboards" / "urls.py").exists():
        result.notes.append("store dashboard: SKIPPED, dashboards/urls.py does not exist yet (app being built)")
        return
    long_store = s.stores[0]
    try:
        resolve(f"/dashboards/{long_store.code}/")
    except Resolver404:
        result.notes.append("store dashboard: SKIPPED, /dashboards/<store>/ is not routed yet (opsplan/urls.py)")
        return
    except Exception as exc:  # noqa: BLE001 - the app is work in progress: report, do not fail the benchmark
        result.notes.append(f"store dashboard: SKIPPED, the URLconf does not load: {exc!r}")
        return

    # Pages need the static files' manifest when DEBUG is off: collect them as the Dockerfile does, into a
    # temporary STATIC_ROOT that this process and gunicorn share.
    from django.core.management import call_command
    from django.test.utils import override_settings

    with tempfile.TemporaryDirectory(prefix="opsplan-bench-static-") as static_root:
        with override_settings(STATIC_ROOT=static_root):
            call_command("collectstatic", interactive=False, verbosity=0)
            dashboard_measure({**ctx.env, "STATIC_ROOT": static_root}, ctx, s, result, requests, profile)


def dashboard_measure(
    env: dict[str, str], ctx: Context, s: Setup, result: Result, requests: int, profile: bool
) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.choices import Role
    from stores.models import Membership

    long_store = s.stores[0]
    short_store = short_store_create(ctx, s)
    for store in (long_store, short_store):
        Membership.objects.create(user=s.user, store=store, role=Role.OPS_MANAGER)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(s.user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    measured = []
    for kind, path in DASHBOARD_URLS:
        for store, days in ((long_store, s.days), (short_store, SHORT_DAYS)):
            url = path.format(code=store.code)
            client.get(url)  # warm up (lazy imports, translations)
            recorder = Recorder()
            with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(recorder):
                started = time.perf_counter()
                response = client.get(url)
                in_process = time.perf_counter() - started
            if response.status_code != 200:
                result.problems.append(f"{url} answered {response.status_code} in-process: {response.content[:200]!r}")
                return
            measured.append([kind, store, days, url, len(queries.captured_queries), in_process, recorder])
            if profile and store is long_store:
                result.sections.append(
                    (f"{kind}, one request in-process ({days} days)", request_profile(client, url, recorder))
                )

    rows = []
    with Gunicorn(env, 1) as server:
        for entry in measured:
            kind, store, days, url, n_queries, in_process, _queries = entry
            latencies, statuses, first = http_gets(server.port, url, cookie, requests)
            if set(statuses) != {200}:
                result.problems.append(f"{url} over HTTP: statuses {statuses}")
            rows.append(
                [
                    kind,
                    store.code,
                    f"{days:,}",
                    f"{len(latencies):,}",
                    f"{1000 * first:.0f}",
                    f"{1000 * statistics.median(latencies):.1f}",
                    f"{1000 * quantile(latencies, 0.95):.1f}",
                    f"{1000 * max(latencies):.1f}",
                    f"{1000 * in_process:.1f}",
                    f"{n_queries}",
                ]
            )
            if store is long_store:
                p95, aim = quantile(latencies, 0.95), DASHBOARD_AIMS[kind]
                result.summary.append(
                    f"{kind} p95 over {len(latencies)} requests with {days} days: {1000 * p95:.0f} ms "
                    f"(median {1000 * statistics.median(latencies):.0f} ms; aim: < {1000 * aim:.0f} ms) "
                    f"{'MET' if p95 < aim else 'MISSED'}."
                )
    head = ["url", "store", "days", "requests", "1st ms", "median ms", "p95 ms", "max ms", "in-process ms", "SQL"]
    result.sections.append(
        (
            "Store dashboard (gunicorn, 1 sync worker, sequential requests; queries counted in-process)",
            markdown_table(head, rows, [False, False, *([True] * 8)]),
        )
    )
    for kind, _path in DASHBOARD_URLS:
        counts = [m[4] for m in measured if m[0] == kind]
        result.summary.append(
            f"{kind} SQL queries: {counts[0]} with {s.days} days, {counts[1]} with {SHORT_DAYS} days "
            f"(aim: not growing with the data) {'MET' if counts[0] == counts[1] else 'MISSED'}."
        )
    for kind, store, days, _url, _n, in_process, recorder in measured:
        if store is not long_store:
            continue
        calls = recorder.calls
        slow = sorted(calls, key=lambda c: -c.seconds)[:5]
        result.notes.append(
            f"{kind}, in-process, {days} days: {1000 * in_process:.1f} ms, of which "
            f"{1000 * sum(c.seconds for c in calls):.1f} ms in {len(calls)} SQL statements; slowest: "
            + "; ".join(f"{c.seconds * 1000:.1f} ms {' '.join(c.sql.split())[:140]}" for c in slow)
        )


def request_profile(client, url: str, recorder: Recorder) -> str:
    """cProfile one in-process GET: where a dashboard request spends its time outside SQL."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    buckets = (
        ("SQL (psycopg2 execute)", "~", "<method 'execute' of 'psycopg2.extensions.cursor' objects>"),
        ("template rendering (Template.render)", "django/template/base.py", "render"),
        ("ORM: building SQL (compiler.as_sql)", "django/db/models/sql/compiler.py", "as_sql"),
        ("ORM: rows to objects (ModelIterable)", "django/db/models/query.py", "__iter__"),
        ("dashboards.selectors", "dashboards/selectors", ""),
        ("dashboards.views", "dashboards/views.py", ""),
    )
    lines = [f"total under cProfile {total:.3f}s (the profiler inflates Python-heavy code)"]
    for name, path, func in buckets:
        seconds = max(
            (v[3] for (file, _line, fn), v in stats.stats.items() if (not func or fn == func) and path in file),
            default=0.0,
        )
        lines.append(f"  {name:<44} {seconds:6.3f}s {100 * seconds / total:5.1f} % (largest cumulative)")
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).strip_dirs().sort_stats("tottime").print_stats(20)
    body = [line for line in buf.getvalue().splitlines() if line.strip()]
    return "```\n" + "\n".join(lines + body[-22:]) + "\n```"


def http_gets(port: int, path: str, cookie: str, n: int) -> tuple[list[float], dict[int, int], float]:
    """GET ``path`` ``n`` times in a row (after a few warm-ups); returns latencies, statuses, the first's time."""
    from http.client import HTTPConnection

    headers = {"Cookie": cookie, "Accept-Language": "zh-hans"}

    def get() -> tuple[int, float]:
        conn = HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status, time.perf_counter() - started
        finally:
            conn.close()

    _status, first = get()
    for _ in range(DASHBOARD_WARMUP - 1):
        get()
    latencies, statuses = [], {}
    deadline = time.monotonic() + DASHBOARD_BUDGET
    while len(latencies) < n and time.monotonic() < deadline:
        status, seconds = get()
        statuses[status] = statuses.get(status, 0) + 1
        latencies.append(seconds)
    return latencies, statuses, first


def short_store_create(ctx: Context, s: Setup):
    """A store with only the last 30 days of data and a plan over them, rolled up."""
    from funnel.services.plans import plan_activate, plan_create_from_template
    from rollups.services import store_rollup_build
    from stores.models import Store

    store = Store.objects.create(code="bench-short", name="Bench store, 30 days", platform=s.stores[0].platform)
    first = s.last - timedelta(days=SHORT_DAYS - 1)
    copy_metrics(ctx, metrics_csv([store.pk], first, SHORT_DAYS, s.client_id, seed=30))
    with no_rollup_on_write():
        plan = plan_create_from_template(
            store, s.user, name="Bench plan, 30 days", period_start=first, period_end=s.last, as_of=s.last
        )
        plan_activate(plan, s.user)
    store_rollup_build(store, first, s.last, as_of=s.last)
    return store


# --- Entry point ------------------------------------------------------------------------------------------


def run(ctx: Context) -> Result:
    from django.db import connection

    args = ctx.args
    result = Result()
    if args.stores < 1 or args.days < 35:
        raise SystemExit("--stores must be positive and --days at least 35 (five plan stages and a month)")
    n_metrics = args.stores * args.days

    print(f"rollup: setting up {args.stores:,} stores × {args.days} days (not timed) …", flush=True)
    s = setup(ctx, args.stores, args.days)
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT}'")
    print(
        "rollup: set-up "
        + ", ".join(f"{k} {v:.1f}s" for k, v in s.seconds.items())
        + f"; data {s.first} … {s.last}, {scalar('SELECT count(*) FROM funnel_dailymetric'):,} metric rows, "
        f"{scalar('SELECT count(*) FROM funnel_dailytarget'):,} day targets",
        flush=True,
    )
    result.notes.append(
        f"set-up (not timed): {args.stores:,} stores × {args.days} days ({s.first} … {s.last}), one source each; "
        f"one active plan per store over the whole range (5 stages, {args.days} day targets); "
        + ", ".join(f"{k} {v:.1f}s" for k, v in s.seconds.items())
    )

    # 1. The baseline: one hand-written GROUP BY over the same rows.
    checkpoint(ctx)
    seconds, samples, groups = group_by_baseline(ctx)
    name = f"GROUP BY (store, month), fully fetched, median of {BASELINE_RUNS}"
    result.baseline = Timing(name, n_metrics, 0, seconds)
    result.rows.append(result.baseline)
    result.notes.append(f"GROUP BY runs: {', '.join(f'{x:.3f}s' for x in samples)}; {groups:,} groups fetched")
    print(f"rollup: GROUP BY {', '.join(f'{x:.3f}s' for x in samples)} ({groups:,} groups)", flush=True)

    # 2. The per-store path, as the nightly fan-out runs it on one worker.
    truncate_rollups()
    checkpoint(ctx)
    per_recorder = Recorder()
    print(f"rollup: per store, sequentially (budget {args.per_store_budget:.0f}s) …", flush=True)
    per_seconds, stopped = per_store(s, args.per_store_budget, per_recorder)
    per_total = sum(per_seconds)
    done = len(per_seconds)
    per_written = rows_written()
    per_sums = checksums()
    if stopped:
        estimate = per_total / done * len(s.stores)
        name = f"Full rollup, per store ({done:,} of {len(s.stores):,} stores, stopped at the budget)"
        result.notes.append(
            f"per store: stopped after {done:,} stores at the {args.per_store_budget:.0f}s budget; "
            f"all {len(s.stores):,} would take about {estimate:.0f}s"
        )
        per_row = Timing(name, done * args.days, per_written, per_total)
    else:
        per_row = Timing(f"Full rollup, per store ({done:,} sequential calls)", n_metrics, per_written, per_total)
    result.notes.append(
        f"per store: median {statistics.median(per_seconds):.3f}s, p95 {quantile(per_seconds, 0.95):.3f}s, "
        f"max {max(per_seconds):.3f}s a store"
    )
    print(f"rollup: per store {per_total:.1f}s for {done} stores", flush=True)

    # 3. The set-based path: every store from scratch, a chunk of stores per transaction; first on one
    # connection (its statements recorded), then over one connection per core, as that many workers would run it.
    from rollups.services import REBUILD_CHUNK

    chunks = -(-len(s.stores) // REBUILD_CHUNK)
    workers = max(1, args.rollup_workers)
    truncate_rollups()
    checkpoint(ctx)
    set_recorder = Recorder()
    print("rollup: set-based, stores_rollup_rebuild, 1 connection …", flush=True)
    one_seconds = set_based(s, set_recorder, 1)
    name = f"Full rollup, set-based, 1 connection ({chunks:,} transactions)"
    one = Timing(name, n_metrics, rows_written(), one_seconds)
    print(f"rollup: set-based, 1 connection {one_seconds:.1f}s", flush=True)
    if workers > 1:
        truncate_rollups()
        checkpoint(ctx)
        print(f"rollup: set-based, stores_rollup_rebuild, {workers} connections …", flush=True)
        set_seconds = set_based(s, None, workers)
        name = f"Full rollup, set-based, {workers} connections ({chunks:,} transactions)"
        full = Timing(name, n_metrics, rows_written(), set_seconds)
        result.rows.insert(1, one)
    else:
        set_seconds, full = one_seconds, one
    set_written = rows_written()
    set_sums = checksums()
    result.rows.insert(1, full)
    result.rows.append(per_row)
    result.full = full
    print(f"rollup: set-based {set_seconds:.1f}s, {set_written:,} rows", flush=True)

    compared = [sid for sid in per_sums if sid in set_sums]
    differ = [sid for sid in compared if per_sums[sid] != set_sums[sid]]
    missing = [s_.pk for s_ in s.stores[:done] if s_.pk not in per_sums]
    if differ or missing or (not stopped and len(per_sums) != len(set_sums)):
        result.problems.append(
            f"set-based and per-store rollups differ for {len(differ)} of {len(compared)} stores "
            f"(e.g. store ids {differ[:5]}; md5 per store then set-based: "
            f"{[(per_sums[d], set_sums[d]) for d in differ[:2]]}); {len(missing)} stores without rows"
        )
    else:
        result.notes.append(
            f"set-based and per-store results are identical for all {len(compared):,} stores compared "
            "(md5 of every PeriodRollup column but computed_at)"
        )
    counts = {t: scalar(f"SELECT count(*) FROM {t}") for t in WRITTEN_TABLES}  # noqa: S608 (fixed names)
    result.notes.append("rows written by the full rollup: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    grains = ", ".join(
        f"{g} {n:,}" for g, n in _fetch("SELECT grain, count(*) FROM rollups_periodrollup GROUP BY 1 ORDER BY 1")
    )
    result.notes.append(f"period rollups by grain: {grains}")

    title = f"Full rollup, set-based, 1 connection: where the {one_seconds:.1f}s go"
    result.sections.append((title, set_recorder.profile(one_seconds)))
    result.sections.append(
        (f"Full rollup, per store: where the {per_total:.1f}s go (all calls together)", per_recorder.profile(per_total))
    )
    if args.profile:
        print("rollup: EXPLAIN ANALYZE of the set-based run's slowest statements (replayed, rolled back) …")
        plans = explain_replay(set_recorder.calls, EXPLAIN_TOP, from_scratch=True)
        title = "Full rollup, set-based: EXPLAIN ANALYZE of the slowest statements"
        result.sections.append((title, explain_section(plans)))

    # 4. One late day.
    print("rollup: late day …", flush=True)
    late_day(s, result, args.profile)

    # 5. The store dashboard, if it is there.
    print("rollup: store dashboard …", flush=True)
    try:
        dashboards(ctx, s, result, args.dashboard_requests, args.profile)
    except Exception as exc:  # noqa: BLE001 - the dashboards app is work in progress: report it, keep the rest
        result.problems.append(f"store dashboard: {exc!r}")

    # The aims.
    base = result.baseline.seconds
    late = next(r for r in result.rows if r.name.startswith("Late day"))
    result.summary[:0] = [
        f"Full rollup, set-based on {workers} connection{'s' if workers > 1 else ''}: {set_seconds / base:.1f}× the "
        f"GROUP BY (aim: ≤ 5×) {'MET' if set_seconds <= 5 * base else 'MISSED'}; on 1 connection "
        f"{one_seconds / base:.1f}×.",
        f"Full rollup, per store: {per_total / base:.1f}× the GROUP BY"
        + (" for the stores done before the budget" if stopped else "")
        + " (for comparison: the path of the nightly fan-out, which rolls up a few days a store, not two years).",
        f"Late day: {100 * late.seconds / set_seconds:.2f} % of the set-based full run (aim: < 1 %) "
        f"{'MET' if late.seconds < 0.01 * set_seconds else 'MISSED'}.",
    ]
    return result


def _fetch(sql: str) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()
