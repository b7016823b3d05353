"""Scaling benchmark: rollup time and the rolling-up process's memory at 100, 1,000 and 5,000 stores.

Sets up the largest count of stores once (``--scaling-days`` of metrics each, COPYed, and an active plan per store,
as the rollup benchmark does), then, for each count, empties the rollup and alert tables and runs the rollup of the
first ``n`` stores in a fresh Python process, the way a worker runs it:

- **full rebuild**: ``stores_rollup_rebuild`` of the ``n`` stores over the whole range (a backfill, "recompute
  everything"): set-based, 100 stores per transaction;
- **nightly, one worker**: ``opsplan.tasks.nightly_chunk`` of each chunk of ``NIGHTLY_CHUNK_STORES`` stores in
  turn, the task body one Celery worker runs for each chunk of the nightly fan-out: each store's nightly span
  (yesterday and the day before, with the weeks, months, stages and plans that touch them) rolled up in one
  transaction for the chunk, then the chunk's alerts. The rollup's and the alerts' shares are timed apart.
- **nightly, one task per store (before)**: ``opsplan.tasks.store_refresh``'s two steps for each store in turn
  over the same span (its rollup, then its alerts, timed apart), what the nightly fan-out ran before chunks; at
  the counts up to ``PER_STORE_MAX`` only (it is slow). Its segment table must equal the chunked night's at the
  same count, store by store (checked).

The child samples its resident set (``/proc/self/status``, every 20 ms) and reports it before the rollup (Django set
up, code imported) and at its peak (the samples and ``VmHWM``), and the rollup's wall time. A fresh process per
count keeps each peak its own. The 100-store run is the baseline: time per store and memory growth at 1,000 and
5,000 stores are printed beside it, with their ratios; the nightly's time per store beside its aim (3 ms).
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
from datetime import date

from bench import night
from bench.common import ROOT, Context, markdown_table

FULL, NIGHTLY, PER_STORE = "full rebuild", "nightly, one worker", "nightly, one task per store (before)"
MODES = {"full": FULL, "nightly": NIGHTLY, "per-store": PER_STORE}
PER_STORE_MAX = 1000  # the store-by-store night runs at the counts up to this only
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
    rollup_seconds: float | None = None  # nightly: the rollup's share of ``seconds``
    alerts_seconds: float | None = None  # nightly: the alerts' share
    slowest_chunk: float | None = None  # nightly: the slowest chunk, rollup and alerts

    @property
    def growth_mb(self) -> float:
        return self.peak_mb - self.rss_before_mb

    @property
    def ms_per_store(self) -> float:
        return 1000 * self.seconds / self.stores

    def share_ms(self, seconds: float | None) -> str:
        return "–" if seconds is None else f"{1000 * seconds / self.stores:.2f}"


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
            "rollup ms/store",
            "alerts ms/store",
        ]
        body = []
        for mode in MODES.values():
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
                        f"{m.ms_per_store:.2f}",
                        f"{m.ms_per_store / first.ms_per_store:.2f}×",
                        f"{m.rss_before_mb:.1f}",
                        f"{m.peak_mb:.1f}",
                        f"{m.growth_mb:.1f}",
                        f"{m.growth_mb - first.growth_mb:+.1f}",
                        m.share_ms(m.rollup_seconds),
                        m.share_ms(m.alerts_seconds),
                    ]
                )
        return "\n".join([markdown_table(head, body, [False] + [True] * 11), "", *self.summary])


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
    from django.conf import settings
    from django.db import connection

    from alerts.services import alerts_evaluate
    from opsplan.tasks import nightly_chunk
    from rollups.services import nightly_span, store_rollup_refresh, stores_rollup_rebuild
    from stores.days import store_yesterday
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
    figures: dict = {}
    if mode == FULL:
        rows = stores_rollup_rebuild(stores, first_day, last_day, as_of=last_day)
    elif mode == NIGHTLY:
        ids = list(stores.values_list("pk", flat=True))
        size = settings.NIGHTLY_CHUNK_STORES
        chunks = [nightly_chunk(ids[i : i + size]) for i in range(0, len(ids), size)]
        rows = sum(c.rows for c in chunks)
        figures["rollup"] = sum(c.rollup_seconds for c in chunks)
        figures["alerts"] = sum(c.alerts_seconds for c in chunks)
        figures["slowest"] = max(c.rollup_seconds + c.alerts_seconds for c in chunks)
    else:
        rows, each, rollup = 0, [], 0.0
        for store in stores.iterator(chunk_size=100):
            begun = time.perf_counter()
            # store_refresh's two steps, timed apart: the rollup, then the alerts
            rows += store_rollup_refresh(store, [nightly_span(store, None)])
            rollup += time.perf_counter() - begun
            alerts_evaluate(store, store_yesterday(store))
            each.append(time.perf_counter() - begun)
        figures["rollup"], figures["alerts"] = rollup, sum(each) - rollup
        # Whether a store costs more once many others are rolled up (tables grown) or only when the machine is busy.
        tenth = max(1, len(each) // 10)
        figures["deciles"] = (statistics.median(each[:tenth]), statistics.median(each[-tenth:]))
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    # VmHWM, not ru_maxrss: the latter carries the parent's size over the fork and exec that started this process.
    peak_mb = max(peak[0], _status_mb("VmHWM"))
    return {"seconds": seconds, "before": before, "peak": peak_mb, "rows": rows, **figures}


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
    wanted = args.scaling_modes.split(",")
    unknown = set(wanted) - set(MODES)
    if unknown:
        raise SystemExit(f"--scaling-modes: unknown {sorted(unknown)}; choose among {', '.join(MODES)}")
    modes = [label for key, label in MODES.items() if key in wanted]
    per_store: dict[str, float] = {}
    written: dict[tuple[str, int], dict[int, str]] = {}  # (mode, stores) -> segment checksums by store
    for mode in modes:
        for n in counts:
            if mode == PER_STORE and n > PER_STORE_MAX:
                result.notes.append(f"{mode}: not run at {n:,} stores (up to {PER_STORE_MAX:,} only: it is slow)")
                continue
            night.night_reset()
            rollup.checkpoint_django()
            span_days = days if mode == FULL else 2
            print(f"scaling: {mode}, {n:,} stores …", flush=True)
            figures = run_child(ctx, mode, n, s.first, s.last)
            m = Measure(mode, n, n * span_days, figures["seconds"], figures["before"], figures["peak"], figures["rows"])
            m.rollup_seconds, m.alerts_seconds = figures.get("rollup"), figures.get("alerts")
            m.slowest_chunk = figures.get("slowest")
            result.rows.append(m)
            print(
                f"scaling: {mode}, {n:,} stores: {m.seconds:.2f}s, {m.ms_per_store:.2f} ms/store, "
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
            if mode != FULL:
                ids = [st.pk for st in s.stores[:n]]
                result.problems += night.once_problems(f"{mode}, {n:,} stores", ids)
                written[(mode, n)] = night.segment_checksums()
    for n in counts:
        if (NIGHTLY, n) in written and (PER_STORE, n) in written:
            same = night.differences(f"{n:,} stores", written[(PER_STORE, n)], written[(NIGHTLY, n)])
            result.problems += same
            result.notes.append(
                f"{n:,} stores: the chunked night wrote {'exactly' if not same else 'NOT'} what the night of one task "
                "per store wrote (the segment table, store by store, but for ids and write times)"
            )
    night.night_reset()
    summarise(result, counts)
    return result


def summarise(result: Result, counts: list[int]) -> None:
    for m in result.rows:
        if m.mode != NIGHTLY:
            continue
        before = next((b for b in result.rows if b.mode == PER_STORE and b.stores == m.stores), None)
        against = ""
        if before:
            against = f"; {before.ms_per_store / m.ms_per_store:.1f}× faster than one task per store"
            if before.rollup_seconds:
                against += (
                    f" ({before.share_ms(before.rollup_seconds)} ms a store of rollup there: "
                    f"{before.rollup_seconds / m.rollup_seconds:.1f}× the chunks')"
                )
        result.summary.append(
            f"nightly, one worker, {m.stores:,} stores: {m.ms_per_store:.2f} ms a store (rollup "
            f"{m.share_ms(m.rollup_seconds)} ms, {100 * m.rollup_seconds / m.seconds:.0f} %; alerts "
            f"{m.share_ms(m.alerts_seconds)} ms, {100 * m.alerts_seconds / m.seconds:.0f} %; slowest chunk "
            f"{m.slowest_chunk:.2f} s){against}; aim ≤ {night.AIM_MS_PER_STORE:g} ms a store at 1,000 and 5,000: "
            f"{'MET' if m.ms_per_store <= night.AIM_MS_PER_STORE else 'MISSED'}"
        )
    if len(counts) < 2:
        return
    for mode in MODES.values():
        mine = {m.stores: m for m in result.rows if m.mode == mode}
        if counts[0] not in mine or counts[-1] not in mine:
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
