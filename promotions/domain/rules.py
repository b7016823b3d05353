"""The playbook's price rule and the overlap check of SKUs in promotions. Pure: no ORM, no clock."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.utils.translation import gettext as _

from ..choices import BELOW_FLOOR_KINDS

PRICE_FLOOR_RATIO = Decimal("0.70")  # 7折: normal sales never below 70% of list price
CENT = Decimal("0.01")


def price_floor(list_price: Decimal) -> Decimal:
    """The lowest price normal sales allow: 70% of list price, rounded up to the cent (so it never undercuts)."""
    return (Decimal(list_price) * PRICE_FLOOR_RATIO).quantize(CENT, rounding=ROUND_CEILING)


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
        "Price rule: not below 70%% of list price (7折) except Double 11 and Taojinbi. "
        "The lowest allowed price for this SKU (list price ¥%(list)s) is ¥%(floor)s."
    ) % {"list": Decimal(list_price).quantize(CENT), "floor": floor}


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
