"""Reads of products and stock: on-hand, sales per day, inbound factory orders, in one GROUP BY per figure.

On-hand is never stored: it is the sum of a product's movements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet, Sum

from stores.models import Store

from ..choices import FactoryOrderStatus, MovementKind
from ..domain import Inbound
from ..models import FactoryOrder, Product, StockMovement, StockPolicy

LONG_WINDOW = 28
SHORT_WINDOW = 7


def store_products(store: Store) -> QuerySet[Product]:
    return stores_products([store])


def stores_products(stores: Iterable[Store]) -> QuerySet[Product]:
    """The products of the stores, store by store, each store's by code."""
    return Product.objects.filter(store__in=list(stores)).order_by("store_id", "code")


def product_by_code(store: Store, code: str) -> Product | None:
    return Product.objects.select_related("store").filter(store=store, code=code).first()


def stock_policy(store: Store) -> StockPolicy:
    """The store's policy, or the playbook's defaults (unsaved) if the manager never changed it."""
    return StockPolicy.objects.filter(store=store).first() or StockPolicy(store=store)


def on_hand_by_product(product_ids: Iterable[int]) -> dict[int, int]:
    """Stock on hand of each product (0 for a product without movements), in one GROUP BY."""
    ids = list(product_ids)
    found = dict(
        StockMovement.objects.filter(product_id__in=ids)
        .values("product_id")
        .annotate(total=Sum("quantity"))
        .values_list("product_id", "total")
        .order_by()
    )
    return {pk: int(found.get(pk) or 0) for pk in ids}


def daily_sales_by_product(product_ids: Iterable[int], first: date, last: date) -> dict[int, dict[date, int]]:
    """Units sold per product and day from ``first`` to ``last`` inclusive, every source added up, in one query."""
    rows = (
        StockMovement.objects.filter(
            product_id__in=list(product_ids), kind=MovementKind.SALE, date__gte=first, date__lte=last
        )
        .values("product_id", "date")
        .annotate(total=Sum("quantity"))
        .values_list("product_id", "date", "total")
        .order_by()
    )
    sales: dict[int, dict[date, int]] = defaultdict(dict)
    for product_id, day, total in rows:
        sales[product_id][day] = -int(total)  # sales are stored as negative movements
    return sales


def open_inbound_by_product(product_ids: Iterable[int]) -> dict[int, list[Inbound]]:
    """Open factory orders of each product as inbound stock, in one query."""
    inbound: dict[int, list[Inbound]] = defaultdict(list)
    rows = FactoryOrder.objects.filter(product_id__in=list(product_ids), status=FactoryOrderStatus.OPEN).values_list(
        "product_id", "expected_on", "quantity"
    )
    for product_id, expected_on, quantity in rows:
        inbound[product_id].append(Inbound(on=expected_on, quantity=quantity))
    return inbound


def product_movements(product: Product) -> QuerySet[StockMovement]:
    """The product's ledger, newest first; a day total of nothing (a pushed day without returns) moved no stock."""
    return (
        StockMovement.objects.filter(product=product)
        .exclude(day_total=True, quantity=0)
        .select_related("created_by")
        .order_by("-date", "-id")
    )


def product_factory_orders(product: Product) -> QuerySet[FactoryOrder]:
    return FactoryOrder.objects.filter(product=product).select_related("promotion").order_by("-expected_on", "-id")


def store_factory_orders(store: Store) -> QuerySet[FactoryOrder]:
    return (
        FactoryOrder.objects.filter(store=store)
        .select_related("product", "promotion")
        .order_by("status", "expected_on", "id")
    )


def sales_entries(store: Store, day: date, source: str) -> dict[int, dict[str, int]]:
    """The day totals of one source for a store-day: product id -> {"quantity", "returns"} (units, positive)."""
    rows = StockMovement.objects.filter(
        store=store, date=day, source=source, day_total=True, kind__in=[MovementKind.SALE, MovementKind.RETURN]
    ).values_list("product_id", "kind", "quantity")
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for product_id, kind, quantity in rows:
        found[product_id]["quantity" if kind == MovementKind.SALE else "returns"] = abs(quantity)
    return found
