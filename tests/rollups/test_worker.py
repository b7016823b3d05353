"""Rollups through a real Celery worker process, Redis and PostgreSQL: the nightly fan-out, a late push
recomputing only its range, a worker process killed (SIGKILL) mid-rollup or mid-chunk whose task is redelivered,
and a worker that outlives its Redis stopping and starting while a debounced rollup waits or a rollup runs."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
import redis
from celery.result import allow_join_result
from django.db import connection, transaction
from django.utils import timezone

from funnel.domain.records import validate_records
from funnel.models import Plan
from funnel.services.metrics import metrics_ingest
from funnel.services.plans import plan_activate, plan_create_from_template
from opsplan.celery import app
from opsplan.tasks import nightly, nightly_chunk_task, store_refresh_task
from rollups.models import DayRollup, PeriodRollup, PeriodSegment, RollupRun
from rollups.services import store_rollup_build
from rollups.sql import grain_window
from stores.days import store_yesterday
from stores.models import DirtyRange
from tests.factories import StoreFactory, UserFactory, api_client_with_key

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def wait_for(condition: Callable[[], bool], timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Worker:
    """A `celery worker` subprocess on the test database and the test broker."""

    def __init__(self, tmp_path: Path, **env: str):
        db = connection.settings_dict
        self.name = f"test-{uuid.uuid4().hex[:8]}@localhost"
        self.log = tmp_path / "worker.log"
        environment = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DEBUG": "true",
            **env,
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "opsplan",
                "worker",
                "-l",
                "info",
                "--concurrency",
                "1",
                "-P",
                "prefork",
                "-n",
                self.name,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=environment,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: "ready." in self.log.read_text(), 60, "the worker to start")

    def children(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def real_worker(tmp_path, settings):
    app.conf.task_always_eager = False
    app.control.purge()
    started: list[Worker] = []

    def start(**env: str) -> Worker:
        worker = Worker(tmp_path, **env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    app.control.purge()


def shop_with_history(code: str, days: int = 120):
    store = StoreFactory(code=code)
    manager = UserFactory(username=f"mgr-{code}")
    yesterday = store_yesterday(store)
    plan = plan_create_from_template(
        store,
        manager,
        name="p",
        period_start=yesterday - timedelta(days=days),
        period_end=yesterday + timedelta(days=60),
        as_of=yesterday,
    )
    plan_activate(plan, manager)
    client, _ = api_client_with_key(f"erp-{code}", store)
    records = [
        {
            "store": code,
            "date": (yesterday - timedelta(days=i)).isoformat(),
            "uv": 500 + i,
            "orders": 10 + i % 5,
            "gmv": f"{(10 + i % 5) * 120}.00",
        }
        for i in range(days)
    ]
    clean, errors = validate_records(records, {code: yesterday})
    assert not errors
    metrics_ingest(client, clean, {code: store.pk})
    return store, client


def test_the_nightly_rollup_fans_out_one_task_per_chunk_of_stores(real_worker):
    stores = [shop_with_history(f"night-{i}")[0] for i in range(3)]
    real_worker(NIGHTLY_CHUNK_STORES="2")  # chunks of 2 and 1
    nightly.delay()
    wait_for(lambda: RollupRun.objects.filter(status="done").count() == 3, what="three store rollups")
    for store in stores:
        yesterday = store_yesterday(store)
        day = DayRollup.objects.get(store=store, date=yesterday)
        assert day.orders is not None and day.target_orders is not None
        assert PeriodRollup.objects.filter(store=store, grain="month", period_end__gte=yesterday).exists()
    assert set(RollupRun.objects.values_list("store_id", flat=True)) == {s.pk for s in stores}


def periods_of(store) -> dict[tuple[str, date], tuple]:
    return {
        (p.grain, p.period_start): (p.period_end, p.computed_at, p.orders)
        for p in PeriodRollup.objects.filter(store=store)
    }


def test_a_late_push_recomputes_only_its_range(real_worker, settings):
    store, client = shop_with_history("late")
    yesterday = store_yesterday(store)
    plan = Plan.objects.get(store=store, status="active")
    # Two weeks of older actuals, before the plan: periods that a late day inside the plan must not touch.
    early = [plan.period_start - timedelta(days=60 + i) for i in range(14)]
    records = [{"store": "late", "date": d.isoformat(), "uv": 400, "orders": 8, "gmv": "960.00"} for d in early]
    clean, errors = validate_records(records, {"late": yesterday})
    assert not errors
    metrics_ingest(client, clean, {"late": store.pk})
    store_rollup_build(store, min(early), yesterday + timedelta(days=60))
    before = periods_of(store)
    RollupRun.objects.all().delete()
    real_worker()
    settings.ROLLUP_ON_WRITE = True
    settings.ROLLUP_DEBOUNCE_SECONDS = 1
    late_day = yesterday - timedelta(days=40)
    records = [{"store": "late", "date": late_day.isoformat(), "uv": 9000, "orders": 300, "gmv": "36000.00"}]
    clean, errors = validate_records(records, {"late": yesterday})
    assert not errors
    with transaction.atomic():
        metrics_ingest(client, clean, {"late": store.pk})
    assert DayRollup.objects.get(store=store, date=late_day).orders == 300  # the day row is a view: at once
    wait_for(lambda: RollupRun.objects.filter(status="done").exists(), what="the debounced rollup")
    run = RollupRun.objects.get()
    assert (run.date_from, run.date_to) == (late_day, late_day)
    after = periods_of(store)
    assert after.keys() == before.keys()
    changed = {key for key in after if after[key][1] != before[key][1]}
    # Rewritten: the segments of the late day's week and month. Recomputed: the periods that add some of them up
    # (the weeks and stages overlapping that month, the month, the plan); not the plan's other weeks and months.
    week, month = grain_window("week", late_day, late_day), grain_window("month", late_day, late_day)
    first, last = min(week[0], month[0]), max(week[1], month[1])
    overlapping = {(grain, start) for (grain, start), (end, _at, _o) in after.items() if start <= last and end >= first}
    assert {grain for grain, _start in overlapping} == {"week", "month", "stage", "plan"}
    assert changed == overlapping
    assert len(after) > len(changed) + 20
    month = ("month", late_day.replace(day=1))
    old_orders = 10 + (yesterday - late_day).days % 5
    assert after[month][2] == before[month][2] - old_orders + 300


def test_a_worker_killed_mid_rollup_leaves_the_old_tables_and_the_retry_completes(real_worker):
    store, _client = shop_with_history("killed")
    yesterday = store_yesterday(store)
    first = yesterday - timedelta(days=120)
    store_rollup_build(store, first, yesterday)
    PeriodSegment.objects.filter(store=store).update(orders=0)  # a visible "old" state
    old = sorted(PeriodRollup.objects.filter(store=store).values_list("grain", "period_start", "orders"))
    worker = real_worker(ROLLUP_FAULT_DELAY_SECONDS="4")
    result = store_refresh_task.delay(store.pk, first.isoformat(), yesterday.isoformat())
    wait_for(lambda: RollupRun.objects.filter(status="running").exists(), what="the rollup to start")
    time.sleep(1)  # inside the transaction, after its writes, before its commit
    [child] = worker.children()
    os.kill(child, signal.SIGKILL)
    assert sorted(PeriodRollup.objects.filter(store=store).values_list("grain", "period_start", "orders")) == old
    # Redelivered to a new pool process, which completes it. This process is the client, never a task: celery's
    # global "inside a worker" flag, which code run in-process earlier in a whole run can leave set, does not apply.
    with allow_join_result():
        result.get(timeout=90)
    month = PeriodRollup.objects.get(store=store, grain="month", period_start=yesterday.replace(day=1))
    days = DayRollup.objects.filter(store=store, date__gte=month.period_start, date__lte=yesterday)
    assert month.orders == sum(d.orders for d in days if d.orders) > 0
    assert RollupRun.objects.filter(status="failed").count() == 1  # the killed attempt, closed by the retry
    columns = ("grain", "period_start", "orders", "gmv_variance", "pace_gmv")
    fresh = sorted(PeriodRollup.objects.filter(store=store).values_list(*columns))
    store_rollup_build(store, first, yesterday)
    assert sorted(PeriodRollup.objects.filter(store=store).values_list(*columns)) == fresh


def test_a_worker_killed_mid_chunk_leaves_the_old_tables_and_the_redelivered_chunk_completes(real_worker):
    stores = [shop_with_history(f"chunk-{i}")[0] for i in range(3)]
    yesterday = store_yesterday(stores[0])
    first = yesterday - timedelta(days=120)
    for store in stores:
        store_rollup_build(store, first, yesterday, as_of=yesterday - timedelta(days=3))
    PeriodSegment.objects.update(orders=0)  # a visible "old" state
    RollupRun.objects.all().delete()
    old = sorted(PeriodRollup.objects.values_list("store_id", "grain", "period_start", "orders"))
    late = yesterday - timedelta(days=40)
    DirtyRange.objects.create(store=stores[1], date_from=late, date_to=late, marked_at=timezone.now())
    worker = real_worker(ROLLUP_FAULT_DELAY_SECONDS="4")
    result = nightly_chunk_task.delay([s.pk for s in stores])
    wait_for(lambda: RollupRun.objects.filter(status="running").count() == 3, what="the chunk to start")
    time.sleep(1)  # inside the transaction, after its writes, before its commit
    [child] = worker.children()
    os.kill(child, signal.SIGKILL)
    assert sorted(PeriodRollup.objects.values_list("store_id", "grain", "period_start", "orders")) == old
    assert DirtyRange.objects.filter(store=stores[1]).exists()
    with allow_join_result():
        assert result.get(timeout=90)["stores"] == 3
    assert not DirtyRange.objects.exists()
    assert sorted(RollupRun.objects.values_list("status", flat=True)) == ["done"] * 3 + ["failed"] * 3
    for store in stores:
        month = PeriodRollup.objects.get(store=store, grain="month", period_start=yesterday.replace(day=1))
        days = DayRollup.objects.filter(store=store, date__gte=month.period_start, date__lte=yesterday)
        assert month.orders == sum(d.orders for d in days if d.orders) > 0
    late_month = PeriodRollup.objects.get(store=stores[1], grain="month", period_start=late.replace(day=1))
    assert late_month.orders > 0  # the dirty day's month was rolled up too


class RedisServer:
    """A redis-server of the test's own on a free port, keeping its data in an append-only file as production's
    does, so that it can be stopped and started again without touching the Redis other tests share."""

    def __init__(self, tmp_path: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tmp_path / "redis"
        self.dir.mkdir()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes"],
            cwd=self.dir,
            stdout=(self.dir / "redis.log").open("a"),
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis(port=self.port)

        def answers() -> bool:
            try:
                return client.ping()
            except redis.ConnectionError:
                return False

        wait_for(answers, 20, "redis-server to start")

    def stop(self) -> None:
        """Shut down as a restart or a failover does: the append-only file is flushed, every connection drops."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(20)
            self.process = None


