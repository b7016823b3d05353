"""The day and period rollups are views: the migrations' copies of their SQL stay that of the code, and the embedded
SQLite computes what PostgreSQL does."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from rollups import sql

ROOT = Path(__file__).resolve().parents[2]
VIEW_MIGRATION = importlib.import_module("rollups.migrations.0009_day_view_ranks_platform_exports")
PERIOD_VIEW_MIGRATION = importlib.import_module("rollups.migrations.0007_periods_from_segments")


def words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_the_migrations_view_is_the_codes(vendor):
    """A change to day_view needs a migration that replaces the view: this fails until there is one (then point
    VIEW_MIGRATION at it)."""
    dialect, frozen = (
        (sql.POSTGRES, VIEW_MIGRATION.POSTGRES) if vendor == "postgresql" else (sql.SQLITE, VIEW_MIGRATION.SQLITE)
    )
    assert words(frozen) == words(sql.day_view(dialect))


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_the_migrations_period_view_is_the_codes(vendor):
    """A change to period_view needs a migration that replaces the view: this fails until there is one (then point
    PERIOD_VIEW_MIGRATION at it)."""
    migration = PERIOD_VIEW_MIGRATION
    dialect, frozen = (sql.POSTGRES, migration.POSTGRES) if vendor == "postgresql" else (sql.SQLITE, migration.SQLITE)
    assert words(frozen) == words(sql.period_view(dialect))


# Builds the same small store in a database, rolls it up and prints its day rows and periods as JSON.
SCRIPT = r"""
import json, os, sys
from datetime import date, timedelta
from decimal import Decimal
import django
django.setup()
from django.core.management import call_command
if os.environ["DATABASE_URL"].startswith("sqlite"):
    call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from django.utils import timezone
from funnel.models import DailyMetric
from funnel.services.plans import plan_activate, plan_create_from_template
from rollups.models import DayRollup, PeriodRollup
from rollups.services import store_rollup_build
from stores.models import Store

first, last = date(2026, 9, 1), date(2026, 10, 31)
store = Store.objects.create(code="sqlite-check", name="Check", platform="tmall")
user = get_user_model().objects.create_user("sqlite-check-manager")
plan = plan_create_from_template(store, user, name="p", period_start=first, period_end=last, as_of=first)
plan_activate(plan, user)
now = timezone.now()
DailyMetric.objects.bulk_create(
    DailyMetric(store=store, date=first + timedelta(days=d), source=source, orders=20 + d % 7 + extra,
                uv=900 + 13 * d, pv=3000 + d, gmv=Decimal(2400 + 37 * d) + Decimal("0.35"),
                ad_spend=Decimal(150 + d), refunds=d % 3, created_at=now, updated_at=now)
    for d in range(0, 50)
    for source, extra in (("service_log", 1), ("client:7", 0))
    if source == "client:7" or d % 4 == 0
)
store_rollup_build(store, first, last, as_of=date(2026, 10, 20))
figures = ["uv", "orders", "gmv", "target_orders", "target_gmv", "conversion", "aov", "roi", "gmv_variance",
           "orders_attainment", "uv_effect", "conversion_effect", "aov_effect"]
days = [[str(v) for v in row] for row in DayRollup.objects.filter(store=store).order_by("date")
        .values_list("date", "source", "stage", *figures)]
periods = [[str(v) for v in row] for row in PeriodRollup.objects.filter(store=store)
           .order_by("grain", "period_start").values_list("grain", "period_start", "period_end", "days_elapsed",
           *figures, "projected_gmv", "pace_orders", "pace_gmv")]
print(json.dumps({"days": days, "periods": periods}))
"""


def rolled_up(database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "opsplan.settings"}
    env.update(CELERY_TASK_ALWAYS_EAGER="true", ROLLUP_ON_WRITE="false", REDIS_URL="")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def close(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return abs(Decimal(a) - Decimal(b)) <= Decimal("0.011")  # SQLite divides in floating point
    except ArithmeticError:
        return False


@pytest.fixture
def live_database_url() -> str:
    """The test database, for another process: what it commits stays until the test's flush (serialized
    rollback, as every transactional test here, so the flush leaves the database as the next tests expect)."""
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_rolls_up_what_postgresql_does(tmp_path, live_database_url):
    on_postgres = rolled_up(live_database_url)
    on_sqlite = rolled_up(f"sqlite:///{tmp_path / 'embedded.sqlite3'}")
    for kind in ("days", "periods"):
        assert len(on_sqlite[kind]) == len(on_postgres[kind]) > 0
        for lite, pg in zip(on_sqlite[kind], on_postgres[kind], strict=True):
            assert all(close(a, b) for a, b in zip(lite, pg, strict=True)), (kind, lite, pg)
    # Both chose the API client where the log also reported, as the default source policy says.
    assert {row[1] for row in on_postgres["days"]} == {"client:7", "None"}  # None: a target, no actuals yet
