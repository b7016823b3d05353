"""The playbook's price rule, the rules of a promotion as a whole and the overlap check of SKUs in promotions.

Pure: no ORM, no clock."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.utils.translation import gettext as _

from core.playbook import PRICE_FLOOR_SHARE

from ..choices import BELOW_FLOOR_KINDS, PhaseKind, PromotionKind, PromotionStatus

CENT = Decimal("0.01")


def price_floor(list_price: Decimal) -> Decimal:
    """The lowest price normal sales allow: 70% of list price (the playbook's 7折), rounded up to the cent (so it
    never undercuts)."""
    return (Decimal(list_price) * PRICE_FLOOR_SHARE).quantize(CENT, rounding=ROUND_CEILING)


def allows_below_floor(kind: str) -> bool:
    """Double 11 and Taojinbi coins are the large platform events where the playbook allows deeper prices."""
    return kind in BELOW_FLOOR_KINDS


def price_problem(kind: str, list_price: Decimal, promo_price: Decimal) -> str | None:
    """Why ``promo_price`` is refused in a promotion of ``kind``, or None when it is allowed."""
    if promo_price < 0:
        return _("The promotional price cannot be negative.")
    floor = price_floor(list_price)
    if promo_price >= floor or allows_below_floor(kind):
        return None
    return _(
        "Price rule: not below %(percent)s%% of list price (%(zhe)s折) except Double 11 and Taojinbi. "
        "The lowest allowed price for this SKU (list price ¥%(list)s) is ¥%(floor)s."
    ) % {
        "percent": _whole(PRICE_FLOOR_SHARE * 100),
        "zhe": _whole(PRICE_FLOOR_SHARE * 10),
        "list": Decimal(list_price).quantize(CENT),
        "floor": floor,
    }


def _whole(value: Decimal) -> str:
    """70 rather than 70.00, 7.5 rather than 7.50."""
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class PhaseSpan:
    """A phase of a promotion as it would be after a write."""

    kind: str
    start: date
    end: date


@dataclass(frozen=True)
class ItemPrice:
    """A SKU line of a promotion as it would be after a write: its code, list price and promotional price."""

    sku: str
    list_price: Decimal
    promo_price: Decimal


def promotion_problems(
    values: Mapping[str, Any],
    phases: Sequence[PhaseSpan] = (),
    items: Sequence[ItemPrice] = (),
    price_field: str = "kind",
) -> dict[str, list[str]]:
    """Every rule a promotion must keep, checked on its whole state after a write (whichever field the write
    changed): its own fields, its phases within its dates, and every SKU's price against the floor of its kind.
    Price problems are reported under ``price_field``, the field the write changed; empty when all rules hold."""
    errors: dict[str, list[str]] = {}
    if values.get("kind") not in PromotionKind.values:
        errors["kind"] = [_("Choose one of the promotion kinds.")]
    if values.get("status") not in PromotionStatus.values:
        errors["status"] = [_("Choose one of the statuses.")]
    if not str(values.get("name") or "").strip():
        errors["name"] = [_("Give the promotion a name.")]
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors["end_date"] = [_("The promotion ends before it starts.")]
    if (values.get("budget") or 0) < 0:
        errors["budget"] = [_("The budget cannot be negative.")]
    for phase in phases:
        if start and end and not (start <= phase.start and phase.end <= end):
            errors.setdefault("__all__", []).append(
                _("The phase “%(phase)s” (%(start)s – %(end)s) must lie within the promotion's dates.")
                % {"phase": PhaseKind(phase.kind).label, "start": phase.start, "end": phase.end}
            )
    if "kind" not in errors:
        prices = price_problems(values["kind"], items)
        if prices:
            errors.setdefault(price_field, []).extend(prices)
    return errors


def price_problems(kind: str, items: Iterable[ItemPrice]) -> list[str]:
    """Why each SKU line's price is refused in a promotion of ``kind``, naming the SKU; empty when all are allowed."""
    found = []
    for item in sorted(items, key=lambda i: i.sku):
        problem = price_problem(kind, item.list_price, item.promo_price)
        if problem:
            found.append(
                _("%(sku)s at ¥%(price)s: %(problem)s")
                % {"sku": item.sku, "price": Decimal(item.promo_price).quantize(CENT), "problem": problem}
            )
    return found


def dates_intersect(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    """Whether two inclusive date ranges share at least one day."""
    return a_start <= b_end and b_start <= a_end


@dataclass(frozen=True)
class ItemSpan:
    """A SKU in one promotion, with the promotion's dates."""

    product_id: int
    promotion_id: int
    start: date
    end: date


@dataclass(frozen=True)
class Overlap:
    """The same SKU in two promotions whose dates intersect (first and second by promotion id)."""

    product_id: int
    promotion_id: int
    other_promotion_id: int
    first_day: date
    last_day: date


def sku_overlaps(spans: Iterable[ItemSpan]) -> list[Overlap]:
    """Every pair of promotions sharing a SKU on at least one day, sorted by SKU and promotions."""
    by_product: dict[int, list[ItemSpan]] = {}
    for span in spans:
        by_product.setdefault(span.product_id, []).append(span)
    found: list[Overlap] = []
    for product_id, items in sorted(by_product.items()):
        found.extend(_overlaps_of_one_sku(product_id, sorted(items, key=lambda s: (s.start, s.promotion_id))))
    return sorted(found, key=lambda o: (o.product_id, o.promotion_id, o.other_promotion_id))


def _overlaps_of_one_sku(product_id: int, items: Sequence[ItemSpan]) -> list[Overlap]:
    found = []
    for index, first in enumerate(items):
        for second in items[index + 1 :]:
            if second.start > first.end:
                break  # sorted by start: no later span can touch ``first``
            if first.promotion_id == second.promotion_id:
                continue
            low, high = sorted((first.promotion_id, second.promotion_id))
            found.append(Overlap(product_id, low, high, max(first.start, second.start), min(first.end, second.end)))
    return found
