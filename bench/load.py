"""Load benchmark: API clients push 1,000-record batches while people browse dashboards, for a bounded time.

opsplan is served as docker-compose.yml deploys it: one gunicorn pool for the pages (``--server-workers``, default
3) and one for ``/api/`` (``--api-workers``, default 3), the reverse proxy's routing done by the clients (pushes go
to the API pool's port), with the deployed push cap (``API_PUSH_CONCURRENCY``: more pushes at once are answered 429
with ``Retry-After``, which the clients honour and retry, as docs/API.md says). ``--one-pool`` serves everything from
one pool of ``--server-workers`` instead, to compare.

First the ``--users`` threads (default 20) log in and browse alone for ``--quiet`` seconds (the baseline); then
``--clients`` threads (default 50) each push ``--load-batch`` records per request (default 1,000) with their own
API key, back to back, for ``--duration`` seconds (default 120) while the people keep opening the portfolio and
one of their stores' dashboards in turn, with 0.5–1.5 s of think time. Reported per kind of request and phase:
count, errors, retried refusals (429/503), throughput and p50/p95/p99 latency; then the rows the clients were
answered 200 for against the rows in the table at the end (lost rows).

Plain threads and ``http.client`` rather than locust: locust monkey-patches the whole process with gevent at
import, which would also patch the psycopg2 and Django code this same run uses to set up and check the data;
the clients mostly wait on their sockets, so threads keep up at this concurrency.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.client import HTTPConnection
from http.cookies import SimpleCookie

from bench.common import Context, markdown_table, quantile
from bench.ingest import STORE_TZ, Gunicorn

PUSH_PATH = "/api/v1/metrics/daily/"
CLIENT_STORES = 10  # each API client writes to its own 10 stores …
WINDOWS = 10  # … in 10 windows of days: new rows for 10 batches, then the same keys again with new values
BROWSE_DAYS = 365  # of metrics behind each browsed store's dashboard
STORES_PER_USER = 5
PASSWORD = "bench-only-password-0123"
REQUEST_TIMEOUT = 180  # seconds: a push queued behind 49 others on 2 busy cores can take a minute
MAX_REQUESTS = 100_000  # per thread, besides the time limit
DASHBOARD_P95_AIM = 0.150  # the store dashboard page while the clients push


RETRIED = (429, 503)  # the contract's "retry after Retry-After" answers: counted apart, not as errors


@dataclass
class Sample:
    kind: str
    status: int
    seconds: float
    note: str = ""
    at: float = 0.0  # time.monotonic() when the request started


@dataclass
class Result:
    rows: list = field(default_factory=list)
    baseline: None = None
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    table: str = ""

    def render(self) -> str:
        return self.table


def call(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """One request on a fresh connection (sync gunicorn workers close after each response): status, headers, body."""
    conn = HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response, response.read()
    finally:
        conn.close()


def timed(samples: list[Sample], kind: str, ok: tuple[int, ...], fn, *args, **kwargs):
    at, started = time.monotonic(), time.perf_counter()
    try:
        status, response, data = fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - a timeout or a dropped connection is an error to count
        samples.append(Sample(kind, 0, time.perf_counter() - started, f"{type(exc).__name__}: {exc}", at))
        return None
    note = "" if status in ok else data[:200].decode(errors="replace")
    samples.append(Sample(kind, status, time.perf_counter() - started, note, at))
    return status, response, data


# --- Data -----------------------------------------------------------------------------------------------------


def client_codes(c: int) -> list[str]:
    return [f"load-c{c:02d}-s{s}" for s in range(CLIENT_STORES)]


def batch(c: int, n: int, size: int) -> bytes:
    """Client ``c``'s ``n``-th body: window ``n % WINDOWS`` of its stores' days, values changing every pass."""
    window, version = n % WINDOWS, n // WINDOWS
    days = size // CLIENT_STORES
    last = datetime.now(STORE_TZ).date() - timedelta(days=1)
    records = []
    for s, code in enumerate(client_codes(c)):
        for d in range(days):
            back = window * days + d
            uv = 300 + (c * 7 + s * 13 + back * 3 + version * 11) % 900
            orders = uv // 30
            records.append(
                {
                    "store": code,
                    "date": (last - timedelta(days=back)).isoformat(),
                    "uv": uv,
                    "pv": uv * 3,
                    "orders": orders,
                    "gmv": f"{orders * 99}.50",
                    "ad_spend": f"{uv // 10}.00",
                }
            )
    return json.dumps({"records": records}, separators=(",", ":")).encode()


def setup(ctx: Context, clients: int, users: int) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Stores and API keys of the pushing clients; rolled-up stores with a year of metrics and plans, and the
    users who browse them (each the ops manager of a few). Returns the keys and (username, store codes)."""
    from django.contrib.auth import get_user_model

    from accounts.choices import Role
    from bench import rollup
    from rollups.services import stores_rollup_build
    from stores.models import Membership, Store
    from stores.services import api_client_create

    Store.objects.bulk_create(
        [Store(code=code, name=code, platform="tmall") for c in range(clients) for code in client_codes(c)]
    )
    keys = [api_client_create(f"load-client-{c:02d}", client_codes(c))[1] for c in range(clients)]
    browsed = rollup.setup(ctx, max(STORES_PER_USER, users), BROWSE_DAYS)
    stores_rollup_build(browsed.stores, browsed.first, browsed.last, as_of=browsed.last)
    people = []
    for u in range(users):
        user = get_user_model().objects.create_user(f"load-user-{u:02d}", password=PASSWORD)
        mine = [browsed.stores[(u + i) % len(browsed.stores)] for i in range(STORES_PER_USER)]
        Membership.objects.bulk_create([Membership(user=user, store=s, role=Role.OPS_MANAGER) for s in mine])
        people.append((user.username, [s.code for s in mine]))
    return keys, people