@pytest.fixture
def own_redis(tmp_path, settings):
    """A Redis of the test's own as this process's broker, result backend and cache (start it before a worker)."""
    server = RedisServer(tmp_path)
    server.start()
    saved = {k: getattr(app.conf, k) for k in ("broker_url", "result_backend")}
    app.conf.broker_url = app.conf.result_backend = server.url
    forget_broker_connections()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": server.url}}
    yield server
    server.stop()
    for k, v in saved.items():
        setattr(app.conf, k, v)
    forget_broker_connections()


def forget_broker_connections() -> None:
    """Drop the broker connections and result backend Celery caches, so the next use connects to the new URLs."""
    app._local.__dict__.pop("backend", None)  # the result backend is cached per thread
    app._pool = None
    app.amqp._producer_pool = None


def test_the_worker_outlives_redis_stopping_while_a_debounced_rollup_waits(own_redis, real_worker, settings):
    store, client = shop_with_history("outage", days=14)
    yesterday = store_yesterday(store)
    DirtyRange.objects.all().delete()  # only the push below leaves a range to roll up
    worker = real_worker(REDIS_URL=own_redis.url)
    settings.ROLLUP_ON_WRITE = True
    settings.ROLLUP_DEBOUNCE_SECONDS = 10
    day = yesterday - timedelta(days=3)
    records = [{"store": "outage", "date": day.isoformat(), "uv": 900, "orders": 40, "gmv": "4800.00"}]
    clean, errors = validate_records(records, {"outage": yesterday})
    assert not errors
    with transaction.atomic():
        metrics_ingest(client, clean, {"outage": store.pk})
    # The worker holds the debounced rollup, unacknowledged, until its countdown is over.
    received = re.compile(r"refresh_dirty_task\[[-0-9a-f]+\] received")
    wait_for(lambda: bool(received.search(worker.log.read_text())), 30, "the worker to receive the debounced rollup")
    assert not RollupRun.objects.exists()

    own_redis.stop()
    wait_for(lambda: "Connection to broker lost" in worker.log.read_text(), 30, "the worker to notice")
    time.sleep(5)
    alive_while_redis_was_down = worker.process.poll() is None
    own_redis.start()
    assert alive_while_redis_was_down, worker.log.read_text()

    wait_for(lambda: RollupRun.objects.filter(status="done").exists(), 120, "the rollup after Redis is back")
    run = RollupRun.objects.get()
    assert (run.store_id, run.date_from, run.date_to) == (store.pk, day, day)
    assert worker.process.poll() is None
    assert "Unrecoverable error" not in worker.log.read_text()


def test_a_rollup_running_when_redis_stops_finishes_and_is_delivered_again(own_redis, real_worker):
    store, _client = shop_with_history("outage-running", days=30)
    yesterday = store_yesterday(store)
    worker = real_worker(REDIS_URL=own_redis.url, ROLLUP_FAULT_DELAY_SECONDS="8")
    store_refresh_task.delay(store.pk, (yesterday - timedelta(days=29)).isoformat(), yesterday.isoformat())
    wait_for(lambda: RollupRun.objects.filter(status="running").exists(), what="the rollup to start")

    own_redis.stop()
    wait_for(lambda: "Connection to broker lost" in worker.log.read_text(), 30, "the worker to notice")
    time.sleep(4)
    own_redis.start()

    # The first run finishes without acknowledging on the lost connection; the message, put back, runs again.
    wait_for(lambda: RollupRun.objects.filter(status="done").count() == 2, 120, "the rollup and its redelivery")
    assert worker.process.poll() is None
    assert "Unrecoverable error" not in worker.log.read_text()
