"""Promotions as a table: the CSV/XLSX export (one row per SKU of a promotion) and its import back.

The import reads a file with the orders app's reader, checks every row, and writes all of it in one
transaction or nothing, returning a per-row error report. Promotion files are small (a store's year is
tens of promotions), so the import runs in the request rather than as a queued job.
A row with a ``promotion_id`` updates that promotion; without one, rows with the same kind, name and dates
form one promotion, matched to an existing one of the store by kind, name and start, or created.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.cells import RawRow, RowError, parse_count_cell, parse_date_cell, parse_decimal_cell
from core.spreadsheet import Column, Kind, Table, choice_lookup
from core.tabular import TableError, read_table
from core.text import joined
from inventory.models import Product
from stores.models import Store

from .choices import PhaseKind, PromotionKind, PromotionStatus
from .domain import ItemPrice, PhaseSpan, price_problem
from .models import Promotion, PromotionItem, PromotionPhase
from .services import PromotionInvalid, items_of, phases_of, promotion_state_check

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_ROWS = 5_000
PROMOTION_COLUMNS = ("promotion_id", "kind", "name", "start_date", "end_date", "status", "budget")
PHASE_COLUMNS = tuple(f"{kind}_{end}" for kind in PhaseKind.values for end in ("start", "end"))
ITEM_COLUMNS = ("sku", "promo_price", "uplift", "presale_quantity")
COLUMNS = (*PROMOTION_COLUMNS, *PHASE_COLUMNS, *ITEM_COLUMNS)
REQUIRED = ("kind", "name", "start_date", "end_date")
KINDS = {
    "promotion_id": Kind.COUNT,
    "start_date": Kind.DATE,
    "end_date": Kind.DATE,
    "budget": Kind.MONEY,
    **{name: Kind.DATE for name in PHASE_COLUMNS},
    "promo_price": Kind.MONEY,
    "uplift": Kind.DECIMAL,
    "presale_quantity": Kind.COUNT,
}
# Kinds and statuses are written as their labels in the reader's language; the import reads labels or values.
CHOICES = {"kind": PromotionKind, "status": PromotionStatus}


def export_table(store: Store, promotions: Iterable[Promotion]) -> Table:
    """One row per SKU of each promotion (one row without SKU for a promotion that has none)."""
    rows = []
    for promotion in promotions:
        base: dict[str, Any] = {name: getattr(promotion, name) for name in PROMOTION_COLUMNS[1:]}
        base["promotion_id"] = promotion.pk
        for phase in promotion.phases.all():
            base[f"{phase.kind}_start"], base[f"{phase.kind}_end"] = phase.start_date, phase.end_date
        items = list(promotion.items.all())
        for item in items or [None]:
            row = dict(base)
            if item is not None:
                row.update(
                    sku=item.product.code,
                    promo_price=item.promo_price,
                    uplift=item.uplift,
                    presale_quantity=item.presale_quantity,
                )
            rows.append(row)
    columns = [Column(name, name, kind=KINDS.get(name, Kind.TEXT), choices=CHOICES.get(name)) for name in COLUMNS]
    return Table(title=store.code, columns=columns, rows=rows)


@dataclass
class Draft:
    """A promotion as the file describes it, from one or more rows."""

    first_row: int
    promotion_id: int | None
    values: dict[str, Any]
    phases: dict[str, tuple[date, date]]
    items: dict[str, tuple[int, Decimal, Decimal, int]] = field(default_factory=dict)  # sku -> row, price, …


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    items: int = 0
    errors: list[RowError] = field(default_factory=list)


def promotions_import(store: Store, content: bytes, file_name: str) -> ImportResult:
    """Check every row of an uploaded file, then write all of them in one transaction, or none."""
    try:
        rows = read_table(content, file_name, max_rows=MAX_UPLOAD_ROWS, columns=COLUMNS, required=REQUIRED)
    except TableError as exc:
        return ImportResult(errors=[RowError(None, "", exc.message)])
    products = {p.code: p for p in Product.objects.filter(store=store)}
    known = {p.pk: p for p in Promotion.objects.filter(store=store)}
    drafts, errors = _drafts(rows, products, known)
    if errors:
        return ImportResult(errors=errors)
    with transaction.atomic():
        locked = {p.pk: p for p in Promotion.objects.select_for_update().filter(store=store).order_by("pk")}
        targets = [(draft, _target(draft, locked)) for draft in drafts]
        errors = [e for draft, promotion in targets for e in _state_errors(draft, promotion, products)]
        if errors:
            return ImportResult(errors=errors)
        return _write(store, targets, products)


def _cell_text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def _choice(raw: Any, choices: type) -> str:
    """The value a cell names by value or by label (in either language); the text itself when it names none."""
    text = _cell_text(raw)
    return choice_lookup(choices).get(text.lower(), text)


def _parse_promotion(row: RawRow, known: dict[int, Promotion], errors: list[RowError]) -> Draft | None:
    add = lambda column, message: errors.append(RowError(row.number, column, message))  # noqa: E731
    values: dict[str, Any] = {}
    promotion_id, problem = parse_count_cell(row.cells.get("promotion_id"))
    if problem or (promotion_id is not None and promotion_id not in known):
        add("promotion_id", problem or _("No promotion %(id)s in this store.") % {"id": promotion_id})
    kind = _choice(row.cells.get("kind"), PromotionKind)
    if kind not in PromotionKind.values:
        add(
            "kind",
            _("Unknown kind “%(kind)s”; use one of: %(kinds)s.")
            % {"kind": kind, "kinds": joined(PromotionKind.values)},
        )
    status = _choice(row.cells.get("status"), PromotionStatus) or PromotionStatus.PLANNED
    if status not in PromotionStatus.values:
        add(
            "status",
            _("Unknown status “%(status)s”; use one of: %(all)s.")
            % {"status": status, "all": joined(PromotionStatus.values)},
        )
    name = _cell_text(row.cells.get("name"))
    if not name or len(name) > 120:
        add("name", _("Give a name of 1 to 120 characters."))
    start, start_problem = parse_date_cell(row.cells.get("start_date"))
    end, end_problem = parse_date_cell(row.cells.get("end_date"))
    for column, text in (("start_date", start_problem), ("end_date", end_problem)):
        if text:
            add(column, text)
    if start and end and end < start:
        add("end_date", _("The promotion ends before it starts."))
    budget, problem = parse_decimal_cell(row.cells.get("budget"))
    if problem or (budget is not None and (budget < 0 or budget >= Decimal("1e10"))):
        add("budget", problem or _("The budget is an amount in CNY from 0, e.g. 20000."))
    phases = _parse_phases(row, start, end, add)
    values.update(kind=kind, name=name, status=status, start_date=start, end_date=end, budget=budget or Decimal("0"))
    return Draft(row.number, promotion_id, values, phases)


def _parse_phases(row: RawRow, start: date | None, end: date | None, add) -> dict[str, tuple[date, date]]:
    phases = {}
    for kind in PhaseKind.values:
        first_raw, last_raw = row.cells.get(f"{kind}_start"), row.cells.get(f"{kind}_end")
        if _cell_text(first_raw) == "" and _cell_text(last_raw) == "":
            continue
        first, p1 = parse_date_cell(first_raw)
        last, p2 = parse_date_cell(last_raw)
        if p1 or p2:
            add(f"{kind}_start" if p1 else f"{kind}_end", p1 or p2)
        elif last < first:
            add(f"{kind}_end", _("The phase ends before it starts."))
        elif start and end and not (start <= first and last <= end):
            add(f"{kind}_start", _("A phase must lie within the promotion's dates."))
        else:
            phases[kind] = (first, last)
    return phases


def _parse_item(row: RawRow, draft: Draft, products: dict[str, Product], errors: list[RowError]) -> None:
    add = lambda column, message: errors.append(RowError(row.number, column, message))  # noqa: E731
    sku = _cell_text(row.cells.get("sku"))
    if not sku:
        if any(_cell_text(row.cells.get(c)) for c in ITEM_COLUMNS[1:]):
            add("sku", _("A price, uplift or pre-sale quantity needs the SKU it is for."))
        return
    product = products.get(sku)
    if product is None:
        add("sku", _("No SKU “%(sku)s” in this store.") % {"sku": sku})
        return
    if sku in draft.items:
        add(
            "sku",
            _("The SKU %(sku)s appears twice in this promotion (row %(row)s).")
            % {"sku": sku, "row": draft.items[sku][0]},
        )
        return
    price, problem = parse_decimal_cell(row.cells.get("promo_price"))
    if problem or price is None:
        add("promo_price", problem or _("The promotional price is required."))
    elif rule := price_problem(draft.values["kind"], product.list_price, price):
        add("promo_price", rule)
    uplift, problem = parse_decimal_cell(row.cells.get("uplift"))
    uplift = Decimal("1") if uplift is None and not problem else uplift
    if problem or not (Decimal("0") <= uplift <= Decimal("9999.99")):
        add("uplift", problem or _("The uplift is a factor from 0 to 9999.99, e.g. 3."))
    presale, problem = parse_count_cell(row.cells.get("presale_quantity"))
    if problem or (presale is not None and presale < 0):
        add("presale_quantity", problem or _("The pre-sale quantity cannot be negative."))
    draft.items[sku] = (row.number, price, uplift, presale or 0)


def _drafts(
    rows: Sequence[RawRow], products: dict[str, Product], known: dict[int, Promotion]
) -> tuple[list[Draft], list[RowError]]:
    errors: list[RowError] = []
    drafts: dict[Any, Draft] = {}
    for row in rows:
        if row.overflow:
            errors.append(RowError(row.number, "", _("The row has cells beyond the named columns.")))
        before = len(errors)
        parsed = _parse_promotion(row, known, errors)
        if len(errors) > before or parsed is None:
            continue
        v = parsed.values
        key = parsed.promotion_id or (v["kind"], v["name"], v["start_date"], v["end_date"])
        draft = drafts.setdefault(key, parsed)
        if draft is not parsed and (draft.values != v or draft.phases != parsed.phases):
            message = _("The promotion's columns differ from row %(row)s of the same promotion.")
            errors.append(RowError(row.number, "", message % {"row": draft.first_row}))
            continue
        _parse_item(row, draft, products, errors)
    return list(drafts.values()), errors


def _target(draft: Draft, known: dict[int, Promotion]) -> Promotion | None:
    """The promotion a draft updates (by id, else by kind, name and start), or None when it creates one."""
    if draft.promotion_id:
        return known.get(draft.promotion_id)
    v = draft.values
    return next(
        (p for p in known.values() if (p.kind, p.name, p.start_date) == (v["kind"], v["name"], v["start_date"])), None
    )


def _state_errors(draft: Draft, promotion: Promotion | None, products: dict[str, Product]) -> list[RowError]:
    """The promotion's rules on the state the import would leave: the file's columns, phases and SKU lines over
    what it keeps (a kind changed by the file must allow the prices of the SKUs the file does not list)."""
    values = {**draft.values, "notes": promotion.notes if promotion else ""}
    phases = phases_of(promotion) if promotion else {}
    phases.update({kind: PhaseSpan(kind, first, last) for kind, (first, last) in draft.phases.items()})
    items = items_of(promotion) if promotion else {}
    for sku, (_row, price, _uplift, _presale) in draft.items.items():
        product = products[sku]
        items[product.pk] = ItemPrice(sku, product.list_price, price)
    try:
        promotion_state_check(values, phases, items)
    except PromotionInvalid as exc:
        return [
            RowError(draft.first_row, "" if column == "__all__" else column, message)
            for column, messages in exc.errors.items()
            for message in messages
        ]
    return []


def _write(store: Store, targets: list[tuple[Draft, Promotion | None]], products: dict[str, Product]) -> ImportResult:
    created = updated = items = 0
    for draft, promotion in targets:
        v = draft.values
        if promotion is None:
            promotion = Promotion.objects.create(store=store, **v)
            created += 1
        else:
            Promotion.objects.filter(pk=promotion.pk).update(**v, version=F("version") + 1)
            updated += 1
        for kind, (first, last) in draft.phases.items():
            PromotionPhase.objects.update_or_create(
                promotion=promotion, kind=kind, defaults={"start_date": first, "end_date": last}
            )
        for sku, (_row, price, uplift, presale) in draft.items.items():
            PromotionItem.objects.update_or_create(
                promotion=promotion,
                product=products[sku],
                defaults={"promo_price": price, "uplift": uplift, "presale_quantity": presale},
            )
            items += 1
    return ImportResult(created=created, updated=updated, items=items)
