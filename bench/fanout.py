"""Fan-out benchmark: the night of ``--fanout-stores`` stores (5,000) queued on Redis and consumed by 1, 2 and 4
real Celery worker processes (``--fanout-workers``), each started by the benchmark with a pool of one.

Sets up the stores as the scaling benchmark does (``--scaling-days`` of metrics and an active plan each), then, for
each number of workers: empties the rollup and alert tables, marks one store in ten with a changed day up to 40
days back (its window grows to that month, and the night must clear the mark), starts the workers on the broker
(``--fanout-redis``, a Redis database of the benchmark's own: its queue is purged before each run) and waits until
they are ready, queues the night's chunks (``opsplan.tasks.nightly_chunks``, ``NIGHTLY_CHUNK_STORES`` stores a
chunk, one ``nightly_chunk_task`` each, as ``opsplan.tasks.nightly`` queues them) and times until the last chunk's
result is back. Then it checks:

- every store rolled up exactly once: one finished run each, whose rows are the store's segments; no run
  running or failed; no dirty mark left (``bench.night.once_problems``);
- every run wrote the same segment table as the first (store by store, but for ids and write times);
- the chunked night writes exactly what the night of one task per store wrote: a sample of stores (half of
  them with a changed day) is emptied, marked again and refreshed store by store (``opsplan.tasks.store_refresh``
  over ``nightly_span``), and its segments compared with what the workers wrote.

Printed per run: stores a second, the slowest chunk (rollup and alerts, from the task's own timing) and the
rollup's and alerts' shares of the workers' time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from bench import night
from bench.common import ROOT, Context, markdown_table

CHUNK_TASK = "opsplan.tasks.nightly_chunk_task"
READY_TIMEOUT = 120  # seconds for a worker to start
NIGHT_TIMEOUT = 3600  # seconds for a run's chunks to come back
SAMPLE_EVERY = 50  # every 50th store, and the one after it, are refreshed store by store for the comparison


@dataclass
class Run:
    workers: int
    stores: int
    chunks: int
    seconds: float
    slowest_chunk: float
    slowest_rollup: float
    rollup_seconds: float  # summed over the chunks
    alerts_seconds: float

    @property
    def per_second(self) -> float:
        return self.stores / self.seconds


@dataclass
class Result:
    rows: list[Run] = field(default_factory=list)
    baseline: None = None
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)

    def render(self) -> str:
        head = [
            "workers",
            "stores",
            "chunks",
            "seconds",
            "stores/s",
            "× stores/s of 1 worker",
            "slowest chunk s",
            "its rollup s",
            "rollup ms/store",
            "alerts ms/store",
        ]
        body = []
        first = self.rows[0] if self.rows else None
        for r in self.rows:
            body.append(
                [
                    str(r.workers),
                    f"{r.stores:,}",
                    str(r.chunks),
                    f"{r.seconds:.2f}",
                    f"{r.per_second:,.0f}",
                    f"{r.per_second / first.per_second:.2f}×",
                    f"{r.slowest_chunk:.2f}",
                    f"{r.slowest_rollup:.2f}",
                    f"{1000 * r.rollup_seconds / r.stores:.2f}",
                    f"{1000 * r.alerts_seconds / r.stores:.2f}",
                ]
            )
        return "\n".join([markdown_table(head, body, [True] * len(head)), "", *self.summary])


class Workers:
    """``count`` `celery worker` processes, a pool of one each, on the bench database and the benchmark's broker."""

    def __init__(self, ctx: Context, count: int, broker: str, logs: Path):
        env = {**os.environ, **ctx.env, "REDIS_URL": broker, "CELERY_TASK_ALWAYS_EAGER": "false"}
        self.logs = [logs / f"worker-{i}.log" for i in range(count)]
        self.processes = [
            subprocess.Popen(
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
                    f"fanout-{i}-{uuid.uuid4().hex[:6]}@localhost",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=ROOT,
                env=env,
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
            )
            for i, log in enumerate(self.logs)
        ]

    def wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while not all("ready." in log.read_text() for log in self.logs):
            if time.monotonic() > deadline or any(p.poll() is not None for p in self.processes):
                tails = "\n".join(log.read_text()[-1500:] for log in self.logs)
                raise RuntimeError(f"the workers did not start:\n{tails}")
            time.sleep(0.2)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def broker_ready(url: str) -> str | None:
    """None when Redis answers at ``url``; else why not."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return str(error)
    return None


def night_run(ctx: Context, client, chunks: list[list[int]], workers: int, logs: Path) -> tuple[float, list[dict]]:
    """The night on ``workers`` fresh workers: seconds from queueing the first chunk to the last result, and the
    chunks' results."""
    client.control.purge()
    started_workers = Workers(ctx, workers, client.conf.broker_url, logs)
    try:
        started_workers.wait_ready()
        started = time.perf_counter()
        pending = [client.send_task(CHUNK_TASK, args=[ids]) for ids in chunks]
        results = [p.get(timeout=NIGHT_TIMEOUT) for p in pending]
        seconds = time.perf_counter() - started
    finally:
        started_workers.stop()
    for p in pending:
        p.forget()
    return seconds, results


