"""The products table as exported (CSV/XLSX): the importable columns first, then the planning figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from core.numbers import rounded
from core.spreadsheet import Column, Kind, Table

from .choices import Lifecycle, ProductRole
from .product_rows import COLUMNS
from .selectors import ProductPlanning

FIGURES = (
    ("on_hand", "on_hand", Kind.COUNT),
    ("average_7", "average_7", Kind.DECIMAL),
    ("average_28", "average_28", Kind.DECIMAL),
    ("days_of_cover", "days_of_cover", Kind.DECIMAL),
    ("effective_safety_stock", "safety_stock", Kind.COUNT),
    ("reorder_point", "reorder_point", Kind.COUNT),
    ("inbound_open", "inbound_open", Kind.COUNT),
    ("suggested_order", "suggested_order", Kind.COUNT),
)
# The importable columns' kinds (the rest are text); roles and stages are written as labels, which the import reads.
KINDS = {"list_price": Kind.MONEY, "cost": Kind.MONEY, "lead_time_days": Kind.COUNT, "safety_stock": Kind.COUNT}
CHOICES = {"role": ProductRole, "lifecycle": Lifecycle}
# The unrounded figures are written with the places the pages show them with.
PLACES = {"average_7": 2, "average_28": 2, "days_of_cover": 1}


def _columns() -> list[Column]:
    return [Column(name, name, kind=KINDS.get(name, Kind.TEXT), choices=CHOICES.get(name)) for name in COLUMNS]


def _row(row: ProductPlanning) -> dict[str, Any]:
    product = row.product
    values = {name: getattr(product, name) for name in COLUMNS}
    values.update({header: getattr(row, attribute) for header, attribute, _kind in FIGURES})
    values.update({header: rounded(values[header], places) for header, places in PLACES.items()})
    return values


def products_table(rows: Sequence[ProductPlanning], store_name: str) -> Table:
    """Column headers are the field names, so the file can be edited and uploaded again (the figures are
    ignored by the import)."""
    columns = _columns() + [Column(header, header, kind=kind) for header, _attr, kind in FIGURES]
    return Table(title=_("Products") + f" {store_name}", columns=columns, rows=[_row(r) for r in rows])


def template_table() -> Table:
    return Table(title=_("Products"), columns=_columns(), rows=[])
