"""The products table as exported (CSV/XLSX): the importable columns first, then the planning figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from dashboards.export import Column, Table
from opsplan.numbers import rounded

from .product_rows import COLUMNS
from .selectors import ProductPlanning

FIGURES = (
    ("on_hand", "on_hand"),
    ("average_7", "average_7"),
    ("average_28", "average_28"),
    ("days_of_cover", "days_of_cover"),
    ("effective_safety_stock", "safety_stock"),
    ("reorder_point", "reorder_point"),
    ("inbound_open", "inbound_open"),
    ("suggested_order", "suggested_order"),
)
# The unrounded figures are written with the places the pages show them with.
PLACES = {"average_7": 2, "average_28": 2, "days_of_cover": 1}


def _row(row: ProductPlanning) -> dict[str, Any]:
    product = row.product
    values = {name: getattr(product, name) for name in COLUMNS}
    values["is_main_push"] = "yes" if product.is_main_push else "no"
    values["is_listed"] = "yes" if product.is_listed else "no"
    values.update({header: getattr(row, attribute) for header, attribute in FIGURES})
    values.update({header: rounded(values[header], places) for header, places in PLACES.items()})
    return values


def products_table(rows: Sequence[ProductPlanning], store_name: str) -> Table:
    """Column headers are the field names, so the file can be edited and uploaded again (the figures are
    ignored by the import)."""
    columns = [Column(name, name) for name in COLUMNS] + [Column(header, header) for header, _attr in FIGURES]
    return Table(title=_("Products") + f" {store_name}", columns=columns, rows=[_row(r) for r in rows])


def template_table() -> Table:
    return Table(title=_("Products"), columns=[Column(name, name) for name in COLUMNS], rows=[])
