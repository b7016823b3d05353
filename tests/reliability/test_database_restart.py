"""PostgreSQL restarts while API clients push: they get clean 503s with Retry-After, retry, and every row lands once.

The test makes its own PostgreSQL cluster (``pgcluster.Cluster``), migrates a database there and serves it with
gunicorn the way the benchmarks do (production-like, no Redis, persistent connections). Four clients push
overlapping batches of the same records; two push continuously (so requests are in flight when the server goes
down), two wait for the outage and push into it. The cluster is stopped (fast shutdown) and started again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from http.client import HTTPConnection

import pytest

from bench.common import ROOT, database_recreate, opsplan_env
from bench.ingest import Gunicorn, make_records, request, store_codes
from tests.reliability.pgcluster import Cluster, missing_reason

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or ""),
]

PATH = "/api/v1/metrics/daily/"
RECORDS = 2000  # 2 stores x 1,000 days
BATCH = 250
CLIENTS = 4
REQUEST_TIMEOUT = 30  # seconds: an answer later than this counts as a hang
MAX_ATTEMPTS = 40  # per batch
MAX_RETRY_AFTER = 10
DOWN_SECONDS = 3
METRICS = ("uv", "pv", "orders", "refunds", "paying_buyers", "new_buyers", "returning_buyers", "gmv", "ad_spend")

SETUP = """
import json, sys
from bench.common import django_setup
django_setup({})
from bench.ingest import setup_opsplan
_ids, _client, key = setup_opsplan(json.loads(sys.argv[1]))
print(json.dumps({"key": key}))
"""


@dataclass
class Client:
    """One API client thread: pushes its batches in order, retrying each 503 after its Retry-After."""

    index: int
    batches: list[bytes]
    continuous: bool
    answers: list[tuple[int, dict, str | None]] = field(default_factory=list)  # (status, body, Retry-After)
    failures: list[str] = field(default_factory=list)  # hangs, dropped connections, unexpected statuses
    done: list[bool] = field(default_factory=list)  # per batch: answered 200 at least once


def push(port: int, key: str, body: bytes) -> tuple[int, dict, str | None]:
    conn = HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        headers = {"Content-Type": "application/json", "Authorization": f"Token {key}", "Accept-Language": "en"}
        conn.request("POST", PATH, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"{}"), response.getheader("Retry-After")
    finally:
        conn.close()


def run_client(
    client: Client,
    port: int,
    key: str,
    first_done: threading.Event,
    outage: threading.Event,
    restarted: threading.Event,
    deadline: float,
) -> None:
    client.done = [False] * len(client.batches)
    passes = 0
    while time.monotonic() < deadline:
        for i, body in enumerate(client.batches):
            if i == 1 and not client.continuous:
                outage.wait(timeout=max(0.0, deadline - time.monotonic()))
            for _attempt in range(MAX_ATTEMPTS):
                try:
                    status, data, retry_after = push(port, key, body)
                except Exception as exc:  # noqa: BLE001 - a hang or a dropped connection is a failure to report
                    client.failures.append(f"client {client.index} batch {i}: {type(exc).__name__}: {exc}")
                    return
                client.answers.append((status, data, retry_after))
                if status == 200:
                    client.done[i] = True
                    if i == 0:
                        first_done.set()
                    break
                if status != 503:
                    client.failures.append(f"client {client.index} batch {i}: {status} {data}")
                    return
                time.sleep(min(float(retry_after or 1), MAX_RETRY_AFTER))
            else:
                client.failures.append(f"client {client.index} batch {i}: still refused after {MAX_ATTEMPTS} tries")
                return
        passes += 1
        # Continuous clients keep pushing (re-sends change nothing) until the database is back.
        if not client.continuous or (restarted.is_set() and passes >= 2) or passes >= 200:
            return


def healthz(port: int) -> tuple[int, dict]:
    status, body = request("GET", port, "/healthz", timeout=REQUEST_TIMEOUT)
    return status, json.loads(body)


def table_rows(cluster: Cluster, dbname: str) -> list[tuple]:
    conn = cluster.server.connect(dbname)
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                f"SELECT s.code, m.date::text, {', '.join('m.' + m for m in METRICS)} "  # noqa: S608 (fixed names)
                "FROM funnel_dailymetric m JOIN stores_store s ON s.id = m.store_id"
            )
            return cursor.fetchall()
    finally:
        conn.close()


def count(cluster: Cluster, dbname: str, table: str) -> int:
    conn = cluster.server.connect(dbname)
    try:
        with conn.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed names)
            return cursor.fetchone()[0]
    finally:
        conn.close()


def expected_row(record: dict) -> tuple:
    values = []
    for name in METRICS:
        value = record.get(name)
        values.append(Decimal(value) if name in ("gmv", "ad_spend") else value)
    return (record["store"], record["date"], *values)


def test_pushes_survive_a_database_restart():
    dbname = "opsplan_restart"
    records = make_records(RECORDS)
    # Client c pushes every record, starting BATCH/2 * c further along: each record arrives from all four clients.
    batches = []
    for c in range(CLIENTS):
        start = c * BATCH // 2
        rotated = records[start:] + records[:start]
        batches.append([json.dumps({"records": rotated[i : i + BATCH]}).encode() for i in range(0, RECORDS, BATCH)])

    with Cluster() as cluster:
        database_recreate(cluster.server, dbname)
        # Every client's push runs at once (no 429 from the push cap): this test is about the restart.
        env = {**opsplan_env(cluster.url(dbname)), "CONN_MAX_AGE": "60", "API_PUSH_CONCURRENCY": str(CLIENTS)}
        setup = subprocess.run(
            [sys.executable, "-c", SETUP, json.dumps(store_codes(RECORDS))],
            cwd=ROOT,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert setup.returncode == 0, setup.stderr[-3000:]
        key = json.loads(setup.stdout.strip().splitlines()[-1])["key"]

        with Gunicorn(env, workers=3) as server:
            first_done, outage, restarted = threading.Event(), threading.Event(), threading.Event()
            deadline = time.monotonic() + 240
            clients = [Client(c, batches[c], continuous=c < 2) for c in range(CLIENTS)]
            threads = [
                threading.Thread(
                    target=run_client,
                    args=(client, server.port, key, first_done, outage, restarted, deadline),
                    daemon=True,
                )
                for client in clients
            ]
            for thread in threads:
                thread.start()
            assert first_done.wait(timeout=60), "no push succeeded before the restart"
            time.sleep(0.3)  # the continuous clients are mid-request now

            cluster.stop("fast")
            outage.set()
            down = [healthz(server.port)]
            time.sleep(DOWN_SECONDS)
            down.append(healthz(server.port))
            cluster.start()
            restarted.set()

            for thread in threads:
                thread.join(timeout=max(1.0, deadline - time.monotonic()))
            assert not any(t.is_alive() for t in threads), "a client was still pushing at the deadline"
            up = healthz(server.port)
            gunicorn_log = server.log_tail()

        failures = [f for client in clients for f in client.failures]
        assert not failures, f"{failures}\n{gunicorn_log}\n{cluster.log_tail()}"

        answers = [a for client in clients for a in client.answers]
        unavailable = [a for a in answers if a[0] == 503]
        assert unavailable, "no push met the outage"
        for _status, body, retry_after in unavailable:
            assert retry_after is not None and int(retry_after) > 0
            assert set(body) == {"errors"} and body["errors"][0]["message"], body
        assert {a[0] for a in answers} == {200, 503}
        assert all(all(client.done) for client in clients), "a batch never succeeded"

        # Every row was created by exactly one answered request: no half-written batch, none lost or duplicated.
        ok = [body for status, body, _r in answers if status == 200]
        assert sum(b["created"] for b in ok) == RECORDS
        assert sum(b["updated"] for b in ok) == 0
        assert all(b["created"] + b["updated"] + b["unchanged"] == BATCH for b in ok)
        assert sorted(table_rows(cluster, dbname)) == sorted(expected_row(r) for r in records)
        assert count(cluster, dbname, "funnel_dailymetricrevision") == 0

        for status, body in down:
            assert (status, body["status"], body["database"]) == (503, "down", "down"), body
        assert up == (200, {"status": "ok", "database": "ok", "broker": "in-process"})
