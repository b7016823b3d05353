"""Run opsplan's benchmarks: ``python bench/run.py [--only ingest|rollup|scaling|alerts|fanout|load] [options]``.

Every benchmark runs in its own database (``opsplan_bench`` on the server of ``DATABASE_URL``, by default
postgres://postgres@127.0.0.1:5432), created and migrated before it and dropped after it, also when something
fails. The run prints the machine and its load, then each benchmark's table, every figure beside its baseline
from the same run (COPY, GROUP BY, browsing alone, the smallest store count). See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import alerts, common, fanout, ingest, load, rollup, scaling  # noqa: E402 (needs the project root on sys.path)

# name -> the function that runs it and returns an ingest.Result-like object (rows, baseline, notes, problems;
# optionally render() for its own table and summary lines for its aims). Run in this order.
BENCHMARKS = {
    "ingest": ingest.run,
    "rollup": rollup.run,
    "scaling": scaling.run,
    "alerts": alerts.run,
    "fanout": fanout.run,
    "load": load.run,
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", choices=list(BENCHMARKS), action="append", help="run only this benchmark (repeatable)")
    p.add_argument("--records", type=int, default=100_000, help="records to push (default 100,000)")
    p.add_argument("--batch", type=int, default=10_000, help="records per request, 1 to 10,000 (default 10,000)")
    p.add_argument("--workers", type=int, default=3, help="client threads pushing at once (default 3)")
    p.add_argument(
        "--server-workers", type=int, default=0, help="gunicorn sync workers (default: as many as --workers)"
    )
    p.add_argument("--db-name", default=common.BENCH_DB, help=f"the throwaway database (default {common.BENCH_DB})")
    p.add_argument(
        "--profile",
        action="store_true",
        help="ingest: also cProfile one --batch request in-process; rollup: EXPLAIN ANALYZE the slowest statements",
    )
    p.add_argument("--stores", type=int, default=1000, help="rollup: stores (default 1,000)")
    p.add_argument("--days", type=int, default=730, help="rollup: days of metrics per store (default 730)")
    p.add_argument(
        "--rollup-workers",
        type=int,
        default=os.cpu_count() or 1,
        help="rollup: connections the set-based rebuild spreads its chunks over (default: one per core)",
    )
    p.add_argument(
        "--per-store-budget",
        type=float,
        default=900,
        help="rollup: seconds the store-by-store rollup may take before it stops and extrapolates (default 900)",
    )
    p.add_argument(
        "--dashboard-requests", type=int, default=200, help="rollup: store dashboard requests per store (default 200)"
    )
    p.add_argument("--scaling-stores", default="100,1000,5000", help="scaling: store counts (default 100,1000,5000)")
    p.add_argument("--scaling-days", type=int, default=60, help="scaling: days of metrics per store (default 60)")
    p.add_argument(
        "--scaling-modes",
        default="full,nightly,per-store",
        help="scaling: full (rebuild), nightly (one worker, chunks), per-store (the night of one task per store, "
        "up to 1,000 stores); default all three",
    )
    p.add_argument("--fanout-stores", type=int, default=5000, help="fanout: stores of the night (default 5,000)")
    p.add_argument(
        "--fanout-workers", default="1,2,4", help="fanout: Celery worker processes of each run (default 1,2,4)"
    )
    p.add_argument(
        "--fanout-redis",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
        help="fanout: the Redis database of its broker and results, its queue purged before each run "
        "(default $BENCH_REDIS_URL or redis://127.0.0.1:6379/9)",
    )
    p.add_argument("--alerts-stores", default="100,1000", help="alerts: store counts (default 100,1000)")
    p.add_argument("--alerts-days", type=int, default=60, help="alerts: days of metrics per store (default 60)")
    p.add_argument("--alerts-chunk", type=int, default=500, help="alerts: stores per chunk (default 500)")
    p.add_argument("--duration", type=int, default=120, help="load: seconds of traffic (default 120)")
    p.add_argument("--clients", type=int, default=50, help="load: API clients pushing at once (default 50)")
    p.add_argument("--users", type=int, default=20, help="load: people browsing dashboards at once (default 20)")
    p.add_argument("--load-batch", type=int, default=1000, help="load: records per push (default 1,000)")
    p.add_argument("--api-workers", type=int, default=3, help="load: gunicorn workers of the /api/ pool (default 3)")
    p.add_argument(
        "--api-nice",
        type=int,
        default=10,
        help="load: niceness of the /api/ pool, as compose gives it a smaller CPU share (default 10)",
    )
    p.add_argument(
        "--one-pool", action="store_true", help="load: serve pages and /api/ from one pool (--server-workers)"
    )
    p.add_argument(
        "--quiet", type=int, default=None, help="load: seconds of browsing alone first (default duration/4, 5 to 30)"
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.records < 1 or args.workers < 1:
        raise SystemExit("--records and --workers must be positive")
    server = common.Server.from_url(os.environ.get("DATABASE_URL") or common.DEFAULT_SERVER)
    ctx = common.Context(args=args, server=server, dbname=args.db_name)
    ctx.env = common.opsplan_env(ctx.database_url)

    print("command:", common.command_line([Path(sys.executable).name, *sys.argv]))
    for name, value in common.machine(server):
        print(f"{name + ':':<9} {value}")
    print(f"load:     {common.load_average()} (1, 5, 15 min) at the start")
    print(f"database: {ctx.dbname} (created before each benchmark, dropped after it)")

    results = {}
    loads = {}
    started = time.monotonic()
    for name in [n for n in BENCHMARKS if n in (args.only or BENCHMARKS)]:
        print(f"\n== {name}", flush=True)
        common.database_recreate(server, ctx.dbname)
        try:
            common.django_setup(ctx.env)
            results[name] = BENCHMARKS[name](ctx)
        finally:
            common.django_close()
            common.database_drop(server, ctx.dbname)
        loads[name] = common.load_average()

    failed = False
    for name, result in results.items():
        print(f"\n== {name}: results (load average at its end: {loads[name]})\n")
        render = getattr(result, "render", None)
        print(render() if render else common.table(result.rows, result.baseline))
        for note in result.notes:
            print(f"note: {note}")
        for problem in result.problems:
            failed = True
            print(f"PROBLEM: {problem}")
    print(f"\ntotal {time.monotonic() - started:.0f}s; database {ctx.dbname} dropped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
