"""Ingest benchmark: records/s through POST /api/v1/metrics/daily/ (gunicorn) against a raw COPY.

Pushes ``--records`` daily metrics in ``--batch``-record requests from ``--workers`` threads to a
gunicorn serving opsplan, then re-sends the same payload (every record unchanged), then empties the
table and pushes the same requests again from one client, one after another, then COPYs the same rows
into it with psycopg2, all in the same database in one run. What each push wrote is compared with what
COPY wrote.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.client import HTTPConnection
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import ROOT, Context, Row, table

PATH = "/api/v1/metrics/daily/"
DAYS_PER_STORE = 1000  # 100 stores x 1,000 days (about 2.7 years each) for 100,000 records
STORE_TZ = ZoneInfo("Asia/Shanghai")  # the stores' default time zone
COPY_RUNS = 3
REQUEST_TIMEOUT = 300  # seconds, per request
STARTUP_TIMEOUT = 60  # seconds for gunicorn to answer /healthz
COLUMNS = (
    "store_id",
    "date",
    "source",
    "api_client_id",
    "uv",
    "pv",
    "orders",
    "refunds",
    "paying_buyers",
    "new_buyers",
    "returning_buyers",
    "gmv",
    "ad_spend",
    "created_at",
    "updated_at",
)
METRICS = ("uv", "pv", "orders", "refunds", "paying_buyers", "new_buyers", "returning_buyers", "gmv", "ad_spend")
# What a row holds, less its id and times: the columns a push and COPY must agree on.
COMPARED = ("store_id", "date", "source", "api_client_id", *METRICS, "refund_amount")
SNAPSHOT = "bench_api_rows"  # the rows the first push wrote, kept to compare the later writes with
# The aims (ratios to COPY's records/s): new rows pushed by several clients at once, or by one client one request
# after another; the same payload re-sent (every record unchanged).
AIM_PUSH = 3.0
AIM_RESEND = 1.2


@dataclass
class Result:
    rows: list[Row] = field(default_factory=list)
    baseline: Row | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # one line per aim

    def render(self) -> str:
        out = table(self.rows, self.baseline)
        return out + ("\n\n" + "\n".join(self.summary) if self.summary else "")


# --- Data ---------------------------------------------------------------------------------------------


def store_codes(records: int) -> list[str]:
    return [f"bench-{i:03d}" for i in range(math.ceil(records / DAYS_PER_STORE))]


def make_records(records: int, seed: int = 20261111) -> list[dict]:
    """Realistic daily metrics, every field of the contract filled, the last day being yesterday (store time)."""
    rng = random.Random(seed)
    last = datetime.now(STORE_TZ).date() - timedelta(days=1)
    out: list[dict] = []
    for code in store_codes(records):
        scale = rng.uniform(0.3, 3.0)
        for back in range(DAYS_PER_STORE - 1, -1, -1):
            if len(out) == records:
                return out
            uv = int(rng.randint(200, 5000) * scale)
            orders = rng.randint(0, max(1, uv // 25))
            paying = rng.randint(0, orders)
            new = rng.randint(0, paying)
            gmv_cents = orders * rng.randint(3000, 30000)
            out.append(
                {
                    "store": code,
                    "date": (last - timedelta(days=back)).isoformat(),
                    "uv": uv,
                    "pv": uv * rng.randint(2, 6) + rng.randint(0, 99),
                    "orders": orders,
                    "refunds": rng.randint(0, orders // 10 + 1) if orders else 0,
                    "paying_buyers": paying,
                    "new_buyers": new,
                    "returning_buyers": rng.randint(0, paying - new),
                    "gmv": f"{gmv_cents // 100}.{gmv_cents % 100:02d}",
                    "ad_spend": f"{rng.randint(0, 50000) // 100}.{rng.randint(0, 99):02d}",
                }
            )
    return out


def make_bodies(records: Sequence[dict], batch: int) -> list[bytes]:
    return [
        json.dumps({"records": list(records[i : i + batch])}, separators=(",", ":")).encode()
        for i in range(0, len(records), batch)
    ]


def make_csv(records: Sequence[dict], store_ids: dict[str, int], client_id: int) -> str:
    """The same rows as the API writes, as CSV for COPY (an empty unquoted field is NULL)."""
    now = datetime.now(ZoneInfo("UTC")).isoformat()
    source = f"client:{client_id}"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for r in records:
        writer.writerow(
            [store_ids[r["store"]], r["date"], source, client_id, *(r[m] for m in METRICS), now, now],
        )
    return buf.getvalue()


# --- opsplan set-up -------------------------------------------------------------------------------------


def setup_opsplan(codes: Sequence[str]) -> tuple[dict[str, int], int, str]:
    """Stores and an API client made by the application's own services; returns (store ids, client id, key)."""
    from stores.choices import Platform
    from stores.services import api_client_create, store_upsert

    platforms = list(Platform.values)
    ids = {}
    for i, code in enumerate(codes):
        store, _created = store_upsert(code, name=f"Bench store {i}", platform=platforms[i % len(platforms)])
        ids[code] = store.pk
    client, key = api_client_create("bench-ingest", list(codes))
    return ids, client.pk, key


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn serving opsplan.wsgi on a free loopback port, as a child process stopped on exit."""

    def __init__(self, env: dict[str, str], workers: int, nice: int = 0):
        self.env = {**os.environ, **env}
        self.workers = workers
        self.nice = nice  # CPU priority of the server and its workers (a lower share, like a container's cpu_shares)
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="opsplan-bench-gunicorn-", suffix=".log", delete=False)

    def __enter__(self) -> Gunicorn:
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "opsplan.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--timeout",
            str(REQUEST_TIMEOUT),
            "--graceful-timeout",
            "10",
            "--log-level",
            "warning",
        ]
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            preexec_fn=(lambda: os.nice(self.nice)) if self.nice else None,  # noqa: PLW1509 - no threads at this point
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                status, _body = request("GET", self.port, "/healthz", timeout=5)
                if status == 200:
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer /healthz in {STARTUP_TIMEOUT}s:\n{self.log_tail()}")
            time.sleep(0.2)

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)

    def log_tail(self, lines: int = 40) -> str:
        self.log.flush()
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])


def request(method: str, port: int, path: str, body: bytes | None = None, headers=None, timeout=REQUEST_TIMEOUT):
    conn = HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- The HTTP passes ----------------------------------------------------------------------------------


@dataclass
class Pass:
    row: Row
    statuses: dict[int, int]
    counts: dict[str, int]
    latencies: list[float]
    errors: list[str]


def push_all(port: int, key: str, bodies: Sequence[bytes], workers: int, name: str, records: int) -> Pass:
    """POST every body from a pool of ``workers`` threads, each with its own keep-alive connection."""
    local = threading.local()
    headers = {"Content-Type": "application/json", "Authorization": f"Token {key}", "Accept": "application/json"}

    def post(body: bytes) -> tuple[int, bytes, float]:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        started = time.perf_counter()
        try:
            # gunicorn's sync workers close after each response; http.client then reconnects by itself.
            conn.request("POST", PATH, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except Exception:
            conn.close()
            local.conn = None
            raise
        return response.status, data, time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="push") as pool:
        started = time.perf_counter()
        results = list(pool.map(post, bodies))
        elapsed = time.perf_counter() - started
    statuses: dict[int, int] = {}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    errors = []
    for i, (status, data, _seconds) in enumerate(results):
        statuses[status] = statuses.get(status, 0) + 1
        if status != 200:
            errors.append(f"{name}: request {i} answered {status}: {data[:300]!r}")
            continue
        for k, v in json.loads(data).items():
            counts[k] = counts.get(k, 0) + v
    return Pass(Row(name, records, elapsed), statuses, counts, [r[2] for r in results], errors)


def count_rows(ctx: Context, table: str) -> int:
    conn = ctx.connect()
    try:
        with conn.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed table names)
            return cursor.fetchone()[0]
    finally:
        conn.close()


def truncate(ctx: Context, *tables: str) -> None:
    conn = ctx.connect()
    try:
        with conn.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")
        conn.commit()
    finally:
        conn.close()


def checkpoint(ctx: Context) -> None:
    """Flush dirty buffers now, so a checkpoint owed to earlier writes does not land inside a timed phase."""
    import psycopg2

    conn = ctx.connect()
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except psycopg2.Error:
        pass  # needs superuser (or pg_checkpoint on PostgreSQL 15+); the timings are just noisier without
    finally:
        conn.close()


def snapshot(ctx: Context) -> None:
    """Keep what funnel_dailymetric holds now (the columns compared) in SNAPSHOT."""
    conn = ctx.connect()
    try:
        with conn.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {SNAPSHOT}")
            cursor.execute(f"CREATE TABLE {SNAPSHOT} AS SELECT {', '.join(COMPARED)} FROM funnel_dailymetric")
        conn.commit()
    finally:
        conn.close()


def differences(ctx: Context) -> int:
    """Rows in funnel_dailymetric and not in SNAPSHOT, and the other way round (counting repeats), on the compared
    columns: 0 when the table holds exactly the rows kept."""
    cols = ", ".join(COMPARED)
    conn = ctx.connect()
    try:
        with conn.cursor() as cursor:
            stored, kept = f"SELECT {cols} FROM funnel_dailymetric", f"SELECT {cols} FROM {SNAPSHOT}"
            cursor.execute(
                f"SELECT count(*) FROM (({stored} EXCEPT ALL {kept}) UNION ALL ({kept} EXCEPT ALL {stored})) AS d"
            )
            return cursor.fetchone()[0]
    finally:
        conn.close()


def copy_rows(ctx: Context, text: str, records: int) -> Row:
    """COPY the CSV into funnel_dailymetric in one transaction, timed from the COPY to its commit."""
    sql = f"COPY funnel_dailymetric ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv)"
    conn = ctx.connect()
    try:
        buf = io.StringIO(text)
        started = time.perf_counter()
        with conn.cursor() as cursor:
            cursor.copy_expert(sql, buf)
        conn.commit()
        elapsed = time.perf_counter() - started
    finally:
        conn.close()
    return Row("COPY", records, elapsed)


def _latency_note(p: Pass) -> str:
    lat = sorted(p.latencies)
    return (
        f"{p.row.name}: {len(lat)} requests, per request median {statistics.median(lat):.2f}s, "
        f"max {lat[-1]:.2f}s; statuses {p.statuses}; counts {p.counts}"
    )


# --- Entry point ------------------------------------------------------------------------------------------


def run(ctx: Context) -> Result:
    args = ctx.args
    result = Result()
    if not 1 <= args.batch <= 10_000:
        raise SystemExit("--batch must be 1 to 10,000 (the contract's limit)")

    print(f"ingest: generating {args.records:,} records in {math.ceil(args.records / args.batch)} bodies …")
    records = make_records(args.records)
    codes = store_codes(args.records)
    bodies = make_bodies(records, args.batch)
    print(
        f"ingest: {len(codes)} stores × up to {DAYS_PER_STORE} days ({records[0]['date']} … {records[-1]['date']}), "
        f"{sum(map(len, bodies)) / len(bodies) / 1e6:.2f} MB of JSON per request"
    )
    store_ids, client_id, key = setup_opsplan(codes)
    server_workers = args.server_workers or args.workers

    # The push cap (API_PUSH_CONCURRENCY) at the number of client threads: like the rate limits, out of the way of a
    # throughput measurement (the load benchmark runs with the deployed cap).
    env = {**ctx.env, "API_PUSH_CONCURRENCY": str(max(args.workers, 1))}
    tables = ("funnel_dailymetricrevision", "funnel_dailymetric", "rollups_dirtyrange")
    clients = f"{args.workers} clients at once" if args.workers > 1 else "1 client"
    with Gunicorn(env, server_workers) as server:
        print(f"ingest: gunicorn on 127.0.0.1:{server.port}, {server_workers} sync workers; {args.workers} threads")
        # Warm up every worker's lazy set-up (URLs, translations, auth) with requests that write nothing.
        warm = json.dumps({"records": []}).encode()
        hdrs = {"Content-Type": "application/json", "Authorization": f"Token {key}"}
        for _ in range(server_workers * 3):
            request("POST", server.port, PATH, warm, hdrs, timeout=30)

        checkpoint(ctx)
        first = push_all(server.port, key, bodies, args.workers, f"API push, new rows, {clients}", args.records)
        rows_after_first = count_rows(ctx, "funnel_dailymetric")
        print(f"ingest: {_latency_note(first)}; table holds {rows_after_first:,} rows")
        snapshot(ctx)
        checkpoint(ctx)
        name = f"API re-send, all unchanged, {clients}"
        second = push_all(server.port, key, bodies, args.workers, name, args.records)
        rows_after_second = count_rows(ctx, "funnel_dailymetric")
        revisions = count_rows(ctx, "funnel_dailymetricrevision")
        resent_differ = differences(ctx)
        print(f"ingest: {_latency_note(second)}; table holds {rows_after_second:,} rows, {revisions} revisions")

        # The same requests from one client, each sent when the one before has been answered.
        truncate(ctx, *tables)
        checkpoint(ctx)
        name = "API push, new rows, 1 client, one request after another"
        third = push_all(server.port, key, bodies, 1, name, args.records)
        rows_after_third = count_rows(ctx, "funnel_dailymetric")
        sequential_differ = differences(ctx)
        print(f"ingest: {_latency_note(third)}; table holds {rows_after_third:,} rows")

    for p in (first, second, third):
        result.problems += p.errors[:5]
    for p in (first, third):
        if p.counts.get("created") != args.records:
            result.problems.append(f"{p.row.name} created {p.counts.get('created')}, expected {args.records}")
    if second.counts.get("unchanged") != args.records:
        result.problems.append(f"re-send left {second.counts.get('unchanged')} unchanged, expected {args.records}")
    passes = (("first pass", rows_after_first), ("re-send", rows_after_second), ("one-client pass", rows_after_third))
    for label, n in passes:
        if n != args.records:
            result.problems.append(f"after the {label} funnel_dailymetric holds {n} rows, expected {args.records}")
    if revisions:
        result.problems.append(f"the re-send wrote {revisions} revisions, expected none")
    if resent_differ:
        result.problems.append(f"the re-send changed {resent_differ} rows of what the first push wrote")
    if sequential_differ:
        result.problems.append(f"the one-client pass and the first push differ in {sequential_differ} rows")

    # COPY is short, so one sample is at the mercy of the machine's other load: take the median of a few.
    text = make_csv(records, store_ids, client_id)
    samples = []
    for _ in range(COPY_RUNS):
        truncate(ctx, "funnel_dailymetricrevision", "funnel_dailymetric")
        checkpoint(ctx)
        samples.append(copy_rows(ctx, text, args.records).seconds)
    after_copy = count_rows(ctx, "funnel_dailymetric")
    copy_differ = differences(ctx)
    copied = Row(f"COPY (psycopg2 copy_expert, CSV), median of {COPY_RUNS}", args.records, statistics.median(samples))
    runs = ", ".join(f"{s:.2f}s" for s in samples)
    print(f"ingest: COPY wrote {after_copy:,} rows; {runs}")
    result.notes.append(f"COPY runs: {runs}")
    if after_copy != args.records:
        result.problems.append(f"after COPY funnel_dailymetric holds {after_copy} rows, expected {args.records}")
    if copy_differ:
        result.problems.append(f"what the API wrote and what COPY wrote differ in {copy_differ} rows")
    else:
        result.notes.append(
            f"what the API wrote equals what COPY wrote, row for row ({', '.join(COMPARED)}), after both pushes"
        )

    result.baseline = copied
    result.rows = [copied, first.row, third.row, second.row]
    for row, aim in ((first.row, AIM_PUSH), (third.row, AIM_PUSH), (second.row, AIM_RESEND)):
        ratio = copied.rate / row.rate
        met = "MET" if ratio <= aim else "MISSED"
        result.summary.append(f"{row.name}: {ratio:.2f}× COPY's time (aim: ≤ {aim:g}×) {met}.")
    result.notes.append(
        f"rows in funnel_dailymetric: {rows_after_first:,} after the push, {rows_after_third:,} after the one-client "
        f"push, {after_copy:,} after COPY"
    )

    if args.profile:
        profile(ctx, records[: args.batch], key)
    return result


# --- In-process profile of one request -------------------------------------------------------------------

# Functions called once per request whose cumulative time says where a request's time goes.
BUCKETS = (
    ("loads_decimal (read the body)", "core/jsonparse.py", "loads_decimal"),
    ("  nests_deeper_than (the nesting limit)", "core/jsonparse.py", "nests_deeper_than"),
    ("validate_batch", "funnel/domain/records.py", "validate_batch"),
    ("metrics_ingest (transaction)", "funnel/services/metrics.py", "metrics_ingest"),
    ("  _stage (COPY into the temporary table)", "funnel/services/metrics.py", "_stage"),
    ("  advisory_locks (wait for the client's lock)", "core/db.py", "advisory_locks"),
    ("  _merge (INSERT … ON CONFLICT, revisions)", "funnel/services/metrics.py", "_merge"),
    ("    dirty_mark_ranges (rollup marks)", "stores/days.py", "dirty_mark_ranges"),
    ("psycopg2 cursor.execute (SQL round trips)", "~", "<method 'execute' of 'psycopg2.extensions.cursor' objects>"),
    ("psycopg2 cursor.copy_expert (COPY)", "~", "<method 'copy_expert' of 'psycopg2.extensions.cursor' objects>"),
    ("commit", "~", "<method 'commit' of 'psycopg2.extensions.connection' objects>"),
)


def profile(ctx: Context, batch: Sequence[dict], key: str) -> None:
    """cProfile one request of ``batch`` in-process (Django's test Client): new rows, then a re-send."""
    import cProfile
    import pstats

    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {key}", HTTP_HOST="127.0.0.1")
    body = json.dumps({"records": list(batch)}, separators=(",", ":"))
    tables = ("funnel_dailymetricrevision", "funnel_dailymetric", "rollups_dirtyrange")

    def once(label: str, fresh: bool, profiled: bool):
        if fresh:
            truncate(ctx, *tables)
        profiler = cProfile.Profile() if profiled else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        response = client.post(PATH, data=body, content_type="application/json")
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - started
        print(f"\nprofile: {label}: {response.status_code} {response.content[:80]!r} in {elapsed:.2f}s")
        return profiler, elapsed

    for label, fresh in (("new rows", True), ("re-send, unchanged", False)):
        # Untimed by the profiler first (its overhead inflates Python-heavy code), then profiled.
        once(f"{len(batch):,} records, {label}, no profiler", fresh, False)
        profiler, total = once(f"{len(batch):,} records, {label}, cProfile", fresh, True)
        stats = pstats.Stats(profiler)
        print(f"profile: where the time goes ({label}, cumulative, under cProfile):")
        for name, path, func in BUCKETS:
            seconds = sum(v[3] for (file, _line, fn), v in stats.stats.items() if fn == func and file.endswith(path))
            print(f"  {name:<48} {seconds:6.2f}s {100 * seconds / total:5.1f}%")
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).strip_dirs().sort_stats("tottime").print_stats(15)
        print("\n".join(line for line in buf.getvalue().splitlines() if line.strip())[-2200:])
    truncate(ctx, *tables)
