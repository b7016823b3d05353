"""What every benchmark shares: the throwaway database, Django set up on it, the machine, the table."""

from __future__ import annotations

import os
import platform
import re
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_DB = "opsplan_bench"


@dataclass(frozen=True)
class Server:
    """A PostgreSQL server, from ``DATABASE_URL`` (only its host, port and credentials are used)."""

    host: str
    port: int
    user: str
    password: str

    @classmethod
    def from_url(cls, url: str) -> Server:
        parts = urlsplit(url)
        if parts.scheme not in ("postgres", "postgresql", "pgsql"):
            raise SystemExit(f"DATABASE_URL must be a postgres:// URL for the benchmarks, not {parts.scheme}://")
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password or ""),
        )

    def url(self, dbname: str) -> str:
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        return f"postgres://{auth}@{self.host}:{self.port}/{dbname}"

    def connect(self, dbname: str):
        import psycopg2

        kwargs = {"host": self.host, "port": self.port, "user": self.user, "dbname": dbname, "connect_timeout": 10}
        if self.password:
            kwargs["password"] = self.password
        return psycopg2.connect(**kwargs)


@dataclass
class Context:
    """Handed to every benchmark: the options, the bench database and the environment of opsplan."""

    args: object
    server: Server
    dbname: str
    env: dict[str, str] = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        return self.server.url(self.dbname)

    def connect(self):
        return self.server.connect(self.dbname)


def opsplan_env(database_url: str) -> dict[str, str]:
    """The environment opsplan runs with in a benchmark: production-like, no TLS, no throttling, no broker."""
    return {
        "DJANGO_SETTINGS_MODULE": "opsplan.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
        "SECURE": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        # As deployed (.env.example): a web worker keeps its database connection between requests.
        "CONN_MAX_AGE": "60",
        "REDIS_URL": "",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "API_RATE": "100000/minute",
        "API_INGEST_RATE": "100000/minute",
        # With no broker, a rollup after each push would run inside the request; in production it runs
        # in a worker, debounced. The benchmarks time the push and the rollup separately.
        "ROLLUP_ON_WRITE": "false",
    }


def database_recreate(server: Server, dbname: str) -> None:
    _admin(server, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)', f'CREATE DATABASE "{dbname}"')


def database_drop(server: Server, dbname: str) -> None:
    _admin(server, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def _admin(server: Server, *statements: str) -> None:
    conn = server.connect("postgres")
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        conn.close()


def django_setup(env: dict[str, str]) -> None:
    """Point this process's Django at the bench database and migrate it."""
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def django_close() -> None:
    if "django" in sys.modules:
        from django.contrib.contenttypes.models import ContentType
        from django.db import connections

        connections.close_all()
        ContentType.objects.clear_cache()  # the next benchmark's database is a new one


# --- Machine and output ----------------------------------------------------------------------------


def machine(server: Server) -> list[tuple[str, str]]:
    cpus = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    model = _first_match(Path("/proc/cpuinfo"), r"^model name\s*:\s*(.+)$") or platform.processor() or "?"
    mem_kb = _first_match(Path("/proc/meminfo"), r"^MemTotal:\s*(\d+) kB")
    memory = f"{int(mem_kb) / 1024 / 1024:.1f} GiB" if mem_kb else "?"
    try:
        conn = server.connect("postgres")
        try:
            with conn.cursor() as cursor:
                cursor.execute("SHOW server_version")
                pg = f"PostgreSQL {cursor.fetchone()[0]} at {server.host}:{server.port}"
        finally:
            conn.close()
    except Exception as exc:  # noqa: BLE001
        pg = f"unreachable ({exc})"
    return [
        ("nproc", f"{usable} (of {cpus})"),
        ("cpu", model),
        ("memory", memory),
        ("postgres", pg),
        ("python", f"{platform.python_version()} on {platform.platform()}"),
    ]


def load_average() -> str:
    """The machine's 1, 5 and 15-minute load averages: other work on a shared machine moves every figure."""
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _first_match(path: Path, pattern: str) -> str | None:
    try:
        text = path.read_text()
    except OSError:
        return None
    found = re.search(pattern, text, re.MULTILINE)
    return found.group(1).strip() if found else None


def command_line(argv: Sequence[str]) -> str:
    return " ".join(shlex.quote(a) for a in argv)


@dataclass(frozen=True)
class Row:
    name: str
    records: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else float("inf")


def table(rows: Sequence[Row], baseline: Row | None) -> str:
    """A Markdown table of rows, with each row's slowdown against ``baseline`` (rate of baseline / rate)."""
    head = ["name", "records", "seconds", "records/s", "ratio vs COPY"]
    body = []
    for row in rows:
        ratio = f"{baseline.rate / row.rate:.2f}×" if baseline and row.rate else "–"
        body.append([row.name, f"{row.records:,}", f"{row.seconds:.2f}", f"{row.rate:,.0f}", ratio])
    return markdown_table(head, body, [False, True, True, True, True])


def markdown_table(head: Sequence[str], body: Sequence[Sequence[str]], right: Sequence[bool]) -> str:
    """A Markdown table with padded columns; ``right`` says which columns are right-aligned (numbers)."""
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]

    def line(cells):
        return (
            "| "
            + " | ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right, strict=True))
            + " |"
        )

    rule = (
        "|"
        + "|".join(("-" * (w + 1) + ":") if r else ("-" * (w + 2)) for w, r in zip(widths, right, strict=True))
        + "|"
    )
    return "\n".join([line(head), rule, *(line(r) for r in body)])


def quantile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, linear between the closest ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)
