"""The day and period rollups are views: the migrations' copies of their SQL stay that of the code."""

from __future__ import annotations

import importlib

from rollups import sql

VIEW_MIGRATION = importlib.import_module("rollups.migrations.0009_day_view_ranks_platform_exports")
PERIOD_VIEW_MIGRATION = importlib.import_module("rollups.migrations.0010_projected_gmv_as_the_formula_rounds_it")


def words(text: str) -> list[str]:
    return text.split()


def test_the_migrations_view_is_the_codes():
    """A change to day_view needs a migration that replaces the view: this fails until there is one (then point
    VIEW_MIGRATION at it)."""
    assert words(VIEW_MIGRATION.POSTGRES) == words(sql.day_view())


def test_the_migrations_period_view_is_the_codes():
    """A change to period_view needs a migration that replaces the view: this fails until there is one (then point
    PERIOD_VIEW_MIGRATION at it)."""
    assert words(PERIOD_VIEW_MIGRATION.POSTGRES) == words(sql.period_view())