# --- The two kinds of traffic ------------------------------------------------------------------------------------


@dataclass
class Phases:
    """The run's clock: every login (and one untimed round of pages) done, then browsing alone for ``quiet``
    seconds (the baseline), then pushes beside the browsing for ``duration`` seconds. Logins are not part of the
    baseline: 20 password hashes at once would be most of it."""

    users: int
    logged_in: threading.Event = field(default_factory=threading.Event)
    pushing: threading.Event = field(default_factory=threading.Event)
    alone_at: float = 0.0
    push_at: float = float("inf")
    end: float = float("inf")
    arrived_count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def arrived(self) -> None:
        with self.lock:
            self.arrived_count += 1
            if self.arrived_count >= self.users:
                self.logged_in.set()


def pusher(port: int, c: int, key: str, size: int, phases: Phases, samples: list[Sample], pushed: set) -> None:
    headers = {"Content-Type": "application/json", "Authorization": f"Token {key}"}
    rng = random.Random(c)
    phases.pushing.wait()
    n = 0
    for _ in range(MAX_REQUESTS):
        if time.monotonic() >= phases.end:
            return
        answer = timed(samples, "push", (200, *RETRIED), call, port, "POST", PUSH_PATH, batch(c, n, size), headers)
        if answer and answer[0] == 200:
            pushed.add((c, n % WINDOWS))
            n += 1
        elif answer and answer[0] in RETRIED:
            # The same batch again after Retry-After; a little jitter keeps 50 clients from retrying in step.
            time.sleep(min(float(answer[1].getheader("Retry-After") or 1), 10) * rng.uniform(1.0, 1.5))
        else:
            n += 1


