"""Rows of a products file (CSV/XLSX) checked cell by cell. Pure: no ORM, no clock.

The columns are the product's fields under their model names; ``code``, ``name``, ``list_price`` and ``cost``
must be in the header. A column left out keeps an existing product's value (a new product gets the default);
an empty cell means the default. Roles and lifecycle stages may be given by value or by their label in Chinese
or English; yes/no columns take yes/no, true/false, 1/0 or 是/否.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.cells import RawRow, RowError, parse_count_cell, parse_decimal_cell
from core.spreadsheet import choice_lookup
from core.text import joined

from .choices import Lifecycle, ProductRole
from .models import sku_code_validator

COLUMNS = (
    "code",
    "name",
    "style",
    "list_price",
    "cost",
    "role",
    "lifecycle",
    "is_main_push",
    "is_listed",
    "lead_time_days",
    "safety_stock",
)
REQUIRED_COLUMNS = ("code", "name", "list_price", "cost")
DEFAULTS: dict[str, Any] = {
    "style": "",
    "role": ProductRole.PROFIT.value,
    "lifecycle": Lifecycle.CULTIVATION.value,
    "is_main_push": False,
    "is_listed": True,
    "lead_time_days": 15,
    "safety_stock": None,
}
MAX_PRICE = Decimal("9999999999.99")
MAX_LEAD_TIME = 365
MAX_UNITS = 1_000_000
# The playbook's own terms, accepted whatever the catalogue's translation says.
SYNONYMS = {
    "引流款": ProductRole.TRAFFIC_DRIVER.value,
    "利润款": ProductRole.PROFIT.value,
    "培育期": Lifecycle.CULTIVATION.value,
    "成长期": Lifecycle.GROWTH.value,
    "成熟期": Lifecycle.MATURITY.value,
}
TRUE_WORDS = frozenset({"yes", "y", "true", "1", "是", "x", "✓"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", "否", ""})


@dataclass(frozen=True)
class ProductRow:
    """A checked row: the SKU code and the values its cells give (only the columns the file has)."""

    number: int
    code: str
    values: dict[str, Any] = field(default_factory=dict)


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return "" if raw is None else str(raw).strip()


def _choice(lookup: Mapping[str, str]) -> Callable[[Any], tuple[Any, str | None]]:
    def parse(raw: Any) -> tuple[Any, str | None]:
        value = lookup.get(_text(raw).lower())
        if value is None:
            allowed = joined(sorted({v for v in lookup.values()}))
            return None, _("Use one of: %(values)s.") % {"values": allowed}
        return value, None

    return parse


def _yes_no(raw: Any) -> tuple[bool | None, str | None]:
    if isinstance(raw, bool):
        return raw, None
    text = _text(raw).lower()
    if text in TRUE_WORDS:
        return True, None
    if text in FALSE_WORDS:
        return False, None
    return None, _("Write yes or no.")


def _money(raw: Any) -> tuple[Decimal | None, str | None]:
    amount, problem = parse_decimal_cell(raw)
    if problem or amount is None:
        return None, problem or _("This amount is required.")
    if amount < 0:
        return None, _("Must not be negative.")
    if amount.as_tuple().exponent < -2:
        return None, _("Use at most 2 decimals.")
    if amount > MAX_PRICE:
        return None, _("This amount is too large.")
    return amount.quantize(Decimal("0.01")), None


def _units(maximum: int) -> Callable[[Any], tuple[int | None, str | None]]:
    def parse(raw: Any) -> tuple[int | None, str | None]:
        number, problem = parse_count_cell(raw)
        if problem:
            return None, problem
        if number is not None and not 0 <= number <= maximum:
            return None, _("Enter a whole number from 0 to %(max)s.") % {"max": f"{maximum:,}"}
        return number, None

    return parse


def _limited_text(limit: int, required: bool) -> Callable[[Any], tuple[str | None, str | None]]:
    def parse(raw: Any) -> tuple[str | None, str | None]:
        text = _text(raw)
        if required and not text:
            return None, _("This cell is required.")
        if len(text) > limit:
            return None, _("At most %(n)s characters.") % {"n": limit}
        return text, None

    return parse


def row_parsers() -> dict[str, Callable[[Any], tuple[Any, str | None]]]:
    return {
        "name": _limited_text(200, True),
        "style": _limited_text(100, False),
        "list_price": _money,
        "cost": _money,
        "role": _choice(choice_lookup(ProductRole, SYNONYMS)),
        "lifecycle": _choice(choice_lookup(Lifecycle, SYNONYMS)),
        "is_main_push": _yes_no,
        "is_listed": _yes_no,
        "lead_time_days": _units(MAX_LEAD_TIME),
        "safety_stock": _units(MAX_UNITS),
    }


def _code(raw: Any) -> tuple[str | None, str | None]:
    code = _text(raw)
    if not code:
        return None, _("The SKU code is required.")
    try:
        sku_code_validator(code)
    except ValidationError as exc:
        return None, str(exc.messages[0])
    return code, None


def parse_product_row(raw: RawRow, parsers: Mapping[str, Callable]) -> tuple[ProductRow | None, list[RowError]]:
    errors: list[RowError] = []
    if raw.overflow:
        errors.append(RowError(raw.number, "", _("This row has cells to the right of the named columns.")))
    code, problem = _code(raw.cells.get("code"))
    if problem:
        errors.append(RowError(raw.number, "code", problem))
    values: dict[str, Any] = {}
    for name, parse in parsers.items():
        if name not in raw.cells:
            continue
        cell = raw.cells[name]
        if _blank(cell) and name in DEFAULTS:
            values[name] = DEFAULTS[name]
            continue
        value, problem = parse(cell)
        if problem:
            errors.append(RowError(raw.number, name, problem))
        values[name] = value
    if errors:
        return None, errors
    return ProductRow(raw.number, code, values), []


def validate_product_rows(
    rows: Iterable[RawRow], progress: Callable[[int], Any] | None = None
) -> tuple[list[ProductRow], list[RowError]]:
    """Check every row; a SKU code twice is an error on its second row. Returns clean rows or every error."""
    parsers = row_parsers()
    clean: list[ProductRow] = []
    errors: list[RowError] = []
    first_seen: dict[str, int] = {}
    for done, raw in enumerate(rows, start=1):
        row, problems = parse_product_row(raw, parsers)
        errors += problems
        if row is not None:
            if row.code in first_seen:
                message = _("The SKU code %(code)s is on row %(row)s already.")
                errors.append(RowError(raw.number, "code", message % {"code": row.code, "row": first_seen[row.code]}))
            else:
                first_seen[row.code] = raw.number
                clean.append(row)
        if progress and done % 200 == 0:
            progress(done)
    return clean, errors
