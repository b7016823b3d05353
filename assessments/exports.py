"""A month's scorecards as a table for CSV/XLSX, through the dashboards' export (cells safe from formulas)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from core.numbers import rounded
from core.spreadsheet import Column, Kind, Table
from core.text import joined
from stores.models import Store

from .labels import figure_label, missing_label, role_names
from .models import Scorecard


def scorecards_table(store: Store, month: date, cards: list[Scorecard]) -> Table:
    """One row per person: the three dimensions, the total (rounded to the place the page shows), the weights
    applied and what was missing."""
    rows = [
        {
            "person": card.person.name,
            "roles": role_names(card.roles),
            "share": card.share,
            "results": rounded(card.results, 1),
            "satisfaction": rounded(card.satisfaction, 1),
            "teamwork": rounded(card.teamwork, 1),
            "total": rounded(card.total, 1),
            "weights": joined(
                f"{figure_label(key)} {value:g}%"
                for key, value in card.weights.get("used", {}).get("dimensions", {}).items()
            ),
            "missing": "; ".join(missing_label(key) for key in card.missing),
            "version": card.period.version,
            "finalised": card.period.finalised_at,
            "computed_at": card.computed_at,
        }
        for card in cards
    ]
    columns = [
        Column("person", _("Person")),
        Column("roles", _("Roles")),
        Column("share", _("Share of their time"), kind=Kind.PERCENT),
        Column("results", _("Results"), kind=Kind.DECIMAL),
        Column("satisfaction", _("Customer satisfaction"), kind=Kind.DECIMAL),
        Column("teamwork", _("Teamwork"), kind=Kind.DECIMAL),
        Column("total", _("Total"), kind=Kind.DECIMAL),
        Column("weights", _("Weights applied")),
        Column("missing", _("Missing inputs (weights renormalised)")),
        Column("version", _("Version"), kind=Kind.COUNT),
        Column("finalised", _("Finalised at"), kind=Kind.DATETIME),
        Column("computed_at", _("Computed at"), kind=Kind.DATETIME),
    ]
    return Table(f"{store.code} {month:%Y-%m}", columns, rows)