def browser(port: int, username: str, codes: list[str], phases: Phases, samples: list[Sample], seed: int) -> None:
    rng = random.Random(seed)
    cookies = SimpleCookie()

    def headers() -> dict:
        jar = "; ".join(f"{k}={m.value}" for k, m in cookies.items())
        return {"Cookie": jar, "Accept-Language": "zh-hans"} if jar else {"Accept-Language": "zh-hans"}

    def keep(answer) -> None:
        if answer:
            for value in answer[1].headers.get_all("Set-Cookie") or []:
                cookies.load(value)

    # Logging in: the form (for its CSRF token), then the POST that answers a redirect; timed as one.
    at, started = time.monotonic(), time.perf_counter()
    try:
        form = call(port, "GET", "/accounts/login/", None, headers())
        keep(form)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form[2])
        body = f"username={username}&password={PASSWORD}&csrfmiddlewaretoken={token.group(1).decode() if token else ''}"
        form_headers = {**headers(), "Content-Type": "application/x-www-form-urlencoded"}
        login = call(port, "POST", "/accounts/login/", body.encode(), form_headers)
        keep(login)
        status, note = login[0], "" if login[0] == 302 else "login refused"
    except Exception as exc:  # noqa: BLE001 - counted as an error
        status, note = 0, f"{type(exc).__name__}: {exc}"
    samples.append(Sample("login", status, time.perf_counter() - started, note, at))
    if not note:
        # One untimed round first, so the baseline is not the workers' first renders (templates, translations).
        for path in ("/dashboards/", f"/dashboards/{codes[0]}/"):
            try:
                keep(call(port, "GET", path, None, headers()))
            except Exception:  # noqa: BLE001, S110 - the timed requests report failures
                pass
    phases.arrived()
    if note:
        return
    phases.logged_in.wait()
    for _ in range(MAX_REQUESTS):
        code = rng.choice(codes)
        pages = (
            ("portfolio", "/dashboards/"),
            ("store dashboard", f"/dashboards/{code}/"),
            ("store dashboard JSON", f"/dashboards/{code}/data/"),
        )
        for kind, path in pages:
            if time.monotonic() >= phases.end:
                return
            keep(timed(samples, kind, (200,), call, port, "GET", path, None, headers()))
            time.sleep(rng.uniform(0.5, 1.5))


# --- Entry point ---------------------------------------------------------------------------------------------------


