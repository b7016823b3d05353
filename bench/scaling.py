"""Scaling benchmark: rollup time and the rolling-up process's memory at 100, 1,000 and 5,000 stores.

Sets up the largest count of stores once (``--scaling-days`` of metrics each, COPYed, and an active plan per store,
as the rollup benchmark does), then, for each count, empties the rollup tables and runs the rollup of the first
``n`` stores in a fresh Python process, the way a worker runs it:

- **full rebuild**: ``stores_rollup_rebuild`` of the ``n`` stores over the whole range (a backfill, "recompute
  everything"): set-based, 100 stores per transaction;
- **nightly, one worker**: ``opsplan.tasks.store_refresh`` of each store in turn over the nightly span (yesterday
  and the day before; with the stage and plan periods that touch it), the task body one Celery worker runs for
  each store of the nightly fan-out: the rollup, then the alerts.

The child samples its resident set (``/proc/self/status``, every 20 ms) and reports it before the rollup (Django set
up, code imported) and at its peak (the samples and ``VmHWM``), and the rollup's wall time. A fresh process per
count keeps each peak its own. The 100-store run is the baseline: time per store and memory growth at 1,000 and
5,000 stores are printed beside it, with their ratios.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.common import ROOT, Context, markdown_table

MODES = ("full rebuild", "nightly, one worker")
SAMPLE_EVERY = 0.02  # seconds between RSS samples in the child
CHILD_TIMEOUT = 3600  # seconds a child may run
TIME_AIM = 1.25  # per-store time at the largest count within this factor of the smallest: linear or better
MEMORY_AIM_MB = 20  # growth above the smallest count's, at the largest: "does not grow with the stores"


@dataclass
class Measure:
    mode: str
    stores: int
    store_days: int
    seconds: float
    rss_before_mb: float
    peak_mb: float
    period_rows: int  # period segments written (the day and period rows are views over them)

    @property
    def growth_mb(self) -> float:
        return self.peak_mb - self.rss_before_mb

    @property
    def ms_per_store(self) -> float:
        return 1000 * self.seconds / self.stores


@dataclass
class Result:
    rows: list[Measure] = field(default_factory=list)
    baseline: None = None
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)

    def render(self) -> str:
        head = [
            "rollup",
            "stores",
            "store-days",
            "seconds",
            "ms/store",
            "× ms/store of the first",
            "RSS before MB",
            "peak RSS MB",
            "growth MB",
            "growth − first's MB",
        ]
        body = []
        for mode in MODES:
            mine = [m for m in self.rows if m.mode == mode]
            if not mine:
                continue
            first = mine[0]
            for m in mine:
                body.append(
                    [
                        mode,
                        f"{m.stores:,}",
                        f"{m.store_days:,}",
                        f"{m.seconds:.2f}",
                        f"{m.ms_per_store:.1f}",
                        f"{m.ms_per_store / first.ms_per_store:.2f}×",
                        f"{m.rss_before_mb:.1f}",
                        f"{m.peak_mb:.1f}",
                        f"{m.growth_mb:.1f}",
                        f"{m.growth_mb - first.growth_mb:+.1f}",
                    ]
                )
        return "\n".join([markdown_table(head, body, [False] + [True] * 9), "", *self.summary])


# --- The child: one rollup in a fresh process -------------------------------------------------------------------


def _status_mb(field: str = "VmRSS") -> float:
    """VmRSS (resident now) or VmHWM (its peak) of this process, in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def child(mode: str, n: int, first: str, last: str) -> dict:
    """Runs in the child process: the rollup of the first ``n`` bench stores; returns the figures."""
    import django

    django.setup()
    from django.db import connection

    from opsplan.tasks import store_refresh  # noqa: F401 (imported before "before")
    from rollups.services import stores_rollup_rebuild  # noqa: F401
    from stores.models import Store

    first_day, last_day = date.fromisoformat(first), date.fromisoformat(last)
    connection.ensure_connection()
    before = _status_mb()
    peak = [before]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(SAMPLE_EVERY):
            peak[0] = max(peak[0], _status_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    stores = Store.objects.filter(code__startswith="bench-").order_by("pk")[:n]
    deciles = None
    if mode == "full rebuild":
        rows = stores_rollup_rebuild(stores, first_day, last_day, as_of=last_day)
    else:
        rows, each = 0, []
        for store in stores.iterator(chunk_size=100):
            begun = time.perf_counter()
            rows += store_refresh(store, [(last_day - timedelta(days=1), last_day)])
            each.append(time.perf_counter() - begun)
        # Whether a store costs more once many others are rolled up (tables grown) or only when the machine is busy.
        tenth = max(1, len(each) // 10)
        deciles = (statistics.median(each[:tenth]), statistics.median(each[-tenth:]))
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    # VmHWM, not ru_maxrss: the latter carries the parent's size over the fork and exec that started this process.
    peak_mb = max(peak[0], _status_mb("VmHWM"))
    return {"seconds": seconds, "before": before, "peak": peak_mb, "rows": rows, "deciles": deciles}


def run_child(ctx: Context, mode: str, n: int, first: date, last: date) -> dict:
    command = [sys.executable, "-m", "bench.scaling", mode, str(n), first.isoformat(), last.isoformat()]
    done = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, **ctx.env},
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {mode} rollup of {n} stores failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Entry point ------------------------------------------------------------------------------------------------


def run(ctx: Context) -> Result:
    from bench import rollup

    args = ctx.args
    result = Result()
    counts = sorted({int(c) for c in args.scaling_stores.split(",")})
    days = args.scaling_days
    if counts[0] < 1 or days < 35:
        raise SystemExit("--scaling-stores must be positive and --scaling-days at least 35")
    print(f"scaling: setting up {counts[-1]:,} stores × {days} days (not timed) …", flush=True)
    s = rollup.setup(ctx, counts[-1], days)
    result.notes.append(
        f"set-up (not timed): {counts[-1]:,} stores × {days} days ({s.first} … {s.last}), an active plan each; "
        + ", ".join(f"{k} {v:.1f}s" for k, v in s.seconds.items())
    )
    modes = [m for m in MODES if m.split(",")[0].split()[0] in args.scaling_modes.split(",")]
    per_store: dict[str, float] = {}
    for mode in modes:
        for n in counts:
            rollup.truncate_rollups()
            rollup.checkpoint_django()
            span_days = days if mode == "full rebuild" else 2
            print(f"scaling: {mode}, {n:,} stores …", flush=True)
            figures = run_child(ctx, mode, n, s.first, s.last)
            m = Measure(mode, n, n * span_days, figures["seconds"], figures["before"], figures["peak"], figures["rows"])
            result.rows.append(m)
            print(
                f"scaling: {mode}, {n:,} stores: {m.seconds:.2f}s, {m.ms_per_store:.1f} ms/store, "
                f"RSS {m.rss_before_mb:.1f} → {m.peak_mb:.1f} MB",
                flush=True,
            )
            if figures.get("deciles"):
                early, late = figures["deciles"]
                result.notes.append(
                    f"{mode}, {n:,} stores: median per store {early * 1000:.1f} ms over the first tenth of the "
                    f"stores, {late * 1000:.1f} ms over the last tenth"
                )
            # Every store has the same plan and days: the same periods each, whatever the number of stores.
            per_store.setdefault(mode, m.period_rows / n)
            in_table = rollup.scalar("SELECT count(*) FROM rollups_periodsegment")
            if m.period_rows != n * per_store[mode] or in_table != m.period_rows:
                result.problems.append(
                    f"{mode}, {n} stores: {m.period_rows} period segments written ({in_table} in the table), expected "
                    f"{n * per_store[mode]:.0f} ({per_store[mode]:.0f} a store, as with {counts[0]} stores)"
                )
    rollup.truncate_rollups()
    summarise(result, counts)
    return result


def summarise(result: Result, counts: list[int]) -> None:
    if len(counts) < 2:
        return
    for mode in MODES:
        mine = {m.stores: m for m in result.rows if m.mode == mode}
        if not mine:
            continue
        small, large = mine[counts[0]], mine[counts[-1]]
        time_ratio = large.ms_per_store / small.ms_per_store
        extra = large.growth_mb - small.growth_mb
        result.summary.append(
            f"{mode}: {counts[-1] // counts[0]}× the stores took {large.seconds / small.seconds:.1f}× the time "
            f"({time_ratio:.2f}× per store; aim: linear or better, ≤ {TIME_AIM}×: "
            f"{'met' if time_ratio <= TIME_AIM else 'NOT met'}); the process grew {large.growth_mb:.1f} MB "
            f"against {small.growth_mb:.1f} MB ({extra:+.1f} MB; aim: not growing with the stores, within "
            f"{MEMORY_AIM_MB} MB: {'met' if extra <= MEMORY_AIM_MB else 'NOT met'})"
        )


if __name__ == "__main__":
    print(json.dumps(child(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4])))
