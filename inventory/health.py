"""Shop health checks of a store's assortment and stock (pure: no ORM, no clock; callers pass ``as_of``).

The playbook's rules: 40–50 listed products, 2 main-push items, main-push stock that lasts through the next
promotion and covers the stage's best-seller target, out-of-stock items delisted at once, and stock above the
reorder point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from core import numbers
from core.playbook import LISTED_MAX, LISTED_MIN, MAIN_PUSH_ITEMS
from core.text import joined

OK = "ok"
WARNING = "warning"
DANGER = "danger"


@dataclass(frozen=True)
class ProductFigures:
    """What the checks need to know of one product."""

    code: str
    name: str
    is_listed: bool
    is_main_push: bool
    on_hand: int
    inbound_open: int
    reorder_point: int
    average_daily: Decimal
    days_of_cover: Decimal | None
    first_stockout: date | None = None
    next_promotion_name: str | None = None
    next_promotion_end: date | None = None


@dataclass(frozen=True)
class AssortmentRules:
    """The store's stock policy's numbers, the playbook's without one."""

    listed_min: int = LISTED_MIN
    listed_max: int = LISTED_MAX
    main_push_target: int = MAIN_PUSH_ITEMS
    # Units a best-seller should sell in the current funnel stage (0: no active plan or no target).
    bestseller_target: int = 0


@dataclass(frozen=True)
class HealthCheck:
    """One check: its key, outcome (ok / warning / danger), a sentence saying what it found, and the SKUs."""

    key: str
    title: str
    status: str
    message: str
    skus: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == OK


def listed_count_check(products: Sequence[ProductFigures], rules: AssortmentRules) -> HealthCheck:
    listed = sum(1 for p in products if p.is_listed)
    params = {"n": listed, "min": rules.listed_min, "max": rules.listed_max}
    if listed < rules.listed_min:
        status, message = WARNING, _("%(n)s products listed: fewer than the %(min)s–%(max)s a shop needs.") % params
    elif listed > rules.listed_max:
        status, message = WARNING, _("%(n)s products listed: more than %(max)s add stock pressure.") % params
    else:
        status, message = OK, _("%(n)s products listed, within %(min)s–%(max)s.") % params
    return HealthCheck("listed_count", _("Listed products"), status, message)


def main_push_count_check(products: Sequence[ProductFigures], rules: AssortmentRules) -> HealthCheck:
    items = [p.code for p in products if p.is_main_push and p.is_listed]
    params = {"n": len(items), "target": rules.main_push_target}
    if len(items) == rules.main_push_target:
        status, message = OK, _("%(n)s main-push items, as planned.") % params
    else:
        status, message = WARNING, _("%(n)s main-push items; the playbook concentrates on %(target)s.") % params
    return HealthCheck("main_push_count", _("Main-push items"), status, message, items)


def main_push_cover_check(products: Sequence[ProductFigures], rules: AssortmentRules, as_of: date) -> HealthCheck:
    """A main-push item runs short if its projected stock runs out before its next promotion ends, or its stock
    (with open factory orders) is below the stage's best-seller sales target."""
    short: list[str] = []
    reasons: list[str] = []
    for p in products:
        if not (p.is_main_push and p.is_listed):
            continue
        if p.next_promotion_end and p.first_stockout and p.first_stockout <= p.next_promotion_end:
            short.append(p.code)
            reasons.append(
                _("%(sku)s runs out on %(day)s, before %(promotion)s ends on %(end)s")
                % {
                    "sku": p.code,
                    "day": p.first_stockout,
                    "promotion": p.next_promotion_name,
                    "end": p.next_promotion_end,
                }
            )
        elif rules.bestseller_target and p.on_hand + p.inbound_open < rules.bestseller_target:
            short.append(p.code)
            reasons.append(
                _("%(sku)s has %(units)s units (with orders) for a best-seller target of %(target)s")
                % {
                    "sku": p.code,
                    "units": numbers.count(p.on_hand + p.inbound_open),
                    "target": numbers.count(rules.bestseller_target),
                }
            )
    if short:
        return HealthCheck(
            "main_push_cover",
            _("Main-push stock"),
            DANGER,
            _("%(reasons)s.") % {"reasons": _("; ").join(reasons)},
            short,
        )
    return HealthCheck(
        "main_push_cover", _("Main-push stock"), OK, _("Main-push stock lasts through the next promotion.")
    )


def out_of_stock_listed_check(products: Sequence[ProductFigures]) -> HealthCheck:
    items = [p.code for p in products if p.is_listed and p.on_hand <= 0]
    if items:
        message = _("Out of stock but still listed: delist now: %(skus)s.") % {"skus": joined(items)}
        return HealthCheck("out_of_stock_listed", _("Out of stock and listed"), DANGER, message, items)
    return HealthCheck("out_of_stock_listed", _("Out of stock and listed"), OK, _("Every listed product has stock."))


def below_reorder_point_check(products: Sequence[ProductFigures]) -> HealthCheck:
    items = [
        p.code
        for p in products
        if p.is_listed and p.on_hand > 0 and p.average_daily > 0 and p.on_hand + p.inbound_open <= p.reorder_point
    ]
    if items:
        message = _("At or below the reorder point: order from the factory: %(skus)s.") % {"skus": joined(items)}
        return HealthCheck("below_reorder_point", _("Reorder point"), WARNING, message, items)
    return HealthCheck("below_reorder_point", _("Reorder point"), OK, _("No product is below its reorder point."))


def negative_stock_check(products: Sequence[ProductFigures]) -> HealthCheck:
    items = [p.code for p in products if p.on_hand < 0]
    if items:
        message = _("More sold than was in stock: count these products: %(skus)s.") % {"skus": joined(items)}
        return HealthCheck("negative_stock", _("Negative stock"), DANGER, message, items)
    return HealthCheck("negative_stock", _("Negative stock"), OK, _("No product has negative stock."))


def health_checks(products: Sequence[ProductFigures], rules: AssortmentRules, as_of: date) -> list[HealthCheck]:
    """Every check of a store, in the order the panel shows them."""
    return [
        listed_count_check(products, rules),
        main_push_count_check(products, rules),
        main_push_cover_check(products, rules, as_of),
        out_of_stock_listed_check(products),
        below_reorder_point_check(products),
        negative_stock_check(products),
    ]