def run(ctx: Context) -> Result:
    args = ctx.args
    result = Result()
    size = args.load_batch
    if size % CLIENT_STORES or not CLIENT_STORES <= size <= 10_000:
        raise SystemExit(f"--load-batch must be a multiple of {CLIENT_STORES} up to 10,000")
    print(f"load: setting up {args.clients} API clients × {CLIENT_STORES} stores, {args.users} users …", flush=True)
    keys, people = setup(ctx, args.clients, args.users)
    page_workers = args.server_workers or 3
    api_workers = 0 if args.one_pool else args.api_workers
    quiet = args.quiet if args.quiet is not None else min(30, max(5, args.duration // 4))

    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    with tempfile.TemporaryDirectory(prefix="opsplan-bench-static-") as static_root:
        with override_settings(STATIC_ROOT=static_root):
            call_command("collectstatic", interactive=False, verbosity=0)
        samples: list[Sample] = []
        pushed: set = set()
        env = {**ctx.env, "STATIC_ROOT": static_root}
        with ExitStack() as stack:
            pages = stack.enter_context(Gunicorn(env, page_workers))
            api = stack.enter_context(Gunicorn(env, api_workers, nice=args.api_nice)) if api_workers else pages
            shape = (
                f"pages: gunicorn {page_workers} sync workers; /api/: gunicorn {api_workers} sync workers"
                f"{f' at nice {args.api_nice}' if args.api_nice else ''}"
                if api_workers
                else f"one gunicorn pool of {page_workers} sync workers for pages and /api/"
            )
            cap = int(env.get("API_PUSH_CONCURRENCY") or settings.API_PUSH_CONCURRENCY)
            shape += f"; push cap {cap or 'none'}"
            print(f"load: {shape}; logins, {quiet}s of browsing alone, then {args.duration}s with pushes …", flush=True)
            phases = Phases(len(people))
            threads = [
                threading.Thread(target=pusher, args=(api.port, c, key, size, phases, samples, pushed))
                for c, key in enumerate(keys)
            ] + [
                threading.Thread(target=browser, args=(pages.port, name, codes, phases, samples, u))
                for u, (name, codes) in enumerate(people)
            ]
            for thread in threads:
                thread.start()
            if not phases.logged_in.wait(timeout=2 * REQUEST_TIMEOUT):
                result.problems.append("the people did not all log in within the time limit")
            phases.alone_at = time.monotonic()
            time.sleep(quiet)
            phases.end = time.monotonic() + args.duration
            phases.push_at = time.monotonic()
            phases.pushing.set()
            for thread in threads:
                thread.join(timeout=args.duration + 2 * REQUEST_TIMEOUT)
            elapsed = time.monotonic() - phases.push_at
            if any(t.is_alive() for t in threads):
                result.problems.append("a client thread was still running after the time limit")

    in_table = count_rows_like(ctx, "load-%")
    expected = len(pushed) * size
    report(result, samples, phases, elapsed, size, expected, in_table, args, shape)
    return result


def count_rows_like(ctx: Context, pattern: str) -> int:
    conn = ctx.connect()
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM funnel_dailymetric m JOIN stores_store s ON s.id = m.store_id "
                "WHERE s.code LIKE %s",
                [pattern],
            )
            return cursor.fetchone()[0]
    finally:
        conn.close()


def _latencies(samples: list[Sample]) -> list[str]:
    ms = [s.seconds * 1000 for s in samples]
    return [f"{quantile(ms, q):,.0f}" for q in (0.5, 0.95, 0.99)] + [f"{max(ms):,.0f}"]


def report(result: Result, samples, phases: Phases, elapsed, size, expected, in_table, args, shape) -> None:
    """Per kind of request: logins, then browsing alone (the baseline) and with pushes, side by side."""
    pushing, quiet = phases.push_at, phases.push_at - phases.alone_at
    head = ["request", "phase", "count", "errors", "retried", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms"]
    body = []
    p95 = {}
    for kind in ("push", "login", "portfolio", "store dashboard", "store dashboard JSON"):
        of_kind = [s for s in samples if s.kind == kind]
        if kind == "login":
            span = max((s.at + s.seconds for s in of_kind), default=1) - min((s.at for s in of_kind), default=0)
            parts = [("at the start", of_kind, span or 1)]
        else:
            parts = [
                ("alone", [s for s in of_kind if s.at < pushing], quiet),
                ("with pushes", [s for s in of_kind if s.at >= pushing], elapsed),
            ]
        for phase, mine, seconds in parts:
            if not mine:
                continue
            errors = [s for s in mine if s.note and s.status not in RETRIED]
            retried = sum(1 for s in mine if s.status in RETRIED)
            answered = [s for s in mine if s.status not in RETRIED] or mine
            body.append(
                [kind, phase, f"{len(mine):,}", str(len(errors)), str(retried), f"{len(mine) / seconds:.1f}"]
                + _latencies(answered)
            )
            p95[kind, phase] = quantile([s.seconds for s in answered], 0.95)
            for s in errors[:5]:
                result.problems.append(f"{kind}: {s.status} {s.note}")
    result.table = markdown_table(head, body, [False, False] + [True] * 8)
    for kind in ("store dashboard", "store dashboard JSON"):
        alone, loaded = p95.get((kind, "alone")), p95.get((kind, "with pushes"))
        if loaded is not None:
            baseline = f"; {alone * 1000:.0f} ms alone, {loaded / alone:.1f}× that" if alone else ""
            aim = ""
            if kind == "store dashboard":
                verdict = "MET" if loaded < DASHBOARD_P95_AIM else "MISSED"
                aim = f" (aim: < {DASHBOARD_P95_AIM * 1000:.0f} ms): {verdict}"
            result.notes.append(f"{kind} p95 with pushes {loaded * 1000:.0f} ms{aim}{baseline}")
    pushes = sum(1 for s in samples if s.kind == "push" and s.status == 200)
    refused = sum(1 for s in samples if s.kind == "push" and s.status in RETRIED)
    errors = sum(1 for s in samples if s.note and s.status not in RETRIED)
    result.notes.append(
        f"{args.clients} API clients × {size:,}-record batches, {args.users} users, {elapsed:.0f}s with pushes; "
        f"{shape}; {pushes * size / elapsed:,.0f} records/s pushed; {refused} pushes refused and retried"
    )
    result.notes.append(f"errors: {errors}")
    result.notes.append(
        f"rows: {expected:,} expected, {in_table:,} in funnel_dailymetric; lost rows: {expected - in_table}"
    )
    if errors:
        result.problems.append(f"{errors} requests failed")
    if in_table != expected:
        result.problems.append(f"funnel_dailymetric holds {in_table:,} rows of the load stores, expected {expected:,}")