def per_store_sample(store_ids: list[int], changed_day) -> dict[int, str]:
    """The sample's segments as the night of one task per store writes them, from the same start."""
    from opsplan.tasks import store_refresh
    from rollups.models import PeriodSegment, RollupRun
    from rollups.services import nightly_span
    from stores.days import dirty_ranges
    from stores.models import DirtyRange, Store

    sample = sorted({*store_ids[::SAMPLE_EVERY], *store_ids[1::SAMPLE_EVERY]})
    PeriodSegment.objects.filter(store_id__in=sample).delete()
    RollupRun.objects.filter(store_id__in=sample).delete()
    DirtyRange.objects.filter(store_id__in=sample).delete()
    night.dirty_seed([s for s in sample if s in set(store_ids[::10])], changed_day, every=1)
    dirty = {store_id: (first, last) for store_id, first, last in dirty_ranges(sample)}
    for store in Store.objects.filter(pk__in=sample).order_by("pk"):
        store_refresh(store, [nightly_span(store, dirty.get(store.pk))])
    return night.segment_checksums(sample)


def run(ctx: Context) -> Result:
    from celery import Celery

    from bench import rollup
    from opsplan.tasks import nightly_chunks

    args = ctx.args
    result = Result()
    broker = args.fanout_redis
    why = broker_ready(broker)
    if why:
        result.problems.append(f"fan-out not run: no Redis at {broker} ({why})")
        return result
    counts = [int(c) for c in args.fanout_workers.split(",")]
    n, days = args.fanout_stores, args.scaling_days
    print(f"fanout: setting up {n:,} stores × {days} days (not timed) …", flush=True)
    s = rollup.setup(ctx, n, days)
    ids = [st.pk for st in s.stores]
    changed_day = s.last - timedelta(days=min(40, days - 5))  # a day with figures, in an earlier month
    chunks = nightly_chunks()
    result.notes.append(
        f"set-up (not timed): {n:,} stores × {days} days ({s.first} … {s.last}), an active plan each, one store "
        f"in ten with a changed day ({changed_day}); {len(chunks)} chunks of up to {len(chunks[0])} stores; "
        f"broker and results: {broker}"
    )
    client = Celery("bench-fanout", broker=broker, backend=broker)
    reference: dict[int, str] | None = None
    with tempfile.TemporaryDirectory(prefix="opsplan-fanout-") as logs:
        for workers in counts:
            night.night_reset()
            night.dirty_seed(ids, changed_day)
            rollup.checkpoint_django()
            print(f"fanout: {n:,} stores on {workers} worker(s) …", flush=True)
            seconds, figures = night_run(ctx, client, chunks, workers, Path(logs))
            label = f"{workers} worker(s)"
            run_ = Run(
                workers,
                sum(f["stores"] for f in figures),
                len(chunks),
                seconds,
                max(f["rollup_seconds"] + f["alerts_seconds"] for f in figures),
                max(f["rollup_seconds"] for f in figures),
                sum(f["rollup_seconds"] for f in figures),
                sum(f["alerts_seconds"] for f in figures),
            )
            result.rows.append(run_)
            print(f"fanout: {label}: {seconds:.1f}s, {run_.per_second:,.0f} stores/s", flush=True)
            once = night.once_problems(f"fan-out, {label}", ids)
            written = night.segment_checksums()
            reference = reference or written
            same = night.differences(f"fan-out, {label} against the first run", reference, written)
            result.problems += once + same
            result.summary.append(
                f"{label}: {run_.per_second:,.0f} stores/s; every store rolled up exactly once: "
                f"{'yes' if not once else 'NO'}; the same segments as the first run: {'yes' if not same else 'NO'}; "
                f"slowest chunk {run_.slowest_chunk:.2f} s (its rollup {run_.slowest_rollup:.2f} s): "
                f"{'MET' if not once and not same else 'MISSED'}"
            )
    if reference is not None:
        sample = per_store_sample(ids, changed_day)
        chunked = {k: v for k, v in reference.items() if k in sample}
        same = night.differences("fan-out against one task per store", sample, chunked)
        result.problems += same
        result.notes.append(
            f"{len(sample)} sampled stores refreshed one task per store wrote {'exactly' if not same else 'NOT'} "
            "what the chunks wrote (the segment table, store by store, but for ids and write times)"
        )
    night.night_reset()
    return result
