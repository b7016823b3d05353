"""Writes of stock: receipts, returns, adjustments and counts appended as movements; factory orders.

On-hand is the sum of a product's movements and is never edited. A stock count locks the product's row, so
two counts of one product run one after the other and each computes its difference from what the other left;
the lock also waits for any sales push still writing that product (it holds the row FOR SHARE).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import numbers
from core.errors import ServiceInvalid

from ..choices import FactoryOrderStatus, MovementKind
from ..models import FactoryOrder, Product, StockMovement, StockPolicy
from ..selectors import on_hand_by_product

MANUAL_KINDS = (MovementKind.RECEIPT, MovementKind.RETURN, MovementKind.ADJUSTMENT)
MAX_UNITS = 1_000_000


class StockInvalid(ServiceInvalid):
    """A stock write breaks a rule; ``field`` names the input it concerns."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__({field: [message]})
        self.message = message
        self.field = field


@dataclass(frozen=True)
class StockWarning:
    """A product whose stock went below zero: stock never goes negative silently."""

    store: str
    sku: str
    on_hand: int

    @property
    def message(self) -> str:
        return _("%(sku)s is at %(units)s units: more went out than was in stock; count it.") % {
            "sku": self.sku,
            "units": numbers.count(self.on_hand),
        }

    def as_dict(self) -> dict[str, Any]:
        return {"store": self.store, "sku": self.sku, "on_hand": self.on_hand, "message": self.message}


def negative_stock_warnings(products: list[Product]) -> list[StockWarning]:
    """Warnings for the products whose on-hand is below zero, in one query."""
    on_hand = on_hand_by_product([p.pk for p in products])
    return [StockWarning(p.store.code, p.code, on_hand[p.pk]) for p in products if on_hand[p.pk] < 0]


@dataclass(frozen=True)
class MovementResult:
    movement: StockMovement
    on_hand: int
    warning: StockWarning | None = None


def _user_source(user: Any) -> str:
    return f"user:{user.pk}" if getattr(user, "pk", None) else "system"


def _result(product: Product, movement: StockMovement) -> MovementResult:
    on_hand = on_hand_by_product([product.pk])[product.pk]
    warning = StockWarning(product.store.code, product.code, on_hand) if on_hand < 0 else None
    return MovementResult(movement, on_hand, warning)


def movement_record(
    product: Product, kind: str, quantity: int, day: date, user: Any, *, note: str = ""
) -> MovementResult:
    """Append a receipt, return (positive units) or adjustment (signed, with a reason); returns the new on-hand."""
    if kind not in MANUAL_KINDS:
        raise StockInvalid(_("Record a receipt, a return or an adjustment here."), "kind")
    if kind == MovementKind.ADJUSTMENT:
        if not quantity:
            raise StockInvalid(_("An adjustment changes stock by at least one unit."), "quantity")
        if not note.strip():
            raise StockInvalid(_("Say why the stock is adjusted."), "note")
    elif quantity <= 0:
        raise StockInvalid(_("Enter the number of units received or returned (at least 1)."), "quantity")
    if abs(quantity) > MAX_UNITS:
        raise StockInvalid(_("At most %(max)s units at a time.") % {"max": f"{MAX_UNITS:,}"}, "quantity")
    now = timezone.now()
    with transaction.atomic():
        movement = StockMovement.objects.create(
            store_id=product.store_id,
            product=product,
            kind=kind,
            date=day,
            quantity=quantity,
            source=_user_source(user),
            note=note.strip()[:255],
            created_by=user if getattr(user, "pk", None) else None,
            created_at=now,
            updated_at=now,
        )
        return _result(product, movement)


def stock_count_record(product: Product, counted: int, day: date, user: Any, *, note: str = "") -> MovementResult:
    """Record what a count found; the difference from the current on-hand becomes the movement's quantity."""
    if counted < 0 or counted > MAX_UNITS:
        raise StockInvalid(_("Enter the units counted (0 or more)."), "counted")
    now = timezone.now()
    with transaction.atomic():
        # The row lock serialises counts of one product: the second reads the on-hand the first left.
        Product.objects.select_for_update().filter(pk=product.pk).values_list("pk", flat=True).get()
        before = on_hand_by_product([product.pk])[product.pk]
        movement = StockMovement.objects.create(
            store_id=product.store_id,
            product=product,
            kind=MovementKind.COUNT,
            date=day,
            quantity=counted - before,
            counted=counted,
            source=_user_source(user),
            note=note.strip()[:255],
            created_by=user if getattr(user, "pk", None) else None,
            created_at=now,
            updated_at=now,
        )
    return MovementResult(movement, counted)


def factory_order_create(
    product: Product,
    quantity: int,
    ordered_on: date,
    expected_on: date,
    user: Any,
    *,
    promotion: Any = None,
    note: str = "",
) -> FactoryOrder:
    """Order stock from the factory; it counts as inbound in the projection until received or cancelled."""
    if quantity < 1 or quantity > MAX_UNITS:
        raise StockInvalid(_("Order at least 1 unit."), "quantity")
    if expected_on < ordered_on:
        raise StockInvalid(_("The expected date cannot be before the order date."), "expected_on")
    if promotion is not None and promotion.store_id != product.store_id:
        raise StockInvalid(_("The promotion belongs to another store."), "promotion")
    return FactoryOrder.objects.create(
        store_id=product.store_id,
        product=product,
        quantity=quantity,
        ordered_on=ordered_on,
        expected_on=expected_on,
        promotion=promotion,
        note=note.strip()[:255],
        created_by=user if getattr(user, "pk", None) else None,
    )


def factory_order_receive(order: FactoryOrder, day: date, user: Any, *, quantity: int | None = None) -> MovementResult:
    """Mark an open order received and append its receipt, once: a second receive is refused."""
    units = order.quantity if quantity is None else quantity
    if units < 1 or units > MAX_UNITS:
        raise StockInvalid(_("Enter the units received (at least 1)."), "quantity")
    now = timezone.now()
    with transaction.atomic():
        # The conditional UPDATE makes receiving happen once even if two people press the button together.
        if not FactoryOrder.objects.filter(pk=order.pk, status=FactoryOrderStatus.OPEN).update(
            status=FactoryOrderStatus.RECEIVED
        ):
            raise StockInvalid(_("This factory order is not open any more."))
        product = Product.objects.select_related("store").get(pk=order.product_id)
        movement = StockMovement.objects.create(
            store_id=order.store_id,
            product=product,
            kind=MovementKind.RECEIPT,
            date=day,
            quantity=units,
            source=f"factory_order:{order.pk}",
            note=_("Factory order %(id)s") % {"id": order.pk},
            created_by=user if getattr(user, "pk", None) else None,
            created_at=now,
            updated_at=now,
        )
        order.status = FactoryOrderStatus.RECEIVED
        return _result(product, movement)


def factory_order_cancel(order: FactoryOrder, user: Any) -> FactoryOrder:
    """Cancel an open order; it leaves the projection."""
    if not FactoryOrder.objects.filter(pk=order.pk, status=FactoryOrderStatus.OPEN).update(
        status=FactoryOrderStatus.CANCELLED
    ):
        raise StockInvalid(_("This factory order is not open any more."))
    order.status = FactoryOrderStatus.CANCELLED
    return order


def stock_policy_save(store: Any, values: dict[str, Any]) -> StockPolicy:
    """Create or change a store's stock policy (the numbers every planning figure and health check uses)."""
    policy, _created = StockPolicy.objects.update_or_create(store=store, defaults=values)
    return policy
